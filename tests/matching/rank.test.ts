import { describe, expect, it } from 'vitest';
import { matchComponent, rankSuppliers } from '../../server/matching/rank.ts';
import { GRADE_BANDS } from '../../server/matching/score.ts';
import { component, readyDieCaster } from './fixtures.ts';
import { getLexicon } from '../../search/lexicon.ts';

const lexicon = getLexicon();

const SHIYAN = { regionName: '十堰市', regionKind: 'cluster' as const, lat: 32.63, lng: 110.8 };
const NINGBO = { regionName: '宁波市', regionKind: 'outside' as const, lat: 29.87, lng: 121.54 };

describe('ranking', () => {
  it('puts every grade in its own score band, best first, and explains each result', () => {
    const ranked = rankSuppliers(lexicon, component(), [
      readyDieCaster({ id: 601, processes: '压铸' }), // cultivate: primary process only
      readyDieCaster({ id: 602, annualOutputWan: 1200 }), // tight
      readyDieCaster({ id: 603 }), // ready
      readyDieCaster({ id: 604, materials: 'QT450' }), // none: wrong material
    ]);
    expect(ranked.map((s) => [s.enterpriseId, s.grade])).toEqual([[603, 'ready'], [602, 'tight'], [601, 'cultivate'], [604, 'none']]);
    for (const s of ranked) {
      const [low, high] = GRADE_BANDS[s.grade];
      expect(s.score).toBeGreaterThanOrEqual(low);
      expect(s.score).toBeLessThanOrEqual(high);
      expect(s.reasons.length + s.missing.length).toBeGreaterThan(0);
    }
    expect(rankSuppliers(lexicon, component(), [readyDieCaster({ id: 605 }), readyDieCaster({ id: 606, materials: 'QT450' })], { includeUnfit: false, limit: 5 })
      .map((s) => s.enterpriseId)).toEqual([605]);
  });
});

describe('no local fit', () => {
  const pool = [
    readyDieCaster({ id: 701, certifications: 'ISO 9001' }), // local, lacks IATF: worth cultivating
    readyDieCaster({ id: 702, ...NINGBO }), // outside, ready
    readyDieCaster({ id: 703, ...SHIYAN }), // cluster, ready
    readyDieCaster({ id: 704, ...SHIYAN, materials: 'PA66' }), // cluster, no fit: not a target
  ];

  it('says so plainly and offers the best cluster and outside firms as attraction targets, with reasons', () => {
    const result = matchComponent(lexicon, component(), pool);
    expect(result.qualifiedLocal).toBe(false);
    expect(result.qualifiedCount).toBe(0);
    expect(result.matches.map((s) => [s.enterpriseId, s.grade])).toEqual([[701, 'cultivate']]);
    expect(result.attractionTargets.map((s) => [s.enterpriseId, s.regionKind, s.grade])).toEqual([[703, 'cluster', 'ready'], [702, 'outside', 'ready']]);
    expect(result.attractionTargets[0]?.reasons).toContain('位于十堰市（襄十随神城市群）');
    expect(result.summary).toMatch(/^市内暂无合格配套企业。最接近的是襄阳测试701精密制造有限公司（缺少IATF 16949认证（现有ISO 9001）），可重点培育。建议招引：/);
  });

  it('offers no attraction targets when a local firm qualifies, and counts every qualified firm', () => {
    const result = matchComponent(lexicon, component(), [...pool, readyDieCaster({ id: 705 }), readyDieCaster({ id: 706, annualOutputWan: 1500 })], { limit: 1 });
    expect(result.qualifiedLocal).toBe(true);
    expect(result.qualifiedCount).toBe(2);
    expect(result.matches.map((s) => s.enterpriseId)).toEqual([705]);
    expect(result.attractionTargets).toEqual([]);
    expect(result.summary).toBe('市内有2家企业可以配套，其中1家可立即供货。');
  });

  it('looks only beyond the cluster when the scope already takes it in', () => {
    const result = matchComponent(lexicon, component(), [readyDieCaster({ id: 711, certifications: '' }), readyDieCaster({ id: 712, ...NINGBO })], { scope: 'cluster' });
    expect(result.qualifiedLocal).toBe(false);
    expect(result.attractionTargets.map((s) => s.enterpriseId)).toEqual([712]);
  });
});
