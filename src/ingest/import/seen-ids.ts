/**
 * The message ids a file has used so far, each with where it was (a line, or an index): a repeated id is an error
 * (JSONL) or a duplicate to skip (DCE). A file may hold millions of messages; as strings in a Set they would cost
 * ~70 bytes each, so ids are kept as 64-bit numbers in an open-addressing table of typed arrays (~24 bytes each).
 * Ids that do not fit in 64 bits or have leading zeros (no Discord id does) go to a plain Map.
 */
const EMPTY = 0;
const TWO_32 = 0x1_0000_0000;

export class SeenIds {
  private hi = new Uint32Array(1024);
  private lo = new Uint32Array(1024);
  /** 1 + the position of the id; EMPTY marks a free slot. */
  private at = new Float64Array(1024);
  private size = 0;
  private readonly oversized = new Map<string, number>();

  /** Records `id` at `position` (≥ 0); returns where it was seen before, or undefined the first time. */
  add(id: string, position: number): number | undefined {
    // "0123" is not the same id as "123", but would be the same number.
    if (id.length > 1 && id.charCodeAt(0) === 48) return this.addOversized(id, position);
    let hi = 0;
    let lo = 0;
    for (let i = 0; i < id.length; i++) {
      lo = lo * 10 + (id.charCodeAt(i) - 48);
      const carry = Math.floor(lo / TWO_32);
      lo -= carry * TWO_32;
      hi = hi * 10 + carry;
      if (hi >= TWO_32) return this.addOversized(id, position);
    }
    if ((this.size + 1) * 2 > this.at.length) this.grow();
    const previous = this.insert(hi, lo, position + 1);
    return previous === EMPTY ? undefined : previous - 1;
  }

  private insert(hi: number, lo: number, at: number): number {
    const mask = this.at.length - 1;
    let slot = hash(hi, lo) & mask;
    for (;;) {
      const stored = this.at[slot]!;
      if (stored === EMPTY) {
        this.hi[slot] = hi;
        this.lo[slot] = lo;
        this.at[slot] = at;
        this.size += 1;
        return EMPTY;
      }
      if (this.hi[slot] === hi && this.lo[slot] === lo) return stored;
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const { hi, lo, at } = this;
    const capacity = at.length * 2;
    this.hi = new Uint32Array(capacity);
    this.lo = new Uint32Array(capacity);
    this.at = new Float64Array(capacity);
    this.size = 0;
    for (let slot = 0; slot < at.length; slot++) if (at[slot] !== EMPTY) this.insert(hi[slot]!, lo[slot]!, at[slot]!);
  }

  private addOversized(id: string, position: number): number | undefined {
    const previous = this.oversized.get(id);
    if (previous === undefined) this.oversized.set(id, position);
    return previous;
  }
}

function hash(hi: number, lo: number): number {
  let h = Math.imul(lo ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(hi, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return (h ^ (h >>> 13)) >>> 0;
}
