/**
 * Reads a firm's wordings into capabilities. List cells are resolved with the lexicon; the
 * free-text profile is read clause by clause, because what a sentence is about decides what a
 * term in it means: 「主要产品包括热模锻设备」 names a product (forging machines), not forging
 * work; 「主营医药中间体的销售与代理」 is trade, not production; 「橡胶」 inside 「橡胶成型」 hints at
 * a material without the firm listing it. Results are memoised per lexicon: across 20,000 firms the
 * same cells and clauses recur thousands of times.
 */
import { splitList } from '../../search/lexicon.ts';
import type { ConceptKind, ConceptMatch, Lexicon } from '../../search/lexicon/types.ts';
import { perLexicon } from './per-lexicon.ts';
import { BREAK_MARK, normalizeWording } from '../../search/lexicon/normalize.ts';
import { nearestConcept } from './similar-wording.ts';
import { wordingVariants } from './wording-variants.ts';
import { OWNS_MACHINES, SAYS_OWNED, processesOfMachines } from './equipment.ts';
import { certificateClasses, certificateQualifiers } from './certificate-class.ts';
import type { Evidence, HeldCapability } from './types.ts';

const MEMO_LIMIT = 200_000;

/** Words of trade rather than production, in a firm's name or a clause of its profile. */
export const TRADE_WORDS = /贸易|商贸|经贸|供应链|经销|代理|现货|批发|分销|进出口|物资|商行|经营部|门市部|销售部|\b(?:trading|traders?|distributors?|distribution|wholesalers?|resellers?|import(?:\s*(?:&|and)\s*export)?|supply\s+chain|stockists?)\b/i;
const TRADE_CLAUSE = /销售|代理|经销|分销|批发|现货|库存|贸易|进出口|供货渠道|\b(?:trading|distribut\w*|resell\w*|wholesale|stock(?:ist|s)?)\b/i;
/** Verbs of making things oneself; nouns such as 「加工件」「压铸件」 name goods that are also traded. */
const PRODUCTION_CUE = /生产(?!商)|制造(?!商)|从事|具备|拥有|配备|承接|自有|工厂|车间|\b(?:manufactur\w*|produc(?:e|es|ing|tion)|fabricat\w*|machining)\b/i;
const PRODUCT_CLAUSE = /主要产品|主导产品|主营产品|产品(?:包括|有|为|涵盖|主要有)|^(?:公司|本公司|我司|企业)?(?:主要|专业)?生产(?!线|工艺|设备|能力)|^(?:公司|本公司|我司|企业)?主营(?!业务)|\b(?:main\s+)?products?\s*(?:include|:|：)/i;
/** A clause about making or selling things: a count of 台 there is output, not equipment (a 生产线 is equipment). */
const MAKES_OR_SELLS = /年产|生产(?!线)|制造|销售|产品|产量|\b(?:produc\w*|manufactur\w*|sells?)\b/i;
/** A clause that lists materials: 「常用材料ADC12」「材料：40Cr」「材质为Q235」 — not 「复合材料舱门」. */
const MATERIAL_CUE = /(?:^|[^\p{Script=Han}]|常用|主要|加工|使用|所用|原)(?:材料|材质|原料)|(?:材料|材质|原料)\s*[：:为是有包括以]|\bmaterials?\b/iu;
/** A list item that names a machine: 「模锻机」「MIG/MAG焊接生产线设备」「die casting machines」. */
const MACHINE_ITEM = /(?:设备|机床|车床|铣床|磨床|冲床|加工中心|机器人|机器|装备|生产线|机组|(?<![加械])机|\b(?:machines?|machinery|equipment|presses|production\s+lines?|lines?))\s*$/i;
/** 「加工中心500台」: the count after a machine, so the item still ends with the machine. */
const COUNT_TAIL = /[\d\s.,，]+(?:万)?(?:台|套|条|部)?\s*$/;
/** Between clauses of a profile: sentence ends, and commas not inside a number (「1,200」). */
const CLAUSE_BREAK = /[。；;！!？?\n\r]+|[，,](?!\s*\d)/;
const ITEM_BREAK = /[、，,;；和及与]|\band\b|\bor\b/gi;

/**
 * What a sentence says about a term besides naming it. Work sent out (外协, 委外, 外购, 由客户完成) is
 * not the firm's own; 不具备, 暂无, 计划, 正在申请 and 认证中 say the firm does not hold it (yet); in
 * 「为压铸企业提供模具服务」 压铸 is the customers' trade. Such terms are not read as held.
 */
