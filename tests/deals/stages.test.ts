import { describe, expect, it } from 'vitest';
import { allowedMoves, checkMove } from '../../server/deals/stages.ts';
import { DEAL_STAGES, type DealStage } from '../../db/schema.ts';

const ALLOWED: Record<DealStage, DealStage[]> = {
  recommended: ['contacted', 'lost'],
  contacted: ['sampling', 'lost'],
  sampling: ['quoting', 'lost'],
  quoting: ['signed', 'lost'],
  signed: ['supplying', 'lost'],
  supplying: [],
  lost: [],
};

describe('deal state machine', () => {
  for (const from of DEAL_STAGES) {
    for (const to of DEAL_STAGES) {
      const ok = ALLOWED[from].includes(to);
      it(`${from} → ${to} is ${ok ? 'allowed' : 'forbidden'}`, () => {
        const problem = checkMove(from, { to, reason: '价格过高', annualValueWan: 10 }, 10);
        if (ok) expect(problem).toBeNull();
        else expect(problem?.code).toBe('forbidden_move');
      });
    }
  }

  it('lists the moves each stage offers', () => {
    for (const stage of DEAL_STAGES) expect(allowedMoves(stage)).toEqual(ALLOWED[stage]);
  });

  it('needs a reason to lose a deal and a value to sign one', () => {
    expect(checkMove('quoting', { to: 'lost', reason: '  ' }, null)?.code).toBe('reason_required');
    expect(checkMove('quoting', { to: 'signed' }, null)?.code).toBe('value_required');
    expect(checkMove('quoting', { to: 'signed' }, 120)).toBeNull();
    expect(checkMove('supplying', { to: 'lost', reason: 'x' }, null)?.message).toContain('该商机已结束');
  });
});
