import { describe, expect, it } from 'vitest';
import { readCell, readDescription } from '../../server/matching/profile-text.ts';
import { descriptionWithoutName } from '../../server/matching/profile.ts';
import { requirementsFromComponent, requirementsFromText } from '../../server/matching/requirements.ts';
import { gradeCodeForms, processProductForms } from '../../server/matching/wording-variants.ts';
import { firm } from './fixtures.ts';
import { getLexicon } from '../../search/lexicon.ts';

const lexicon = getLexicon();

const ids = (caps: { conceptId: string }[]) => caps.map((c) => c.conceptId);

describe('reading a free-text profile clause by clause', () => {
  it('takes capabilities a firm claims, but not machines it builds', () => {
    const machineBuilder = readDescription(lexicon, '公司专业从事钣金加工、机器人焊接，主要产品包括热模锻设备、模锻机。');
    expect(ids(machineBuilder.processes)).toEqual(['process.sheet_metal', 'process.robotic_welding']);
    expect(ids(readDescription(lexicon, 'Builder of aluminium die casting machines and production lines.').processes)).toEqual([]);
    expect(ids(readDescription(lexicon, '拥有压铸机12台、五轴加工中心8台。').processes)).toContain('process.die_casting');
    expect(ids(readDescription(lexicon, '主要设备：热模锻生产线3条。').processes)).toEqual(['process.hot_die_forging']);
    // work done before a machine named later in the same item is work the firm does
    expect(ids(readDescription(lexicon, '精炼炉熔炼精炼后上连铸连轧机组，出8毫米铜杆').processes)).toContain('process.smelting');
  });

  it('does not read a product as a material the firm works when it lists its materials elsewhere', () => {
    expect(readDescription(lexicon, '公司主营医药中间体，具备有机合成能力。', true).materials).toEqual([]);
    // With no materials listed anywhere, the product is the best word on what the firm works.
    expect(readDescription(lexicon, '公司主营医药中间体，具备有机合成能力。').materials.map((m) => [m.conceptId, m.confidence]))
      .toEqual([['material.pharma_intermediate', 0.85]]);
    expect(ids(readDescription(lexicon, '主要产品为变速器壳体，常用材料ADC12、6061铝合金。').materials)).toEqual(['material.adc12', 'material.al6061']);
  });

  it('marks a material that only qualifies a process as a hint', () => {
    const text = readDescription(lexicon, '公司专业从事铝合金压铸、橡胶成型。');
    expect(text.materials.map((m) => [m.conceptId, m.evidence])).toEqual([['material.aluminum_alloy', 'implied'], ['material.rubber', 'implied']]);
  });

  it('keeps clauses about trade apart from production', () => {
    const trade = readDescription(lexicon, '代理各类压铸件及ADC12铝锭，现货批发，当天发货。');
    expect(trade.tradeClause).toBe(true);
    expect(trade.ownProcess).toBe(false);
    expect(readDescription(lexicon, '主营变速器壳体的研发、生产和销售，具备压铸能力。').tradeClause).toBe(false);
  });

  it('ignores what the firm\'s own name says', () => {
    expect(descriptionWithoutName('襄阳嘉禾复合材料有限公司', '襄阳嘉禾复合材料有限公司成立于2001年。')).toBe('本公司成立于2001年。');
    expect(firm({ name: '襄阳东昇塑胶有限公司', description: '襄阳东昇塑胶有限公司成立于2011年。' }).materials).toEqual([]);
  });
});

describe('wordings the lexicon does not spell out', () => {
  it('reads 「…铸件」「…锻件」 as the process, and grade codes behind a standard prefix', () => {
    expect(processProductForms('硅溶胶精密铸件')).toBe('硅溶胶精密铸造件');
    expect(processProductForms('压铸件、模锻件')).toBe('压铸件、模锻件');
    expect(gradeCodeForms('Al 6082, SAE 1045, AISI 304')).toBe('6082铝合金, 1045钢, 304不锈钢');
    expect(ids(readCell(lexicon, '硅溶胶精密铸件', 'process'))).toEqual(['process.investment_casting']);
    expect(ids(readCell(lexicon, 'AA6063', 'material'))).toEqual(['material.al6063']);
    expect(ids(readCell(lexicon, 'SAE 1045', 'material'))).toEqual(['material.steel_45']);
    expect(ids(readDescription(lexicon, '加工材质以Al 6082为主。').materials)).toEqual(['material.al6082']);
  });

  it('ties an unknown wording to the nearest concept with low confidence, and says it is loose', () => {
    const [near] = readCell(lexicon, '真空压铸', 'process');
    expect(near).toMatchObject({ conceptId: 'process.die_casting', evidence: 'contains' });
    const [loose] = readCell(lexicon, '铸铝件', 'process');
    expect(loose).toMatchObject({ conceptId: 'process.low_pressure_casting', evidence: 'similar' });
    expect(loose!.confidence).toBeLessThan(0.3);
    // Nothing alike: kept as its own wording, so the same odd wording on both sides still meets.
    expect(readCell(lexicon, '量子隧穿焊', 'process')).toMatchObject([{ conceptId: '~process:量子隧穿焊', evidence: 'similar' }]);
    // two Latin letters share one pair with many names: 「Mo」 (molybdenum) is not 「LMO」 (锰酸锂)
    expect(readCell(lexicon, 'Mo', 'material')).toMatchObject([{ conceptId: '~material:mo', evidence: 'similar' }]);
  });
});

