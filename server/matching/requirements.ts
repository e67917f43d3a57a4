/**
 * What a request needs, as lexicon concepts. A component's needs come from its columns (as the
 * importer's component_requirements do: position 0 = primary process); a demand listing has only a
 * title and a description, so its needs are read from the text in order of mention — often just
 * a part (「求购车轮螺栓」), which then leads the ranking through the firms' products.
 */
import { CONCEPT_KINDS, splitList, type ConceptKind, type Lexicon } from '../../search/lexicon.ts';
import { normalizeWording } from '../../search/lexicon/normalize.ts';
import { notesOf, readCell, readDescription, withoutNotes, type DescriptionReading } from './profile-text.ts';
import { certificateQualifiers } from './certificate-class.ts';
import type { HeldCapability, Requirement } from './types.ts';

const isKind = (k: string): k is ConceptKind => (CONCEPT_KINDS as readonly string[]).includes(k);
/** Between certificates in one cell: either will do. A slash after a number is a choice (「AS9100/ISO 9001」); inside a name it is not (「ISO/TS 22163」「GB/T 19001」). */
const ALTERNATIVES = /或者?|(?<=[\d\s）)])[/／]|\bor\b|任一|之一/i;

/** The columns of a component (as in the components import file) that say what it needs. */
export interface ComponentText { name?: string; processes: string; materials: string; certificationsRequired: string; description: string }

/**
 * One need is read from the words that name it, not from the notes around them. A bracket is a
 * note: 「玻璃钢（乙烯基树脂）」 is a GRP whose resin is named, 「涂层（双点/撒粉）」 a coating whose
 * methods are listed, 「对甲苯基氯化镁（卤代芳烃类有机原料）」 a reagent with its class — none of them a
 * second need. A filler (「PA66+GF30」) is no second material, and 「松木/杨木锯材」 asks for either
 * wood. What is left is read as it is, known or not (an unknown wording then finds firms by text).
 */
function needItem(lexicon: Lexicon, item: string, kind: ConceptKind): HeldCapability[] {
  if (kind !== 'material' && kind !== 'process') return readCell(lexicon, item, kind);
  let main = withoutNotes(item);
  if (kind === 'material') main = main.replace(/\s*[+＋].*$/, '').trim();
  // a size or count written after the name is no part of it (「镀锡铜绞线 11/0.16」, 「316L不锈钢超薄带 0.1mm」)
  if (kind === 'material') main = main.replace(/(?<=\S)\s+[\d.\/／×xX*~-]+\s*(?:mm|μm|um|g|kg|%)?$/i, '').trim() || main;
  // …and a cross-section or size between words (「RVV 3×0.75mm² 铜芯PVC」: three cores of 0.75 mm²)
  if (kind === 'material') main = main.replace(/\s*\d+(?:\.\d+)?\s*[×xX*]\s*\d+(?:\.\d+)?\s*(?:mm²|mm2|mm|cm|m)?(?=\s|$|\p{Script=Han})/giu, ' ').replace(/\s+/g, ' ').trim() || main;
  if (!main) return readCell(lexicon, item, kind);
  if (kind === 'material') {
    // a slash between figures is a specification (「镀锡铜绞线 11/0.16」: 11 strands of 0.16 mm), not a choice,
    // nor between single letters (「T/C 65/35」 is a polyester–cotton blend, 「P/C」 too)
    const either = main.split(/(?<!\d|(?<![a-z])[a-z])[/／]|[/／](?!\d|[a-z](?![a-z]))/i).map((p) => p.trim()).filter((p) => Array.from(p).length >= 2);
    if (either.length > 1) return either.flatMap((p) => needItem(lexicon, p, kind));
  }
  const read = specificNote(lexicon, item, main, readCell(lexicon, main, kind), kind);
  // 「对甲苯基氯化镁」 holds 甲苯 but is no solvent: known words covering less than half of the name
  // do not make the name known — it is searched as written; 「LLDPE线性低密度聚乙烯」 is two names of one PE
  if (kind === 'material' && read.length > 0 && read.every((h) => h.evidence === 'contains') && knownShare(lexicon, main, kind) < 0.5 && !endsWithKnown(lexicon, main, kind)) {
    return [{ conceptId: `~${kind}:${normalizeWording(main)}`, kind, confidence: 0.5, evidence: 'similar', wording: main }];
  }
  // 「管制拉丝成型」 holds 拉丝 but is no wire drawing: a known process covering less than half of the
  // wording is the lexicon's guess, searched in the firms' own words as well (textual-lead.ts)
  const guessed = kind === 'process' && read.length > 0 && read.every((h) => h.evidence === 'contains') && guessedFrom(lexicon, main, kind);
  const out = guessed ? read.map((h) => ({ ...h, evidence: 'fuzzy' as const, confidence: Math.min(h.confidence, GUESS_CONFIDENCE) })) : read;
  if (main === item) return out;
  return out.map((h) => (h.evidence === 'similar' ? h : { ...h, wording: item }));
}

