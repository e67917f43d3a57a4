import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CONCEPT_KINDS, getLexicon, normalizeWording, splitList, type ConceptKind } from '../../search/lexicon.ts';

const lexicon = getLexicon();
const raw = JSON.parse(readFileSync(new URL('../../search/lexicon.json', import.meta.url), 'utf8')) as {
  concepts: { id: string; kind: ConceptKind; terms: string[]; broader?: string[]; includes?: string[] }[];
};
const DEV = new URL('../fixtures/dev-world/', import.meta.url);
const readDev = (file: string) =>
  parse(readFileSync(new URL(file, DEV)), { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];

/** The best concept a wording resolves to. */
const top = (wording: string, kind?: ConceptKind) => lexicon.resolve(wording, kind)[0];
const idOf = (wording: string, kind?: ConceptKind) => top(wording, kind)?.id;

describe('normalizeWording and splitList', () => {
  it('folds width, case, spacing, separators and standard years onto one key', () => {
    const keys = ['IATF 16949', 'IATF16949', 'iatf-16949:2016', 'ＩＡＴＦ１６９４９', 'IATF 16949：2016版'].map(normalizeWording);
    expect(new Set(keys)).toEqual(new Set(['iatf16949']));
    expect(normalizeWording('GB/T 19001-2016')).toBe('gbt19001');
    expect(normalizeWording('6061-T6')).toBe('6061t6');
    expect(normalizeWording('AA2024-T3')).toBe('aa2024t3');
    expect(normalizeWording('ZG270-500')).toBe('zg270500');
  });

  it('splits list cells but keeps standard names and grades whole', () => {
    expect(splitList('IATF16949；ISO 9001、GB/T 19001,PC/ABS，6061-T6;; ')).toEqual(['IATF16949', 'ISO 9001', 'GB/T 19001', 'PC/ABS', '6061-T6']);
    expect(splitList('ISO/TS 22163')).toEqual(['ISO/TS 22163']);
    // a note in brackets stays with its item; a bracket never closed keeps nothing together
    expect(splitList('过氧化氢 H2O2 27.5%（工业级，GB/T 1616）；双氧水')).toEqual(['过氧化氢 H2O2 27.5%（工业级，GB/T 1616）', '双氧水']);
    expect(splitList('压铸;热处理(外协, 淬火);CNC')).toEqual(['压铸', '热处理(外协, 淬火)', 'CNC']);
    expect(splitList('ISO 9001（认证中；IATF 16949')).toEqual(['ISO 9001（认证中', 'IATF 16949']);
    expect(splitList(' ')).toEqual([]);
  });
});

describe('resolve: wording variants land on one concept', () => {
  const groups: [ConceptKind, string, string[]][] = [
    ['certification', 'certification.iatf16949', ['IATF 16949', 'IATF16949', 'IATF16949:2016', 'iatf-16949', '汽车质量管理体系认证', 'TS16949']],
    ['certification', 'certification.iso9001', ['ISO9001', 'ISO 9001', 'GB/T 19001', 'GB/T19001-2016', '质量管理体系认证', 'ISO 9001:2015']],
    ['certification', 'certification.as9100', ['AS9100', 'AS9100D', 'AS 9100 D', '航空质量管理体系认证', 'EN 9100']],
    ['certification', 'certification.iso_ts22163', ['ISO/TS 22163', 'ISO/TS22163', 'IRIS', 'IRIS认证', '国际铁路行业标准认证']],
    ['certification', 'certification.gmp', ['GMP', '药品GMP认证', '药品生产质量管理规范']],
    ['process', 'process.die_casting', ['压铸', '高压铸造', '压力铸造', 'die casting', 'Die-Casting', '铝合金压铸', 'HPDC']],
    ['process', 'process.cnc_machining', ['CNC加工', '数控加工', 'CNC machining', 'cnc machined']],
    ['process', 'process.forging', ['锻造', 'forging', 'Forging']],
    ['process', 'process.sand_casting', ['砂型铸造', '砂铸', '树脂砂铸造', 'sand casting']],
    ['process', 'process.investment_casting', ['熔模铸造', '精密铸造', '失蜡铸造', 'investment casting', 'lost wax casting']],
    ['process', 'process.smt', ['SMT贴片', '表面贴装', '贴片加工', 'SMT']],
    ['process', 'process.wire_harness', ['线束加工', '线束总成', '电线束', 'wire harness', 'wiring harness']],
    ['material', 'material.ductile_iron', ['球墨铸铁', 'ductile iron', '球铁', 'nodular cast iron']],
    ['material', 'material.tc4', ['TC4钛合金', 'TC4', 'Ti-6Al-4V', 'Ti6Al4V']],
    ['material', 'material.carbon_fiber', ['碳纤维', 'carbon fiber', 'carbon fibre']],
    ['material', 'material.basalt_fiber', ['玄武岩纤维', 'basalt fiber']],
    ['material', 'material.pc_abs', ['PC/ABS', 'PC+ABS', 'pc-abs']],
    ['material', 'material.epdm', ['三元乙丙EPDM', 'EPDM', '三元乙丙橡胶']],
  ];
  it.each(groups)('%s %s', (kind, id, wordings) => {
    for (const w of wordings) expect([w, idOf(w, kind)]).toEqual([w, id]);
    expect(top(wordings[0] as string, kind)).toMatchObject({ confidence: 1, via: 'exact' });
  });

  it('finds grade codes and family through broader', () => {
    expect(idOf('ADC12', 'material')).toBe('material.adc12');
    expect(lexicon.ancestors('material.adc12')).toContain('material.aluminum_alloy');
    expect(idOf('球墨铸铁QT450', 'material')).toBe('material.qt450');
    expect(lexicon.satisfies('material.qt450', 'material.ductile_iron')).toBe(true);
    expect(idOf('45#钢', 'material')).toBe('material.steel_45');
    expect(idOf('45号钢', 'material')).toBe('material.steel_45');
  });
});

describe('satisfies and related', () => {
  it.each([
    ['certification.iatf16949', 'certification.iso9001', true], ['certification.iso9001', 'certification.iatf16949', false],
    ['certification.as9100', 'certification.iso9001', true], ['certification.iso_ts22163', 'certification.iso9001', true],
    ['certification.military_three', 'certification.iso9001', true], ['certification.cmmi5', 'certification.cmmi3', true],
    ['certification.high_tech_enterprise', 'certification.iso9001', false],
    ['process.hot_die_forging', 'process.forging', true], ['process.forging', 'process.hot_die_forging', false],
    ['process.die_casting', 'process.casting', true], ['process.die_casting', 'process.sand_casting', false],
    ['material.adc12', 'material.aluminum_alloy', true], ['material.aluminum_alloy', 'material.adc12', false],
  ] as const)('%s satisfies %s: %s', (held, required, expected) => {
    expect(lexicon.satisfies(held, required)).toBe(expected);
  });

  it('grades kinship without confusing distinct trades', () => {
    expect(lexicon.related('process.forging', 'process.hot_die_forging')).toBe('broader');
    expect(lexicon.related('process.tempering', 'process.quenching')).toBe('sibling');
    expect(lexicon.related('process.sand_casting', 'process.die_casting')).toBe('none');
    expect(lexicon.related('material.al6061', 'material.adc12')).toBe('sibling');
    expect(lexicon.related('process.cnc_machining', 'process.die_casting')).toBe('none');
  });
});

describe('resolve: wordings the lexicon does not hold', () => {
  it('reads a known term inside a longer wording', () => {
    expect(top('真空压铸', 'process')).toMatchObject({ id: 'process.die_casting', via: 'contains', confidence: 0.85 });
    expect(idOf('精密数控车削', 'process')).toBe('process.turning');
    expect(lexicon.satisfies(idOf('铝合金低压铸造件', 'process') ?? '', 'process.casting')).toBe(true);
    expect(lexicon.resolve('CNC turning', 'process').map((m) => m.id)).toEqual(expect.arrayContaining(['process.turning']));
    expect(idOf('激光切割加工服务', 'process')).toBe('process.laser_cutting');
  });

  it('files screen and pad printing under printing, ethylene oxide as no epoxy, class societies, heat sealing', () => {
    expect(lexicon.satisfies('process.screen_printing', 'process.printing')).toBe(true);
    expect(lexicon.satisfies('process.printing', 'process.screen_printing')).toBe(false);
    expect(lexicon.extract('环氧乙烷灭菌', ['material']).map((m) => m.id)).toEqual(['material.ethylene_oxide']);
    // class societies' approvals, in the ways firms write them
    expect(lexicon.resolve('DNV·GL 证书', 'certification').map((m) => m.id)).toEqual(['certification.dnv']);
    expect(lexicon.resolve('中国船级社认证', 'certification').map((m) => m.id)).toEqual(['certification.ccs']);
    expect(lexicon.resolve('刷漆', 'process').map((m) => m.id)).toEqual(['process.painting']);
    // minerals work: roasting and calcining, leaching, lithium ores (锂云母 is no mica insulation)
    expect(lexicon.resolve('焙烧浸出', 'process').map((m) => m.id).sort()).toEqual(['process.calcination', 'process.leaching']);
    expect(lexicon.resolve('石灰立窑煅烧', 'process').map((m) => m.id)).toEqual(['process.calcination']);
    expect(lexicon.resolve('锂云母', 'material').map((m) => m.id)).toEqual(['material.lithium_ore']);
    expect(lexicon.resolve('数控刃磨', 'process').map((m) => m.id)).toEqual(['process.grinding']);
    // a CNC turret punches holes and blanks: 「数控冲孔线」 meets 冲孔
    expect(lexicon.satisfies('process.cnc_punching', 'process.blanking')).toBe(true);
    // polyester fibre is spun from PET chips: a firm listing 涤纶 works PET
    expect(lexicon.satisfies('material.polyester_fiber', 'material.pet_plastic')).toBe(true);
    // chip spinning is melt spinning of fibre
    expect(lexicon.resolve('切片纺', 'process').map((m) => m.id)).toEqual(['process.fiber_spinning']);
    // 「PC阻燃料」 is a flame-retardant compound, no fuel
    expect(lexicon.extract('PC阻燃料（V0）', ['material']).map((m) => m.id)).not.toContain('material.fuel');
    expect(lexicon.resolve('液氨（外购）', 'material').map((m) => m.id)).toEqual(['material.ammonia']);
    // ethanol is written 酒精 too, and is no methanol
    expect(lexicon.resolve('食用酒精', 'material').map((m) => m.id)).toEqual(['material.ethanol']);
    expect(lexicon.related('material.methanol', 'material.ethanol')).toBe('sibling');
    // coal as a word of its own, not inside 煤矸石 or 粉煤灰; gas making from coal
    expect(lexicon.resolve('煤', 'material').map((m) => m.id)).toEqual(['material.coal']);
    expect(lexicon.extract('煤矸石', ['material']).map((m) => m.id)).not.toContain('material.coal');
    expect(lexicon.resolve('水煤浆气化', 'process').map((m) => m.id)).toEqual(['process.gasification']);
    // heat sealing and punch cutting, as battery-tab and sachet makers write them
    expect(lexicon.resolve('极耳胶热封', 'process').map((m) => m.id)).toEqual(['process.heat_sealing']);
    expect(lexicon.satisfies(lexicon.resolve('冲切', 'process')[0]!.id, 'process.stamping')).toBe(true);
  });

  it('gives a compound wording all the concepts it names when no kind is asked', () => {
    const ids = lexicon.resolve('铝合金压铸').map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['process.die_casting', 'material.aluminum_alloy']));
    expect(lexicon.resolve('铝合金压铸', 'process').map((m) => m.id)).toEqual(['process.die_casting']);
  });

  it('falls back to fuzzy matching for misspellings, below containment confidence', () => {
    const typo = top('阳级氧化', 'process');
    expect(typo).toMatchObject({ id: 'process.anodizing', via: 'fuzzy' });
    expect(typo?.confidence).toBeLessThanOrEqual(0.7);
    expect(top('machinning', 'process')?.via).toBe('fuzzy');
    // Digits are never bent: a different standard or grade is not a typo.
    expect(idOf('AS9120', 'certification')).toBe('certification.as9120');
    expect(top('6062', 'material')?.via).toBe('unknown');
    // another word one letter shorter is no typo
    expect(top('lamination', 'process')?.id).not.toBe('process.amination');
  });

  it('keeps an unknown wording as a ~ concept instead of dropping it', () => {
    const [m, ...rest] = lexicon.resolve('  量子隧穿焊  ', 'process');
    expect(rest).toEqual([]);
    expect(m).toMatchObject({ id: '~process:量子隧穿焊', kind: 'process', via: 'unknown', confidence: 0.5, text: '量子隧穿焊' });
    expect(lexicon.label('~process:量子隧穿焊')).toBe('量子隧穿焊');
    expect(lexicon.resolve('无', 'process')).toEqual([]);
  });
});