const NOT_HELD_BEFORE = /不具备|不具有|不涉及|不从事|不承接|不提供|不含|不做|不(?:加工|生产|制造|使用|经营|再)|不会|不能|无法|曾(?:经)?(?:通过|获得|取得|持有|有过)|暂无|尚无|暂不|暂未|尚未|没有|未取得|未获得|未通过|正在申请|正在办理|申请中|筹备|计划|拟(?:于|在|申请|取得|引进)?|准备|\b(?:no|not|without|planned|planning|pending)\b/i;
/** The end of a wording that names work: a verb of making (「烘干」「煅烧」「预拉」「浸渍」), not goods (「轴承」) or services. */
export const WORK_VERB_END = /[干烧磨焊铸锻切割染织纺印涂镀喷抛洗炼熔碎混装检测灌拉挤注吹冲折弯车铣钻镗刨剪卷绕浸烤蒸煮漂萃滤馏酵晶解]$/u;
/** 不, after at most a subject and an adverb, opening a clause and with the work right after it (「…，不煅烧」「本厂不做电镀」). */
const NOT_OPENING = String.raw`^\s*(?:本厂|本公司|公司|我司|我厂|厂里)?\s*(?:目前|暂时?|也|并|均|都|从)?不(?:做|搞|进行|负责|承接|对外|提供)?`;
const NOT_BEFORE_WORK = new RegExp(`${NOT_OPENING}$`, 'u');
/** …as a whole short statement: 「不煅烧」, but not 「不饱和聚酯树脂」 or 「不锈钢」, which name things. */
const NOT_WORK_ITEM = new RegExp(`${NOT_OPENING}\\p{Script=Han}{1,5}$`, 'u');
/** The states that say a thing is not held yet, after its name or inside a list item (「IATF 16949（认证中）」). */
/** Work the firm says it cannot do: 「做不了」「干不了」「没法做」. */
const CANNOT_DO = String.raw`(?:做不了|干不了|做不来|干不来|搞不了|弄不了|没法做|做不到|不能做|不会做)`;
const NOT_HELD_STATE = String.raw`没有?\s*$|(?:没|未)(?:有)?(?:做|办)(?!好|完|过)|${CANNOT_DO}|不做|已?(?:过期|失效|吊销|注销|撤销)|已(?:经)?到期|(?:正在|还在)?换证(?:审核)?中|正在换证|到期(?:后)?\s*(?:换证|重新申[领请报]|在办|未年审|审核中)|到期(?:后)?[，,、]?\s*(?:未|没有?)(?:续|换|转)?|未(?:续|换)(?:证|期)?|未(?:年审|复审|年检|监督审核)|没(?:有)?(?:拿到|取得|办下来)|正在申请|正在准备|准备中|申请中|准备(?:申报|申请|办理|认证|去做)|(?:以前|原来|之前|早先|过去)(?:有过?|做过|拿过)|(?:明年|后年|下半年|年底|以后)\s*(?:再|才|去|会)?\s*(?:办|做|申请|申报|认证|审核)|(?:正在|还在|在)申报|申报中|认证中|办理中|在办|(?:审核|评审|审查|认证)(?:中|阶段)|筹备中|计划|拟(?:于|在|申请|取得)|待认证|待取得|待审|送审|暂未|尚未|暂无|尚无|未(?:开展|开通|取得|获得|通过)|\(?pending\)?|\bplanned\b|in\s+progress`;
/** After the name: 「认证正在申请中」「IATF16949计划2025年审核」「国军标体系还没有」「生态纺织品认证暂无」「药包材登记资料正在准备中」, with the certificate's long name between (「IATF16949汽车质量体系认证正在申请中」), and with a word of time or state between (「认证目前在审核中」「体系尚处于认证阶段」). */
const NOT_HELD_AFTER = new RegExp(String.raw`^[\s（(]*(?:[^，,。；;]{0,12}?(?:认证|证书|资质|体系|许可证?|资料|手续))?\s*(?:(?:于|在)?\s*\d{2,4}\s*年(?:\s*\d{1,2}\s*月)?(?:底|初|中)?|前年|去年|今年|早年)?\s*(?:目前|当前|现在|现|正|尚|仍|还)?\s*(?:在|处于)?\s*(?:${NOT_HELD_STATE})`, 'i');
const NOT_HELD_IN_ITEM = new RegExp(NOT_HELD_STATE, 'i');
/** Work the firm says it cannot do, with other work joined to it and where before the verb: 「染色和定型厂里干不了」. */
const CANNOT_AFTER_WORK = new RegExp(String.raw`^(?:[、和及与跟]\p{Script=Han}{1,6}?)*\s*(?:厂里|厂内|本厂|我们|我厂|我司|自己|目前|暂时|现在|都|也|还|均)*\s*${CANNOT_DO}`, 'u');
const SENT_OUT = /外协|委外|外购|外包|外发|(?:外送|送外)(?:加工|处理)|委托(?:外部|外面|外单位|外地|别的|其他|第三方|加工|完成|处理)|委托.{0,10}?(?:厂|公司|单位|厂家)(?:生产|加工|完成|做)|(?:交给|由|找|靠)(?:合作|协作|隔壁|附近|周边|外面|外部|别的|其他|外地)|在(?:隔壁|附近|外面)|另找|由客户(?:完成|负责|提供|自行)|客户(?:自行|负责|自备)|\boutsourc\w*/i;
/** …but a firm that takes in others' work (承接外协, 对外提供…外协加工) is the one doing it. */
const TAKES_IN = /承接|对外(?:提供|承接|加工)|可(?:为客户)?提供|接受.{0,8}(?:外协|委外|委托)|(?:外协|委外)加工(?:服务|业务)|\b(?:subcontract(?:ing|or)|job\s*shop)\b/i;
const SERVICE_FOR = /为(.{1,24}?)提供/g;

