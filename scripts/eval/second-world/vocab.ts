/**
 * The vocabulary of the second labelled world: trades, material families and certificates, each
 * with wordings the dev world does not use (English, grade codes from other standards, standard
 * numbers with years, 「…件」「…加工」 variants). Truth is kept as keys here, independent of the
 * project's lexicon, so the labels measure the lexicon rather than echo it.
 */

/** A trade: firms holding the same key can do the same work, whatever they call it. */
export const PROCESSES = {
  hpdc: ['铝合金压铸件', 'HPDC', 'aluminium die-casting', '压铸件生产', '精密压铸加工', 'die-cast components'],
  cnc: ['CNC precision machining', '数控车铣加工', '加工中心加工', '精密机加件', 'CNC machined parts', '数控机加工'],
  forging: ['闭式模锻件', 'hot forging', '锻件生产', 'closed-die forging', '精锻件', '热锻成形'],
  heat: ['调质处理', 'quench and temper', '渗碳淬火处理', 'induction hardening', '真空热处理', '热处理加工'],
  zinc: ['电镀锌', 'zinc electroplating', '镀锌处理', '碱性镀锌'],
  stamping: ['五金冲压件', 'metal stamping', '级进模冲压件', '冲压成形'],
  welding: ['MIG/MAG焊接', 'robotic welding', '焊接件加工', 'TIG焊接'],
  injection: ['塑胶注塑件', 'plastic injection moulding', '注塑成型加工', '注塑件生产'],
  smt: ['SMT贴装', 'PCBA贴片组装', 'surface-mount assembly', 'SMT加工'],
  anodize: ['阳极氧化处理', 'anodising', '硬质氧化', 'hard anodizing'],
  sand: ['树脂砂铸件', 'sand castings', '砂型铸件', '湿型砂铸造'],
  investment: ['失蜡精铸件', 'investment castings', '硅溶胶精密铸件', 'lost-wax casting'],
  gear: ['滚齿加工', 'gear hobbing', '磨齿加工', '齿轮制造'],
  composite: ['热压罐固化', 'autoclave curing', 'prepreg layup', '碳纤维复材成型'],
  synthesis: ['医药中间体合成', 'organic synthesis', '化学合成工艺', '有机合成反应'],
  harness: ['线束组装', 'cable harness assembly', '线束总成加工', 'wire harness'],
  coating: ['静电喷粉', 'powder coating', '喷漆涂装', '喷涂加工'],
  sheet: ['钣金制作', 'sheet-metal fabrication', '薄板钣金加工'],
  assembly: ['总装调试', 'final assembly', '部件装配'],
} as const;
export type ProcessKey = keyof typeof PROCESSES;

/** English phrases for descriptions written in English. */
export const PROCESS_EN: Record<ProcessKey, string> = {
  hpdc: 'aluminium die casting', cnc: 'CNC machining', forging: 'closed-die forging', heat: 'heat treatment',
  zinc: 'zinc plating', stamping: 'metal stamping', welding: 'robotic welding', injection: 'injection moulding',
  smt: 'SMT assembly', anodize: 'anodising', sand: 'sand casting', investment: 'investment casting', gear: 'gear hobbing',
  composite: 'autoclave composite moulding', synthesis: 'organic synthesis', harness: 'wire harness assembly',
  coating: 'powder coating', sheet: 'sheet-metal fabrication', assembly: 'final assembly',
};

/** A material grade and the family that decides whether a firm "works the material". */
export const MATERIALS = {
  alu_cast: { family: 'aluminium', words: ['AlSi9Cu3', 'ADC-12', 'YL113', 'AlSi10Mg', 'A380压铸铝'] },
  alu_wrought: { family: 'aluminium', words: ['6061-T6', 'Al 6082', 'AA6063', '7075-T651'] },
  steel_alloy: { family: 'structural_steel', words: ['42CrMo', '20CrMnTi', 'SCM440', 'AISI 4140', '40CrNiMoA'] },
  steel_carbon: { family: 'structural_steel', words: ['C45', 'S355', 'Q345B', 'SAE 1045', 'Q235B'] },
  stainless: { family: 'stainless', words: ['SUS316L', '06Cr19Ni10', 'AISI 304', '1Cr18Ni9Ti'] },
  titanium: { family: 'titanium', words: ['Ti-6Al-4V', 'TA2', 'TC4钛合金', 'Grade 5 titanium'] },
  superalloy: { family: 'superalloy', words: ['GH4169', 'Inconel 718', 'K403'] },
  iron: { family: 'cast_iron', words: ['QT500-7', 'HT300', 'GGG40', 'FC250'] },
  copper: { family: 'copper', words: ['T2紫铜', 'H65黄铜', 'C11000', 'CuZn37'] },
  plastic: { family: 'plastic', words: ['PA6-GF30', 'POM', 'PC/ABS合金', 'PBT-GF30'] },
  cfrp: { family: 'cfrp', words: ['T800碳纤维', 'CFRP', 'carbon fibre prepreg', 'T300碳布'] },
  fr4: { family: 'pcb', words: ['FR4覆铜板', 'high-Tg FR-4', '覆铜板'] },
  chem: { family: 'chemical', words: ['精细化工中间体', 'pharmaceutical intermediates', '医药中间体'] },
} as const;
export type MaterialKey = keyof typeof MATERIALS;

