type TypedArray = Float64Array | Int32Array;

/** Append-only typed array that doubles its capacity, so streamed columns never exist as JS values. */
export class GrowableArray<A extends TypedArray> {
  private data: A;
  length = 0;

  constructor(private readonly allocate: (capacity: number) => A, capacity = 1024) {
    this.data = allocate(capacity);
  }

  push(x: number): void {
    if (this.length === this.data.length) {
      const bigger = this.allocate(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = x;
  }

  get(i: number): number {
    return this.data[i];
  }

  /** Exact-size copy; the growable buffer should be dropped afterwards. */
  toArray(): A {
    return this.data.slice(0, this.length) as A;
  }
}

export const growableFloat64 = (): GrowableArray<Float64Array> => new GrowableArray((n) => new Float64Array(n));
export const growableInt32 = (): GrowableArray<Int32Array> => new GrowableArray((n) => new Int32Array(n));
