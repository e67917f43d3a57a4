/** The wordings admins taught, newest first, for the 未识别词 page. */
import type Database from 'better-sqlite3';
import { customConceptId, getLexicon, type ConceptKind } from '../../search/lexicon.ts';

export interface TaughtWording { term: string; kind: ConceptKind; target: string; isNew: boolean; at: number; by: string | null }

export function recentAdditions(sqlite: Database.Database, limit = 50): TaughtWording[] {
  const rows = sqlite.prepare<[number], { id: number; kind: ConceptKind; term: string; conceptId: string | null; at: number; by: string | null }>(
    `select a.id, a.kind, a.term, a.concept_id as conceptId, a.created_at as at, u.display_name as by
       from lexicon_additions a left join users u on u.id = a.user_id order by a.id desc limit ?`).all(limit);
  const lexicon = getLexicon();
  return rows.map((r) => ({ term: r.term, kind: r.kind, target: lexicon.label(r.conceptId ?? customConceptId(r)), isNew: r.conceptId === null, at: r.at, by: r.by }));
}
