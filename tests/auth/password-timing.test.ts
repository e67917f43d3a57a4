/**
 * An unknown username costs a hash at the same parameters as a real one, so it cannot be told
 * apart by timing. The cost here is far below production (scrypt N=2^14, ~16 MB) to keep the test
 * fast, yet large enough that a cheaper dummy hash would show: the point is that the dummy uses
 * the parameters real hashes are made with.
 */
import { describe, expect, it } from 'vitest';
import { Accounts } from '../../server/auth/accounts.ts';
import type { HashCost } from '../../server/auth/passwords.ts';
import { memoryDatabase } from '../helpers.ts';

const COST: HashCost = { N: 2 ** 14, r: 8, p: 1 };

async function elapsed(run: () => Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('login timing', () => {
  it('takes at least half as long for an unknown user as for a known one with a wrong password', async () => {
    const database = memoryDatabase();
    try {
      const accounts = new Accounts(database.sqlite, COST);
      await accounts.createUser({ username: 'known.user', displayName: 'K', role: 'official', enterpriseId: null, password: 'the right passphrase' }, 0);
      const known: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 7; i++) {
        known.push(await elapsed(() => accounts.authenticate('known.user', `wrong passphrase ${i}`)));
        unknown.push(await elapsed(() => accounts.authenticate(`nobody.${i}`, `wrong passphrase ${i}`)));
      }
      expect(await accounts.authenticate('nobody', 'x')).toBeUndefined();
      expect(median(unknown)).toBeGreaterThanOrEqual(median(known) / 2);
    } finally {
      database.close();
    }
  });
});
