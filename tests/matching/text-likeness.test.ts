/**
 * Text likeness orders firms within a grade: of two firms the engine grades alike, the one whose own
 * words hold more of the part's own words (rare ones weighing most) ranks first; it never lifts a
 * firm into a better grade.
 */
import { describe, expect, it } from 'vitest';
import { MatchingIndex } from '../../server/matching/matching-index.ts';
import { component, firm } from './fixtures.ts';
import { requestGrams } from '../../server/matching/factors.ts';
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

  it('counts no word of the part\'s grade as its words: 「工业级」 is in many firms\' texts', () => {
    const grams = requestGrams(component({ name: '液氨（工业级 99.8%）', processes: '造气;合成' }));
    expect(grams).toContain('液氨');
    expect(grams).not.toContain('工业');
    expect(grams).not.toContain('业级');
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

  it('counts each piece as a search of every firm\'s own text would, through firms coming, going and changing', () => {
    // characters whose codes differ by the prefilter's 1024 bits share a bit: 压 (U+538B) and 型 (U+578B)
    const alphabet = ['压', '型', '铸', '壳', '体', '变', '速', '器', 'A', 'D', 'C', '1', '2'];
    let seed = 7;
    const random = () => { seed = (seed * 48271) % 2147483647; return seed / 2147483647; };
    const text = () => Array.from({ length: 3 + Math.floor(random() * 12) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    const index = new MatchingIndex(lexicon);
    for (let id = 1; id <= 200; id++) index.upsertProfile(firm({ id, products: text(), annualOutputWan: 100 }));
    const request = component({ name: '压铸变速器壳体', processes: '压铸', materials: 'ADC12', certificationsRequired: '', annualValueWan: 10 });
    index.rank(request, { scope: 'local' }); // the pieces counted once, then kept up to date
    for (let id = 1; id <= 200; id += 3) index.removeProfile(id);
    for (let id = 2; id <= 200; id += 5) index.upsertProfile(firm({ id, products: text(), annualOutputWan: 100 }));
    for (let id = 201; id <= 230; id++) index.upsertProfile(firm({ id, products: text(), annualOutputWan: 100 }));
    const profiles = Array.from({ length: 230 }, (_, i) => index.profile(i + 1)).filter((p) => p !== undefined);
    const grams = requestGrams(request);
    const weights = grams.map((g) => Math.log(1 + profiles.length / (1 + profiles.filter((p) => p.ownText.includes(g)).length)));
    const total = weights.reduce((a, b) => a + b, 0);
    for (const p of profiles) {
      const expected = grams.reduce((sum, g, i) => sum + (p.ownText.includes(g) ? weights[i]! : 0), 0) / total;
      expect(index.textLikeness(request, p)).toBeCloseTo(expected, 12);
    }
    // …and a fresh look-up of every piece after the churn gives the same
    const fresh = new MatchingIndex(lexicon);
    for (const p of profiles) fresh.upsertProfile(p);
    for (const p of profiles) expect(fresh.textLikeness(request, p)).toBeCloseTo(index.textLikeness(request, p), 12);
  });
});