/**
 * …unless the note says which one: 「表面涂层（PVD碳基/贵金属）」 asks for PVD, 「不锈钢（316L）」 for 316L.
 * Known concepts in the brackets replace the main reading when they are special cases of it, or when
 * the lexicon only guessed a concept for the main words by likeness (「表面涂层」 read as 涂装). A main
 * wording the lexicon does not know at all stays: firms write it as the buyer does.
 */
function specificNote(lexicon: Lexicon, item: string, main: string, read: HeldCapability[], kind: ConceptKind): HeldCapability[] {
  if (main === item || read.length === 0) return read;
  const notes = notesOf(item).join('、');
  const named = readCell(lexicon, notes, kind).filter((h) => !h.conceptId.startsWith('~') && h.confidence >= 0.8);
  if (named.length === 0) return read;
  // a likeness guess, not a wording kept as written (「卷焊（钎焊）」: firms write 卷焊, the note is its kind)
  const guessed = read.every((h) => !h.conceptId.startsWith('~') && h.confidence < 0.8);
  const narrower = named.filter((n) => read.some((h) => n.conceptId !== h.conceptId && lexicon.satisfies(n.conceptId, h.conceptId)));
  if (guessed) return named;
  return narrower.length > 0 ? narrower : read;
}

/** The words in a need's brackets, folded, when they are a wording of their own (two characters or more, not only figures). */
function glossOf(item: string): string | undefined {
  const notes = notesOf(item).join('');
  const key = normalizeWording(notes);
  return Array.from(key).length >= 2 && /[\p{Script=Han}a-z]{2}/u.test(key) ? key : undefined;
}

/** The confidence of a need the lexicon only guessed at from a word inside it. */
const GUESS_CONFIDENCE = 0.55;

/** Words that only say 「work of this kind」 or 「a part」 at the end of a process wording (「注塑件生产」 is 注塑). */
const GENERIC_TAIL = /(?:件|生产|制作|制造|加工|成型|成形|工艺|处理|服务|业务|能力)+$/u;

/**
 * A Chinese process wording of which the known word covers no more than half once its generic tail
 * is set aside: 「管制拉丝成型」 (glass tubing, not wire drawing), 「大圆机针织」. Latin wordings are
 * read by whole words elsewhere and never guessed from inside.
 */
function guessedFrom(lexicon: Lexicon, main: string, kind: ConceptKind): boolean {
  if (/[a-z]/i.test(main)) return false;
  const core = main.replace(GENERIC_TAIL, '');
  if (Array.from(core).length < 3 || knownShare(lexicon, core, kind) > 0.5) return false;
  // Chinese puts the work last, after what it is done to: 「端子冲压」「锻件粗车」 are
  // stamping and turning of a part the lexicon knows (or a 「…件」). A word in front that is no
  // thing says which kind of the work (「流延挤出」「电脑提花织造」) and is searched as written.
  return !lexicon.extract(main, [kind]).some((m) => main.endsWith(m.text) && isThing(lexicon, main.slice(0, main.length - m.text.length)));
}

