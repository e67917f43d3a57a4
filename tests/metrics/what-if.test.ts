import { describe, expect, it } from 'vitest';
import { nearSite, type NearSiteInput } from '../../server/metrics/near-site.ts';
import { nearSiteWith, pathToTarget, rateGain, rateGainer, type HypotheticalPart } from '../../server/metrics/what-if.ts';

// Computed by hand:
//  A (auto): 2026 total 1000, local 200 → remainder 800.
//  B (auto): 2026 total 500, local 100; its part 21 is already localised (50) → remainder 350.
//  E (equipment): 2026 total 400, local 200 → already at 50%.
//  City: total 1900, local 200 + 150 + 200 = 550 (28.9%); 40% needs 760, short by 210.
const input: NearSiteInput = {
  buyers: [
    { id: 1, uscc: 'A', chainIds: ['auto'], regionCode: '420607' },
    { id: 2, uscc: 'B', chainIds: ['auto'], regionCode: '420606' },
    { id: 3, uscc: 'E', chainIds: ['equipment'], regionCode: '420606' },
  ],
  procurement: [
    { buyerId: 1, year: 2026, quarter: 0, totalWan: 1000, localWan: 200 },
    { buyerId: 2, year: 2026, quarter: 0, totalWan: 500, localWan: 100 },
    { buyerId: 3, year: 2026, quarter: 0, totalWan: 400, localWan: 200 },
  ],
  localised: [{ componentId: 21, buyerId: 2, valueWan: 50, signedYear: 2026, signedQuarter: 2, dealId: 1 }],
};
const part = (componentId: number, buyerId: number, valueWan: number): HypotheticalPart => ({ componentId, buyerId, valueWan });

describe('what-if figures', () => {
  it('adds hypothetical parts like deals signed this year, once each, never twice for a part that already counts', () => {
    expect(nearSite(input, { year: 2026 })).toMatchObject({ totalWan: 1900, localWan: 550 });
    const f = nearSiteWith(input, { year: 2026 }, [part(11, 1, 100), part(11, 1, 100), part(21, 2, 50), part(12, 1, 30)]);
    expect(f).toMatchObject({ totalWan: 1900, localWan: 680 });
    expect(rateGain(input, { year: 2026 }, [part(11, 1, 190)])).toBeCloseTo((190 / 1900) * 100, 10);
  });

  it('gives the same gains many sets at a time (rateGainer) as one at a time (rateGain)', () => {
    const withUnreported: NearSiteInput = { ...input, buyers: [...input.buyers, { id: 4, uscc: 'D', chainIds: ['auto'], regionCode: '420607' }] };
    const sets = [[part(11, 1, 100)], [part(22, 2, 1000), part(23, 2, 10)], [part(21, 2, 50)], [part(41, 4, 300), part(12, 1, 30), part(12, 1, 30)], [part(99, 9, 500)], []];
    for (const filter of [{ year: 2026 }, { year: 2026, chain: 'auto' }, { year: 2025 }]) {
      const gain = rateGainer(withUnreported, filter);
      for (const set of sets) {
        const one = rateGain(withUnreported, filter, set);
        const many = gain(set);
        if (one === null) expect(many).toBeNull();
        else expect(many!, JSON.stringify({ filter, set })).toBeCloseTo(one, 9);
      }
    }
  });

  it('caps a buyer\'s gain at what it still buys outside', () => {
    expect(nearSiteWith(input, { year: 2026, buyerUscc: 'B' }, [part(22, 2, 1000)])).toMatchObject({ totalWan: 500, localWan: 500, rate: 1 });
  });
});

describe('the path to 40%', () => {
  const candidates = [part(11, 1, 120), part(12, 1, 90), part(13, 1, 60), part(14, 1, 15), part(22, 2, 100), part(23, 2, 25), part(31, 3, 500)];

  it('takes the fewest parts, the largest first, and the smallest that closes the gap last', () => {
    const p = pathToTarget(input, { year: 2026 }, candidates);
    // short by 210: E's 500 (its remainder is 200) lifts 200, then 15 would not do, 25 would: 10 left → A's 15 is the smallest that suffices
    expect(p.shortWan).toBe(210);
    expect(p.parts.map((x) => x.componentId)).toEqual([31, 14]);
    expect(p.reached).toBe(true);
    expect(p.after.localWan).toBe(550 + 200 + 15);
    expect(p.after.rate!).toBeGreaterThanOrEqual(0.4);
  });

  it('is never beaten by a smaller set (all subsets checked)', () => {
    for (const filter of [{ year: 2026 }, { year: 2026, chain: 'auto' }]) {
      const p = pathToTarget(input, filter, candidates);
      let fewest = Infinity;
      for (let mask = 1; mask < 1 << candidates.length; mask++) {
        const set = candidates.filter((_c, i) => mask & (1 << i));
        if ((nearSiteWith(input, filter, set).rate ?? 0) >= 0.4 - 1e-9) fewest = Math.min(fewest, set.length);
      }
      expect(p.parts.length, JSON.stringify(filter)).toBe(fewest);
    }
  });

  it('for one chain, counts only that chain\'s buyers and says when it cannot be reached', () => {
    // auto: total 1500, local 350 → needs 600, short 250: A's 120 then B's 100 (220) then 30 more → A's 60 is the smallest that suffices
    const auto = pathToTarget(input, { year: 2026, chain: 'auto' }, candidates);
    expect(auto.shortWan).toBe(250);
    expect(auto.parts.map((x) => x.componentId)).toEqual([11, 22, 13]);
    const few = pathToTarget(input, { year: 2026, chain: 'auto' }, [part(14, 1, 15)]);
    expect(few).toMatchObject({ reached: false });
    expect(few.parts).toHaveLength(1);
    const equipment = pathToTarget(input, { year: 2026, chain: 'equipment' }, candidates);
    expect(equipment).toMatchObject({ already: true, reached: true, parts: [] });
  });
});