describe('extract from free text', () => {
  it('finds processes, certificates and materials in a description', () => {
    const text = '公司专业从事精密铸造，通过IATF 16949认证，主要材料为ADC12。';
    const found = lexicon.extract(text);
    const ids = found.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['process.investment_casting', 'certification.iatf16949', 'material.adc12']));
    expect(found.every((m) => m.confidence === 0.9)).toBe(true);
    expect(found.find((m) => m.id === 'material.adc12')?.text).toBe('ADC12');
    expect(lexicon.satisfies('material.adc12', 'material.aluminum_alloy')).toBe(true);
  });

  it('knows the rail, electronics and pharma certificates buyers ask for, and DMF the solvent is no DMF filing', () => {
    expect(idOf('EN45545-2', 'certification')).toBe('certification.en45545');
    expect(idOf('ESD S20.20', 'certification')).toBe('certification.esd_s2020');
    expect(idOf('CEP证书', 'certification')).toBe('certification.cep');
    expect(lexicon.extract('产品已完成美国DMF备案').map((m) => m.id)).toContain('certification.dmf');
    expect(lexicon.extract('主要产品DMF、DMAC').map((m) => m.id)).not.toContain('certification.dmf');
  });

  it('knows common grades real firms write: 440C, wear plate, PPR, bioplastics, H2O2, PV pastes and ribbons', () => {
    expect(idOf('9Cr18', 'material')).toBe('material.ss440');
    expect(lexicon.satisfies('material.ss440', 'material.martensitic_stainless')).toBe(true);
    expect(idOf('NM400', 'material')).toBe('material.wear_resistant_steel');
    expect(idOf('B50A470', 'material')).toBe('material.electrical_steel');
    expect(lexicon.satisfies(idOf('PP-R', 'material')!, 'material.pp')).toBe(true);
    expect([idOf('聚乳酸', 'material'), idOf('PBAT', 'material'), idOf('双氧水', 'material'), idOf('导电银浆', 'material'), idOf('涂锡焊带', 'material')])
      .toEqual(['material.pla', 'material.pbat', 'material.hydrogen_peroxide', 'material.silver_paste', 'material.pv_ribbon']);
  });

  it('respects Latin word boundaries and plurals', () => {
    expect(lexicon.extract('We supply spare parts worldwide.').map((m) => m.id)).not.toContain('material.pp');
    expect(lexicon.extract('PP、PA66+GF30注塑件').map((m) => m.id)).toEqual(expect.arrayContaining(['material.pp', 'material.pa66']));
    expect(lexicon.extract('具备CNC加工能力').map((m) => m.id)).toContain('process.cnc_machining');
    expect(lexicon.extract('We make aluminium die castings and forgings.').map((m) => m.id))
      .toEqual(expect.arrayContaining(['process.die_casting', 'material.aluminum_alloy', 'part.forging_part']));
    expect(lexicon.extract('QT450-10球铁件', ['process'])).toEqual([]);
  });

  it('prefers the longest term and filters by kind', () => {
    expect(lexicon.extract('铝合金低压铸造', ['process']).map((m) => m.id)).toEqual(['process.low_pressure_casting']);
    expect(lexicon.extract('已通过ISO9001、AS9100D认证', ['certification']).map((m) => m.id))
      .toEqual(['certification.iso9001', 'certification.as9100']);
  });

  it('never reads a term across list or sentence punctuation', () => {
    const ids = lexicon.extract('主要工艺：压铸、模具；表面氧化，铝件。').map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['process.die_casting', 'part.mould']));
    expect(ids).not.toContain('material.alumina_ceramic');
    expect(lexicon.extract('IATF 16949、质量管理体系').map((m) => m.id)).toEqual(['certification.iatf16949', 'certification.iso9001']);
  });

  it('runs 10,000 listing texts well within budget', () => {
    const samples = ['承接电泳涂装加工，材料：40Cr合金钢。', '供应ECU电路板（现货代理），材料：电子元器件。', 'battery pack产能对外开放，材料：磷酸铁锂电芯。',
      '公司专业从事热模锻、注射成型，主要产品包括仪表台骨架，已通过IATF 16949、ISO 9001认证。'];
    const started = performance.now();
    let hits = 0;
    for (let i = 0; i < 10_000; i++) hits += lexicon.extract(`${samples[i % samples.length]} 编号${i}`).length;
    expect(hits).toBeGreaterThan(20_000);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});

