/**
 * What a request needs, as lexicon concepts. A component's needs are already derived at import
 * (component_requirements, position 0 = primary process); a demand listing has only a title and
 * a description, so its needs are read from the text the same way, in order of mention — often
 * just a part (「求购车轮螺栓」), which then leads the ranking through the firms' products.
 */
import { CONCEPT_KINDS, getLexicon, type ConceptKind } from '../../search/lexicon.ts';
import { nearestConcept } from './similar-wording.ts';
import type { Requirement } from './types.ts';

export interface RequirementRow { conceptId: string; kind: string; position: number; confidence: number; wording: string }

const isKind = (k: string): k is ConceptKind => (CONCEPT_KINDS as readonly string[]).includes(k);

/**
 * component_requirements rows as requirements. An unknown wording ('~process:…') is tied to its
 * nearest concept when one looks alike, so an odd spelling on the buyer's side still finds firms.
 */
export function requirementsFromRows(rows: readonly RequirementRow[]): Requirement[] {
  const out: Requirement[] = [];
  const seen = new Set<string>();
  for (const row of [...rows].sort((a, b) => a.kind.localeCompare(b.kind) || a.position - b.position)) {
    if (!isKind(row.kind)) continue;
    let { conceptId, confidence } = row;
    if (conceptId.startsWith('~')) {
      const near = nearestConcept(row.wording, row.kind);
      if (near) { conceptId = near.conceptId; confidence = Math.min(confidence, 0.45 * near.similarity); }
    }
    if (seen.has(conceptId)) continue;
    seen.add(conceptId);
    out.push({ conceptId, kind: row.kind, position: row.position, confidence, wording: row.wording });
  }
  return out;
}

// Words of the request itself, not of what is requested: 「求购」「采购」 are no trade capability.
const NOT_REQUIREMENTS = new Set(['process.trading', 'process.logistics']);

/** Requirements read from a listing's title and description, in order of mention per kind. */
export function requirementsFromText(title: string, description: string): Requirement[] {
  const lexicon = getLexicon();
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
