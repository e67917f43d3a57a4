/**
 * Text likeness orders firms within a grade: of two firms the engine grades alike, the one whose own
 * words hold more of the part's own words (rare ones weighing most) ranks first; it never lifts a
 * firm into a better grade.
 */
import { describe, expect, it } from 'vitest';
import { MatchingIndex } from '../../server/matching/matching-index.ts';
import { component, firm } from './fixtures.ts';
import { getLexicon } from '../../search/lexicon.ts';

const lexicon = getLexicon();

describe('text likeness', () => {
  it('puts the firm that names the very part first among equals, and moves no grade', () => {
    const request = component({ name: '变速器壳体', processes: '压铸;CNC加工', materials: 'ADC12', certificationsRequired: 'IATF16949', annualValueWan: 1000 });
    const base = { processes: '压铸;CNC加工', materials: 'ADC12', certifications: 'IATF 16949', annualOutputWan: 6000 };
    const plain = firm({ id: 701, ...base });
    const named = firm({ id: 702, ...base, products: '变速器壳体；离合器壳体' });
    // names the part too, but far too small: likeness lifts no grade
    const unfit = firm({ id: 703, ...base, products: '变速器壳体', annualOutputWan: 100 });
    const index = new MatchingIndex(lexicon);
    for (const f of [plain, named, unfit]) index.upsertProfile(f);
    const ranked = index.rank(request, { scope: 'local' });
    expect(ranked.map((r) => [r.enterpriseId, r.grade])).toEqual([[702, 'ready'], [701, 'ready'], [703, 'none']]);
    expect(ranked[0]!.factors.text.credit).toBeGreaterThan(ranked[1]!.factors.text.credit);
    expect(ranked[1]!.factors.text.applicable).toBe(true);
  });

  it('keeps its counts true as firms change', () => {
    const request = component({ name: '变速器壳体', processes: '压铸', materials: '', certificationsRequired: '', annualValueWan: 1000 });
    const index = new MatchingIndex(lexicon);
    index.upsertProfile(firm({ id: 711, processes: '压铸', annualOutputWan: 6000 }));
    index.upsertProfile(firm({ id: 712, processes: '压铸', annualOutputWan: 6000 }));
    const before = index.rank(request, { scope: 'local' }).map((r) => r.enterpriseId);
    expect(before).toEqual([711, 712]);
    // 712 starts naming the part: it moves ahead without a rebuild
    index.upsertProfile(firm({ id: 712, processes: '压铸', products: '变速器壳体', annualOutputWan: 6000 }));
    expect(index.rank(request, { scope: 'local' }).map((r) => r.enterpriseId)).toEqual([712, 711]);
  });
});
