/**
 * Builds the Lexicon from lexicon.json. A term written '=API' in the data is exact-only: it
 * resolves a whole cell but is never looked for inside longer text, because inside text it
 * usually means something else (API as a software interface, 3C as consumer electronics).
 */
import { FuzzyIndex } from './fuzzy.ts';
import { Hierarchy } from './hierarchy.ts';
import { BREAK_MARK, normalizeWording, scanText } from './normalize.ts';
import { Places } from './places.ts';
import { affixStems, guessKind, isNullWording } from './wording-rules.ts';
import { TermIndex, selectLongest, type Candidate } from './term-index.ts';
import { CONCEPT_KINDS, type Concept, type ConceptKind, type ConceptMatch, type Lexicon, type RawLexicon } from './types.ts';

const CONFIDENCE = { exact: 1, affix: 0.95, containsAll: 0.95, contains: 0.85, fuzzyMax: 0.7, extract: 0.9, unknown: 0.5 };
const MAX_REMEMBERED_UNKNOWN = 50_000;

export function createLexicon(raw: RawLexicon): Lexicon {
  const byId = new Map<string, Concept>();
  const exactOnly = new Map<string, Set<string>>();
  const index = new TermIndex();
  const fuzzy = new FuzzyIndex();
  const fuzzySeen = new Set<string>();

  for (const rc of raw.concepts) {
    if (byId.has(rc.id)) throw new Error(`lexicon: duplicate concept id ${rc.id}`);
    const marked = rc.terms.filter((t) => t.startsWith('='));
    const terms = [rc.label, ...(rc.label_en ? [rc.label_en] : []), ...rc.terms]
      .map((t) => (t.startsWith('=') ? t.slice(1) : t).trim())
      .filter((t, i, all) => t !== '' && all.indexOf(t) === i);
    const concept: Concept = {
      id: rc.id, kind: rc.kind, label: rc.label, ...(rc.label_en ? { labelEn: rc.label_en } : {}),
      terms, broader: rc.broader ?? [], includes: rc.includes ?? [], umbrella: rc.umbrella === true,
      ...(rc.auxiliary === true ? { auxiliary: true } : {}),
    };
    byId.set(rc.id, concept);
    const onlyExact = new Set(marked.map((t) => normalizeWording(t.slice(1))));
    exactOnly.set(rc.id, onlyExact);
    for (const term of terms) {
      const key = normalizeWording(term);
      if (key === '') throw new Error(`lexicon: term «${term}» of ${rc.id} has no letters`);
      const isExactOnly = onlyExact.has(key);
      index.add(key, rc.kind, rc.id, isExactOnly);
      if (!isExactOnly && !/^\d+$/.test(key) && !fuzzySeen.has(`${rc.kind}:${key}`)) {
        fuzzySeen.add(`${rc.kind}:${key}`);
        fuzzy.add(key, rc.kind);
      }
    }
  }
  const hierarchy = new Hierarchy(byId);
  const places = new Places(raw.chains, raw.regions);
  const unknownText = new Map<string, string>();

  const exactIds = (key: string, kind: ConceptKind): string[] => index.lookup(key)?.owners.get(kind) ?? [];

  /** The most specific concepts only: 6061铝合金板 names 6061, not also 铝合金. */
  const mostSpecific = (ids: string[]): string[] =>
    ids.filter((id, i) => ids.indexOf(id) === i && !ids.some((other) => other !== id && hierarchy.satisfies(other, id)));

  function exactMatches(key: string, kind: ConceptKind): { ids: string[]; confidence: number } {
    const direct = exactIds(key, kind);
    if (direct.length > 0) return { ids: direct, confidence: CONFIDENCE.exact };
    if (/^[a-z][a-z ]*[a-z]s$/.test(key)) {
      const singular = [...exactIds(key.slice(0, -1), kind), ...(key.endsWith('es') ? exactIds(key.slice(0, -2), kind) : [])];
      if (singular.length > 0) return { ids: singular, confidence: CONFIDENCE.exact };
    }
    for (const stem of affixStems(key, kind)) {
      const ids = exactIds(stem, kind);
      if (ids.length > 0) return { ids, confidence: CONFIDENCE.affix };
    }
    return { ids: [], confidence: 0 };
  }

  function resolve(cellValue: string, kind?: ConceptKind): ConceptMatch[] {
    const text = cellValue.trim();
    const key = normalizeWording(text);
    if (key === '' || isNullWording(key)) return [];
    const kinds = kind ? [kind] : CONCEPT_KINDS;
    const found: ConceptMatch[] = [];
    const push = (id: string, k: ConceptKind, confidence: number, via: ConceptMatch['via']) => {
      const prev = found.find((m) => m.id === id);
      if (!prev) found.push({ id, kind: k, confidence, via, text });
      else if (confidence > prev.confidence) Object.assign(prev, { confidence, via });
    };

    const open: ConceptKind[] = [];
    for (const k of kinds) {
      const { ids, confidence } = exactMatches(key, k);
      if (ids.length > 0) for (const id of ids) push(id, k, confidence, 'exact');
      else open.push(k);
    }
    if (open.length > 0) {
      const scanned = scanText(text);
      const cands: Candidate[] = index.candidates(scanned);
      for (const k of open) {
        const picks = selectLongest(cands, k, scanned.chars.length);
        if (picks.length === 0) continue;
        const covered = picks.reduce((n, p) => n + p.end - p.start, 0);
        const wordingLength = scanned.chars.split(BREAK_MARK).join('').length;
        const confidence = covered >= wordingLength ? CONFIDENCE.containsAll : CONFIDENCE.contains;
        for (const id of mostSpecific(picks.flatMap((p) => p.entry.owners.get(k) ?? []))) push(id, k, confidence, 'contains');
      }
    }
    if (found.length === 0) {
      const hit = fuzzy.best(key, kinds);
      if (hit) {
        const confidence = Math.round(CONFIDENCE.fuzzyMax * hit.similarity * 1000) / 1000;
        for (const id of exactIds(hit.key, hit.kind)) push(id, hit.kind, confidence, 'fuzzy');
      }
    }
    if (found.length === 0) {
      const id = `~${kind ?? 'term'}:${key}`;
      if (!unknownText.has(id) && unknownText.size < MAX_REMEMBERED_UNKNOWN) unknownText.set(id, text);
      return [{ id, kind: kind ?? guessKind(key), confidence: CONFIDENCE.unknown, via: 'unknown', text }];
    }
    return found.sort((a, b) => b.confidence - a.confidence);
  }

  function extract(freeText: string, kinds?: ConceptKind[]): ConceptMatch[] {
    if (!freeText) return [];
    const scanned = scanText(freeText);
    const cands = index.candidates(scanned);
    if (cands.length === 0) return [];
    const found: { at: number; match: ConceptMatch }[] = [];
    const seen = new Set<string>();
    for (const kind of kinds ?? CONCEPT_KINDS) {
      for (const pick of selectLongest(cands, kind, scanned.chars.length)) {
        const text = freeText.slice(scanned.srcStart[pick.start], scanned.srcEnd[pick.end - 1]);
        for (const id of pick.entry.owners.get(kind) ?? []) {
          if (seen.has(id)) continue;
          seen.add(id);
          found.push({ at: pick.start, match: { id, kind, confidence: CONFIDENCE.extract, via: 'contains', text } });
        }
      }
    }
    return found.sort((a, b) => a.at - b.at).map((f) => f.match);
  }

  function displayTerms(concept: Concept, withExactOnly: boolean): string[] {
    const hidden = exactOnly.get(concept.id) ?? new Set<string>();
    const keys = new Set<string>();
    const out: string[] = [];
    for (const term of concept.terms) {
      const key = normalizeWording(term);
      if (keys.has(key) || (!withExactOnly && hidden.has(key))) continue;
      keys.add(key);
      out.push(term);
    }
    return out;
  }

  const aliasGroups = [
    ...raw.chains.map((c) => [c.name, ...(c.aliases ?? [])]),
    ...raw.regions.map((r) => [r.name, ...(r.aliases ?? [])]),
  ].filter((g) => g.length >= 2);

  return {
    normalizeWording,
    resolve,
    extract,
    concept: (id) => byId.get(id),
    concepts: (kind) => [...byId.values()].filter((c) => !kind || c.kind === kind),
    label(id) {
      const c = byId.get(id);
      if (c) return c.label;
      return unknownText.get(id) ?? (id.startsWith('~') ? id.slice(id.indexOf(':') + 1) : id);
    },
    expandTerm(term) {
      const entry = index.lookup(normalizeWording(term));
      if (!entry) return [];
      const out: string[] = [];
      for (const ids of entry.owners.values()) {
        for (const id of ids) for (const t of displayTerms(byId.get(id) as Concept, true)) if (!out.includes(t)) out.push(t);
      }
      return out;
    },
    satisfies: (held, required) => hierarchy.satisfies(held, required),
    related: (held, required) => hierarchy.related(held, required),
    ancestors: (id) => hierarchy.ancestors(id),
    synonymGroups: () => [
      ...[...byId.values()].map((c) => displayTerms(c, false)).filter((g) => g.length >= 2),
      ...aliasGroups.map((g) => [...g]),
    ],
    chain: (text) => places.chain(text),
    chains: () => places.chains(),
    region: (text) => places.region(text),
    regions: () => places.regions(),
  };
}