/** A part the lexicon knows by this very name, or a workpiece (「锻件」「毛坯」); a material in front says which kind of the work (「塑料焊接」 is no metal welding). */
function isThing(lexicon: Lexicon, words: string): boolean {
  return /(?:件|毛坯)$/u.test(words) || lexicon.extract(words, ['part']).some((m) => m.text === words);
}

/**
 * Chinese names put the thing last: 「高硅钼球墨铸铁 SiMo4.5」 is a ductile iron whatever its alloy, and
 * 「玻璃纤维增强尼龙」 a nylon; 「对甲苯基氯化镁」 only holds 甲苯 inside it. Whether the Han part of the
 * wording (codes and grades set aside) ends with a known term of this kind.
 */
function endsWithKnown(lexicon: Lexicon, main: string, kind: ConceptKind): boolean {
  // a Latin name last: 「RVV 铜芯PVC」 is PVC-sheathed
  const latin = /(?<![a-z0-9])[a-z][a-z0-9.\-]+$/i.exec(main.trim())?.[0];
  if (latin && lexicon.extract(latin, [kind]).some((m) => m.text.toLowerCase() === latin.toLowerCase())) return true;
  const chars = Array.from(main.replace(/[^\p{Script=Han}]+/gu, ''));
  if (chars.length < 3) return false;
  // every ending, not only the matches the reading kept: in 「精梳棉纱」 the reading keeps 精梳棉, the name ends with 棉纱
  for (let from = 0; from <= chars.length - 2; from++) {
    const tail = chars.slice(from).join('');
    if (lexicon.extract(tail, [kind]).some((m) => m.text === tail)) return true;
  }
  return false;
}

/** The share of a wording that known terms of this kind cover together (「数控冲压折弯」: all of it). */
function knownShare(lexicon: Lexicon, text: string, kind: ConceptKind): number {
  const lower = text.toLowerCase();
  const covered = new Array<boolean>(text.length).fill(false);
  const mark = (word: string) => {
    for (let at = lower.indexOf(word); at >= 0 && word.length > 0; at = lower.indexOf(word, at + 1)) covered.fill(true, at, at + word.length);
  };
  // every wording of each concept found, not only the first: 「LLDPE线性低密度聚乙烯」 is LLDPE and 线性低密度聚乙烯, both PE
  for (const m of lexicon.extract(text, [kind])) {
    mark(m.text.toLowerCase());
    for (const term of lexicon.concept(m.id)?.terms ?? []) if (term.length >= 2) mark(term.toLowerCase());
  }
  return covered.filter(Boolean).length / Math.max(1, text.length);
}

/** The folded wording a firm's own text is searched for, when the lexicon did not know it (an unknown or merely similar reading). */
function textKeyOf(h: HeldCapability): string | undefined {
  if (h.evidence !== 'similar' && h.evidence !== 'fuzzy' && !h.conceptId.startsWith('~')) return undefined;
  const key = normalizeWording(h.wording);
  return key.length >= 2 ? key : undefined;
}

const COLUMNS: [keyof ComponentText, ConceptKind, keyof DescriptionReading][] = [
  ['processes', 'process', 'processes'], ['materials', 'material', 'materials'], ['certificationsRequired', 'certification', 'certifications'],
];

/**
 * A component's requirements, read like a firm's capabilities so both sides go through the same
 * wording rules: each list item is one requirement slot (position = its place in the list, 0 =
 * primary process); a kind whose column is empty is read from the description in order of
 * mention, leaving out materials only hinted at by a process word (「塑胶注塑件」 asks for no
 * plastic grade). Inside one item, a vague umbrella (「PCBA贴片组装」's 组装) gives way to the
 * specific concept beside it.
 */