describe('lexicon.json integrity', () => {
  const ids = new Set(raw.concepts.map((c) => c.id));

  it('has several hundred concepts of every kind with unique ids', () => {
    expect(ids.size).toBe(raw.concepts.length);
    for (const kind of CONCEPT_KINDS) expect(raw.concepts.filter((c) => c.kind === kind).length).toBeGreaterThanOrEqual(80);
    expect(raw.concepts.length).toBeGreaterThanOrEqual(500);
  });

  it('points broader and includes at existing concepts, without cycles', () => {
    for (const c of raw.concepts) {
      for (const ref of [...(c.broader ?? []), ...(c.includes ?? [])]) expect([c.id, ids.has(ref)]).toEqual([c.id, true]);
      for (const ref of c.broader ?? []) expect(ref.split('.')[0]).toBe(c.kind);
      expect(lexicon.ancestors(c.id)).not.toContain(c.id);
      expect(lexicon.satisfies(c.id, c.id)).toBe(true);
    }
    expect(raw.concepts.filter((c) => c.includes).every((c) => c.kind === 'certification')).toBe(true);
  });

  it('gives every term a key, owned by one concept per kind, that resolves back exactly', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const c of raw.concepts) {
      for (const term of c.terms) {
        const key = normalizeWording(term.replace(/^=/, ''));
        expect([c.id, term, key.length > 0]).toEqual([c.id, term, true]);
        const prev = owner.get(`${c.kind}:${key}`);
        if (prev && prev !== c.id) clashes.push(`${key}: ${prev} / ${c.id}`);
        owner.set(`${c.kind}:${key}`, c.id);
        const m = lexicon.resolve(term.replace(/^=/, ''), c.kind);
        if (!m.some((x) => x.id === c.id && x.via === 'exact' && x.confidence === 1)) clashes.push(`${term} ↛ ${c.id}`);
      }
    }
    expect(clashes).toEqual([]);
  });
});

