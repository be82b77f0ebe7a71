/**
 * The answers of a pure function of one string, remembered for at most `max` distinct strings (all
 * forgotten at once when full: a cheap bound that never grows past `max`, and the next calls refill it).
 */
export class BoundedMemo<V> {
  private readonly known = new Map<string, V>();

  constructor(
    private readonly max: number,
    private readonly compute: (key: string) => V,
  ) {}

  /** `compute(key)`, from memory when `key` was asked for since the last reset. */
  get(key: string): V {
    if (this.known.has(key)) return this.known.get(key) as V;
    const value = this.compute(key);
    if (this.known.size >= this.max) this.known.clear();
    this.known.set(key, value);
    return value;
  }

  /** Distinct keys remembered now. */
  get size(): number {
    return this.known.size;
  }
}
