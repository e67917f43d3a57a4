import { describe, expect, it } from 'vitest';
import { fitRequirement } from '../../server/matching/concept-fit.ts';
import {
  capacityBand, capacityCredit, capacityRatio, computeFactors, distanceCredit, haversineKm, tierCredit, trackRecordCredit,
} from '../../server/matching/factors.ts';
import { rankSuppliers, scoreCandidate } from '../../server/matching/rank.ts';
import { gradeOf } from '../../server/matching/score.ts';
import type { Requirement } from '../../server/matching/types.ts';
import { DEFAULT_MATCHING_CONFIG as CONFIG } from '../../server/matching/weights.ts';
import { component, firm, readyDieCaster } from './fixtures.ts';
import { getLexicon } from '../../search/lexicon.ts';

const lexicon = getLexicon();

const req = (conceptId: string, kind: Requirement['kind'] = 'process', position = 0): Requirement =>
  ({ conceptId, kind, position, confidence: 1, wording: conceptId });
const held = (conceptId: string, kind: Requirement['kind'] = 'process') =>
  [{ conceptId, kind, confidence: 1, evidence: 'exact' as const, wording: conceptId }];
const fit = (required: string, have: string, kind: Requirement['kind'] = 'process') => fitRequirement(lexicon, req(required, kind), held(have, kind), CONFIG);

describe('process coverage', () => {
  it('credits the same concept and a special case fully, a generic claim or a sibling partly, an umbrella or another trade not at all', () => {
    expect(fit('process.die_casting', 'process.die_casting')).toMatchObject({ relation: 'same', credit: 1, met: true });
    expect(fit('process.forging', 'process.hot_die_forging')).toMatchObject({ relation: 'narrower', credit: 1, met: true });
    const generic = fit('process.hot_die_forging', 'process.forging');
    expect(generic).toMatchObject({ relation: 'broader', met: true });
    expect(generic.credit).toBeGreaterThan(0.5);
    expect(generic.credit).toBeLessThan(1);
    const sibling = fit('process.zinc_plating', 'process.chrome_plating');
    expect(sibling).toMatchObject({ relation: 'sibling', met: true });
    expect(sibling.credit).toBeLessThan(fit('process.zinc_plating', 'process.electroplating').credit);
    // An umbrella claim (「铸造」) reaches its own children only, loosely; not a trade two levels down.
    const umbrella = fit('process.die_casting', 'process.casting');
    expect(umbrella).toMatchObject({ relation: 'broader', met: true, uncertain: true });
    expect(umbrella.credit).toBeLessThan(0.5);
    expect(fit('process.shell_molding', 'process.casting')).toMatchObject({ relation: 'broader', met: false });
    expect(fit('process.die_casting', 'process.sand_casting')).toMatchObject({ relation: 'none', credit: 0, met: false });
    expect(fit('process.gear_hobbing', 'process.cnc_machining').met).toBe(false);
    expect(fit('process.dyeing', 'process.weaving').met).toBe(false);
    // spinning is a family of distinct routes: an open-end mill does not ring-spin; 「纺纱」 alone says little
    expect(fit('process.ring_spinning', 'process.rotor_spinning')).toMatchObject({ relation: 'none', met: false });
    expect(fit('process.ring_spinning', 'process.spinning')).toMatchObject({ relation: 'broader', met: true, uncertain: true });
  });

  it('weighs the primary process most: missing it sinks a firm below one missing a secondary process', () => {
    const request = component({ processes: '压铸;CNC加工;阳极氧化' });
    const primaryOnly = readyDieCaster({ id: 201, processes: '压铸' });
    const secondaryOnly = readyDieCaster({ id: 202, processes: 'CNC加工;阳极氧化' });
    const a = scoreCandidate(lexicon, request, primaryOnly);
    const b = scoreCandidate(lexicon, request, secondaryOnly);
    expect(a.factors.process.credit).toBeGreaterThan(b.factors.process.credit);
    expect(a.grade).toBe('cultivate');
    expect(b.grade).toBe('none');
    expect(rankSuppliers(lexicon, request, [secondaryOnly, primaryOnly]).map((s) => s.enterpriseId)).toEqual([201, 202]);
  });
});

