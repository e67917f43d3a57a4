import { describe, expect, it } from 'vitest';
import { groupTargets, supplierKey, type TargetPartRow } from '../../server/attraction/targets.ts';

let seq = 0;
function part(o: Partial<TargetPartRow> & Pick<TargetPartRow, 'supplier' | 'valueWan'>): TargetPartRow {
  seq++;
  return {
    componentId: seq, ref: `C${String(seq).padStart(3, '0')}`, name: `件${seq}`, chainId: 'auto', buyerId: 1, buyerUscc: 'A', buyerName: '甲',
    buyerRegionCode: '420607', supplierRegion: '苏州市', supplierRegionKind: 'outside', state: 'open', qualifiedLocal: 0, ...o,
  };
}

describe('attraction targets', () => {
  it('group parts by supplier (spacing, width and case folded), sum their value, largest first', () => {
    const rows = [
      part({ supplier: '苏州嘉隆实业有限公司', valueWan: 300 }),
      part({ supplier: '苏州嘉隆实业有限公司 ', valueWan: 200, buyerId: 2, buyerUscc: 'B', buyerName: '乙', chainId: 'equipment' }),
      part({ supplier: '宁波Ａ公司', valueWan: 450, supplierRegion: '宁波市' }),
      part({ supplier: '宁波a公司', valueWan: null, supplierRegion: '宁波市' }),
      part({ supplier: '十堰东风配套厂', valueWan: 100, supplierRegion: '十堰市', supplierRegionKind: 'cluster' }),
    ];
    const { targets } = groupTargets(rows);
    expect(targets.map((t) => [t.supplier, t.annualValueWan, t.parts.length])).toEqual([
      ['苏州嘉隆实业有限公司', 500, 2], ['宁波Ａ公司', 450, 2], ['十堰东风配套厂', 100, 1],
    ]);
    expect(targets[0]!.buyers.map((b) => b.uscc)).toEqual(['A', 'B']);
    expect(targets[0]!.chains).toEqual(['auto', 'equipment']);
    expect(targets[0]!.parts.map((p) => p.valueWan)).toEqual([300, 200]);
    expect(targets[2]).toMatchObject({ region: '十堰市', regionKind: 'cluster' });
    expect(supplierKey(' 宁波Ａ（集团）公司')).toBe(supplierKey('宁波a(集团)公司'));
  });

  it('leave out localised and signed parts (listed apart), local suppliers, and list unnamed suppliers as gaps', () => {
    const rows = [
      part({ supplier: '武汉恒达实业有限公司', valueWan: 900, state: 'localised' }),
      part({ supplier: '武汉恒达实业有限公司', valueWan: 100 }),
      part({ supplier: '上海甲公司', valueWan: 800, state: 'signed' }),
      part({ supplier: '襄阳本地厂', valueWan: 700, supplierRegion: '樊城区', supplierRegionKind: 'local' }),
      part({ supplier: '', valueWan: 600 }),
      part({ supplier: ' ', valueWan: 50, state: 'localised' }),
    ];
    const list = groupTargets(rows);
    expect(list.targets.map((t) => [t.supplier, t.annualValueWan])).toEqual([['武汉恒达实业有限公司', 100]]);
    expect(list.settled.map((p) => [p.supplier, p.state])).toEqual([['武汉恒达实业有限公司', 'localised'], ['上海甲公司', 'signed']]);
    expect(list.unnamed.map((p) => p.valueWan)).toEqual([600]);
  });
});