export function requirementsFromComponent(lexicon: Lexicon, c: ComponentText): Requirement[] {
  const out: Requirement[] = [];
  const seen = new Set<string>();
  const push = (r: Requirement) => { if (!seen.has(r.conceptId)) { seen.add(r.conceptId); out.push(r); } };
  const text = readDescription(lexicon, c.description);
  for (const [column, kind, fromText] of COLUMNS) {
    const items = splitList(c[column] ?? '');
    if (items.length > 0) {
      items.forEach((item, position) => {
        // 「A或B」「A/B」 asks for either certificate: each alternative is read on its own, any one of them will do
        const alternatives = kind === 'certification' ? item.split(ALTERNATIVES).map((a) => a.trim()).filter(Boolean) : [];
        if (alternatives.length > 1) {
          for (const a of alternatives) for (const h of readCell(lexicon, a, kind)) push({ conceptId: h.conceptId, kind, position, confidence: h.confidence, wording: item, anyOf: position, textKey: textKeyOf(h) });
          return;
        }
        const read = needItem(lexicon, item, kind);
        const specific = read.filter((h) => !lexicon.concept(h.conceptId)?.umbrella);
        const qualifiers = kind === 'certification' ? certificateQualifiers(item) : [];
        for (const h of specific.length > 0 ? specific : read) {
          const auxiliary = kind === 'process' && position > 0 && lexicon.concept(h.conceptId)?.auxiliary === true;
          const readFrom = kind === 'material' ? normalizeWording(withoutNotes(h.wording)) : '';
          const textKey = textKeyOf(h);
          const glossKey = textKey !== undefined ? glossOf(item) : undefined;
          push({
            conceptId: h.conceptId, kind, position, confidence: h.confidence, wording: item, textKey, ...(glossKey ? { glossKey } : {}), ...(readFrom ? { readFrom } : {}),
            ...(qualifiers.length > 0 ? { qualifiers } : {}), ...(auxiliary ? { auxiliary: true as const } : {}),
          });
        }
      });
    } else {
      // 「涤棉针织面料」 in a buyer's words is the fabric the part is made of, not knitting asked of the supplier
      const insideMaterial = (h: HeldCapability) => kind === 'process' && text.materials.some((m) => m.wording.length > h.wording.length && m.wording.includes(h.wording));
      const found = (text[fromText] as HeldCapability[]).filter((h) => h.evidence !== 'implied' && !insideMaterial(h));
      found.forEach((h, position) => push({ conceptId: h.conceptId, kind, position, confidence: h.confidence, wording: h.wording }));
    }
  }
  // No process asked: the part's own name, searched in the firms' own words
  // (「丁基胶塞」, 「药用铝塑组合盖」), is what finds the firms that make it.
  // Only when the part asks for no process at all: a name's qualifier (「出口机床木箱」's 机床) must not become a need.
  if (c.name && !out.some((r) => r.kind === 'process' || r.kind === 'part')) {
    const core = withoutNotes(c.name);
    const known = readCell(lexicon, core, 'part').filter((h) => h.evidence === 'exact');
    const key = normalizeWording(core);
    if (known.length > 0) for (const h of known) push({ conceptId: h.conceptId, kind: 'part', position: 0, confidence: h.confidence, wording: core });
    else if (key.length >= 2) push({ conceptId: `~part:${key}`, kind: 'part', position: 0, confidence: 0.5, wording: core, textKey: key });
  }
  return out;
}

// Words of the request itself, not of what is requested: 「求购」「采购」 are no trade capability.
const NOT_REQUIREMENTS = new Set(['process.trading', 'process.logistics']);

/** Requirements read from a listing's title and description, in order of mention per kind. */
export function requirementsFromText(lexicon: Lexicon, title: string, description: string): Requirement[] {
  const positions = new Map<ConceptKind, number>();
  const seen = new Set<string>();
  const out: Requirement[] = [];
  for (const text of [title, description]) {
    for (const m of lexicon.extract(text)) {
      if (seen.has(m.id) || NOT_REQUIREMENTS.has(m.id)) continue;
      seen.add(m.id);
      const position = positions.get(m.kind) ?? 0;
      positions.set(m.kind, position + 1);
      out.push({ conceptId: m.id, kind: m.kind, position, confidence: m.confidence, wording: m.text });
    }
  }
  return out;
}