describe('material', () => {
  it('accepts the same grade, a grade of the family and the family itself; not another family', () => {
    expect(fit('material.steel_40cr', 'material.q235', 'material')).toMatchObject({ relation: 'sibling', met: true });
    expect(fit('material.adc12', 'material.aluminum_alloy', 'material')).toMatchObject({ relation: 'broader', met: true });
    expect(fit('material.aluminum_alloy', 'material.adc12', 'material')).toMatchObject({ relation: 'narrower', credit: 1 });
    expect(fit('material.steel_40cr', 'material.ss304', 'material').met).toBe(false);
    expect(fit('material.adc12', 'material.pa66', 'material')).toMatchObject({ relation: 'none', credit: 0 });
    // plastics are distinct polymers: PP is no PA66, but PA6 is a polyamide like it, and 「塑料」 says a little
    expect(fit('material.pa66', 'material.pp', 'material')).toMatchObject({ relation: 'none', met: false });
    expect(fit('material.pa66', 'material.pa6', 'material')).toMatchObject({ relation: 'sibling', met: true });
    expect(fit('material.pa66', 'material.plastic', 'material')).toMatchObject({ relation: 'broader', met: true, uncertain: true });
  });

  it('grades the fit: the grade > a grade of the same family > a grade of a related family', () => {
    const same = fit('material.ht250', 'material.ht250', 'material');
    const family = fit('material.ht200', 'material.ht250', 'material');
    const cousin = fit('material.qt450', 'material.ht250', 'material');
    expect(same.credit).toBeGreaterThan(family.credit);
    expect(family.credit).toBeGreaterThan(cousin.credit);
    expect([family.relation, cousin.relation]).toEqual(['sibling', 'sibling']);
    expect(fit('material.a380', 'material.adc12', 'material').credit).toBeGreaterThan(fit('material.al6061', 'material.adc12', 'material').credit);
  });

  it('does not take a material a process word only hints at (「铝合金压铸」) as worked', () => {
    const hinted = firm({ processes: '铝合金压铸;CNC加工', materials: 'PA66', certifications: 'IATF16949', annualOutputWan: 6000 });
    const s = scoreCandidate(lexicon, component({ materials: '铝合金' }), hinted);
    expect(s.factors.material.fits[0]?.met).toBe(false);
    expect(s.grade).toBe('none');
  });
});

describe('certification', () => {
  it('IATF 16949, AS9100 and ISO/TS 22163 each include ISO 9001; ISO 9001 does not stand in for them', () => {
    for (const including of ['certification.iatf16949', 'certification.as9100', 'certification.iso_ts22163']) {
      expect(fit('certification.iso9001', including, 'certification')).toMatchObject({ relation: 'narrower', met: true, credit: 1 });
    }
    const weaker = fit('certification.iatf16949', 'certification.iso9001', 'certification');
    expect(weaker.met).toBe(false);
    expect(weaker.credit).toBeLessThanOrEqual(0.3);
  });

  it('reads certificate wordings in the column and in the profile text', () => {
    const inText = firm({ processes: '压铸;CNC加工', materials: 'ADC12', annualOutputWan: 6000, description: '公司已通过IATF 16949:2016认证。' });
    expect(scoreCandidate(lexicon, component(), inText).grade).toBe('ready');
  });
});

describe('capacity', () => {
  it('is the firm output over the part value, in bands: ≥ 2 comfortable, 0.5–2 tight, < 0.5 far too small', () => {
    expect(capacityRatio(6000, 1000)).toBe(6);
    expect(capacityRatio(null, 1000)).toBeNull();
    expect(capacityRatio(6000, null)).toBeNull();
    expect([2, 1.99, 0.5, 0.49].map((r) => capacityBand(r, CONFIG))).toEqual(['comfortable', 'tight', 'tight', 'too_small']);
    expect(capacityBand(null, CONFIG)).toBe('unknown');
    expect(capacityCredit(2, CONFIG)).toBe(1);
    expect(capacityCredit(1.2, CONFIG)).toBeGreaterThan(capacityCredit(0.6, CONFIG));
    expect(capacityCredit(0.3, CONFIG)).toBeLessThan(0.5);
  });

  it('decides between ready, tight and no fit', () => {
    const grade = (output: number | null) => scoreCandidate(lexicon, component({ annualValueWan: 1000 }), readyDieCaster({ annualOutputWan: output })).grade;
    expect([grade(5000), grade(1200), grade(300), grade(null)]).toEqual(['ready', 'tight', 'none', 'tight']);
  });
});

describe('distance', () => {
  it('is the great-circle distance to the buyer, falling back to the region centre', () => {
    expect(haversineKm({ lat: 32.0447, lng: 112.1354 }, { lat: 32.6292, lng: 110.798 })).toBeCloseTo(141.5, 0);
    const near = readyDieCaster({ id: 301 });
    const regionOnly = readyDieCaster({ id: 302, lat: null, lng: null, regionName: '枣阳市', regionLat: 32.1289, regionLng: 112.771 });
    const f = computeFactors(lexicon, component(), regionOnly, CONFIG, new Map());
    expect(f.distance.km).toBeCloseTo(60.6, 0);
    expect(distanceCredit(0, 40)).toBe(1);
    expect(distanceCredit(40, 40)).toBe(0.5);
    expect(distanceCredit(null, 40)).toBe(0.5);
    expect(rankSuppliers(lexicon, component(), [regionOnly, near]).map((s) => s.enterpriseId)).toEqual([301, 302]);
  });
});