/** Right before the term only (「无热处理能力」「除电镀外均可自制」): a 无 further back is often a word of its own (无缝, 无铅, 无菌). */
const WORD_START = String.raw`(?:^|[^\p{Script=Han}]|[公本我司厂并尚暂还也均都])`;
const NOT_HELD_JUST_BEFORE = new RegExp(`${WORD_START}(?:无|除)$`, 'u');
/** 「无金属加工及焊接能力」: 无 governs every work joined to the first (无缝, 无铅, 无损 and the like are words of their own). */
const NOT_HELD_IN_LIST = new RegExp(`${WORD_START}无(?!缝|铅|菌|尘|水|机|纺|人|损|氧|卤|油|刷|线|锡|心|醛|磁|压|级|极|声|色|毒|烟|碱|酸)[^，,。；;：:]{1,12}?(?:及|和|与|、|或|以及)$`, 'u');
/** 「除电镀外均可自制」 excepts it; 「除压铸外，还提供CNC加工」 adds to it. */
const EXCEPT_AFTER = /^(?:工序|工艺|环节|以)?(?:外|之外)[，,\s]*(?:其余|其他|其它|均|都|全|一律)/;

/** Whether the clause says the term at [start, end) is not held: negated, pending, sent out or the customers'. */
export function notHeld(clause: string, start: number, end: number, kind: ConceptKind): boolean {
  const before = clause.slice(0, start);
  if (NOT_HELD_BEFORE.test(before) || NOT_HELD_AFTER.test(clause.slice(end))) return true;
  if (NOT_BEFORE_WORK.test(before)) return true;
  if (NOT_HELD_JUST_BEFORE.test(before) && (before.endsWith('无') || EXCEPT_AFTER.test(clause.slice(end)))) return true;
  if (NOT_HELD_IN_LIST.test(before)) return true;
  if (kind !== 'process' && kind !== 'part') return false;
  if (kind === 'process' && CANNOT_AFTER_WORK.test(clause.slice(end))) return true;
  if (SENT_OUT.test(clause) && !TAKES_IN.test(clause)) return true;
  for (const m of clause.matchAll(SERVICE_FOR)) {
    const from = (m.index ?? 0) + 1;
    if (start >= from && end <= from + m[1]!.length) return true;
  }
  return false;
}

/** A list cell item that says it is not held (「热处理（外协）」「AS9100（认证中）」). */
function itemNotHeld(item: string, kind: ConceptKind): boolean {
  if (NOT_HELD_BEFORE.test(item) || NOT_HELD_IN_ITEM.test(item) || (NOT_WORK_ITEM.test(item.trim()) && WORK_VERB_END.test(item.trim()))) return true;
  return (kind === 'process' || kind === 'part') && SENT_OUT.test(item) && !TAKES_IN.test(item);
}

/**
 * Whether the term is the work a machine is named for (「模锻机」「焊接生产线设备」): the machine word
 * follows it closely in its list item. In 「精炼炉熔炼精炼后上连铸连轧机组」 熔炼 is work done, not a machine.
 */
function namesMachine(clause: string, p: Placed): boolean {
  const [, to] = itemBounds(clause, p.start, p.end);
  const item = clause.slice(p.start, to).replace(COUNT_TAIL, '');
  // a Latin word counts as one: 「die casting machines and production lines」
  const after = item.slice(p.end - p.start).replace(/[a-z]+/gi, 'w').replace(/\s+/g, '');
  return Array.from(after).length <= MACHINE_WORD_REACH && MACHINE_ITEM.test(item);
}
/** How far after the work its machine word may stand (「焊接生产线设备」: 5 characters; a Latin word is one). */
const MACHINE_WORD_REACH = 6;

/** Where the list item (between 、, 和, and …) of a clause that holds the span [start, end) begins and ends. */
function itemBounds(clause: string, start: number, end: number): [number, number] {
  let from = 0;
  let to = clause.length;
  for (const m of clause.matchAll(ITEM_BREAK)) {
    const at = m.index ?? 0;
    if (at + m[0].length <= start) from = at + m[0].length;
    else if (at >= end) { to = at; break; }
  }
  return [from, to];
}

/** Concepts of trade and logistics are services, never own production. */
export const NON_PRODUCTION_PROCESSES = new Set(['process.trading', 'process.logistics']);

const CONFIDENCE: Record<Evidence, number> = { exact: 1, contains: 0.85, fuzzy: 0.6, similar: 0.45, text: 0.9, implied: 0.3 };

/** A clause that says something is not held, only planned, sent out, or traded: no text evidence in it. */
function unsureClause(clause: string): boolean {
  // 「合金粉（铁硅铬）外购」: material bought in is still the material the firm works; work sent out is not its own
  const said = RAW_MATERIAL.test(clause) ? clause.replace(BOUGHT_IN, '') : clause;
  return itemNotHeld(said, 'process') || isTradeClause(clause);
}

