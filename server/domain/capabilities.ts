/**
 * What a firm can do and what a part needs, as lexicon concepts. The raw wording is kept
 * beside each concept so explanations can quote what the firm itself wrote.
 */
import { getLexicon, type ConceptKind } from '../../search/lexicon.ts';
import { readCapabilities } from '../matching/profile.ts';
import { requirementsFromComponent } from '../matching/requirements.ts';

export interface CapabilityRow { conceptId: string; kind: ConceptKind; confidence: number; source: 'column' | 'text'; wording: string }
export interface RequirementRow { conceptId: string; kind: ConceptKind; position: number; confidence: number; wording: string }

export interface CapabilityText { name: string; processes: string; materials: string; certifications: string; products: string; description: string }

/** The same reading the matching engine ranks on, so the profile page and search facets show what matching uses. */
export function deriveCapabilities(firm: CapabilityText): CapabilityRow[] {
  return readCapabilities(getLexicon(), firm).map((c) => ({
    conceptId: c.conceptId, kind: c.kind, confidence: c.confidence,
    source: c.evidence === 'text' || c.evidence === 'implied' ? 'text' : 'column', wording: c.wording,
  }));
}

export interface RequirementText { processes: string; materials: string; certificationsRequired: string; description: string }

/** Requirements as the matching engine reads them (position 0 of the processes = the primary process). */
export function deriveRequirements(part: RequirementText): RequirementRow[] {
  return requirementsFromComponent(getLexicon(), part).map((r) => ({ conceptId: r.conceptId, kind: r.kind, position: r.position, confidence: r.confidence, wording: r.wording }));
}