describe('track record', () => {
  it('sits at 0.5 without deals, rises with signed and supplying deals, falls with lost ones', () => {
    expect(trackRecordCredit(null)).toBe(0.5);
    expect(trackRecordCredit({ signed: 2, supplying: 1, lost: 0 })).toBeGreaterThan(0.7);
    expect(trackRecordCredit({ signed: 0, supplying: 0, lost: 3 })).toBeLessThan(0.3);
  });

  it('orders otherwise equal firms', () => {
    const a = readyDieCaster({ id: 401 });
    const b = readyDieCaster({ id: 402 });
    const records = new Map([[402, { signed: 1, supplying: 2, lost: 0 }], [401, { signed: 0, supplying: 0, lost: 2 }]]);
    expect(rankSuppliers(lexicon, component(), [a, b]).map((s) => s.enterpriseId)).toEqual([401, 402]);
    expect(rankSuppliers(lexicon, component(), [a, b], { trackRecords: records }).map((s) => s.enterpriseId)).toEqual([402, 401]);
  });
});

describe('tier', () => {
  it('prefers core and specialised firms slightly, without changing the grade', () => {
    expect(tierCredit('core')).toBeGreaterThan(tierCredit('specialized'));
    expect(tierCredit('specialized')).toBeGreaterThan(tierCredit('sme'));
    const sme = readyDieCaster({ id: 501, tier: 'sme' });
    const core = readyDieCaster({ id: 502, tier: 'core' });
    const ranked = rankSuppliers(lexicon, component(), [sme, core]);
    expect(ranked.map((s) => [s.enterpriseId, s.grade])).toEqual([[502, 'ready'], [501, 'ready']]);
  });
});

describe('grades follow the labelling rules (3 ready, 2 tight, 1 cultivate, 0 none)', () => {
  it('ready, tight, cultivate (no certificate or primary only), none (wrong material, too small, neither)', () => {
    const g = (over: Parameters<typeof readyDieCaster>[0]) => gradeOf(computeFactors(lexicon, component(), readyDieCaster(over), CONFIG, new Map()));
    expect(g({})).toBe('ready');
    expect(g({ annualOutputWan: 1500 })).toBe('tight');
    expect(g({ certifications: 'ISO 9001' })).toBe('cultivate');
    expect(g({ processes: '压铸' })).toBe('cultivate');
    expect(g({ processes: '压铸', certifications: '' })).toBe('none');
    expect(g({ materials: 'Q235' })).toBe('none');
    expect(g({ annualOutputWan: 200 })).toBe('none');
  });
});

describe('a material named only inside a product name', () => {
  const bag = () => component({ name: '吨袋', processes: '圆织;缝制', materials: 'PP', certificationsRequired: '', annualValueWan: 100 });

  it('confirms a material but never refutes one: 「兼做化肥编织袋」 is no list of what the firm works', () => {
    const bagMaker = firm({ id: 931, description: '本公司主营集装袋，兼做化肥编织袋。现有圆织机36台、缝纫机40台。', annualOutputWan: 2000 });
    const f = computeFactors(lexicon, bag(), bagMaker, CONFIG, new Map());
    expect(f.material.stated).toBe(false);
    const [ranked] = rankSuppliers(lexicon, bag(), [bagMaker], { scope: 'local' });
    expect(ranked!.missing.join('；')).not.toContain('材料不符');
    expect(ranked!.grade).toBe('tight');
  });

  it('neither does a material only hinted at by a process word: 「铝合金压铸」 lists no aluminium worked instead of PP', () => {
    const hinted = firm({ id: 933, processes: '圆织;缝制;铝合金压铸', annualOutputWan: 2000 });
    expect(hinted.materials.map((m) => m.evidence)).toEqual(['implied']);
    expect(computeFactors(lexicon, bag(), hinted, CONFIG, new Map()).material.stated).toBe(false);
  });

  it('still refutes when the firm lists what it works', () => {
    const listed = firm({ id: 932, materials: '铝合金', description: '公司主营集装袋，兼做化肥编织袋。现有圆织机36台、缝纫机40台。', annualOutputWan: 2000 });
    const [ranked] = rankSuppliers(lexicon, bag(), [listed], { scope: 'local' });
    expect(ranked!.grade).toBe('none');
    expect(ranked!.missing.join('；')).toContain('材料不符');
  });
});