/** Goods bought in (外购, 采购), as against work sent out (外协, 委外)… */
const BOUGHT_IN = /外购|外采|购入|采购/g;
/** …when they are raw material (合金粉, 镀锡铜丝, 极耳胶, PP板材), not parts (「碳滑板等易损件外购」: an assembler). */
const RAW_MATERIAL = /粉|料|材|丝|箔|锭|粒|胶|树脂|钢|铜|铝|纱|浆/;

/** A clause about selling, agency or stock rather than making (「主营…的销售与代理」). */
function isTradeClause(clause: string): boolean {
  return TRADE_CLAUSE.test(clause) && !PRODUCTION_CUE.test(clause.replace(TRADE_CLAUSE, ''));
}

/**
 * The firm's own claims as one folded string for text evidence (CandidateProfile.ownText): every
 * list item and profile clause that claims something plainly, clauses kept apart so no wording is
 * read across two of them.
 */
export function ownTextOf(listCells: string[], description: string): string {
  return statementsOf(listCells, description).filter((s) => !unsureClause(s)).map(normalizeWording).filter(Boolean).join(BREAK_MARK);
}

/** Whether the firm says it sends some of its work out or buys a component in (「胶管外购」「电镀委外」). */
export function sendsWorkOut(listCells: string[], description: string): boolean {
  return statementsOf(listCells, description).some((s) => SENT_OUT.test(s) && !TAKES_IN.test(s));
}

/** A firm's words one statement at a time: each list item, each clause of its profile. */
function statementsOf(listCells: string[], description: string): string[] {
  return [...listCells.flatMap((cell) => splitList(cell)), ...description.split(CLAUSE_BREAK).filter((c) => c.trim() !== '')];
}

/**
 * The longest part of a folded wording a firm's own text holds, or null. Chinese names put the thing
 * last and its qualifiers first (「注射用丁基胶塞」 is a 丁基胶塞): the whole wording, else a tail of at
 * least two fifths of it. Latin wordings count only whole. Its share of the wording's length is the coverage.
 */
export function textMatch(ownText: string, key: string): string | null {
  if (ownText.includes(key)) return key;
  // 「瓦楞纸箱生产」「木箱制作」: the work is named before a generic verb; the firm writes 「瓦楞纸箱」
  const core = key.replace(GENERIC_TAIL, '');
  if (core !== key && Array.from(core).length >= 2) return textMatch(ownText, core);
  const short = shortForm(key);
  if (short !== null) return textMatch(ownText, short);
  // 「端部补强」「表面钝化」: where the work is done comes first; the work is what follows
  const work = key.replace(POSITION_HEAD, '');
  if (work !== key && Array.from(work).length >= 2) return textMatch(ownText, work);
  // 「27SiMn无缝管」: a grade code leads, the form follows — the code alone is the material
  const code = CODE_HEAD.exec(key)?.[0];
  if (code && code !== key && ownText.includes(code)) return code;
  const chars = Array.from(key);
  if (!HAN_END.test(chars[chars.length - 1] ?? '')) return null;
  for (let from = 1; from <= chars.length - shortestTail(chars.length); from++) {
    const tail = chars.slice(from).join('');
    if (ownText.includes(tail)) return tail;
  }
  return null;
}

/** A Chinese character (test one character: a wording's last). */
export const HAN_END = /\p{Script=Han}/u;

/** A wording this long or longer may be found by its pieces in any order (see wordsInOneClause). */
const PIECES_FROM = 4;
/** The share of a wording's two-character pieces one clause must hold. */
const PIECES_SHARE = 2 / 3;

/**
 * The same work written in other order or split (「活化焙烧」 as 「焙烧活化」, 「导通绝缘测试」 as 「导通测试、
 * 绝缘测试」, 「离型纸复合」 as 「复合离型纸」): two thirds of the wording's two-character pieces in one
 * clause of the firm's own text. Returns that clause's stretch from the first piece to the last, or null.
 */
export function wordsInOneClause(ownText: string, key: string): string | null {
  const chars = Array.from(key);
  if (chars.length < PIECES_FROM || !chars.every((c) => HAN_END.test(c))) return null;
  const pieces = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) pieces.add(chars[i]! + chars[i + 1]!);
  const need = Math.ceil(pieces.size * PIECES_SHARE);
  // most firms hold too few of the pieces anywhere: no need to read them clause by clause
  let anywhere = 0;
  for (const p of pieces) if (ownText.includes(p)) anywhere++;
  if (anywhere < need) return null;
  for (const clause of ownText.split(BREAK_MARK)) {
    let held = 0;
    let from = Infinity;
    let to = -1;
    for (const p of pieces) {
      const at = clause.indexOf(p);
      if (at < 0) continue;
      held++;
      from = Math.min(from, at);
      to = Math.max(to, at + p.length);
    }
    if (held >= need) return clause.slice(from, to);
  }
  return null;
}

