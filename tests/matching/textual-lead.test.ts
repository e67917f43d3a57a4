/**
 * A part whose lead need the lexicon does not know (「干法复合」, or a guess such as 「管制拉丝成型」 read
 * as wire drawing): the firms' own words order the ranking across the unqualified grades, qualified
 * firms stay on top, grades stay as the engine found them, the reason says the order is textual,
 * and the rules that never bend (local only, never the buyer, never a trading house, the buyer's
 * 「不合适」) still hold.
 */
import { describe, expect, it } from 'vitest';
import { MatchingIndex } from '../../server/matching/matching-index.ts';
import { partNameKey, textualLead } from '../../server/matching/textual-lead.ts';
import type { CandidateProfile } from '../../server/matching/types.ts';
import { component, firm } from './fixtures.ts';
import { getLexicon } from '../../search/lexicon.ts';

const lexicon = getLexicon();

/** A laminate whose primary process, 干法复合, the lexicon does not know; 涂布 and ISO 9001 it does. */
const laminate = (over: Parameters<typeof component>[0] = {}) => component({
  name: '铝塑复合膜', processes: '干法复合;涂布', materials: '', certificationsRequired: 'ISO9001', annualValueWan: 500, ...over,
});

// writes 干式复合, not the buyer's 干法复合, and names the very part: the lexicon sees no lead at all
const maker = () => firm({ id: 801, description: '公司专业生产铝塑复合膜，拥有干式复合机三台，铝塑复合膜年产2000吨。', annualOutputWan: 5000 });
// holds only what the lexicon knows of the part: the secondary process and the certificate
const coater = () => firm({ id: 802, processes: '涂布', certifications: 'ISO9001', products: '不干胶标签', annualOutputWan: 5000 });
// can do it all, in the buyer's own words
const ready = () => firm({ id: 803, processes: '干法复合;涂布', certifications: 'ISO9001', products: '铝塑复合膜', annualOutputWan: 5000 });

function indexOf(...firms: CandidateProfile[]): MatchingIndex {
  const index = new MatchingIndex(lexicon);
  for (const f of firms) index.upsertProfile(f);
  return index;
}

