import { describe, expect, it } from 'vitest';
import { firstPerComponent, localisedParts, nearSite, type Localisation, type NearSiteInput } from '../../server/metrics/near-site.ts';

// Computed by hand:
//  A (auto, 襄州区 420607): 2026 annual total 1000, local 200.
//  B (auto + equipment, 樊城区 420606): 2026 quarters Q1..Q4 totals 100/100/200/200, locals 10/20/40/80.
//  C (rail, 420607): no figures in 2026.
//  Localised: A's component 11 signed Q2 2026 value 80; B's component 21 signed Q3 2026 value 40;
//             C's component 31 signed Q1 2026 value 20; A's component 12 signed in 2025 (value 50).
const input: NearSiteInput = {
  buyers: [
    { id: 1, uscc: 'A', chainIds: ['auto'], regionCode: '420607' },
    { id: 2, uscc: 'B', chainIds: ['auto', 'equipment'], regionCode: '420606' },
    { id: 3, uscc: 'C', chainIds: ['rail'], regionCode: '420607' },
  ],
  procurement: [
    { buyerId: 1, year: 2026, quarter: 0, totalWan: 1000, localWan: 200 },
    { buyerId: 2, year: 2026, quarter: 1, totalWan: 100, localWan: 10 },
    { buyerId: 2, year: 2026, quarter: 2, totalWan: 100, localWan: 20 },
    { buyerId: 2, year: 2026, quarter: 3, totalWan: 200, localWan: 40 },
    { buyerId: 2, year: 2026, quarter: 4, totalWan: 200, localWan: 80 },
    { buyerId: 1, year: 2025, quarter: 0, totalWan: 900, localWan: 150 },
  ],
  localised: [
    { componentId: 11, buyerId: 1, valueWan: 80, signedYear: 2026, signedQuarter: 2 },
    { componentId: 21, buyerId: 2, valueWan: 40, signedYear: 2026, signedQuarter: 3 },
    { componentId: 31, buyerId: 3, valueWan: 20, signedYear: 2026, signedQuarter: 1 },
    { componentId: 12, buyerId: 1, valueWan: 50, signedYear: 2025, signedQuarter: 4 },
  ],
};

describe('near-site supporting rate', () => {
  it('city, year 2026: (200+150 base + 80+40+20 localised) / (1000+600+20)', () => {
    const f = nearSite(input, { year: 2026 });
    expect(f.totalWan).toBe(1620);
    expect(f.baseLocalWan).toBe(350);
    expect(f.localisedWan).toBe(140);
    expect(f.localWan).toBe(490);
    expect(f.rate).toBeCloseTo(490 / 1620, 10);
    expect(f.target).toBe(0.4);
  });

  it('quarter 2: A gives a quarter of its year plus 80/4; B its own Q2 row; C 20/4 on both sides', () => {
    const f = nearSite(input, { year: 2026, quarter: 2 });
    expect(f.totalWan).toBe(250 + 100 + 5);
    expect(f.localWan).toBe(50 + 20 + 20 + 5);
    const q1 = nearSite(input, { year: 2026, quarter: 1 });
    expect(q1.localWan).toBe(50 + 10 + 5);
  });

  it('filters by chain, county and buyer', () => {
    expect(nearSite(input, { year: 2026, chain: 'auto' })).toMatchObject({ totalWan: 1600, localWan: 470, buyers: 2 });
    expect(nearSite(input, { year: 2026, chain: 'equipment' })).toMatchObject({ totalWan: 600, localWan: 190 });
    expect(nearSite(input, { year: 2026, region: '420607' })).toMatchObject({ totalWan: 1020, localWan: 300 });
    expect(nearSite(input, { year: 2026, buyerUscc: 'B' }).rate).toBeCloseTo(190 / 600, 10);
    expect(nearSite(input, { year: 2025 })).toMatchObject({ totalWan: 900, localWan: 200 });
    expect(nearSite(input, { year: 2024 }).rate).toBeNull();
  });

  it('never lets localised value push local above total', () => {
    const f = nearSite({ ...input, localised: [{ componentId: 9, buyerId: 1, valueWan: 5000, signedYear: 2026, signedQuarter: 1 }] }, { year: 2026, buyerUscc: 'A' });
    expect(f.localWan).toBe(1000);
    expect(f.rate).toBe(1);
  });

  it('counts a component localised twice once, by its earliest signing', () => {
    const deals = [
      { id: 1, componentId: 11, at: 300 }, { id: 2, componentId: 11, at: 100 }, { id: 3, componentId: 12, at: 200 },
    ];
    expect(firstPerComponent(deals).map((d) => d.id).sort()).toEqual([2, 3]);
  });
});

describe('attraction projects in the rate', () => {
  // Dated by a plain quarter function: at = year * 10 + quarter.
  const quarterOf = (at: number) => ({ year: Math.floor(at / 10), quarter: at % 10 });
  const project = (id: number, componentId: number, buyerId: number, valueWan: number, at: number): Localisation => ({ source: 'project', id, componentId, buyerId, valueWan, at });
  const deal = (id: number, componentId: number, buyerId: number, valueWan: number, at: number): Localisation => ({ source: 'deal', id, componentId, buyerId, valueWan, at });

  it('a project in operation from Q3 2026 adds its part\'s value: in full to 2026, a quarter of it to Q3 and Q4, nothing to Q2', () => {
    // A's part 13, value 120 as the target held it, operating from 2026 Q3.
    const localised = localisedParts([project(7, 13, 1, 120, 20263)], quarterOf);
    expect(localised).toEqual([{ componentId: 13, buyerId: 1, valueWan: 120, signedYear: 2026, signedQuarter: 3, projectId: 7 }]);
    const withProject: NearSiteInput = { ...input, localised: [...input.localised, ...localised] };
    // year: local 490 + 120 = 610 over 1620
    expect(nearSite(withProject, { year: 2026 })).toMatchObject({ totalWan: 1620, localWan: 610, localisedWan: 260 });
    // A's Q3: base 250 / 50 local, + 80/4 (deal from Q2) + 120/4 (project from Q3)
    expect(nearSite(withProject, { year: 2026, quarter: 3, buyerUscc: 'A' })).toMatchObject({ totalWan: 250, localWan: 50 + 20 + 30 });
    expect(nearSite(withProject, { year: 2026, quarter: 2, buyerUscc: 'A' })).toMatchObject({ totalWan: 250, localWan: 50 + 20 });
  });

  it('a part localised by a deal and by a project counts once, from the earlier, with that one\'s value', () => {
    const both = localisedParts([deal(5, 11, 1, 80, 20262), project(7, 11, 1, 200, 20263), project(8, 14, 1, 60, 20261), deal(6, 14, 1, 70, 20264)], quarterOf);
    expect(both).toEqual([
      { componentId: 11, buyerId: 1, valueWan: 80, signedYear: 2026, signedQuarter: 2, dealId: 5 },
      { componentId: 14, buyerId: 1, valueWan: 60, signedYear: 2026, signedQuarter: 1, projectId: 8 },
    ]);
    // same instant: the deal wins over the project
    expect(localisedParts([project(9, 15, 1, 10, 20262), deal(3, 15, 1, 11, 20262)], quarterOf)[0]).toMatchObject({ dealId: 3, valueWan: 11 });
  });
});