/** A wording the lexicon does not know, as the firm's own text holds it: whole or by its head (textMatch), else by its pieces in one clause. */
export function textEvidence(ownText: string, key: string): { found: string; whole: boolean } | null {
  const found = textMatch(ownText, key);
  if (found !== null) return { found, whole: true };
  const pieces = wordsInOneClause(ownText, key);
  return pieces === null ? null : { found: pieces, whole: false };
}
/** A grade or standard code at the head of a wording: letters and digits, with a digit, 4 characters or more. */
const CODE_HEAD = /^(?=[a-z0-9.]*\d)[a-z0-9.]{4,}/;
/** Where on the part the work is done, at the head of a wording (「端部补强」「内孔珩磨」). */
const POSITION_HEAD = /^(?:端部|端面|表面|局部|边缘|两端|内孔|外圆|内壁|外壁|底部|顶部|侧面|全表面)/u;
/** Words that only say 「work of this kind」 at the end of a wording. */
const GENERIC_TAIL = /(?:生产|制作|制造|加工|成型|成形|工艺|处理|服务|业务|能力)+$/u;

/**
 * Work written with a shorter verb: 「高频焊接」 is written 「高频焊」, and 「气密试验」 「气密测试」 or
 * 「气密检测」 — what is tested is the wording. The shorter form, or null.
 */
const SHORT_FORMS: readonly (readonly [RegExp, string])[] = [[/焊接$/u, '焊'], [/(?:测试|检测|检验|试验|测量)$/u, '']];
function shortForm(key: string): string | null {
  for (const [tail, short] of SHORT_FORMS) {
    const out = key.replace(tail, short);
    if (out !== key && Array.from(out).length >= 2) return out;
  }
  return null;
}

/** The shortest tail of a wording that still stands for it (three characters, or the whole of a shorter one). */
function shortestTail(length: number): number {
  // 「脂肪酸类捕收剂」 is a 捕收剂: the head noun is often three characters of seven
  return length <= 3 ? length : Math.max(3, Math.ceil(length * 0.4));
}

/** What every firm that holds some of a folded wording must write: its shortest tail (Chinese), or all of it. */
export function textProbe(key: string): string {
  const core = key.replace(GENERIC_TAIL, '');
  if (core !== key && Array.from(core).length >= 2) return textProbe(core);
  const short = shortForm(key);
  if (short !== null) return textProbe(short);
  const chars = Array.from(key);
  if (!HAN_END.test(chars[chars.length - 1] ?? '')) return key;
  return chars.slice(chars.length - shortestTail(chars.length)).join('');
}

/** Readings of cells and clauses, and whether a part is equipment: what one lexicon says of them. */
const memoOf = perLexicon(() => ({
  cell: new Map<string, HeldCapability[]>(),
  clause: new Map<string, DescriptionReading>(),
  equipment: new Map<string, boolean>(),
}));

function evidenceOf(m: ConceptMatch): Evidence {
  return m.via === 'exact' ? 'exact' : m.via === 'contains' ? 'contains' : m.via === 'fuzzy' ? 'fuzzy' : 'similar';
}

const WEAK: ReadonlySet<ConceptMatch['via']> = new Set(['unknown', 'fuzzy']);

/**
 * One list cell as capabilities of one kind. A wording the lexicon only guesses at is read again
 * in its variant spellings (「精密铸件」→ 精密铸造件, 「AA6063」→ 6063铝合金); one still unknown is
 * tied to its nearest concept by character similarity, with low confidence.
 */
export function readCell(lexicon: Lexicon, cell: string, kind: ConceptKind): HeldCapability[] {
  const cellMemo = memoOf(lexicon).cell;
  const memoKey = `${kind}\u0000${cell}`;
  const known = cellMemo.get(memoKey);
  if (known) return known;
  let matches = lexicon.resolve(cell, kind);
  let viaVariant = false;
  if (matches.every((m) => WEAK.has(m.via))) {
    for (const variant of wordingVariants(cell)) {
      const again = lexicon.resolve(variant, kind);
      if (again.length > 0 && !again.every((m) => WEAK.has(m.via))) { matches = again; viaVariant = true; break; }
    }
  }
  // 「surface-mount assembly」 is SMT work, not a claim to assemble anything: inside one cell an
  // umbrella gives way to a specific concept beside it.
  const specific = matches.filter((m) => m.via === 'unknown' || !lexicon.concept(m.id)?.umbrella);
  if (specific.length > 0 && specific.length < matches.length) matches = specific;
  const out: HeldCapability[] = [];
  for (const m of matches) {
    if (m.via !== 'unknown') {
      const evidence = evidenceOf(m);
      const confidence = Math.min(m.confidence, CONFIDENCE[evidence], viaVariant ? 0.9 : 1);
      out.push({ conceptId: m.id, kind, confidence, evidence, wording: cell.trim() });
      continue;
    }
    const near = nearestConcept(lexicon, cell, kind);
    // Kept even without a near concept: the same odd wording on both sides still matches.
    out.push(near
      ? { conceptId: near.conceptId, kind, confidence: Math.round(CONFIDENCE.similar * near.similarity * 1000) / 1000, evidence: 'similar', wording: m.text }
      : { conceptId: m.id, kind, confidence: m.confidence, evidence: 'similar', wording: m.text });
  }
  if (cellMemo.size < MEMO_LIMIT) cellMemo.set(memoKey, out);
  return out;
}