describe('dev dataset wordings', () => {
  const enterprises = readDev('enterprises.csv');
  const components = readDev('components.csv');

  it('reads the dev world kept in the repository', () => {
    expect(existsSync(DEV)).toBe(true);
    expect(enterprises.length).toBeGreaterThan(100);
    expect(components.length).toBeGreaterThan(50);
  });

  it('resolves every structured list item exactly', () => {
    const columns: [Record<string, string>[], string, ConceptKind][] = [
      [enterprises, 'processes', 'process'], [enterprises, 'materials', 'material'], [enterprises, 'certifications', 'certification'],
      [components, 'processes', 'process'], [components, 'materials', 'material'], [components, 'certifications_required', 'certification'],
    ];
    const misses = new Set<string>();
    let items = 0;
    for (const [rows, column, kind] of columns) {
      for (const row of rows) for (const item of splitList(row[column] ?? '')) {
        items++;
        if (top(item, kind)?.via !== 'exact') misses.add(`${column}: ${item}`);
      }
    }
    expect(items).toBeGreaterThan(1000);
    expect([...misses]).toEqual([]);
  });

  it('knows what every component is (a part, or a material bought as one)', () => {
    const unknown = components.filter((c) => top(c.name ?? '')?.via === 'unknown').map((c) => c.name);
    expect(unknown).toEqual([]);
    expect(idOf('医药中间体')).toBe('material.pharma_intermediate');
    expect(idOf('驱动电机定子', 'part')).toBe('part.stator');
  });

  // Wordings written from domain knowledge; the first check proves none of them is in the sample.
  const unseen: [string, string][] = [
    ['铝合金重力铸造', 'process.gravity_casting'], ['消失模铸造', 'process.lost_foam_casting'], ['覆膜砂铸造', 'process.sand_casting'], ['硅溶胶精铸', 'process.investment_casting'],
    ['冷镦成型', 'process.cold_heading'], ['精密冲压', 'process.stamping'], ['数控折弯', 'process.bending'], ['TIG焊', 'process.tig_welding'],
    ['二保焊', 'process.gas_shielded_welding'], ['CO2气体保护焊', 'process.gas_shielded_welding'], ['搅拌摩擦焊', 'process.friction_stir_welding'], ['高频淬火', 'process.induction_hardening'],
    ['离子氮化', 'process.nitriding'], ['QPQ处理', 'process.nitriding'], ['达克罗涂覆', 'process.dacromet'], ['静电喷塑', 'process.powder_coating'],
    ['阴极电泳', 'process.electrophoretic_coating'], ['镀硬铬', 'process.chrome_plating'], ['化学镀镍', 'process.nickel_plating'], ['热浸镀锌', 'process.hot_dip_galvanizing'],
    ['喷砂处理', 'process.shot_blasting'], ['hard anodizing', 'process.hard_anodizing'], ['双色注塑', 'process.overmolding'], ['吹塑成型', 'process.blow_molding'],
    ['液态硅胶成型', 'process.rubber_injection'], ['SMC模压', 'process.smc_molding'], ['RTM成型', 'process.rtm'], ['SLM金属打印', 'process.slm'],
    ['MIM金属注射成型', 'process.mim'], ['慢走丝线切割', 'process.wire_edm'], ['五轴联动加工', 'process.five_axis_machining'], ['走心机加工', 'process.turning'],
    ['数控铣削', 'process.milling'], ['无心磨', 'process.centerless_grinding'], ['剃齿', 'process.gear_shaving'], ['强力刮齿', 'process.gear_skiving'],
    ['gear grinding', 'process.gear_grinding'], ['回流焊', 'process.reflow_soldering'], ['DIP插件', 'process.dip_insertion'], ['波峰焊接', 'process.wave_soldering'],
    ['邦定', 'process.cob_bonding'], ['PCB制板', 'process.pcb_fabrication'], ['成衣缝制', 'process.garment_making'], ['喷气织造', 'process.woven_weaving'],
    ['数码印花', 'process.textile_printing'], ['冻干粉针', 'process.lyophilization'], ['无菌灌装', 'process.aseptic_filling'], ['中药提取', 'process.extraction'],
    ['微生物发酵', 'process.fermentation'], ['报废汽车拆解', 'process.dismantling'], ['动力电池梯次利用', 'process.battery_recycling'], ['MES系统实施', 'process.mes'],
    ['数据标注', 'process.data_labeling'], ['机器视觉检测', 'process.machine_vision'], ['electroless nickel plating', 'process.nickel_plating'], ['investment castings', 'process.investment_casting'],
    ['sandblasting', 'process.shot_blasting'], ['CNC milling', 'process.milling'], ['hot dip galvanising', 'process.hot_dip_galvanizing'], ['真空压铸', 'process.die_casting'],
    ['42CrMoA', 'material.steel_42crmo'], ['20CrMnTiH', 'material.steel_20crmnti'], ['SCM440', 'material.steel_42crmo'], ['SPCC冷轧板', 'material.spcc'],
    ['DC04', 'material.dc04'], ['DP780', 'material.dual_phase_steel'], ['22MnB5', 'material.press_hardened_steel'], ['Q345B', 'material.q345'],
    ['SUS304', 'material.ss304'], ['2Cr13', 'material.stainless_steel'], ['A356-T6', 'material.a356'], ['ZL101A', 'material.cast_aluminum'],
    ['AlSi10Mg', 'material.alsi10mg'], ['7075-T651', 'material.al7075'], ['5052-H32', 'material.al5052'], ['H62黄铜', 'material.brass'],
    ['T2紫铜', 'material.pure_copper'], ['QT500-7', 'material.ductile_iron'], ['HT200', 'material.gray_iron'], ['TA2', 'material.titanium_alloy'],
    ['GH4169', 'material.superalloy'], ['PA6-GF30', 'material.pa6'], ['PA66+GF30', 'material.pa66'], ['聚丙烯', 'material.pp'],
    ['POM', 'material.pom'], ['PEEK', 'material.peek'], ['Viton', 'material.fkm'], ['硅胶', 'material.silicone_rubber'],
    ['芳纶纤维', 'material.aramid'], ['T700碳纤维', 'material.carbon_fiber'], ['涤纶长丝', 'material.polyester_fiber'], ['氨纶', 'material.spandex'],
    ['精梳棉', 'material.cotton'], ['锦纶', 'material.nylon_fiber'], ['原料药', 'material.api'], ['药用辅料', 'material.excipient'],
    ['电解液', 'material.electrolyte'], ['正极材料', 'material.cathode_material'], ['湿法隔膜', 'material.separator'], ['电解铜箔', 'material.copper_foil'],
    ['单晶硅片', 'material.silicon_wafer'], ['ArF光刻胶', 'material.photoresist'], ['球墨铸铁QT600', 'material.qt600'], ['stainless steel 316L', 'material.ss316l'],
    ['SGCC镀锌板', 'material.coated_steel'], ['硅钢片', 'material.electrical_steel'], ['钕铁硼磁钢', 'material.ndfeb'], ['aluminium alloy', 'material.aluminum_alloy'],
    ['ISO 14001:2015', 'certification.iso14001'], ['OHSAS18001', 'certification.iso45001'], ['ISO13485', 'certification.iso13485'], ['GJB 9001C-2017', 'certification.gjb9001'],
    ['NADCAP热处理认证', 'certification.nadcap'], ['EN 15085-2 CL1', 'certification.en15085'], ['CCC认证', 'certification.ccc'], ['CE认证', 'certification.ce'],
    ['UL认证', 'certification.ul'], ['RoHS 2.0', 'certification.rohs'], ['CMMI3级', 'certification.cmmi3'], ['ISO/IEC 27001:2013', 'certification.iso27001'],
    ['两化融合管理体系评定', 'certification.two_integration'], ['国家高新技术企业', 'certification.high_tech_enterprise'], ['OEKO-TEX Standard 100', 'certification.oeko_tex'], ['GRS认证', 'certification.grs'],
    ['兽药GMP', 'certification.vet_gmp'], ['cGMP', 'certification.gmp'], ['AS9100 Rev D', 'certification.as9100'], ['GB/T 24001-2016', 'certification.iso14001'],
    ['GB/T 45001-2020', 'certification.iso45001'], ['ISO 9001:2015质量管理体系认证', 'certification.iso9001'], ['通风盘', 'part.brake_disc'], ['转向节总成', 'part.steering_knuckle'],
    ['铝合金轮毂', 'part.wheel'], ['副车架', 'part.subframe'], ['下摆臂', 'part.control_arm'], ['O型密封圈', 'part.o_ring'],
    ['骨架油封', 'part.oil_seal'], ['高强度螺栓', 'part.bolt'], ['行星齿轮', 'part.gear'], ['IGBT模块', 'part.igbt_module'],
    ['液冷板', 'part.cold_plate'], ['高压线束', 'part.wire_harness'], ['steering knuckles', 'part.steering_knuckle'], ['brake discs', 'part.brake_disc'],
  ];

  it('holds generalisation wordings that the sample does not contain', () => {
    expect(unseen.length).toBeGreaterThanOrEqual(60);
    const columns = ['name', 'products', 'processes', 'materials', 'certifications', 'certifications_required', 'description'];
    const sample = [...enterprises, ...components].flatMap((r) => columns.map((c) => r[c] ?? '')).join('\n').toLowerCase();
    expect(unseen.filter(([w]) => sample.includes(w.toLowerCase()))).toEqual([]);
  });

  it('resolves each generalisation wording to the concept it means (or a narrower one)', () => {
    const wrong = unseen.flatMap(([wording, want]) => {
      const kind = want.split('.')[0] as ConceptKind;
      const best = top(wording, kind);
      return best && best.via !== 'unknown' && lexicon.satisfies(best.id, want) ? [] : [`${wording} → ${best?.id} (want ${want})`];
    });
    expect(wrong).toEqual([]);
  });
});

