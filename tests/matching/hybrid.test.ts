/**
 * Words the lexicon does not know: a part asked in them still finds the firms that write them in
 * their own words (hybrid retrieval), scores them by that text evidence below understood evidence,
 * says so in the reasons, and never reads a negated, planned or traded mention as held.
 */
import { describe, expect, it } from 'vitest';
import { MatchingIndex } from '../../server/matching/matching-index.ts';
import { component, firm } from './fixtures.ts';
import { getLexicon } from '../../search/lexicon.ts';

const lexicon = getLexicon();

const stopper = (over: Parameters<typeof component>[0] = {}) => component({
  name: '注射用丁基胶塞（覆膜）', processes: '', materials: '', certificationsRequired: '', annualValueWan: 800, ...over,
});

function indexOf(...firms: ReturnType<typeof firm>[]): MatchingIndex {
  const index = new MatchingIndex(lexicon);
  for (const f of firms) index.upsertProfile(f);
  return index;
}

describe('hybrid retrieval for wordings the lexicon does not know', () => {
  it('finds the firms whose own words name the part, and no one else', () => {
    const maker = firm({ id: 501, description: '公司专业生产丁基胶塞、铝塑组合盖，年产胶塞5亿只。', annualOutputWan: 9000 });
    const other = firm({ id: 502, description: '公司专业从事压铸和CNC加工。' });
    const index = indexOf(maker, other);
    const ranked = index.rank(stopper(), { scope: 'local' });
    expect(ranked.map((r) => r.enterpriseId)).toEqual([501]);
    expect(ranked[0]!.grade).not.toBe('none');
    // it quotes what the firm wrote (the name's head), not the buyer's longer name
    expect(ranked[0]!.reasons.join('；')).toContain('企业资料写有"丁基胶塞"（词库未收录，按原文匹配，待核实）');
  });

  it('reads a cell the lexicon does not know against the firms\' text, not only identical cells', () => {
    const request = component({ processes: '胶塞硅化处理', materials: '', certificationsRequired: '', annualValueWan: 500 });
    const byText = firm({ id: 511, description: '拥有胶塞硅化处理生产线两条。', annualOutputWan: 5000 });
    const byCell = firm({ id: 512, processes: '胶塞硅化处理', annualOutputWan: 5000 });
    const ranked = indexOf(byText, byCell, firm({ id: 513, processes: '注塑' })).rank(request, { scope: 'local' });
    expect(ranked.map((r) => r.enterpriseId).sort()).toEqual([511, 512]);
    // a list cell the firm wrote itself is stronger evidence than a sentence found by its letters
    expect(ranked[0]!.enterpriseId).toBe(512);
  });

  it('never reads a negated, planned, sent-out or traded mention as held', () => {
    const firms = [
      firm({ id: 521, description: '暂不具备丁基胶塞生产能力。' }),
      firm({ id: 522, description: '计划明年投产注射用丁基胶塞。' }),
      firm({ id: 523, description: '注射用丁基胶塞由外协厂家生产。' }),
      firm({ id: 524, name: '襄阳某某医药贸易有限公司', description: '主营注射用丁基胶塞的销售与代理。' }),
    ];
    const ranked = indexOf(...firms).rank(stopper(), { scope: 'local' });
    expect(ranked.filter((r) => r.grade !== 'none').map((r) => r.enterpriseId)).toEqual([]);
  });

  it('scores text evidence below understood evidence for the same need', () => {
    const request = component({ name: '变速器壳体', processes: '压铸', materials: '', certificationsRequired: '', annualValueWan: 500 });
    const understood = firm({ id: 531, processes: '压铸', annualOutputWan: 5000 });
    const ranked = indexOf(understood).rank(request, { scope: 'local' });
    expect(ranked[0]!.reasons.join('；')).not.toContain('词库未收录');
  });

  it('a firm that starts writing the word moves the part (the index tells which parts to re-rank)', () => {
    const before = firm({ id: 541, description: '公司生产各类橡胶件。' });
    const index = indexOf(before);
    index.upsertComponent(stopper({ id: 77 }));
    const after = firm({ id: 541, description: '公司生产各类橡胶件及注射用丁基胶塞。' });
    index.upsertProfile(after);
    expect(index.affectedComponents([541], [before])).toEqual([77]);
  });
});