/** Every item of a list column. */
export function readList(lexicon: Lexicon, column: string, kind: ConceptKind): HeldCapability[] {
  return splitList(column).flatMap((item) => {
    const read = readListItem(lexicon, item, kind);
    return kind === 'process' && !read.some(isKnown) && !itemNotHeld(item, kind) ? machineItem(lexicon, item) ?? workpieceMachining(item) ?? read : read;
  });
}

const isKnown = (h: HeldCapability) => !h.conceptId.startsWith('~') && h.confidence >= CONFIDENCE.contains;

/** A metal workpiece named by its form, then 加工: 「铝阀体加工」「缸体缸盖加工」「内外环加工」. */
const WORKPIECE_MACHINING = /(?:壳体|阀体|泵体|箱体|缸体|缸盖|轴类?|轴套|法兰|齿轮|内外环|套圈|端盖|支架)加工$/u;

/** A process-column item that machines a workpiece of that form is machining, whatever the piece. */
function workpieceMachining(item: string): HeldCapability[] | null {
  const wording = item.trim();
  return WORKPIECE_MACHINING.test(withoutNotes(wording)) ? [{ conceptId: 'process.machining', kind: 'process', confidence: CONFIDENCE.contains, evidence: 'contains', wording }] : null;
}

/** The machine word after the work it names: 「机」, 「生产线」, 「炉」. */
const MACHINE_WORD = /(?:自动|全自动|半自动|数控)?(?:机组|设备|生产线|机|线|炉|床)$/u;

/**
 * A machine named in the process column is work the firm does there: 「高速冲床12台」 is stamping,
 * 「灌封机」 potting, 「V割机」 V-scoring. Read when the lexicon did not know the item as it is: first
 * as a machine of the equipment table, then as the work its name holds once the count and the
 * machine word are set aside.
 */
function machineItem(lexicon: Lexicon, item: string): HeldCapability[] | null {
  const wording = item.trim();
  const machines = processesOfMachines(wording);
  if (machines.length > 0) return machines.map((m) => ({ conceptId: m.conceptId, kind: 'process', confidence: CONFIDENCE.contains, evidence: 'contains', wording }));
  const bare = withoutNotes(wording).replace(COUNT_TAIL, '');
  const work = bare.replace(MACHINE_WORD, '');
  if (work === bare || Array.from(work).length < 2) return null;
  const read = readCell(lexicon, work, 'process').filter(isKnown);
  return read.length > 0 ? read.map((h) => ({ ...h, evidence: 'contains', confidence: CONFIDENCE.contains, wording })) : null;
}

/**
 * An item that says it is not held is left out (「IATF16949（认证中）」), unless only its note says so of
 * a thing of its own: in 「ISO 9001（ISO/TS16949证书2019年到期未换证）」 the lapsed one is the note's, and
 * ISO 9001 stands.
 */
function readListItem(lexicon: Lexicon, item: string, kind: ConceptKind): HeldCapability[] {
  if (!itemNotHeld(item, kind)) return readCell(lexicon, item, kind);
  const main = withoutNotes(item);
  if (!main || main === item || itemNotHeld(main, kind)) return [];
  if (lexicon.extract(notesOf(item).join('，'), [kind]).length === 0) return [];
  return readCell(lexicon, main, kind);
}

/** A note in brackets: 「（U型，1吨）」. */
const NOTE = /[（(]([^）)]*)[）)]/g;

/** A wording without its notes in brackets (「吨袋（U型，1吨）」 → 吨袋). */
export function withoutNotes(text: string): string {
  return text.replace(NOTE, '').trim();
}

/** The notes in a wording's brackets (「吨袋（U型，1吨）」 → U型，1吨). */
export function notesOf(text: string): string[] {
  return [...text.matchAll(NOTE)].map((m) => m[1]!);
}

/** Materials a process wording hints at (「铝合金压铸」 → 铝合金): weak evidence, never listed by the firm. */
export function impliedMaterials(lexicon: Lexicon, processWordings: string[]): HeldCapability[] {
  return processWordings.flatMap((w) => lexicon.extract(w, ['material']).map((m) => ({
    conceptId: m.id, kind: 'material' as const, confidence: CONFIDENCE.implied, evidence: 'implied' as const, wording: w,
  })));
}

/** Parts named for the work that makes them: a firm whose products are 铸钢件 casts. */
const PRODUCT_PROCESSES: Readonly<Record<string, string>> = {
  'part.casting_part': 'process.casting',
  'part.die_casting_part': 'process.die_casting',
  'part.investment_casting_part': 'process.investment_casting',
  'part.forging_part': 'process.forging',
  'part.stamping_part': 'process.stamping',
  'part.injection_part': 'process.injection_molding',
};
/** …unless the product is someone else's part the firm only works on or sells (「铸件加工」「锻件销售」). */
const WORKS_ON_OR_SELLS = /加工|机加|精车|车削|维修|修理|代理|销售|经销|外购|贸易/;