describe('search support, chains and regions', () => {
  it('expands a query term to all wordings of its concept', () => {
    expect(lexicon.expandTerm('高压铸造')).toEqual(expect.arrayContaining(['压铸', 'die casting', '压力铸造']));
    expect(lexicon.expandTerm('完全没听过的词')).toEqual([]);
    const groups = lexicon.synonymGroups();
    expect(groups.some((g) => g.includes('IATF 16949') && g.includes('汽车质量管理体系认证'))).toBe(true);
    expect(groups.every((g) => g.length >= 2 && g.every((t) => !t.startsWith('=')))).toBe(true);
    expect(groups.flat()).not.toContain('API');
  });

  it('names chains from any of their wordings', () => {
    for (const w of ['汽车产业链', '汽车', 'automotive', '汽车产业']) expect(lexicon.chain(w)).toEqual({ id: 'auto', name: '汽车产业链' });
    expect(lexicon.chain('人工智能')?.id).toBe('ai');
    expect(lexicon.chain('新能源汽车')).toBeUndefined();
    expect(lexicon.chains()).toHaveLength(13);
  });

  it('places regions from names, aliases and addresses', () => {
    expect(lexicon.region('襄阳高新区')).toMatchObject({ code: '420671', kind: 'local' });
    expect(lexicon.region('高新区')?.code).toBe('420671');
    expect(lexicon.region('湖北省襄阳市樊城区春园路12号')?.name).toBe('樊城区');
    expect(lexicon.region('十堰')?.kind).toBe('cluster');
    expect(lexicon.region('武汉东湖高新区')?.name).toBe('武汉市');
    expect(lexicon.region('火星')).toBeUndefined();
  });
});
