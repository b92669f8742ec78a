/** Append-only typed-array columns for edge lists whose length is known only after the rows are read. */
type TypedArray = Int32Array | Uint8Array | Float32Array | Float64Array;
type TypedArrayConstructor<T extends TypedArray> = { new (length: number): T };

export class GrowableColumn<T extends TypedArray> {
  private data: T;
  length = 0;

  constructor(
    private readonly make: TypedArrayConstructor<T>,
    initialCapacity = 1024,
  ) {
    this.data = new make(Math.max(16, initialCapacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new this.make(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }

  /** Adds to an element already pushed. */
  add(index: number, value: number): void {
    this.data[index] = (this.data[index] as number) + value;
  }

  /** Raises an element already pushed to at least `value`. */
  max(index: number, value: number): void {
    if (value > (this.data[index] as number)) this.data[index] = value;
  }

  /** A right-sized copy; the column can keep growing afterwards. */
  toArray(): T {
    return this.data.slice(0, this.length) as T;
  }
}