/** The work a firm's products are named for (「铁路铸钢件」 → casting), as evidence of its own. */
export function processesOfProducts(lexicon: Lexicon, products: HeldCapability[]): HeldCapability[] {
  const out: HeldCapability[] = [];
  for (const p of products) {
    if (p.conceptId.startsWith('~') || WORKS_ON_OR_SELLS.test(p.wording)) continue;
    const made = [p.conceptId, ...lexicon.ancestors(p.conceptId)].map((id) => PRODUCT_PROCESSES[id]).find((id) => id !== undefined);
    if (made) out.push({ conceptId: made, kind: 'process', confidence: CONFIDENCE.contains, evidence: 'contains', wording: `${p.wording}（产品）` });
  }
  return out;
}

export interface DescriptionReading {
  processes: HeldCapability[];
  materials: HeldCapability[];
  certifications: HeldCapability[];
  products: HeldCapability[];
  /** Some clause speaks of selling, agency or stock rather than making. */
  tradeClause: boolean;
  /** Some process is claimed as the firm's own work outside trade clauses. */
  ownProcess: boolean;
}

interface Placed { m: ConceptMatch; start: number; end: number }

function place(clause: string, matches: ConceptMatch[]): Placed[] {
  const placed: Placed[] = [];
  const from = new Map<string, number>();
  for (const m of matches) {
    const start = clause.indexOf(m.text, from.get(m.text) ?? 0);
    const at = start < 0 ? clause.indexOf(m.text) : start;
    from.set(m.text, at + 1);
    placed.push({ m, start: at, end: at + m.text.length });
  }
  return placed;
}

/** One verb of making after 自己/自行 (「弹片和端子自己冲」「线圈自己绕」): the work, done in-house. */
const SELF_VERBS: Readonly<Record<string, string>> = {
  冲: 'process.stamping', 绕: 'process.coil_winding', 焊: 'process.welding', 铸: 'process.casting', 锻: 'process.forging',
  磨: 'process.grinding', 车: 'process.turning', 铣: 'process.milling', 染: 'process.dyeing', 织: 'process.weaving', 镀: 'process.electroplating',
};
const SELF_VERB = new RegExp(`自(?:己|行|家)(${Object.keys(SELF_VERBS).join('|')})(?!\\p{Script=Han})`, 'gu');

function analyseClause(lexicon: Lexicon, clause: string, materialsListedElsewhere: boolean): DescriptionReading {
  const reading: DescriptionReading = { processes: [], materials: [], certifications: [], products: [], tradeClause: false, ownProcess: false };
  const trade = isTradeClause(clause);
  const productClause = PRODUCT_CLAUSE.test(clause.trim()) && !MATERIAL_CUE.test(clause);
  // 「年产加工中心500台」 makes machines; 「加工中心12台」 owns them
  const owned = OWNS_MACHINES.test(clause) && !(MAKES_OR_SELLS.test(clause) && !SAYS_OWNED.test(clause));
  reading.tradeClause = trade;
  const placed = place(clause, lexicon.extract(clause));
  const held = (p: Placed, evidence: Evidence): HeldCapability =>
    ({ conceptId: p.m.id, kind: p.m.kind, confidence: CONFIDENCE[evidence], evidence, wording: p.m.text });
  const processSpans = placed.filter((p) => p.m.kind === 'process');
  const partSpans = placed.filter((p) => p.m.kind === 'part');
  for (const p of placed) {
    if (notHeld(clause, p.start, p.end, p.m.kind)) continue;
    if (p.m.kind === 'part') {
      // machines the firm works with are its equipment, not its products
      if (owned && !productClause && isEquipment(lexicon, p.m.id)) continue;
      if (!trade) reading.products.push(held(p, 'text'));
      continue;
    }
    if (trade) continue;
    // 「持有压力容器制造许可证（A2级）」: the class stands beside the licence, in its sentence
    if (p.m.kind === 'certification') reading.certifications.push({ ...held(p, 'text'), qualifiers: certificateQualifiers(clause) });
    else if (p.m.kind === 'process') {
      if (NON_PRODUCTION_PROCESSES.has(p.m.id)) continue;
      // 「主要产品包括模锻机」 builds machines for forging; 「拥有模锻机20台」 forges.
      if (!owned && namesMachine(clause, p)) continue;
      // 「液压接头」 holds 压接 by accident; 「压铸件」 names its process at its head.
      if (partSpans.some((q) => q.start < p.start && p.end <= q.end)) continue;
      reading.processes.push(held(p, 'text'));
      reading.ownProcess = true;
    } else if (p.m.kind === 'material') {
      // A product named by its material (「主要产品为6061铝合金支架」), or a material word right before a
      // product's name (「兼做化肥编织袋」: what the bag holds), may confirm a material the firm works —
      // and only when it lists its materials nowhere else — but it is no list of what the firm works.
      if (productClause || (!MATERIAL_CUE.test(clause) && partSpans.some((q) => q.start === p.end))) {
        if (!materialsListedElsewhere) reading.materials.push({ ...held(p, 'text'), confidence: CONFIDENCE.contains, inProductName: true });
        continue;
      }
      const insideProcess = processSpans.some((q) => q.start <= p.start && p.end <= q.end && q.m.text.length > p.m.text.length);
      // 「塑胶注塑件」 beside 「材质T2紫铜」: the material word only qualifies the process.
      const qualifiesProcess = materialsListedElsewhere && !MATERIAL_CUE.test(clause) && processSpans.some((q) => q.start >= p.end && clause.slice(p.end, q.start).trim() === '');
      reading.materials.push(held(p, insideProcess || qualifiesProcess ? 'implied' : 'text'));
    }
  }
  if (!trade) {
    for (const m of clause.matchAll(SELF_VERB)) {
      const conceptId = SELF_VERBS[m[1]!]!;
      const at = m.index ?? 0;
      if (notHeld(clause, at, at + m[0].length, 'process') || /不是$/.test(clause.slice(0, at))) continue;
      if (reading.processes.some((h) => h.conceptId === conceptId || lexicon.ancestors(h.conceptId).includes(conceptId))) continue;
      reading.processes.push({ conceptId, kind: 'process', confidence: CONFIDENCE.contains, evidence: 'text', wording: m[0] });
      reading.ownProcess = true;
    }
  }
  if (owned && !trade && !productClause) {
    for (const machine of processesOfMachines(clause)) {
      const at = clause.indexOf(machine.wording);
      if (notHeld(clause, at, at + machine.wording.length, 'process')) continue;
      // 「五轴加工中心」 is already five-axis work, more than 「加工中心」 says
      if (reading.processes.some((h) => h.conceptId === machine.conceptId || lexicon.ancestors(h.conceptId).includes(machine.conceptId))) continue;
      reading.processes.push({ conceptId: machine.conceptId, kind: 'process', confidence: CONFIDENCE.contains, evidence: 'text', wording: `${machine.wording}（设备）` });
      reading.ownProcess = true;
    }
  }
  return reading;
}

