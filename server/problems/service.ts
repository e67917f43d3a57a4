/**
 * Raising, moving and documenting problems. Each write is one transaction on the change feed: the
 * problem row (version + 1), its event with who and when, attachments, the audit entry, and the step
 * stated as a `problem.step` event — the feed's subscriber (announce.ts) tells the people concerned,
 * so they hear of a step once it has committed and never of one rolled back.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { PROBLEM_CATEGORIES } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import type { Actor } from '../auth/policy.ts';
import { STATUS_LABEL, cityDate } from '../vocabulary.ts';
import { fieldErrors } from '../forms.ts';
import { invalidFields, type Refusal } from '../refusal.ts';
import * as f from '../domain/fields.ts';
import { getLexicon } from '../../search/lexicon.ts';
import { canRaiseFor, sidesOf } from './access.ts';
import { checkFiles, type CheckedFile, type IncomingFile } from './attachments.ts';
import { departments, getProblem, getProblemById, type ProblemRow } from './queries.ts';
import { checkProblemMove, MOVES, PROBLEM_ACTIONS, type ProblemAction } from './statuses.ts';
import type { DomainEvent } from '../changes.ts';
import type { WriteContext } from '../write-context.ts';

export type ProblemResult =
  | { ok: true; problem: ProblemRow }
  | ({ ok: false } & Refusal);

// A form's empty field means "not given".
const optional = <S extends z.ZodType>(schema: S) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());
const chainId = optional(z.string().refine((id) => getLexicon().chains().some((c) => c.id === id), { message: '未知的产业链' }));

export const raiseInput = z.object({
  category: z.enum(PROBLEM_CATEGORIES, { message: '请选择问题类别' }),
  title: f.requiredText(100),
  description: f.requiredText(5000),
  chain: chainId,
  deal: optional(z.coerce.number({ message: '商机编号须为数字' }).int({ message: '商机编号须为整数' }).positive({ message: '商机编号须为正整数' })),
  component: optional(z.string().trim().max(64, { message: '外采件编号过长' })),
});

export const moveInput = z.object({
  action: z.enum(PROBLEM_ACTIONS, { message: `须为 ${PROBLEM_ACTIONS.join(' / ')} 之一` }),
  note: f.text(2000),
  department: optional(z.string().max(32)),
  deadline: optional(z.string().max(10, { message: '办理期限须为 YYYY-MM-DD 格式的日期' })),
  version: optional(z.coerce.number({ message: '版本号须为数字' }).int().positive()),
});

const invalid = (errors: Record<string, string>): ProblemResult =>
  ({ ok: false, ...invalidFields(errors) });

const label = (actor: Actor) => (actor.kind === 'anonymous' ? '匿名' : actor.label);

/** The step as the feed carries it: what telling the people it concerns needs, also in another process. */
const stepEvent = (ctx: WriteContext, problemId: number, ref: string, step: ProblemAction | 'raise', note: string): DomainEvent =>
  ({ type: 'problem.step', problemId, ref, step, note, actorId: ctx.actor.kind === 'user' ? ctx.actor.id : null, at: ctx.now });

function snapshot(sqlite: Database.Database, id: number) {
  return sqlite.prepare(`select ref, enterprise_id as enterpriseId, category, title, chain_id as chainId, deal_id as dealId, component_id as componentId,
    status, department_id as departmentId, deadline, answer, closed_at as closedAt, version from problems where id = ?`).get(id);
}

function nextRef(sqlite: Database.Database, now: number): string {
  const year = cityDate(now).slice(0, 4);
  const last = sqlite.prepare<[string], number | null>(`select max(cast(substr(ref, 9) as integer)) from problems where ref like ?`).pluck().get(`WT-${year}-%`) ?? null;
  return `WT-${year}-${String((last ?? 0) + 1).padStart(4, '0')}`;
}

function storeAttachments(sqlite: Database.Database, problemId: number, files: CheckedFile[], now: number) {
  const insert = sqlite.prepare(`insert into problem_attachments (problem_id, file_name, mime_type, size, sha256, data, created_at) values (?, ?, ?, ?, ?, ?, ?)`);
  return files.map((file) => {
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    insert.run(problemId, file.fileName, file.mimeType, file.bytes.length, sha256, file.bytes, now);
    return { fileName: file.fileName, mimeType: file.mimeType, size: file.bytes.length, sha256 };
  });
}

