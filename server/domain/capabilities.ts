/**
 * What a firm can do and what a part needs, as lexicon concepts. The raw wording is kept
 * beside each concept so explanations can quote what the firm itself wrote.
 */
import { getLexicon, splitList, type ConceptKind, type ConceptMatch } from '../../search/lexicon.ts';

export interface CapabilityRow { conceptId: string; kind: ConceptKind; confidence: number; source: 'column' | 'text'; wording: string }
export interface RequirementRow { conceptId: string; kind: ConceptKind; position: number; confidence: number; wording: string }

export interface CapabilityText { processes: string; materials: string; certifications: string; products: string; description: string }

const COLUMN_KINDS: [keyof CapabilityText, ConceptKind][] = [
  ['processes', 'process'], ['materials', 'material'], ['certifications', 'certification'], ['products', 'part'],
];

export function deriveCapabilities(firm: CapabilityText): CapabilityRow[] {
  const lexicon = getLexicon();
  const best = new Map<string, CapabilityRow>();
  const keep = (m: ConceptMatch, source: CapabilityRow['source']) => {
    const prev = best.get(m.id);
    if (!prev || m.confidence > prev.confidence) {
      best.set(m.id, { conceptId: m.id, kind: m.kind, confidence: m.confidence, source, wording: m.text });
    }
  };
  for (const [column, kind] of COLUMN_KINDS) {
    for (const item of splitList(firm[column])) for (const m of lexicon.resolve(item, kind)) keep(m, 'column');
  }
  for (const m of lexicon.extract(firm.description)) keep(m, 'text');
  return [...best.values()];
}

export interface RequirementText { processes: string; materials: string; certificationsRequired: string; description: string }

const REQUIREMENT_KINDS: [keyof RequirementText, ConceptKind][] = [
  ['processes', 'process'], ['materials', 'material'], ['certificationsRequired', 'certification'],
];

/** Requirements from the columns; a kind left empty there is read from the description. */
export function deriveRequirements(part: RequirementText): RequirementRow[] {
  const lexicon = getLexicon();
  const out = new Map<string, RequirementRow>();
  for (const [column, kind] of REQUIREMENT_KINDS) {
    const items = splitList(part[column]);
    const matches = items.length > 0
      ? items.map((item) => lexicon.resolve(item, kind))
      : lexicon.extract(part.description, [kind]).map((m) => [m]);
    matches.forEach((group, position) => {
      for (const m of group) {
        if (!out.has(m.id)) out.set(m.id, { conceptId: m.id, kind: m.kind, position, confidence: m.confidence, wording: m.text });
      }
    });
  }
  return [...out.values()];
}