describe('requirements', () => {
  it('of a component: one slot per list item, position 0 the primary process; an umbrella gives way to a specific concept', () => {
    const r = requirementsFromComponent(lexicon, { processes: 'PCBA贴片组装;功能测试', materials: 'FR-4', certificationsRequired: 'ISO 9001', description: '' });
    expect(r.filter((q) => q.kind === 'process').map((q) => [q.conceptId, q.position])).toEqual([['process.smt', 0], ['process.electronics_testing', 1]]);
  });

  it('of a component with empty columns: no process from inside the name of the material it is made of', () => {
    const r = requirementsFromComponent(lexicon, { processes: '', materials: '', certificationsRequired: '', description: '运动校服，涤棉针织面料，需自己裁剪缝制；面料可以外购。' });
    expect(r.filter((q) => q.kind === 'process').map((q) => q.conceptId)).not.toContain('process.knitting');
    expect(r.filter((q) => q.kind === 'process').map((q) => q.conceptId)).toContain('process.sewing');
    expect(r.filter((q) => q.kind === 'material').map((q) => q.conceptId)).toContain('material.knitted_fabric');
  });

  it('of a component with empty columns: read from its description, without materials that only qualify a process', () => {
    const r = requirementsFromComponent(lexicon, { processes: '', materials: '', certificationsRequired: '', description: '高压线束，材质T2紫铜，工艺：线束组装+塑胶注塑件，供应商须具备IATF 16949。' });
    expect(r.map((q) => q.conceptId)).toEqual(['process.wire_harness', 'process.injection_molding', 'material.pure_copper', 'certification.iatf16949']);
    expect(r[0]?.position).toBe(0);
  });

  it('of a demand listing: from title and description, in order of mention', () => {
    const r = requirementsFromText(lexicon, '求购铝合金压铸件', '需ADC12，要求IATF16949，年需求5万件。');
    expect(r.map((q) => [q.kind, q.conceptId, q.position])).toEqual([
      ['process', 'process.die_casting', 0], ['material', 'material.aluminum_alloy', 0], ['part', 'part.die_casting_part', 0],
      ['material', 'material.adc12', 1], ['certification', 'certification.iatf16949', 0],
    ]);
  });
});

describe('shop-floor wordings the lexicon reads', () => {
  it.each([
    ['process', '荧光检测', 'process.ndt'], ['process', 'FPI', 'process.ndt'], ['process', '磁粉检测', 'process.ndt'],
    ['process', '剑杆织', 'process.woven_weaving'],
    // flat and circular knitting are different machines and products (collars vs jersey), both knitting
    ['process', '电脑横机编织', 'process.flat_knitting'], ['process', '大圆机', 'process.circular_knitting'],
    // 「AB胶」 is a two-part adhesive, not ABS
    ['material', 'AB胶', 'material.adhesive'],
    // drying: vacuum and spray drying are two kinds of it, not one another
    ['process', '烘干', 'process.drying'], ['process', '真空干燥', 'process.vacuum_drying'], ['process', 'vacuum drying', 'process.vacuum_drying'],
    ['process', '双锥干燥', 'process.vacuum_drying'], ['process', '离心喷雾干燥', 'process.spray_drying'],
    ['process', '冷拉', 'process.wire_drawing'],
    // a two-part polyurethane is made from polyols and isocyanates: the firm lists those
    ['material', '聚醚多元醇', 'material.pu_raw'], ['material', 'MDI', 'material.pu_raw'],
    // flattening wire into ribbon is its rolling
    ['process', '铜丝压扁', 'process.calendering'],
    // verb before object, as a cable shop says it
    ['process', '压端子', 'process.crimping'], ['process', '挤护套', 'process.plastic_extrusion'],
    // epoxy powder applied by dipping in a fluidised bed is powder coating too
    ['process', '环氧粉末浸涂', 'process.powder_coating'],
  ] as const)('%s 「%s」 is %s', (kind, wording, conceptId) => {
    expect(ids(readCell(lexicon, wording, kind))).toEqual([conceptId]);
  });

  it('flat and circular knitting are both knitting, and each other\'s siblings', () => {
    expect(lexicon.satisfies('process.flat_knitting', 'process.knitting')).toBe(true);
    expect(lexicon.satisfies('process.circular_knitting', 'process.flat_knitting')).toBe(false);
    expect(lexicon.satisfies('process.vacuum_drying', 'process.spray_drying')).toBe(false);
    expect(lexicon.satisfies('process.spray_drying', 'process.drying')).toBe(true);
    expect(lexicon.satisfies('material.pu_raw', 'material.pu')).toBe(true);
  });
});
