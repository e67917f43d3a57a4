import { describe, expect, it } from 'vitest';
import { HashQueue, HashQueueFull } from '../../server/auth/hash-queue.ts';

/** A task that runs until released, recording how many run at once. */
function gate() {
  let running = 0;
  let peak = 0;
  const releases: (() => void)[] = [];
  const task = () => new Promise<number>((resolve) => {
    running++;
    peak = Math.max(peak, running);
    releases.push(() => { running--; resolve(peak); });
  });
  return { task, releaseOne: () => releases.shift()?.(), get peak() { return peak; }, get started() { return releases.length; } };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('password hash queue', () => {
  it('runs at most `concurrency` hashes, queues a few, and refuses the rest with a wait', async () => {
    const q = new HashQueue(2, 3);
    const g = gate();
    const outcomes = Array.from({ length: 10 }, () => q.run(g.task).then(() => 'done', (e: unknown) => e));
    await tick();
    expect(g.started).toBe(2);
    expect([q.active, q.queued]).toEqual([2, 3]);
    const refused = (await Promise.all(outcomes.slice(5))) as HashQueueFull[];
    expect(refused.every((e) => e instanceof HashQueueFull && e.retryAfterSeconds >= 1)).toBe(true);
    while (q.active > 0) { g.releaseOne(); await tick(); }
    expect(await Promise.all(outcomes.slice(0, 5))).toEqual(['done', 'done', 'done', 'done', 'done']);
    expect(g.peak).toBe(2);
    expect([q.active, q.queued]).toEqual([0, 0]);
  });

  it('frees the slot when a hash fails', async () => {
    const q = new HashQueue(1, 0);
    await expect(q.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await q.run(async () => 'next')).toBe('next');
  });
});
