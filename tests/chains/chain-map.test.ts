import { describe, expect, it } from 'vitest';
import { buildChainMap, coverageOf, NOMINAL_WEIGHT, type MapPart } from '../../server/chains/chain-map.ts';
import { placePart } from '../../server/chains/classify.ts';

const part = (o: Partial<MapPart> & Pick<MapPart, 'componentId' | 'coverage'>): MapPart => ({
  ref: `C${o.componentId}`, name: `件${o.componentId}`, valueWan: 100, buyerId: 1, buyerName: '甲',
  material: { key: 'material.aluminum_alloy', label: '铝合金' }, part: { key: 'part.housing', label: '壳体' }, assembly: null, ...o,
});

describe('the chain map', () => {
  it('lays each part out from material to part to assembly to chain leader, summing values per node and link', () => {
    const map = buildChainMap([
      part({ componentId: 1, coverage: 'local', valueWan: 300 }),
      part({ componentId: 2, coverage: 'gap', valueWan: 500, buyerId: 2, buyerName: '乙', part: { key: 'part.steering_knuckle', label: '转向节' }, assembly: { key: 'part.chassis_part', label: '底盘件' } }),
      part({ componentId: 3, coverage: 'cultivation', valueWan: 200, material: null }),
      part({ componentId: 4, coverage: 'attraction', valueWan: null, buyerId: 2, buyerName: '乙' }),
    ]);
    expect(map.nodes.map((n) => [n.key, n.level, n.label, n.valueWan, n.weight, n.coverage])).toEqual([
      ['m:material.aluminum_alloy', 'material', '铝合金', 800, 800 + NOMINAL_WEIGHT, 'gap'],
      ['m:none', 'material', '材料未列明', 200, 200, 'cultivation'],
      ['p:part.housing', 'part', '壳体', 500, 500 + NOMINAL_WEIGHT, 'local'],
      ['p:part.steering_knuckle', 'part', '转向节', 500, 500, 'gap'],
      ['a:none', 'assembly', '其他零部件', 500, 500 + NOMINAL_WEIGHT, 'local'],
      ['a:part.chassis_part', 'assembly', '底盘件', 500, 500, 'gap'],
      ['l:2', 'leader', '乙', 500, 500 + NOMINAL_WEIGHT, 'gap'],
      ['l:1', 'leader', '甲', 500, 500, 'local'],
    ]);
    expect(map.nodes.find((n) => n.key === 'p:part.housing')!.breakdown).toEqual({ local: 300, cultivation: 200, attraction: 0, gap: 0 });
    expect(map.links).toContainEqual({ source: 'm:material.aluminum_alloy', target: 'p:part.housing', weight: 300 + NOMINAL_WEIGHT, coverage: 'local' });
    expect(map.links).toContainEqual({ source: 'a:none', target: 'l:2', weight: NOMINAL_WEIGHT, coverage: 'attraction' });
    // every part's weight flows through each level once
    for (const from of ['m:', 'p:', 'a:']) {
      expect(map.links.filter((l) => l.source.startsWith(from)).reduce((s, l) => s + l.weight, 0), from).toBeCloseTo(1000 + NOMINAL_WEIGHT, 5);
    }
  });

  it('colours a part local first, then cultivation, attraction, gap', () => {
    expect(coverageOf({ localised: true, qualifiedLocal: 0, cultivation: true, inProject: true })).toBe('local');
    expect(coverageOf({ localised: false, qualifiedLocal: 2, cultivation: false, inProject: false })).toBe('local');
    expect(coverageOf({ localised: false, qualifiedLocal: 0, cultivation: true, inProject: true })).toBe('cultivation');
    expect(coverageOf({ localised: false, qualifiedLocal: 0, cultivation: false, inProject: true })).toBe('attraction');
    expect(coverageOf({ localised: false, qualifiedLocal: 0, cultivation: false, inProject: false })).toBe('gap');
  });

  it('places a part by the lexicon: its concept, its broadest family, its material family', () => {
    expect(placePart('刹车盘', 'HT250灰铁')).toMatchObject({ part: { key: 'part.brake_disc', label: '制动盘' }, assembly: { key: 'part.chassis_part' } });
    expect(placePart('车轮螺栓', '40Cr合金钢;35钢').material).toEqual({ key: 'material.structural_steel', label: '结构钢' });
    expect(placePart('医药中间体', '')).toEqual({ part: { key: '~医药中间体', label: '医药中间体' }, assembly: null, material: null });
  });
});
