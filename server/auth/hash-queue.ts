/**
 * Password hashing takes turns. scrypt at the production cost holds a libuv pool thread and
 * ~128 MB for a second or more; the pool (4 threads by default) also serves file reads, so a
 * burst of logins hashed all at once stalls static files and pages for everyone. At most
 * `concurrency` hashes run at a time, up to `maxWaiting` wait their turn, and beyond that the
 * caller is told the server is busy (the login answers 429 with Retry-After).
 */
export class HashQueueFull extends Error {
  constructor(readonly retryAfterSeconds: number) { super('password hashing is busy'); }
}

export class HashQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  /** a running average of how long one hash takes, for Retry-After */
  private averageMs = 1_000;

  constructor(readonly concurrency = 2, readonly maxWaiting = 16) {
    if (concurrency < 1 || maxWaiting < 0) throw new Error('HashQueue needs concurrency ≥ 1 and maxWaiting ≥ 0');
  }

  get active(): number { return this.running; }
  get queued(): number { return this.waiting.length; }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.concurrency) this.running++;
    else if (this.waiting.length >= this.maxWaiting) {
      throw new HashQueueFull(Math.max(1, Math.ceil(((this.waiting.length / this.concurrency) + 1) * this.averageMs / 1000)));
    } else {
      // The slot is handed over by the task that finishes (running stays counted).
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    const started = Date.now();
    try {
      return await task();
    } finally {
      this.averageMs = this.averageMs * 0.8 + (Date.now() - started) * 0.2;
      const next = this.waiting.shift();
      if (next) next(); else this.running--;
    }
  }
}
