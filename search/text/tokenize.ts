/**
 * The search tokenizer, shared by indexing, querying, ranking and highlighting so all four
 * agree on what a word is.
 *
 * Chinese (and Japanese/Korean) text becomes one token per character: a word segmenter decides
 * where 热轧钢板 splits and loses 钢板 when it guesses wrong, while a phrase of single characters
 * is found wherever it occurs. Latin letters and digits form runs, lower-cased, without
 * diacritics, and split where letters meet digits, so 'IATF16949', 'IATF 16949' and 'iatf-16949'
 * all read as [iatf, 16949] and 'GB/T 5782' as [gb, t, 5782]. Everything else separates.
 * Each token is made of letters or digits only, so SQLite's unicode61 tokenizer reads the
 * space-joined form back token for token, and no token can carry query syntax.
 */

export interface Token {
  text: string;
  /** Offsets into the original string (UTF-16 units), for highlighting. */
  start: number;
  end: number;
}

const enum Kind { Separator, Ideograph, Letter, Digit }

function isIdeograph(cp: number): boolean {
  // Han, kana and Hangul letters only: a punctuation mark in these blocks (・) must stay a separator,
  // as it is for SQLite's unicode61 tokenizer.
  return (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x20000 && cp <= 0x3134f)
    || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x309d && cp <= 0x309f)
    || (cp >= 0x30a1 && cp <= 0x30fa) || (cp >= 0x30fc && cp <= 0x30ff) || (cp >= 0xac00 && cp <= 0xd7a3)
    || cp === 0x3005 || cp === 0x3007;
}

const LETTER = /\p{L}/u;
const DIGIT = /\p{N}/u;
const MARKS = /\p{M}/gu;
const foldCache = new Map<number, { kind: Kind; text: string }>();

/** Folds one code point outside ASCII and the ideographs: NFKC (full-width forms), no diacritics, lower case. */
function foldRare(cp: number): { kind: Kind; text: string } {
  let hit = foldCache.get(cp);
  if (hit) return hit;
  const ch = String.fromCodePoint(cp);
  const text = ch.normalize('NFKC').normalize('NFD').replace(MARKS, '').toLowerCase();
  let kind = Kind.Separator;
  if (text.length > 0) {
    const first = text.codePointAt(0)!;
    if (isIdeograph(first)) kind = Kind.Ideograph;
    else if (/^\p{N}+$/u.test(text)) kind = Kind.Digit;
    else if (/^\p{L}+$/u.test(text)) kind = Kind.Letter;
    else if (LETTER.test(text) || DIGIT.test(text)) kind = DIGIT.test(text[0]!) ? Kind.Digit : Kind.Letter;
  }
  const kept = kind === Kind.Separator ? '' : text.replace(/[^\p{L}\p{N}]/gu, '');
  // Unassigned code points (inside the ideograph blocks too) separate, as they do for unicode61.
  hit = { kind: kept === '' ? Kind.Separator : kind, text: kept };
  if (foldCache.size < 10_000) foldCache.set(cp, hit);
  return hit;
}

/** Calls `emit` for each token in order; tokenize and tokenTexts are views of this one walk. */
export function forEachToken(text: string, emit: (token: string, start: number, end: number) => void): void {
  let run = '';
  let runKind = Kind.Separator;
  let runStart = 0;
  for (let i = 0; i < text.length;) {
    const cp = text.charCodeAt(i) >= 0xd800 ? text.codePointAt(i)! : text.charCodeAt(i);
    const width = cp > 0xffff ? 2 : 1;
    let kind: Kind;
    let folded: string;
    if (cp < 0x80) {
      if (cp >= 97 && cp <= 122) { kind = Kind.Letter; folded = text[i]!; }
      else if (cp >= 65 && cp <= 90) { kind = Kind.Letter; folded = String.fromCharCode(cp + 32); }
      else if (cp >= 48 && cp <= 57) { kind = Kind.Digit; folded = text[i]!; }
      else { kind = Kind.Separator; folded = ''; }
    } else if (cp >= 0x4e00 && cp <= 0x9fff) {
      kind = Kind.Ideograph; folded = text[i]!;
    } else {
      const f = foldRare(cp);
      kind = f.kind; folded = f.text;
    }
    if (kind !== runKind || kind === Kind.Ideograph) {
      if (run !== '') emit(run, runStart, i);
      run = '';
      runKind = kind;
      runStart = i;
    }
    if (kind === Kind.Ideograph) { emit(folded, i, i + width); runKind = Kind.Separator; }
    else if (kind !== Kind.Separator) run += folded;
    i += width;
  }
  if (run !== '') emit(run, runStart, text.length);
}

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  forEachToken(text, (t, start, end) => { out.push({ text: t, start, end }); });
  return out;
}

export function tokenTexts(text: string): string[] {
  const out: string[] = [];
  forEachToken(text, (t) => { out.push(t); });
  return out;
}

/** The form stored in the full-text index: tokens joined by single spaces. */
export function indexForm(text: string): string {
  return tokenTexts(text).join(' ');
}

/** A token that is one ideograph (tokens are either that or a letter/digit run). */
export function isIdeographToken(token: string): boolean {
  return token.length <= 2 && isIdeograph(token.codePointAt(0)!);
}

/**
 * The bigram form of a token sequence: each run of ideographs becomes its overlapping pairs
 * (热轧钢板 → 热轧 轧钢 钢板), a lone ideograph stays itself, other tokens are unchanged.
 * A phrase whose ideograph runs all have two or more characters matches this form exactly
 * where its characters match the per-character form, from far shorter doclists.
 */
export function bigramForm(tokens: readonly string[]): string[] {
  const out: string[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length === 1) out.push(run[0]!);
    else for (let i = 0; i + 1 < run.length; i++) out.push(run[i]! + run[i + 1]!);
    run = [];
  };
  for (const t of tokens) {
    if (isIdeographToken(t)) run.push(t);
    else { flush(); out.push(t); }
  }
  flush();
  return out;
}

/** True when every ideograph run of the phrase has at least two characters (see bigramForm). */
export function fitsBigrams(phrase: readonly string[]): boolean {
  let run = 0;
  for (const t of phrase) {
    if (isIdeographToken(t)) run++;
    else if (run === 1) return false;
    else run = 0;
  }
  return run !== 1;
}

/** True for a token sequence that is a single ideograph or a bare number: too common to stand for a wider concept. */
export function isShortPhrase(tokens: readonly string[]): boolean {
  if (tokens.length !== 1) return false;
  const t = tokens[0]!;
  return /^\p{N}+$/u.test(t) || (t.length <= 2 && isIdeograph(t.codePointAt(0)!));
}
