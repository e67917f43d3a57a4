/**
 * The class, level or sub-class a certificate or licence is asked in: 「压力容器制造许可证A2级」 asks
 * for A2 pressure vessels, not any special-equipment licence; 「CL1」, 「二类医疗器械」, 「压力管道GC1」
 * likewise. The lexicon knows the licence (one concept per family); these qualifiers are read beside
 * it from the wording, so a different class of the same licence does not meet the need and a
 * licence stated without its class is asked about rather than assumed.
 */
const SUBCLASSES = ['压力容器', '压力管道', '锅炉', '气瓶', '起重机械', '电梯', '安全阀', '安全附件', '大型游乐设施', '客运索道', '场内机动车辆'];
/** Licences of one family for another trade: 兽药GMP and 保健食品GMP are no drug GMP. */
const SCOPES = ['兽药', '保健食品', '化妆品', '食品', '饲料', '农药'];
const CLASS_NUMBER: Record<string, string> = { 一: '1', 二: '2', 三: '3', Ⅰ: '1', Ⅱ: '2', Ⅲ: '3', I: '1', II: '2', III: '3', '1': '1', '2': '2', '3': '3' };

const LEVEL_CODE = /(?<![A-Za-z0-9])(G[ABCD][1-3]|CL\s*[1-9]|[A-D][1-9])(?![0-9A-Za-z])/gi;
const LETTER_LEVEL = /(?<![A-Za-z0-9])([A-D])\s*级/gi;
const CLASS_WORD = /(III|II|I|[一二三ⅠⅡⅢ123])\s*类/g;

/** The qualifiers a wording states, folded: 'A2', 'B', 'CL1', 'GC1', '2类', '压力容器' (empty when none). */
export function certificateQualifiers(wording: string): string[] {
  const text = wording.normalize('NFKC');
  const out = new Set<string>();
  for (const m of text.matchAll(LEVEL_CODE)) out.add(m[1]!.replace(/\s+/g, '').toUpperCase());
  for (const m of text.matchAll(LETTER_LEVEL)) out.add(m[1]!.toUpperCase());
  for (const c of certificateClasses(text)) out.add(c);
  for (const s of SUBCLASSES) if (text.includes(s)) out.add(s);
  for (const s of SCOPES) if (text.includes(s) && !(s === '食品' && text.includes('保健食品'))) out.add(s);
  return [...out];
}

/** Only the 「…类」 classes a text states ('3类'): what a firm's profile may say of all its licences at once. */
export function certificateClasses(text: string): string[] {
  return [...new Set([...text.normalize('NFKC').matchAll(CLASS_WORD)].map((m) => `${CLASS_NUMBER[m[1]!] ?? m[1]}类`))];
}

export type ClassVerdict = 'meets' | 'unstated' | 'different';

/**
 * Whether what the firm holds states every class the requirement asks for. Sub-class (压力容器) and
 * level (A2, CL1, 2类) are judged apart: a licence that names its sub-class but no level has the
 * level unstated, not wrong.
 */
export function classVerdict(required: readonly string[], held: readonly string[]): ClassVerdict {
  // a licence for another trade than asked (兽药GMP for GMP) is another licence
  if (held.some((q) => SCOPES.includes(q) && !required.includes(q))) return 'different';
  let unstated = false;
  for (const inGroup of [(q: string) => SUBCLASSES.includes(q), (q: string) => !SUBCLASSES.includes(q) && !SCOPES.includes(q)]) {
    const asked = required.filter(inGroup);
    if (asked.length === 0) continue;
    const stated = held.filter(inGroup);
    if (stated.length === 0) unstated = true;
    else if (!asked.every((q) => stated.includes(q))) return 'different';
  }
  return unstated ? 'unstated' : 'meets';
}
