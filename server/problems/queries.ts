/**
 * Reading problems for pages, exports and the overdue check. Lists are filtered by
 * access.ts's own rule (in code, over the few columns it needs), so a list can never show
 * a case its detail page would refuse.
 */
import type Database from 'better-sqlite3';
import type { ProblemCategory, ProblemStatus } from '../../db/schema.ts';
import type { Actor } from '../auth/policy.ts';
import { canViewProblem } from './access.ts';
import { isOverdue } from './statuses.ts';

export interface ProblemRow {
  id: number; ref: string; enterpriseId: number; firmName: string; firmUscc: string; regionCode: string | null; regionName: string | null;
  raisedBy: number | null; category: ProblemCategory; title: string; description: string; chainId: string | null; chainName: string | null;
  dealId: number | null; componentId: number | null; componentRef: string | null; componentName: string | null;
  status: ProblemStatus; departmentId: string | null; departmentName: string | null; deadline: string | null; answer: string | null;
  overdueNotifiedAt: number | null; closedAt: number | null; version: number; createdAt: number; updatedAt: number;
}

/** A problem as lists and its page show it: whether it is overdue already decided (statuses.ts's rule). */
export type ProblemItem = ProblemRow & { overdue: boolean };

export function withOverdue(p: ProblemRow, today: string): ProblemItem {
  return { ...p, overdue: isOverdue(p, today) };
}

const PROBLEM_SELECT = `select p.id, p.ref, p.enterprise_id as enterpriseId, e.name as firmName, e.uscc as firmUscc, e.region_code as regionCode,
    r.name as regionName, p.raised_by as raisedBy, p.category, p.title, p.description, p.chain_id as chainId, ch.name as chainName,
    p.deal_id as dealId, p.component_id as componentId, c.ref as componentRef, c.name as componentName, p.status,
    p.department_id as departmentId, d.name as departmentName, p.deadline, p.answer, p.overdue_notified_at as overdueNotifiedAt,
    p.closed_at as closedAt, p.version, p.created_at as createdAt, p.updated_at as updatedAt
  from problems p join enterprises e on e.id = p.enterprise_id left join regions r on r.code = e.region_code
  left join chains ch on ch.id = p.chain_id left join components c on c.id = p.component_id left join departments d on d.id = p.department_id`;

export function getProblem(sqlite: Database.Database, ref: string): ProblemRow | undefined {
  return sqlite.prepare<[string], ProblemRow>(`${PROBLEM_SELECT} where p.ref = ?`).get(ref);
}

export function getProblemById(sqlite: Database.Database, id: number): ProblemRow | undefined {
  return sqlite.prepare<[number], ProblemRow>(`${PROBLEM_SELECT} where p.id = ?`).get(id);
}

/** Every problem, newest first; callers filter by access. */
export function allProblems(sqlite: Database.Database, where = '', ...args: unknown[]): ProblemRow[] {
  return sqlite.prepare<unknown[], ProblemRow>(`${PROBLEM_SELECT} ${where} order by p.created_at desc, p.id desc`).all(...args);
}

export interface ProblemEvent { fromStatus: ProblemStatus | null; toStatus: ProblemStatus; note: string; departmentName: string | null; deadline: string | null; actorLabel: string; at: number }

export function problemEvents(sqlite: Database.Database, problemId: number): ProblemEvent[] {
  return sqlite.prepare<[number], ProblemEvent>(`select ev.from_status as fromStatus, ev.to_status as toStatus, ev.note, d.name as departmentName, ev.deadline,
      ev.actor_label as actorLabel, ev.at
    from problem_events ev left join departments d on d.id = ev.department_id where ev.problem_id = ? order by ev.id`).all(problemId);
}

export interface AttachmentInfo { id: number; fileName: string; mimeType: string; size: number; createdAt: number }

export function attachmentsOf(sqlite: Database.Database, problemId: number): AttachmentInfo[] {
  return sqlite.prepare<[number], AttachmentInfo>(`select id, file_name as fileName, mime_type as mimeType, size, created_at as createdAt
    from problem_attachments where problem_id = ? order by id`).all(problemId);
}

export function attachmentFile(sqlite: Database.Database, problemId: number, id: number): (AttachmentInfo & { data: Buffer }) | undefined {
  return sqlite.prepare<[number, number], AttachmentInfo & { data: Buffer }>(`select id, file_name as fileName, mime_type as mimeType, size, created_at as createdAt, data
    from problem_attachments where problem_id = ? and id = ?`).get(problemId, id);
}

export function departments(sqlite: Database.Database): { id: string; name: string }[] {
  return sqlite.prepare<[], { id: string; name: string }>('select id, name from departments order by sort_order').all();
}

export interface ProblemFilter {
  status?: ProblemStatus; category?: ProblemCategory; chain?: string; department?: string; overdue?: boolean; page: number; pageSize: number;
}

export interface ProblemList { total: number; overdue: number; items: ProblemItem[] }

/** The cases an actor may see, filtered; `overdue` counts the overdue ones among all the actor may see. */
export function listProblems(sqlite: Database.Database, actor: Actor, f: ProblemFilter, today: string): ProblemList {
  const visible = allProblems(sqlite).filter((p) => canViewProblem(actor, p));
  const matching = visible.filter((p) => (!f.status || p.status === f.status) && (!f.category || p.category === f.category)
    && (!f.chain || p.chainId === f.chain) && (!f.department || p.departmentId === f.department) && (!f.overdue || isOverdue(p, today)));
  return {
    total: matching.length,
    overdue: visible.filter((p) => isOverdue(p, today)).length,
    items: matching.slice((f.page - 1) * f.pageSize, f.page * f.pageSize).map((p) => withOverdue(p, today)),
  };
}

/** Problems after an id, in id order (callers filter by access); `status` narrows. */
export function problemsAfter(sqlite: Database.Database, f: { status?: ProblemStatus }, after: number, count: number): ProblemRow[] {
  return sqlite.prepare<{ after: number; count: number; status: string | null }, ProblemRow>(`${PROBLEM_SELECT}
    where p.id > @after and (@status is null or p.status = @status) order by p.id limit @count`).all({ after, count, status: f.status ?? null });
}
