type TypedArray = Float64Array | Int32Array;

export interface GrowableArray<A extends TypedArray> {
  readonly length: number;
  push(x: number): void;
  get(i: number): number;
  /** The exact-size contents; the growable array is empty afterwards, so its spare capacity is freed at once. */
  take(): A;
}

/**
 * Append-only typed array that doubles its capacity, so streamed columns never exist as JS values.
 * One class per element type (built by this factory) keeps V8's element access monomorphic in push().
 */
function growableClass<A extends TypedArray>(allocate: (capacity: number) => A): new () => GrowableArray<A> {
  return class implements GrowableArray<A> {
    // Small to start: a file of 50,000 columns makes 50,000 of these (8 KB each would be 400 MB before a row).
    private data: A = allocate(16);
    length = 0;

    push(x: number): void {
      if (this.length === this.data.length) {
        const bigger = allocate(Math.max(16, this.data.length * 2));
        bigger.set(this.data);
        this.data = bigger;
      }
      this.data[this.length++] = x;
    }

    get(i: number): number {
      return this.data[i];
    }

    take(): A {
      const exact = this.length === this.data.length ? this.data : (this.data.slice(0, this.length) as A);
      this.data = allocate(0);
      this.length = 0;
      return exact;
    }
  };
}

const GrowableFloat64 = growableClass((n) => new Float64Array(n));
const GrowableInt32 = growableClass((n) => new Int32Array(n));

export const growableFloat64 = (): GrowableArray<Float64Array> => new GrowableFloat64();
export const growableInt32 = (): GrowableArray<Int32Array> => new GrowableInt32();