/** A firm raises a problem (an admin on a firm's behalf), optionally about a chain, a deal or a component of its own. */
export function raiseProblem(ctx: WriteContext, enterpriseId: number, body: unknown, files: IncomingFile[] = []): ProblemResult {
  const { sqlite } = ctx;
  if (!canRaiseFor(ctx.actor, enterpriseId)) return { ok: false, kind: 'forbidden', code: 'forbidden', message: '只能为本企业提出问题' };
  const parsed = raiseInput.safeParse(body);
  const errors = parsed.success ? {} : fieldErrors(parsed.error);
  const input = parsed.success ? parsed.data : null;
  // The links are checked even when another field is wrong, so every problem shows at once.
  const links = raiseInput.pick({ deal: true, component: true }).safeParse(body);
  const link = links.success ? links.data : {};
  let componentChain: string | null = null;
  let componentId: number | null = null;
  if (link.component !== undefined) {
    const c = sqlite.prepare<[string], { id: number; buyerId: number; chainId: string | null }>('select id, buyer_id as buyerId, chain_id as chainId from components where ref = ?').get(link.component);
    if (!c || c.buyerId !== enterpriseId) errors.component = '只能关联本企业登记的外采件';
    else { componentId = c.id; componentChain = c.chainId; }
  }
  let dealChain: string | null = null;
  if (link.deal !== undefined) {
    const d = sqlite.prepare<[number], { buyerId: number; supplierId: number; chainId: string | null }>(`select d.buyer_id as buyerId, d.supplier_id as supplierId, coalesce(c.chain_id, l.chain_id) as chainId from deals d
      left join components c on c.id = d.component_id left join listings l on l.id = d.listing_id where d.id = ?`).get(link.deal);
    if (!d || (d.buyerId !== enterpriseId && d.supplierId !== enterpriseId)) errors.deal = '只能关联本企业参与的商机';
    else dealChain = d.chainId;
  }
  const checked = checkFiles(files, 0);
  if ('message' in checked) errors.attachments = checked.message;
  if (!input || 'message' in checked || Object.keys(errors).length) return invalid(errors);

  // A case belongs to a chain so that chain's work team sees and dispatches it: the one named, else the linked part's or deal's, else the firm's first.
  const firmChain = sqlite.prepare<[number], string>(`select ec.chain_id from enterprise_chains ec join chains c on c.id = ec.chain_id where ec.enterprise_id = ? order by c.sort_order limit 1`)
    .pluck().get(enterpriseId);
  const chain = input.chain ?? componentChain ?? dealChain ?? firmChain ?? null;
  const raisedBy = ctx.actor.kind === 'user' ? ctx.actor.id : null;
  const problem = ctx.feed.transaction(sqlite, (record) => {
    const ref = nextRef(sqlite, ctx.now);
    const id = Number(sqlite.prepare(`insert into problems (ref, enterprise_id, raised_by, category, title, description, chain_id, deal_id, component_id, created_at, updated_at)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(ref, enterpriseId, raisedBy, input.category, input.title, input.description, chain,
      input.deal ?? null, componentId, ctx.now, ctx.now).lastInsertRowid);
    sqlite.prepare(`insert into problem_events (problem_id, from_status, to_status, note, actor_label, at) values (?, null, 'submitted', '', ?, ?)`).run(id, label(ctx.actor), ctx.now);
    const stored = storeAttachments(sqlite, id, checked.files, ctx.now);
    recordAudit(sqlite, { actor: ctx.actor, action: 'problem.raise', objectType: 'problem', objectId: ref, enterpriseId, after: { ...snapshot(sqlite, id) as object, attachments: stored }, at: ctx.now, ip: ctx.ip });
    record({ problems: [id], events: [{ type: 'problem.status_changed', problemId: id, from: null, to: 'submitted' }, stepEvent(ctx, id, ref, 'raise', '')] });
    return getProblemById(sqlite, id)!;
  });
  return { ok: true, problem };
}

/** Finds the case and the actor's sides in it; not found for no such case, forbidden for one the actor may not see. */
function caseFor(ctx: WriteContext, ref: string): { problem: ProblemRow; sides: ReturnType<typeof sidesOf> } | ProblemResult {
  const problem = getProblem(ctx.sqlite, ref);
  if (!problem) return { ok: false, kind: 'not_found', code: 'not_found', message: `问题 ${ref} 不存在` };
  const sides = sidesOf(ctx.actor, problem);
  if (!sides.length) return { ok: false, kind: 'forbidden', code: 'forbidden', message: '没有权限访问此问题' };
  return { problem, sides };
}

const stale = (p: ProblemRow): ProblemResult => ({
  ok: false, kind: 'conflict', code: 'version_conflict', message: `其他人已先处理了此问题（当前状态「${STATUS_LABEL[p.status]}」，版本 ${p.version}），请刷新后再操作`,
});

/** One step of the loop (statuses.ts decides whether it exists and whose it is). */
export function moveProblem(ctx: WriteContext, ref: string, body: unknown): ProblemResult {
  const { sqlite } = ctx;
  const found = caseFor(ctx, ref);
  if ('ok' in found) return found;
  const { problem: before, sides } = found;
  const parsed = moveInput.safeParse(body);
  if (!parsed.success) return invalid(fieldErrors(parsed.error));
  const m = parsed.data;
  if (m.version !== undefined && m.version !== before.version) return stale(before);
  const known = new Set(departments(sqlite).map((d) => d.id));
  const problem = checkProblemMove(before.status, m.action, sides, { note: m.note, departmentId: m.department, deadline: m.deadline }, { today: cityDate(ctx.now), departments: known });
  if (problem) return problem.code === 'invalid_request' ? invalid({ [problem.field]: problem.message }) : { ok: false, ...problem };

  const to = MOVES[m.action].to;
  const assigning = m.action === 'assign';
  // Returning hands the case back undivided; assigning starts a new deadline and so a new overdue episode.
  const departmentId = assigning ? m.department! : m.action === 'return' ? null : before.departmentId;
  const deadline = assigning ? m.deadline! : m.action === 'return' ? null : before.deadline;
  const after = ctx.feed.transaction(sqlite, (record) => {
    const beforeSnapshot = snapshot(sqlite, before.id);
    const changed = sqlite.prepare(`update problems set status = ?, department_id = ?, deadline = ?, answer = ?,
        overdue_notified_at = ?, closed_at = ?, version = version + 1, updated_at = ? where id = ? and version = ?`).run(
      to, departmentId, deadline, m.action === 'answer' ? m.note : before.answer, assigning ? null : before.overdueNotifiedAt,
      to === 'closed' ? ctx.now : before.closedAt, ctx.now, before.id, before.version).changes;
    if (changed !== 1) return null;
    sqlite.prepare(`insert into problem_events (problem_id, from_status, to_status, note, department_id, deadline, actor_label, at) values (?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(before.id, before.status, to, m.note, assigning ? departmentId : null, assigning ? deadline : null, label(ctx.actor), ctx.now);
    recordAudit(sqlite, { actor: ctx.actor, action: `problem.${m.action}`, objectType: 'problem', objectId: before.ref, enterpriseId: before.enterpriseId,
      before: beforeSnapshot, after: snapshot(sqlite, before.id), at: ctx.now, ip: ctx.ip });
    const status: DomainEvent[] = to !== before.status ? [{ type: 'problem.status_changed', problemId: before.id, from: before.status, to }] : [];
    record({ problems: [before.id], events: [...status, stepEvent(ctx, before.id, before.ref, m.action, m.note)] });
    return getProblemById(sqlite, before.id)!;
  });
  if (!after) return stale(getProblemById(sqlite, before.id)!);
  return { ok: true, problem: after };
}

/** The firm adds documents to its open case, within the per-case limit. */
export function addAttachments(ctx: WriteContext, ref: string, files: IncomingFile[]): ProblemResult {
  const { sqlite } = ctx;
  const found = caseFor(ctx, ref);
  if ('ok' in found) return found;
  const { problem, sides } = found;
  if (!sides.includes('firm')) return { ok: false, kind: 'forbidden', code: 'forbidden', message: '只有提出问题的企业可以补充附件' };
  if (problem.status === 'closed') return { ok: false, kind: 'conflict', code: 'forbidden_move', message: '问题已销号，不能再补充附件' };
  if (files.length === 0) return invalid({ attachments: '请选择至少一个文件' });
  const existing = sqlite.prepare<[number], number>('select count(*) from problem_attachments where problem_id = ?').pluck().get(problem.id) ?? 0;
  const checked = checkFiles(files, existing);
  if ('message' in checked) return invalid({ attachments: checked.message });
  sqlite.transaction(() => {
    const stored = storeAttachments(sqlite, problem.id, checked.files, ctx.now);
    recordAudit(sqlite, { actor: ctx.actor, action: 'problem.attach', objectType: 'problem', objectId: problem.ref, enterpriseId: problem.enterpriseId, after: { attachments: stored }, at: ctx.now, ip: ctx.ip });
  })();
  return { ok: true, problem };
}
