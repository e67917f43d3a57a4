/**
 * Answers to repeated reads (a list page, a search, a component's matches), kept until the
 * next committed write — this process's own, or another's replayed from the change journal
 * (cluster/follow.ts runs before each request), so there is no window in which a cached answer
 * is older than the database. Keys must hold everything the answer depends on, the city date
 * included; authorisation is checked before a cached answer is used.
 */
export class ReadCache {
  private readonly entries = new Map<string, { value: unknown }>();

  constructor(private readonly maxEntries = 2_000) {}

  get<T>(key: string, compute: () => T): T {
    const hit = this.entries.get(key);
    if (hit) {
      // Map order is the recency order: move the hit to the end.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value as T;
    }
    const value = compute();
    this.entries.set(key, { value });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  /** The same for an answer computed asynchronously; a failed computation is not kept. */
  async getAsync<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit) return hit.value as T;
    const value = await compute();
    return this.get(key, () => value);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number { return this.entries.size; }
}