describe('a lead need the lexicon does not know', () => {
  it('ranks the firm whose own words name the part above firms holding only the known secondary needs', () => {
    const request = laminate();
    expect(textualLead(request)?.map((r) => r.wording)).toEqual(['干法复合']);
    const ranked = indexOf(coater(), maker(), ready()).rank(request, { scope: 'local' });
    expect(ranked.map((r) => [r.enterpriseId, r.grade])).toEqual([[803, 'ready'], [801, 'none'], [802, 'none']]);
    // the order rests on the firms' words, and the reason says so
    expect(ranked[1]!.reasons[0]).toMatch(/^主工艺"干法复合"词库未收录：按企业自述文字与该件需求的相近程度排序（文字证据，相近度\d+%，待核实）$/);
    const nearness = (i: number) => Number(/相近度(\d+)%/.exec(ranked[i]!.reasons[0]!)?.[1]);
    expect(nearness(1)).toBeGreaterThan(nearness(2));
  });

  it('keeps a qualified firm on top however little it writes, and orders qualified firms by their words', () => {
    const plainReady = firm({ id: 804, processes: '干法复合;涂布', certifications: 'ISO9001', annualOutputWan: 5000 });
    const ranked = indexOf(maker(), plainReady, ready()).rank(laminate(), { scope: 'local' });
    expect(ranked.map((r) => r.enterpriseId)).toEqual([803, 804, 801]);
    expect(ranked.slice(0, 2).map((r) => r.grade)).toEqual(['ready', 'ready']);
  });

  it('meets an unknown lead by the part\'s own name in a firm\'s words, unless the firm buys in or sends out some of the work', () => {
    const request = laminate();
    // writes neither 干法复合 nor 干式复合, but lists the part itself, and does the rest
    const namesPart = firm({ id: 805, processes: '涂布', products: '铝塑复合膜', certifications: 'ISO9001', annualOutputWan: 5000 });
    // the same, but the film is bought in: it converts the part, it does not make it
    const buysIn = firm({ id: 806, processes: '涂布', products: '铝塑复合膜', certifications: 'ISO9001', description: '复合基膜外购，本厂负责涂布分切。', annualOutputWan: 5000 });
    const ranked = indexOf(namesPart, buysIn, coater()).rank(request, { scope: 'local' });
    expect(ranked.map((r) => [r.enterpriseId, r.grade])).toEqual([[805, 'ready'], [806, 'none'], [802, 'none']]);
    expect(ranked[0]!.reasons).toContain('企业资料写有该件名称"铝塑复合膜"（按所产产品认定具备主工艺，待核实）');
    expect(ranked[0]!.reasons.join('；')).not.toContain('具备干法复合');
    expect(ranked[1]!.missing).toContain('未见干法复合工艺（主工艺）');
  });

  it('meets a known lead by the part\'s name only for a firm that lists no processes of its own', () => {
    const request = component({ name: '变速器壳体', processes: '压铸', materials: '', certificationsRequired: 'ISO9001', annualValueWan: 500 });
    const saysProductOnly = firm({ id: 813, products: '变速器壳体', certifications: 'ISO9001', description: '公司专业生产变速器壳体。', annualOutputWan: 5000 });
    const listsOther = firm({ id: 814, processes: '涂布', products: '变速器壳体', certifications: 'ISO9001', annualOutputWan: 5000 });
    const ranked = indexOf(saysProductOnly, listsOther).rank(request, { scope: 'local' });
    expect(ranked.map((r) => [r.enterpriseId, r.grade])).toEqual([[813, 'ready'], [814, 'none']]);
  });

  it('leaves a known lead alone: text orders firms only within their grade there', () => {
    const request = component({ name: '变速器壳体', processes: '压铸;涂布', materials: '', certificationsRequired: 'ISO9001', annualValueWan: 500 });
    expect(textualLead(request)).toBeNull();
    // names the part and coats, but does not cast: the lexicon knows that, and text lifts no one past it
    const namesIt = firm({ id: 811, processes: '涂布', products: '变速器壳体', description: '公司专业生产变速器壳体。', annualOutputWan: 5000 });
    const caster = firm({ id: 812, processes: '压铸', certifications: 'ISO9001', annualOutputWan: 5000 });
    const ranked = indexOf(namesIt, caster).rank(request, { scope: 'local' });
    expect(ranked.map((r) => [r.enterpriseId, r.grade])).toEqual([[812, 'cultivate'], [811, 'none']]);
    expect(ranked.flatMap((r) => r.reasons).join('；')).not.toContain('文字证据');
  });

  it('reads a process wording the lexicon only guesses at from a word inside it as textual, and a plain one as known', () => {
    expect(textualLead(component({ processes: '管制拉丝成型;退火', materials: '', certificationsRequired: '' }))).not.toBeNull();
    expect(textualLead(component({ processes: '注塑件生产;涂装', materials: '', certificationsRequired: '' }))).toBeNull();
    expect(textualLead(component({ processes: '压铸;CNC加工' }))).toBeNull();
  });

  it('keys a part by its name without the size, grade or model after it', () => {
    expect(partNameKey(component({ name: '工业甲醛溶液 37%', processes: '甲醇氧化;吸收' }))).toBe('工业甲醛溶液');
    expect(partNameKey(component({ name: '机床电主轴 BT40 15000rpm', processes: '磨削;装配' }))).toBe('机床电主轴');
    expect(partNameKey(component({ name: 'FFC扁平排线', processes: '热压贴合' }))).toBe('ffc扁平排线');
  });

  it('reads work named after the part it is done to as that work, and work named after a kind of it as a guess', () => {
    // 「锻件粗车」 is rough turning of a forging, not forging; 「端子冲压」 stamping of a known part
    const turning = component({ processes: '锻件粗车;渗氮', materials: '', certificationsRequired: '' });
    expect(textualLead(turning)).toBeNull();
    expect(turning.requirements.filter((r) => r.position === 0).map((r) => r.conceptId)).toEqual(['process.turning']);
    expect(textualLead(component({ processes: '端子冲压;注塑', materials: '', certificationsRequired: '' }))).toBeNull();
    // a material or a method in front says which kind of the work: searched as written
    expect(textualLead(component({ processes: '塑料焊接;卷板', materials: '', certificationsRequired: '' }))).not.toBeNull();
    expect(textualLead(component({ processes: '流延挤出;分切', materials: '', certificationsRequired: '' }))).not.toBeNull();
  });

  it('never ranks a firm outside the city, the buyer itself or a trading house, however well it writes', () => {
    const request = laminate({ buyerId: 820 });
    const outside = firm({ id: 821, description: '公司专业生产铝塑复合膜，干法复合、涂布自做。', regionName: '苏州市', regionKind: 'outside', lat: 31.3, lng: 120.6, annualOutputWan: 9000 });
    const buyer = firm({ id: 820, description: '公司专业生产铝塑复合膜，干法复合、涂布自做。', annualOutputWan: 9000 });
    const trader = firm({ id: 822, name: '襄阳某某包装材料贸易有限公司', description: '主营铝塑复合膜、干法复合膜的销售与代理，现货供应。', annualOutputWan: 9000 });
    const ranked = indexOf(outside, buyer, trader, maker(), coater()).rank(request, { scope: 'local' });
    expect(ranked.map((r) => r.enterpriseId)).toEqual([801, 802]);
  });

  it('lets the buyer\'s 「不合适」 outweigh any wording', () => {
    const index = indexOf(coater(), maker());
    const marks = new Map([[801, { reason: 'process' as const, note: '' }]]);
    expect(index.rank(laminate(), { scope: 'local', marks }).map((r) => r.enterpriseId)).toEqual([802, 801]);
  });

  it('ranks a firm by its new words without a rebuild', () => {
    const request = laminate({ id: 901 });
    const index = indexOf(coater(), firm({ id: 831, description: '公司从事钢结构焊接。', annualOutputWan: 5000 }));
    index.upsertComponent(request);
    expect(index.rank(request, { scope: 'local' }).map((r) => r.enterpriseId)).toEqual([802]);
    index.upsertProfile(firm({ id: 831, description: '公司专业生产铝塑复合膜，干式复合机三台。', annualOutputWan: 5000 }));
    expect(index.rank(request, { scope: 'local' }).map((r) => r.enterpriseId)).toEqual([831, 802]);
  });

  it('never counts a relative of a guessed lead as doing the work', () => {
    // 「拉伸」 is read, by similarity only, as deep drawing; 冲压 is its sibling in the lexicon
    const request = component({ name: '方形电池铝壳', processes: '拉伸;冲压', materials: '', certificationsRequired: '', annualValueWan: 500 });
    expect(textualLead(request)).not.toBeNull();
    const stamper = firm({ id: 841, processes: '冲压', annualOutputWan: 5000 });
    const drawer = firm({ id: 842, processes: '拉伸;冲压', products: '方形电池铝壳', annualOutputWan: 5000 });
    const ranked = indexOf(stamper, drawer).rank(request, { scope: 'local' });
    expect(ranked.map((r) => [r.enterpriseId, r.grade])).toEqual([[842, 'ready'], [841, 'none']]);
    expect(ranked[1]!.reasons[0]).toMatch(/^主工艺"拉伸"词库仅近似识别：按企业自述文字/);
  });
});
