import { describe, expect, it } from 'vitest';
import { BoundedMap, DEFAULT_LIMITS, LoginLimiter, type Reservation } from '../../server/auth/login-limiter.ts';
import { fixedClock } from '../../server/clock.ts';

const T0 = '2026-11-27T02:00:00Z';
const granted = (r: Reservation): Extract<Reservation, { ok: true }> => {
  if (!r.ok) throw new Error(`refused: ${r.reason} ${r.retryAfterSeconds}s`);
  return r;
};

describe('login limiter', () => {
  it('counts tries still hashing: of 40 parallel guesses at one account from one address only the free tries get through', () => {
    const limiter = new LoginLimiter(fixedClock(T0));
    const answers = Array.from({ length: 40 }, () => limiter.reserve('198.51.100.7', 'zhang'));
    expect(answers.filter((a) => a.ok)).toHaveLength(DEFAULT_LIMITS.freeTries);
    expect(answers.filter((a) => !a.ok).every((a) => !a.ok && a.reason === 'backoff' && a.retryAfterSeconds >= 1)).toBe(true);
  });

  it('backs off exponentially per account and address, and a success clears it', () => {
    const clock = fixedClock(T0);
    const limiter = new LoginLimiter(clock);
    for (let i = 0; i < 3; i++) limiter.settle(granted(limiter.reserve('198.51.100.7', 'zhang')), 'failure');
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      const refused = limiter.reserve('198.51.100.7', 'zhang');
      expect(refused.ok).toBe(false);
      const wait = refused.ok ? 0 : refused.retryAfterSeconds;
      waits.push(wait);
      clock.set(clock.now() + wait * 1000);
      limiter.settle(granted(limiter.reserve('198.51.100.7', 'Zhang ')), 'failure');
    }
    expect(waits).toEqual([1, 2, 4, 8]);
    clock.set(clock.now() + 16_000);
    limiter.settle(granted(limiter.reserve('198.51.100.7', 'zhang')), 'success');
    expect(limiter.reserve('198.51.100.7', 'zhang').ok).toBe(true);
  });

  it('never holds back the owner at another address because someone guessed elsewhere', () => {
    const clock = fixedClock(T0);
    const limiter = new LoginLimiter(clock);
    for (let failures = 0; failures < 10;) {
      const r = limiter.reserve('203.0.113.66', 'zhang');
      if (r.ok) { limiter.settle(r, 'failure'); failures++; } else clock.set(clock.now() + r.retryAfterSeconds * 1000);
    }
    expect(limiter.reserve('203.0.113.66', 'zhang').ok).toBe(false);
    expect(limiter.reserve('198.51.100.7', 'zhang').ok).toBe(true);
  });

  it('stops guessing spread over many addresses at the account ceiling, except from an address that signed in', () => {
    const limiter = new LoginLimiter(fixedClock(T0), { ...DEFAULT_LIMITS, accountCeiling: 10 });
    limiter.settle(granted(limiter.reserve('198.51.100.7', 'zhang')), 'success');
    for (let i = 0; i < 10; i++) limiter.settle(granted(limiter.reserve(`203.0.113.${i}`, 'zhang')), 'failure');
    const stranger = limiter.reserve('203.0.113.200', 'zhang');
    expect(stranger).toMatchObject({ ok: false, reason: 'account' });
    expect(limiter.reserve('198.51.100.7', 'zhang').ok).toBe(true);
    expect(limiter.reserve('203.0.113.200', 'li').ok).toBe(true);
  });

  it('limits one address across many usernames, counting tries in flight', () => {
    const limiter = new LoginLimiter(fixedClock(T0), { ...DEFAULT_LIMITS, perIp: 5 });
    const answers = Array.from({ length: 8 }, (_, i) => limiter.reserve('203.0.113.9', `user${i}`));
    expect(answers.map((a) => a.ok)).toEqual([true, true, true, true, true, false, false, false]);
    expect(answers[5]).toMatchObject({ ok: false, reason: 'address' });
  });

  it('a cancelled try (never hashed) counts nowhere', () => {
    const limiter = new LoginLimiter(fixedClock(T0));
    for (let i = 0; i < 10; i++) limiter.settle(granted(limiter.reserve('198.51.100.7', 'zhang')), 'cancelled');
    expect(limiter.reserve('198.51.100.7', 'zhang').ok).toBe(true);
  });

  it('keeps a bounded number of keys however many names are made up', () => {
    const limiter = new LoginLimiter(fixedClock(T0), { ...DEFAULT_LIMITS, maxEntries: 100, perIp: 1e9 });
    for (let i = 0; i < 10_000; i++) {
      const r = limiter.reserve(`10.0.${i >> 8}.${i & 255}`, `made-up-${i}`);
      if (r.ok) limiter.settle(r, 'failure');
    }
    expect(limiter.size).toBeLessThanOrEqual(300);
    expect(limiter.size).toBeGreaterThan(0);
  });
});

describe('bounded map', () => {
  it('forgets the least recently used key first', () => {
    const m = new BoundedMap<string, number>(2);
    m.set('a', 1);
    m.set('b', 2);
    expect(m.get('a')).toBe(1);
    m.set('c', 3);
    expect([m.get('a'), m.get('b'), m.get('c'), m.size]).toEqual([1, undefined, 3, 2]);
  });
});
