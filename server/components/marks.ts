/**
 * A buyer's 「不合适」 on a candidate for one of its parts, with a reason (工艺不符, 材料不符, 缺少资质,
 * 规模太小, 其他) and a note. The firm then ranks lower for that part (rank.ts: wrong process or
 * material → no fit; otherwise at best worth cultivating) and the page says who marked it why.
 * Undone by the same buyer. Audited; a change re-ranks the part through the change feed.
 */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { MARK_REASONS } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import type { CandidateMark } from '../matching/types.ts';
import type { WriteContext } from '../write-context.ts';

export const markSchema = z.object({
  uscc: z.string().trim().min(1, '缺少企业（uscc）').max(18, '企业信用代码（uscc）不超过 18 位'),
  reason: z.enum(MARK_REASONS, { message: '原因（reason）须为：工艺不符、材料不符、缺少资质、规模太小或其他' }),
  note: z.string().trim().max(200, '说明（note）不超过 200 字').default(''),
});
export const unmarkSchema = z.object({ uscc: z.string().trim().min(1, '缺少企业（uscc）').max(18, '企业信用代码（uscc）不超过 18 位') });

export type MarkResult = { ok: true } | { ok: false; message: string };

/** The marks on one part: firm id → reason and note. */
export function marksFor(sqlite: Database.Database, componentId: number): Map<number, CandidateMark> {
  const rows = sqlite.prepare<[number], { enterpriseId: number } & CandidateMark>(
    'select enterprise_id as enterpriseId, reason, note from candidate_marks where component_id = ?').all(componentId);
  return new Map(rows.map((r) => [r.enterpriseId, { reason: r.reason, note: r.note }]));
}

/** How many marks there are, by reason (the evaluation's and the admin's count). */
export function markCounts(sqlite: Database.Database): Record<string, number> {
  const rows = sqlite.prepare<[], { reason: string; n: number }>('select reason, count(*) as n from candidate_marks group by reason').all();
  return Object.fromEntries(rows.map((r) => [r.reason, r.n]));
}

function firmId(sqlite: Database.Database, uscc: string): number | undefined {
  return sqlite.prepare<[string], { id: number }>('select id from enterprises where uscc = ?').get(uscc)?.id;
}

/** Marks (or re-marks) a candidate; the caller has checked the actor manages the part. */
export function markCandidate(ctx: WriteContext, component: { id: number; ref: string; buyerId: number }, input: z.infer<typeof markSchema>): MarkResult {
  const enterpriseId = firmId(ctx.sqlite, input.uscc);
  if (enterpriseId === undefined) return { ok: false, message: `uscc：没有信用代码为 ${input.uscc} 的企业` };
  return ctx.feed.transaction(ctx.sqlite, (record): MarkResult => {
    const before = ctx.sqlite.prepare('select reason, note from candidate_marks where component_id = ? and enterprise_id = ?').get(component.id, enterpriseId);
    ctx.sqlite.prepare(`insert into candidate_marks (component_id, enterprise_id, reason, note, user_id, created_at) values (?, ?, ?, ?, ?, ?)
      on conflict (component_id, enterprise_id) do update set reason = excluded.reason, note = excluded.note, user_id = excluded.user_id, created_at = excluded.created_at`)
      .run(component.id, enterpriseId, input.reason, input.note, ctx.actor.kind === 'user' ? ctx.actor.id : null, ctx.now);
    recordAudit(ctx.sqlite, { actor: ctx.actor, action: 'component.mark_unfit', objectType: 'component', objectId: component.ref, enterpriseId: component.buyerId,
      before, after: { uscc: input.uscc, reason: input.reason, note: input.note }, at: ctx.now, ip: ctx.ip });
    record({ components: [component.id] });
    return { ok: true };
  });
}

export function unmarkCandidate(ctx: WriteContext, component: { id: number; ref: string; buyerId: number }, uscc: string): MarkResult {
  const enterpriseId = firmId(ctx.sqlite, uscc);
  if (enterpriseId === undefined) return { ok: false, message: `uscc：没有信用代码为 ${uscc} 的企业` };
  return ctx.feed.transaction(ctx.sqlite, (record): MarkResult => {
    const before = ctx.sqlite.prepare('select reason, note from candidate_marks where component_id = ? and enterprise_id = ?').get(component.id, enterpriseId);
    if (!before) return { ok: false, message: '该企业未被标记为不合适' };
    ctx.sqlite.prepare('delete from candidate_marks where component_id = ? and enterprise_id = ?').run(component.id, enterpriseId);
    recordAudit(ctx.sqlite, { actor: ctx.actor, action: 'component.unmark_unfit', objectType: 'component', objectId: component.ref, enterpriseId: component.buyerId,
      before: { uscc, ...before }, at: ctx.now, ip: ctx.ip });
    record({ components: [component.id] });
    return { ok: true };
  });
}
