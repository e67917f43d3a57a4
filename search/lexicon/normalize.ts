/**
 * Wording keys. Two wordings that differ only in width, case, spacing, hyphens, slashes or a
 * standard's year ('IATF 16949', 'iatf-16949:2016') must land on one key, and free text must be
 * scanned in that same folded form while remembering where each character came from.
 */

// A year only follows a standard number ('19001-2016', '16949:2016'), never a grade such as
// 'AA2024-T3' (no leading digits) or 'ZG270-500' (not a year), so the patterns demand both.
const YEAR_COLON = /[:：]\s*(?:19|20)\d{2}(?!\d)\s*(?:年版|版)?/g;
const YEAR_DASH = /(\d{3,}[a-z]?)\s*[-–—]\s*(?:19|20)\d{2}(?=$|[^0-9a-z-])\s*(?:年版|版)?/g;
const YEAR_PAREN = /(\d{3,}[a-z]?)\s*[(（]\s*(?:19|20)\d{2}\s*(?:年版|版)?\s*[)）]/g;

// Joiners vanish inside a wording ('IATF 16949', 'PC/ABS', 'UN38.3'); breaks separate list items
// and sentences, so no term may be read across them ('压铸、模具' is not 压铸模具).
const JOINERS = new Set(Array.from(" \t\f\v\u00a0-_/\\.·・'\"“”‘’`®©™–—"));
const BREAKS = new Set(Array.from("\n\r,，、;；:：。()（）[]【】{}《》<>+&|~*!?！？"));
/** Stands in the scanned text for a break; no term contains it. */
export const BREAK_MARK = '\u0000';

export function isDropped(ch: string): boolean {
  return JOINERS.has(ch) || BREAKS.has(ch) || /\s/u.test(ch);
}

function isBreak(ch: string): boolean {
  return BREAKS.has(ch);
}

export function normalizeWording(text: string): string {
  let t = text.replace(/[®©™]/g, '').normalize('NFKC').toLowerCase();
  t = t.replace(YEAR_COLON, '').replace(YEAR_DASH, '$1').replace(YEAR_PAREN, '$1');
  let out = '';
  for (const ch of t) if (!isDropped(ch)) out += ch;
  return out;
}

const LIST_BREAK = /[;；、,，\n\r]+/;
const OPENING = new Set(['（', '(', '【', '[']);
const CLOSING = new Set(['）', ')', '】', ']']);

/**
 * One list item per entry; standard names such as 'GB/T 19001', 'PC/ABS', '6061-T6' carry no separator,
 * and a note in brackets stays with its item: 「过氧化氢27.5%（工业级，GB/T 1616）」 is one item.
 */
export function splitList(cell: string): string[] {
  if (!/[（(【[]/.test(cell)) return cell.split(LIST_BREAK).map((s) => s.trim()).filter((s) => s !== '');
  const items: string[] = [];
  let depth = 0;
  let item = '';
  for (const ch of cell) {
    if (OPENING.has(ch)) depth++;
    else if (CLOSING.has(ch)) depth = Math.max(0, depth - 1);
    if (depth === 0 && LIST_BREAK.test(ch)) { items.push(item); item = ''; continue; }
    item += ch;
  }
  items.push(item);
  // a bracket never closed (「ISO 9001（认证中；IATF 16949」) keeps nothing together
  if (depth > 0) return cell.split(LIST_BREAK).map((s) => s.trim()).filter((s) => s !== '');
  return items.map((s) => s.trim()).filter((s) => s !== '');
}

/** Free text folded like a key (breaks kept as BREAK_MARK), each character tied back to its source span. */
export interface ScannedText {
  readonly chars: string;
  readonly srcStart: Int32Array;
  readonly srcEnd: Int32Array;
  /** Folded character just before / after each kept one, separators included; -1 at the edges. */
  readonly prev: Int32Array;
  readonly next: Int32Array;
}

function fold(cp: number): string {
  if (cp < 0x80) return cp >= 65 && cp <= 90 ? String.fromCharCode(cp + 32) : String.fromCharCode(cp);
  // Common CJK ideographs are already in NFKC form; skipping normalize() keeps import fast.
  if (cp >= 0x4e00 && cp <= 0x9fff) return String.fromCharCode(cp);
  if (cp === 0xae || cp === 0xa9 || cp === 0x2122) return '';
  return String.fromCodePoint(cp).normalize('NFKC').toLowerCase();
}

export function scanText(text: string): ScannedText {
  const raw: string[] = [];
  const rawStart: number[] = [];
  const rawEnd: number[] = [];
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i) ?? 0;
    const width = cp > 0xffff ? 2 : 1;
    for (const ch of fold(cp)) { raw.push(ch); rawStart.push(i); rawEnd.push(i + width); }
    i += width;
  }
  const keep: number[] = [];
  for (let r = 0; r < raw.length; r++) {
    const ch = raw[r] as string;
    if (isBreak(ch)) raw[r] = BREAK_MARK;
    if (isBreak(ch) || !isDropped(ch)) keep.push(r);
  }
  const n = keep.length;
  const srcStart = new Int32Array(n);
  const srcEnd = new Int32Array(n);
  const prev = new Int32Array(n);
  const next = new Int32Array(n);
  let chars = '';
  keep.forEach((r, k) => {
    chars += raw[r];
    srcStart[k] = rawStart[r] as number;
    srcEnd[k] = rawEnd[r] as number;
    prev[k] = r > 0 ? (raw[r - 1] as string).charCodeAt(0) : -1;
    next[k] = r + 1 < raw.length ? (raw[r + 1] as string).charCodeAt(0) : -1;
  });
  return { chars, srcStart, srcEnd, prev, next };
}

export type CharClass = 'letter' | 'digit' | 'other';

export function charClass(code: number): CharClass {
  if (code >= 97 && code <= 122) return 'letter';
  if (code >= 48 && code <= 57) return 'digit';
  if (code >= 0xc0 && code < 0x250 && code !== 0xd7 && code !== 0xf7) return 'letter';
  return 'other';
}
