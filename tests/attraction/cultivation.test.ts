import { describe, expect, it } from 'vitest';
import { approxWan, cultivationList, stepSentence, type CultivationPart } from '../../server/attraction/cultivation.ts';
import type { LocalFit, Step } from '../../server/attraction/matcher.ts';

const part = (componentId: number, valueWan: number): CultivationPart => ({ componentId, ref: `C${componentId}`, name: `件${componentId}`, chainId: 'auto', valueWan, buyerId: 1, buyerName: '甲', buyerRegionCode: null });
const IATF: Step = { kind: 'certificate', conceptId: 'cert.iatf16949', label: 'IATF 16949' };
const PLATING: Step = { kind: 'process', conceptId: 'process.plating', label: '电镀' };
const fit = (enterpriseId: number, grade: LocalFit['grade'], steps: Step[] | null): LocalFit => ({ enterpriseId, uscc: `U${enterpriseId}`, name: `企业${enterpriseId}`, grade, score: 40, missing: [], steps });

describe('the cultivation list', () => {
  it('groups one-step firms by firm and step, with the value each step unlocks, largest first', () => {
    const list = cultivationList([
      { part: part(1, 1200), fits: [fit(10, 'cultivate', [IATF]), fit(11, 'cultivate', [IATF, PLATING])] },
      { part: part(2, 800), fits: [fit(10, 'cultivate', [IATF]), fit(12, 'cultivate', [PLATING])] },
      { part: part(3, 300), fits: [fit(10, 'cultivate', [PLATING]), fit(12, 'none', [{ kind: 'capacity', ratio: 0.3 }])] },
      { part: part(4, 9000), fits: [fit(10, 'cultivate', [IATF]), fit(13, 'ready', [])] }, // a local firm qualifies already: not a cultivation case
      { part: part(5, 5000), fits: [fit(14, 'none', null)] }, // far off
    ]);
    expect(list.map((f) => [f.name, f.valueWan, f.partCount])).toEqual([['企业10', 2300, 3], ['企业12', 1100, 2]]);
    expect(list[0]!.entries.map((e) => [e.step.kind, e.parts.map((p) => p.ref), e.valueWan])).toEqual([['certificate', ['C1', 'C2'], 2000], ['process', ['C3'], 300]]);
    expect(list[1]!.entries.map((e) => e.step.kind)).toEqual(['process', 'capacity']);
    expect(stepSentence(list[0]!.entries[0]!)).toBe('取得IATF 16949后可配套2个外采件，年采购额约2,000万元');
    expect(stepSentence({ step: PLATING, parts: [1], valueWan: 345 })).toBe('补齐电镀工艺后可配套1个外采件，年采购额约350万元');
    expect(stepSentence({ step: { kind: 'capacity', ratio: 0.3 }, parts: [1, 2, 3], valueWan: 23_456 })).toBe('扩大产能后可配套3个外采件，年采购额约2.3亿元');
  });

  it('tells values to two significant figures', () => {
    expect([approxWan(2345), approxWan(2300), approxWan(85), approxWan(12_500), approxWan(0)]).toEqual(['约2,300万元', '约2,300万元', '约85万元', '约1.3亿元', '0万元']);
  });
});
