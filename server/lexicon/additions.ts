/**
 * Teaching the matcher a wording in one step: map it to a concept the lexicon has, or create a new
 * concept for it (optionally inside a family). Stored in lexicon_additions — the shipped
 * lexicon.json stays the base — audited, and announced on the feed (`lexicon`): its after-commit
 * listener, in this process and (replayed from the journal) in every other, puts the additions in
 * force (loadAdditions) and re-ranks (LiveMatching.lexiconChanged).
 */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { CONCEPT_KINDS, customConceptId, getLexicon, normalizeWording, setLexiconAdditions, type LexiconAddition } from '../../search/lexicon.ts';
import type { ChangeFeed } from '../changes.ts';
import { recordAudit } from '../audit.ts';
import type { Actor } from '../auth/policy.ts';

export const teachSchema = z.object({
  kind: z.enum(CONCEPT_KINDS, { message: '类型（kind）须为工艺、材料、资质或产品' }),
  term: z.string().trim().min(2, '词语（term）至少 2 个字').max(60, '词语（term）不超过 60 个字'),
  /** an existing concept, by its name (as the page's list offers it) or id … */
  concept: z.string().trim().max(80, '已有概念（concept）不超过 80 个字').optional().transform((v) => v || undefined),
  /** … or a new one, optionally inside a family */
  newLabel: z.string().trim().max(30, '新概念名称（newLabel）不超过 30 个字').optional().transform((v) => v || undefined),
  broader: z.string().trim().max(80, '所属大类（broader）不超过 80 个字').optional().transform((v) => v || undefined),
}).superRefine((v, ctx) => {
  if (!v.concept === !v.newLabel) ctx.addIssue({ code: 'custom', path: ['concept'], message: '请选择一个已有概念（concept），或填写新概念名称（newLabel），二选一' });
});
export type TeachInput = z.infer<typeof teachSchema>;

export type TeachResult = { ok: true; addition: LexiconAddition; label: string } | { ok: false; field: string; message: string };

interface AdditionRow { id: number; kind: LexiconAddition['kind']; term: string; conceptId: string | null; newLabel: string | null; broaderId: string | null }

/** Every addition, oldest first (the order they are laid over the shipped lexicon). */
export function readAdditions(sqlite: Database.Database): LexiconAddition[] {
  return sqlite.prepare<[], AdditionRow>(`select id, kind, term, concept_id as conceptId, new_label as newLabel, broader_id as broaderId
    from lexicon_additions order by id`).all();
}

/** Puts the stored additions in force (at start). */
export function loadAdditions(sqlite: Database.Database): void {
  setLexiconAdditions(readAdditions(sqlite));
}

/** A concept of this kind by its id or its name (label first, then an exact wording of it). */
function conceptOf(kind: TeachInput['kind'], text: string): string | null {
  const lexicon = getLexicon();
  const byId = lexicon.concept(text);
  if (byId) return byId.kind === kind ? byId.id : null;
  const byLabel = lexicon.concepts(kind).find((c) => c.label === text);
  if (byLabel) return byLabel.id;
  return lexicon.resolve(text, kind).find((m) => m.via === 'exact')?.id ?? null;
}

export function teachWording(sqlite: Database.Database, feed: ChangeFeed, input: TeachInput, actor: Actor, now: number, ip = ''): TeachResult {
  const lexicon = getLexicon();
  const resolved: { conceptId: string | null; broaderId: string | null } = { conceptId: null, broaderId: null };
  for (const [field, text, into] of [['concept', input.concept, 'conceptId'], ['broader', input.broader, 'broaderId']] as const) {
    if (!text) continue;
    const id = conceptOf(input.kind, text);
    if (!id) return { ok: false, field, message: `${field}：词库中没有这一类型的概念「${text}」` };
    resolved[into] = id;
  }
  const key = normalizeWording(input.term);
  const taken = sqlite.prepare<[string, string], { id: number }>('select id from lexicon_additions where kind = ? and term_key = ?').get(input.kind, key);
  if (taken) return { ok: false, field: 'term', message: `term：「${input.term}」已经登记过` };
  const known = lexicon.resolve(input.term, input.kind).filter((m) => m.via === 'exact');
  if (known.length > 0) return { ok: false, field: 'term', message: `term：「${input.term}」词库已认识（${known.map((m) => lexicon.label(m.id)).join('、')}）` };
  const addition = feed.transaction(sqlite, (record) => {
    const id = Number(sqlite.prepare(`insert into lexicon_additions (kind, term, term_key, concept_id, new_label, broader_id, user_id, created_at)
      values (?, ?, ?, ?, ?, ?, ?, ?)`).run(input.kind, input.term, key, resolved.conceptId, input.newLabel ?? null, resolved.broaderId,
      actor.kind === 'user' ? actor.id : null, now).lastInsertRowid);
    const row: LexiconAddition = { id, kind: input.kind, term: input.term, conceptId: resolved.conceptId, newLabel: input.newLabel ?? null, broaderId: resolved.broaderId };
    recordAudit(sqlite, { actor, action: 'lexicon.teach', objectType: 'lexicon', objectId: input.term, after: row, at: now, ip });
    record({ lexicon: true });
    return row;
  });
  const label = getLexicon().label(addition.conceptId ?? customConceptId(addition));
  return { ok: true, addition, label };
}