describe('an unknown wording written in other order or split', () => {
  it('is found by its pieces in one clause, never across two, and counts below the wording found whole', async () => {
    const { wordsInOneClause } = await import('../../server/matching/profile-text.ts');
    const { ownTextOf } = await import('../../server/matching/profile-text.ts');
    expect(wordsInOneClause(ownTextOf(['焙烧活化'], ''), '活化焙烧')).toBe('焙烧活化');
    expect(wordsInOneClause(ownTextOf([], '产品全部经导通测试、绝缘测试后出厂。'), '导通绝缘测试')).not.toBeNull();
    // the pieces in two clauses are no evidence
    expect(wordsInOneClause(ownTextOf(['焙烧', '活化'], ''), '活化焙烧')).toBeNull();
    // too short to be read by pieces
    expect(wordsInOneClause(ownTextOf(['切分'], ''), '分切')).toBeNull();
    const part = component({ name: '3A分子筛', processes: '离子交换;活化焙烧', materials: '', certificationsRequired: '', annualValueWan: 100 });
    const whole = firm({ id: 541, processes: '离子交换;活化焙烧', annualOutputWan: 5000 });
    const split = firm({ id: 542, processes: '离子交换;焙烧活化', annualOutputWan: 5000 });
    const none = firm({ id: 543, processes: '离子交换', annualOutputWan: 5000 });
    const ranked = indexOf(whole, split, none).rank(part, { scope: 'local' });
    expect(ranked.map((r) => [r.enterpriseId, r.grade])).toEqual([[541, 'ready'], [542, 'ready'], [543, 'cultivate']]);
    expect(ranked[0]!.score).toBeGreaterThan(ranked[1]!.score);
    expect(ranked[1]!.reasons.join('；')).toContain('"焙烧活化"');
  });
});

