/**
 * Answers to repeated reads (a list page, a search, a component's matches), kept until the
 * next committed write and for at most `ttlMs` — the bound also covers writes made outside
 * this process (the import command). Keys must hold everything the answer depends on,
 * the city date included; authorisation is checked before a cached answer is used.
 */
export class ReadCache {
  private readonly entries = new Map<string, { value: unknown; at: number }>();

  constructor(private readonly now: () => number, private readonly ttlMs = 30_000, private readonly maxEntries = 2_000) {}

  get<T>(key: string, compute: () => T): T {
    const hit = this.entries.get(key);
    const now = this.now();
    if (hit && now - hit.at < this.ttlMs) {
      // Map order is the recency order: move the hit to the end.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value as T;
    }
    const value = compute();
    this.entries.set(key, { value, at: now });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  /** The same for an answer computed asynchronously; a failed computation is not kept. */
  async getAsync<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.value as T;
    const value = await compute();
    return this.get(key, () => value);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number { return this.entries.size; }
}
