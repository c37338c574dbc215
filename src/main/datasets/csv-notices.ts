/**
 * Notices about single columns, grouped: a few are listed one by one, many of one kind become one notice that
 * counts them and names the first few, so a file of 50,000 columns gets a short list, not 50,000 lines.
 */
import type { CsvNotice, NoticeCode } from './csv-import-types';

/** Up to this many notices of one kind are kept one per column. */
const NOTICE_GROUP_LIMIT = 5;
const EXAMPLES = 3;

export interface ColumnNote {
  readonly column: string;
  /** The notice for this column alone. */
  readonly message: string;
  /** This column in a grouped notice's list of examples. */
  readonly example: string;
}

/** Collects column notes by kind and hands back the notices, grouped where there are many. */
export class ColumnNotices {
  private readonly notes = new Map<NoticeCode, ColumnNote[]>();

  add(code: NoticeCode, note: ColumnNote): void {
    let list = this.notes.get(code);
    if (!list) this.notes.set(code, (list = []));
    list.push(note);
  }

  /** `summary(count, examples)` words the grouped notice of a kind, e.g. "1,234 columns are left out (…)". */
  notices(summaries: Partial<Record<NoticeCode, (count: string, examples: string) => string>>): CsvNotice[] {
    const out: CsvNotice[] = [];
    for (const [code, list] of this.notes) {
      const summary = summaries[code];
      if (list.length <= NOTICE_GROUP_LIMIT || !summary) {
        for (const note of list) out.push({ code, column: note.column, message: note.message });
        continue;
      }
      const examples = list.slice(0, EXAMPLES).map((n) => n.example).join('; ') + (list.length > EXAMPLES ? '; …' : '');
      out.push({ code, message: summary(list.length.toLocaleString('en-US'), examples) });
    }
    return out;
  }
}