describe('a need is read from the words that name it', () => {
  it('a bracket is a note, a slash between materials is either, an unknown name stays the need', async () => {
    const { requirementsFromComponent } = await import('../../server/matching/requirements.ts');
    const read = (processes: string, materials: string) => requirementsFromComponent(lexicon, { processes, materials, certificationsRequired: '', description: '' });
    // 「涂层（双点/撒粉）」 asks for coating, not for what the bracket lists
    const coating = read('涂层（双点/撒粉）', '');
    expect(coating).toHaveLength(1);
    expect(coating[0]!.wording).toBe('涂层（双点/撒粉）');
    // either wood will do: two material needs, worked as alternatives
    const wood = read('钉装', '松木/杨木锯材').filter((r) => r.kind === 'material');
    expect(wood.length).toBe(2);
    // the class in brackets is no second material; the unknown reagent is searched as written
    const reagent = read('格氏反应', '对甲苯基氯化镁（卤代芳烃类有机原料）').filter((r) => r.kind === 'material');
    expect(reagent).toHaveLength(1);
    expect(reagent[0]!.textKey).toBe('对甲苯基氯化镁');
    // two names of one material side by side are that material, known
    const film = read('流延挤出', 'LLDPE线性低密度聚乙烯').filter((r) => r.kind === 'material');
    expect(film.map((r) => [r.conceptId, r.textKey])).toEqual([['material.pe', undefined]]);
    // …unless the note says which one: a special case of the main words, or a known concept where the main words were only guessed at
    const ids = (processes: string, materials: string) => read(processes, materials).map((r) => r.conceptId);
    expect(ids('表面涂层（PVD碳基/贵金属）', '')).toEqual(['process.pvd']);
    expect(ids('表面处理（镀锌）', '')).toEqual(['process.zinc_plating']);
    expect(ids('', '不锈钢（316L）')).toEqual(['material.ss316l']);
    expect(ids('', '玻璃钢（乙烯基树脂）')).toEqual(['material.gfrp']);
    // a main wording the lexicon does not know stays the need: firms write it as the buyer does
    expect(ids('卷焊（钎焊）', '')).toEqual(['~process:卷焊']);
    // a slash between figures and a size after the name are specifications, not choices or part of the name
    expect(read('', '镀锡铜绞线 11/0.16').map((r) => [r.conceptId, r.textKey])).toEqual([['~material:镀锡铜绞线', '镀锡铜绞线']]);
    expect(ids('', '316L不锈钢超薄带 0.1mm')).toEqual(['material.ss316l']);
    // the thing comes last: an alloyed ductile iron is a ductile iron, however long its qualifiers and codes
    const iron = read('铸造', '高硅钼球墨铸铁 SiMo4.5（RQTSi4Mo）').filter((r) => r.kind === 'material');
    expect(iron.map((r) => [r.conceptId, r.readFrom])).toEqual([['material.ductile_iron', '高硅钼球墨铸铁simo45']]);
    // …also where the reading keeps a longer word in front: 「精梳棉纱」 is read 精梳棉 + 纱 but ends with 棉纱
    expect(ids('', '精梳棉纱JC40S')).toEqual(['material.cotton']);
    // a slash between single letters is a blend, not a choice: T/C is polyester–cotton
    expect(ids('', '涤棉纱 T/C 65/35 32S/2')).toEqual(['material.blended_fabric']);
    expect(ids('', 'PP/PE')).toEqual(['material.pp', 'material.pe']);
    // a size between words is no part of the name, and a Latin name last is the thing (PVC-sheathed cord)
    expect(ids('', 'RVV 3×0.75mm² 铜芯PVC')).toEqual(['material.pvc']);
    expect(ids('', 'Q235 20x30方管')).toEqual(['material.q235']);
  });

  /** Two firms doing the same work, differing only in the material each lists, ranked for a need: the first must lead. */
  const twoFirmsFor = (need: string, first: string, second: string) => {
    const part = component({ name: '零件', processes: '冲压', materials: need, certificationsRequired: '', annualValueWan: 100 });
    const ranked = indexOf(firm({ id: 551, processes: '冲压', materials: first, annualOutputWan: 5000 }), firm({ id: 552, processes: '冲压', materials: second, annualOutputWan: 5000 })).rank(part, { scope: 'local' });
    expect(ranked.map((r) => r.enterpriseId)).toEqual([551, 552]);
    return ranked;
  };

  it('an unknown need naming a known material inside its words is related to a firm working that material', () => {
    const ranked = twoFirmsFor('氧化铝导热填料', '氧化铝陶瓷', '碳化硅');
    expect(ranked[0]!.reasons.join('；')).toContain('氧化铝陶瓷（与氧化铝导热填料相近）');
    expect(ranked[0]!.missing.join('；')).not.toContain('材料不符');
    expect(ranked[1]!.factors.material.fits[0]!.met).toBe(false);
    // a two-character name inside a longer chemical is no kinship: 甲苯 in 对甲苯基氯化镁
    const reagent = component({ name: '格氏试剂', processes: '格氏反应', materials: '对甲苯基氯化镁', certificationsRequired: '', annualValueWan: 100 });
    const solvent = firm({ id: 573, processes: '格氏反应', materials: '甲苯', annualOutputWan: 5000 });
    expect(indexOf(solvent).rank(reagent, { scope: 'local' })[0]!.factors.material.fits[0]!.met).toBe(false);
  });

  it('an unknown need that says where the work is done is met by a firm naming the work: 「端部补强」 by 补强', () => {
    const cable = component({ name: 'FFC扁平排线', processes: '热压贴合；端部补强', materials: '', certificationsRequired: '', annualValueWan: 100 });
    const maker = firm({ id: 561, processes: '热压贴合；补强；冲切', annualOutputWan: 5000 });
    const other = firm({ id: 562, processes: '热压贴合；冲切', annualOutputWan: 5000 });
    const ranked = indexOf(maker, other).rank(cable, { scope: 'local' });
    expect(ranked.map((r) => r.enterpriseId)).toEqual([561, 562]);
    expect(ranked[0]!.missing.join('；')).not.toContain('端部补强');
    expect(ranked[1]!.missing.join('；')).toContain('端部补强');
  });

  it('an unknown need is met in a shorter verb: 「气密试验」 by 「气密检测」, 「超声波点焊接」 by 「超声波点焊」', () => {
    const vest = component({ name: '救生背心', processes: '缝制；气密试验', materials: '', certificationsRequired: '', annualValueWan: 100 });
    const tester = firm({ id: 563, processes: '缝纫；气密检测', annualOutputWan: 5000 });
    const other = firm({ id: 564, processes: '缝纫；包装', annualOutputWan: 5000 });
    const ranked = indexOf(tester, other).rank(vest, { scope: 'local' });
    expect(ranked.map((r) => r.enterpriseId)).toEqual([563, 564]);
    expect(ranked[0]!.missing.join('；')).not.toContain('气密试验');
    const tab = component({ name: '汇流排', processes: '冲压；超声波点焊接', materials: '', certificationsRequired: '', annualValueWan: 100 });
    const welder = firm({ id: 565, processes: '冲压；超声波点焊', annualOutputWan: 5000 });
    expect(indexOf(welder).rank(tab, { scope: 'local' })[0]!.missing.join('；')).not.toContain('点焊接');
  });

  it('an unknown need holding a grade code is met by a firm listing that grade: 「链板40Mn」 by 40Mn', () => {
    const ranked = twoFirmsFor('链板40Mn', '40Mn', '140Mn');
    expect(ranked[0]!.factors.material.fits[0]!.met).toBe(true);
    expect(ranked[0]!.missing.join('；')).not.toContain('材料不符');
    // a code only as a whole: 140Mn is not 40Mn
    expect(ranked[1]!.factors.material.fits[0]!.met).toBe(false);
  });

  it('an unknown need is met by its gloss in brackets too: 「轧锥（变截面轧制）」 by a firm writing 变截面轧制', () => {
    const spring = component({ name: '前簧总成', processes: '轧锥（变截面轧制）；卷耳', materials: '', certificationsRequired: '', annualValueWan: 100 });
    const roller = firm({ id: 541, processes: '变截面轧制；卷耳', annualOutputWan: 5000 });
    const other = firm({ id: 542, processes: '卷耳；冲压', annualOutputWan: 5000 });
    const ranked = indexOf(roller, other).rank(spring, { scope: 'local' });
    expect(ranked.map((r) => [r.enterpriseId, r.grade])).toEqual([[541, 'ready'], [542, 'none']]);
    expect(ranked[0]!.reasons.join('；')).toContain('"变截面轧制"');
  });

  it('a firm naming the very grade the need names, unknown to the lexicon, meets it instead of 「材料不符」', () => {
    const carrier = component({ name: '蜂窝陶瓷载体', processes: '挤出成型', materials: '堇青石陶瓷', certificationsRequired: '', annualValueWan: 100 });
    const cordierite = firm({ id: 531, processes: '挤出成型', materials: '堇青石', annualOutputWan: 5000 });
    const alumina = firm({ id: 532, processes: '挤出成型', materials: '刚玉莫来石', annualOutputWan: 5000 });
    const ranked = indexOf(cordierite, alumina).rank(carrier, { scope: 'local' });
    expect(ranked.map((r) => [r.enterpriseId, r.grade])).toEqual([[531, 'ready'], [532, 'none']]);
    expect(ranked[0]!.missing.join('；')).not.toContain('材料不符');
    expect(ranked[1]!.missing.join('；')).toContain('材料不符');
    // only the piece a need was read from: 「HT200/WCB泵壳内衬F46」's cast iron is not met by F46
    const pump = component({ name: '衬氟泵', processes: '铸造', materials: 'HT200/WCB泵壳内衬F46', certificationsRequired: '', annualValueWan: 100 });
    const liner = firm({ id: 533, processes: '铸造', materials: 'F46', annualOutputWan: 5000 });
    const fits = indexOf(liner).rank(pump, { scope: 'local' })[0]!.factors.material.fits;
    expect(fits.find((f) => f.requirement.conceptId === 'material.ht200')?.met).toBe(false);
  });

  it('a routine finishing step after the main work is asked about, not held against a firm', async () => {
    const { requirementsFromComponent } = await import('../../server/matching/requirements.ts');
    const needs = requirementsFromComponent(lexicon, { processes: '挤出成型；切割；检验', materials: 'PA6', certificationsRequired: '', description: '' });
    expect(needs.filter((r) => r.auxiliary).map((r) => r.conceptId)).toEqual(['process.cutting', 'process.testing']);
    // first in the list it is the main work, never a routine step
    expect(requirementsFromComponent(lexicon, { processes: '切割；折弯', materials: '', certificationsRequired: '', description: '' }).some((r) => r.auxiliary)).toBe(false);
    const tube = component({ name: '线束波纹管', processes: '挤出成型；切割', materials: 'PA6', certificationsRequired: '', annualValueWan: 100 });
    const extruder = firm({ id: 521, processes: '塑料挤出', materials: 'PA6', annualOutputWan: 5000 });
    const ranked = indexOf(extruder).rank(tube, { scope: 'local' });
    expect(ranked.map((r) => [r.enterpriseId, r.grade])).toEqual([[521, 'ready']]);
    expect(ranked[0]!.missing).toContain('未写明切割工序（常规工序，待核实）');
  });
});
