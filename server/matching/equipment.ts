/**
 * Machines a firm owns are evidence of the work it does: 「拥有立式加工中心12台」 is CNC machining,
 * 「冲床15台」 stamping, 「卷板机、埋弧焊机」 plate rolling and welding. Only read in a clause that says
 * the firm has them (拥有, 配备, 现有, 设备：, a count of 台/套) — 「主要产品为加工中心」 builds them.
 * The lexicon files machines as parts (数控机床, 压力机); this table says what each is used for.
 * A wording that is itself a process term (压铸机, 注塑机, 折弯机) is read by the lexicon already.
 */
export const EQUIPMENT_PROCESSES: readonly (readonly [RegExp, string])[] = [
  [/加工中心|machining\s+cent(?:er|re)s?/i, 'process.cnc_machining'],
  [/数控车床|车床|[立卧]车(?=\s*(?:[（(]|\d|台))|\blathes?\b/i, 'process.turning'],
  // 「五轴叶片铣（Starrag）6台」: a machine named for its work, then its count
  [/铣床|龙门铣|镗铣|铣(?=\s*(?:[（(]|\d+\s*台))|\bmilling\s+machines?\b/i, 'process.milling'],
  [/钻床|龙门钻|摇臂钻|\bdrill(?:ing)?\s+(?:machines?|press(?:es)?)\b/i, 'process.drilling'],
  [/镗床|\bboring\s+machines?\b/i, 'process.boring'],
  [/磨床|\bgrinders?\b|\bgrinding\s+machines?\b/i, 'process.grinding'],
  [/冲床|压力机|冲压机|冲压线|\b(?:stamping\s+)?press(?:es)?\b/i, 'process.stamping'],
  [/锻压机|锻锤|空气锤|模锻压力机|摩擦压力机|\bforging\s+press(?:es)?\b/i, 'process.forging'],
  [/焊机|焊接机器人|\bwelders?\b|\bwelding\s+(?:machines?|robots?)\b/i, 'process.welding'],
  [/热处理炉|淬火炉|渗碳炉|回火炉|真空炉|网带炉|\b(?:heat\s+treatment\s+)?furnaces?\b/i, 'process.heat_treatment'],
  [/喷涂线|喷漆房|喷房|涂装线|\bpaint(?:ing)?\s+(?:lines?|booths?)\b/i, 'process.painting'],
  // kilns that fire shaped ware (陶瓷烧成); a rotary kiln (回转窑) calcines bulk material and is left out
  [/隧道窑|梭式窑|辊道窑|推板窑|钟罩窑|\b(?:tunnel|shuttle|roller\s+hearth)\s+kilns?\b/i, 'process.sintering'],
  // a rapier, air-jet or water-jet loom weaves woven cloth (机织); a loom alone may be a knitting or a tape loom
  [/剑杆织机|喷气织机|喷水织机|片梭织机|有梭织机|\b(?:rapier|air[-\s]jet|water[-\s]jet)\s+looms?\b/i, 'process.woven_weaving'],
  [/织机|\blooms?\b/i, 'process.weaving'],
  // spinning frames say which spinning: 细纱机 is the ring frame; carding and drawing alone say only spinning
  [/(?<!转杯|气流|涡流)细纱机|\bring\s+(?:spinning\s+)?frames?\b/i, 'process.ring_spinning'],
  [/(?:转杯|气流)纺(?:纱)?机|\brotor\s+spinning\s+machines?\b/i, 'process.rotor_spinning'],
  [/涡流纺(?:纱)?机|\bvortex\s+spinning\s+machines?\b/i, 'process.vortex_spinning'],
  [/梳棉机|并条机|粗纱机|清梳联|\bcarding\s+machines?\b/i, 'process.spinning'],
  [/束丝机|绞线机|成缆机|\b(?:bunching|stranding)\s+machines?\b/i, 'process.cable_manufacturing'],
  [/生箔机|电解槽|\belectrolytic\s+cells?\b/i, 'process.electrolysis'],
  [/卷板机|\bplate\s+rolling\s+machines?\b/i, 'process.plate_rolling'],
  [/模切机|\bdie[-\s]cutting\s+(?:machines?|press(?:es)?)\b/i, 'process.die_cutting'],
  [/开炼机|炼胶机|\brubber\s+mixers?\b/i, 'process.rubber_mixing'],
  [/造型线|造型机|混砂机|\bmoulding\s+lines?\b/i, 'process.sand_casting'],
  [/挤出机|\bextruders?\b/i, 'process.plastic_extrusion'],
  [/反应釜|\breactors?\b/i, 'process.chemical_synthesis'],
  [/(?<!膜|包装)缠绕机|\bfilament\s+winding\s+machines?\b/i, 'process.filament_winding'],
];

/** Words that say the firm has the machines named: 「拥有…」「设备：」, or after them 「…模切机、糊盒机各有」「…都有」「…都在厂里」. */
export const SAYS_OWNED = /拥有|配备|配有|自有|自己的|建有|引进|购置|现有|设备[：:]|主要设备|设备清单|设备(?:有|包括|包含|为)|装备有|(?:各|都|均)有|齐全|(?:都|均)?在(?:厂里|厂内|本厂)|\b(?:own|owns|equipped|operate|operates)\b/i;
/** …or a count of machines (「加工中心12台」), unless the clause is about output (checked by the reader). */
export const OWNS_MACHINES = new RegExp(`${SAYS_OWNED.source}|\\d+\\s*(?:台|套|条生产线)`, 'i');

/** The processes the machines named in a clause stand for, with the machine word as the wording. */
export function processesOfMachines(clause: string): { conceptId: string; wording: string }[] {
  const out: { conceptId: string; wording: string }[] = [];
  for (const [pattern, conceptId] of EQUIPMENT_PROCESSES) {
    const m = pattern.exec(clause);
    if (m && !out.some((o) => o.conceptId === conceptId)) out.push({ conceptId, wording: m[0] });
  }
  return out;
}