export const CERTIFICATES = {
  iso9001: ['ISO 9001:2015', 'GB/T19001-2016', 'ISO9001质量体系', '质量管理体系认证证书'],
  iatf: ['IATF16949:2016', 'ISO/TS16949', 'IATF 16949认证证书', '汽车行业质量管理体系'],
  as9100: ['AS9100 Rev.D', 'EN 9100:2018', 'AS9100D航空质量体系'],
  iris: ['ISO/TS 22163:2017', 'IRIS', 'IRIS铁路认证'],
  gmp: ['cGMP', '药品GMP证书', 'GMP（药品生产质量管理规范）'],
} as const;
export type CertKey = keyof typeof CERTIFICATES;

/** Certificates that include another: a holder meets a requirement for the included one. */
export const INCLUDES: Partial<Record<CertKey, CertKey[]>> = { iatf: ['iso9001'], as9100: ['iso9001'], iris: ['iso9001'] };

export interface PartFamily {
  chain: string;
  parts: string[];
  processes: ProcessKey[];
  materials: MaterialKey[];
  cert: CertKey;
  /** annual purchase value range in 万元 */
  value: [number, number];
  trade: string;
  tradeEn: string;
}

export const FAMILIES: PartFamily[] = [
  { chain: '汽车产业链', parts: ['变速箱壳体', '电驱壳体'], processes: ['hpdc', 'cnc'], materials: ['alu_cast', 'alu_wrought'], cert: 'iatf', value: [200, 3000], trade: '精密压铸', tradeEn: 'Die Casting' },
  { chain: '汽车产业链', parts: ['转向节', '半轴'], processes: ['forging', 'heat', 'cnc'], materials: ['steel_alloy', 'steel_carbon'], cert: 'iatf', value: [300, 5000], trade: '锻造', tradeEn: 'Forging' },
  { chain: '汽车产业链', parts: ['轮毂螺栓', '高强度螺栓'], processes: ['forging', 'heat', 'zinc'], materials: ['steel_alloy', 'steel_carbon'], cert: 'iatf', value: [100, 1500], trade: '紧固件', tradeEn: 'Fasteners' },
  { chain: '汽车产业链', parts: ['座椅骨架', '车身横梁'], processes: ['stamping', 'welding', 'coating'], materials: ['steel_carbon'], cert: 'iatf', value: [200, 4000], trade: '汽车部件', tradeEn: 'Auto Parts' },
  { chain: '汽车产业链', parts: ['门护板', '仪表板本体'], processes: ['injection', 'coating'], materials: ['plastic'], cert: 'iatf', value: [100, 2000], trade: '塑胶', tradeEn: 'Plastics' },
  { chain: '汽车产业链', parts: ['高压线束', '整车线束'], processes: ['harness', 'injection'], materials: ['copper'], cert: 'iatf', value: [300, 6000], trade: '线束', tradeEn: 'Harness' },
  { chain: '电子信息产业链', parts: ['控制器PCBA', 'BMS板'], processes: ['smt'], materials: ['fr4'], cert: 'iso9001', value: [100, 3000], trade: '电子', tradeEn: 'Electronics' },
  { chain: '航空航天产业链', parts: ['复材舱门', '整流罩'], processes: ['composite', 'cnc'], materials: ['cfrp'], cert: 'as9100', value: [500, 8000], trade: '复合材料', tradeEn: 'Composites' },
  { chain: '航空航天产业链', parts: ['钛合金接头', '起落架支柱'], processes: ['forging', 'cnc', 'heat'], materials: ['titanium'], cert: 'as9100', value: [300, 6000], trade: '航空锻件', tradeEn: 'Aero Forgings' },
  { chain: '航空航天产业链', parts: ['涡轮叶片', '导向器'], processes: ['investment', 'cnc', 'heat'], materials: ['superalloy'], cert: 'as9100', value: [800, 9000], trade: '精密铸造', tradeEn: 'Precision Casting' },
  { chain: '轨道交通产业链', parts: ['转向架构架', '牵引梁'], processes: ['welding', 'cnc', 'coating'], materials: ['steel_carbon'], cert: 'iris', value: [1000, 12000], trade: '轨道装备', tradeEn: 'Rail Equipment' },
  { chain: '轨道交通产业链', parts: ['齿轮箱体', '轴箱体'], processes: ['sand', 'cnc'], materials: ['iron'], cert: 'iris', value: [500, 6000], trade: '铸造', tradeEn: 'Foundry' },
  { chain: '智能装备产业链', parts: ['减速机齿轮', 'RV减速器齿轮'], processes: ['gear', 'heat'], materials: ['steel_alloy'], cert: 'iso9001', value: [100, 3000], trade: '传动', tradeEn: 'Gear' },
  { chain: '智能装备产业链', parts: ['机器人关节壳体', '伺服电机端盖'], processes: ['hpdc', 'cnc', 'anodize'], materials: ['alu_cast', 'alu_wrought'], cert: 'iso9001', value: [100, 2500], trade: '精密机械', tradeEn: 'Precision' },
  { chain: '智能装备产业链', parts: ['电气控制柜', '配电箱'], processes: ['sheet', 'coating', 'assembly'], materials: ['steel_carbon', 'stainless'], cert: 'iso9001', value: [200, 5000], trade: '电气', tradeEn: 'Electric' },
  { chain: '医药产业链', parts: ['医药中间体', '手性中间体'], processes: ['synthesis'], materials: ['chem'], cert: 'gmp', value: [300, 8000], trade: '化工', tradeEn: 'Chemical' },
];