function isEquipment(lexicon: Lexicon, partId: string): boolean {
  const equipmentMemo = memoOf(lexicon).equipment;
  let known = equipmentMemo.get(partId);
  if (known === undefined) {
    known = partId === 'part.equipment' || lexicon.ancestors(partId).includes('part.equipment');
    equipmentMemo.set(partId, known);
  }
  return known;
}

/** One clause, read as written and in its variant spellings (「精密铸件」, 「Al 6082」). */
function readClause(lexicon: Lexicon, clause: string, materialsListedElsewhere: boolean): DescriptionReading {
  const clauseMemo = memoOf(lexicon).clause;
  const memoKey = `${materialsListedElsewhere ? 1 : 0}${clause}`;
  const known = clauseMemo.get(memoKey);
  if (known) return known;
  const reading = analyseClause(lexicon, clause, materialsListedElsewhere);
  // A clause about trade stays one, however its goods are spelled.
  for (const variant of reading.tradeClause ? [] : wordingVariants(clause)) {
    const more = analyseClause(lexicon, variant, materialsListedElsewhere);
    for (const key of ['processes', 'materials', 'certifications', 'products'] as const) {
      for (const c of more[key]) if (!reading[key].some((r) => r.conceptId === c.conceptId)) reading[key].push(c);
    }
    reading.ownProcess ||= more.ownProcess;
  }
  if (clauseMemo.size < MEMO_LIMIT) clauseMemo.set(memoKey, reading);
  return reading;
}

/** 「证书2024年到期，换证审核中」: the state after an expiry, in the next clause, is the same certificate's. */
const EXPIRY_THEN_STATE = /到期[，,]\s*(?=换证|未|没|正在|还在|在办|审核|重新)/gu;

/**
 * A free-text profile read clause by clause (see the file comment for why). `materialsListed`
 * says the firm lists its materials elsewhere (its materials column), so a material word that only
 * qualifies a process here (「塑胶注塑」) is a hint, not a claim.
 */
export function readDescription(lexicon: Lexicon, text: string, materialsListed = false): DescriptionReading {
  const out: DescriptionReading = { processes: [], materials: [], certifications: [], products: [], tradeClause: false, ownProcess: false };
  if (!text) return out;
  const clauses = text.replace(EXPIRY_THEN_STATE, '到期').split(CLAUSE_BREAK).filter((c) => c.trim() !== '');
  const listed = materialsListed || clauses.some((c) => MATERIAL_CUE.test(c));
  for (const clause of clauses) {
    const r = readClause(lexicon, clause, listed);
    out.processes.push(...r.processes);
    out.materials.push(...r.materials);
    out.certifications.push(...r.certifications);
    out.products.push(...r.products);
    out.tradeClause ||= r.tradeClause;
    out.ownProcess ||= r.ownProcess;
  }
  // 「公司是三类医疗器械生产企业……持《医疗器械生产许可证》」: a class the firm states of itself in another
  // sentence is the class of a licence named without one (only 「…类」 words: a stray 「B2」 is no level)
  const classes = certificateClasses(text);
  if (classes.length > 0) out.certifications = out.certifications.map((c) => (c.qualifiers?.length ? c : { ...c, qualifiers: classes }));
  return out;
}
