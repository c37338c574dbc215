/**
 * One parsed CSV row, handed from the reader to the dataset builder. A row of a chunk without quotes stays in its
 * chunk's text as field bounds (no string per field: most fields are numbers, read straight from the text); a row
 * papaparse had to unquote is its array of strings. The reader reuses one object for every row: a sink must copy
 * what it keeps (`field()` slices; labels are detached by the accumulators).
 */
export class CsvRow {
  length = 0;
  private text = '';
  private bounds = new Int32Array(64);
  private fields: readonly string[] | null = null;

  /** Points the row at papaparse's fields. */
  setFields(fields: readonly string[]): void {
    this.fields = fields;
    this.length = fields.length;
  }

  /** Points the row at `text` and clears its fields; `addField` then adds them in order. */
  setText(text: string): void {
    this.fields = null;
    this.text = text;
    this.length = 0;
  }

  addField(start: number, end: number): void {
    const at = 2 * this.length++;
    if (at === this.bounds.length) {
      const bigger = new Int32Array(2 * at);
      bigger.set(this.bounds);
      this.bounds = bigger;
    }
    this.bounds[at] = start;
    this.bounds[at + 1] = end;
  }

  /** The string field `i` lies in, with `start(i)` and `end(i)` its bounds there. */
  source(i: number): string {
    return this.fields ? this.fields[i] : this.text;
  }

  start(i: number): number {
    return this.fields ? 0 : this.bounds[2 * i];
  }

  end(i: number): number {
    return this.fields ? this.fields[i].length : this.bounds[2 * i + 1];
  }

  field(i: number): string {
    return this.fields ? this.fields[i] : this.text.slice(this.bounds[2 * i], this.bounds[2 * i + 1]);
  }

  toArray(): string[] {
    return Array.from({ length: this.length }, (_, i) => this.field(i));
  }
}
