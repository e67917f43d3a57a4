/**
 * Telling the people a step concerns: an inbox notice (stored, pushed live) to whoever must act
 * next, and a live refresh to every open page that may show the case. Sent after the write
 * commits, so nobody hears of a step that was rolled back.
 */
import type Database from 'better-sqlite3';
import type { Actor } from '../auth/policy.ts';
import type { Notifier } from '../notifications.ts';
import type { LiveSender } from '../live-events.ts';
import { canViewProblem, departmentStaffOf, workTeamOf } from './access.ts';
import type { ProblemRow } from './queries.ts';
import type { ProblemAction } from './statuses.ts';

export interface Announcer { notifier?: Notifier | null; live?: LiveSender | null }

type Audience = 'team' | 'department' | 'firm';

const NEWS: Record<ProblemAction | 'raise', { to: Audience[]; title: (p: ProblemRow) => string; body: (p: ProblemRow, note: string) => string }> = {
  raise: { to: ['team'], title: (p) => `新问题待分办：${p.ref}`, body: (p) => `${p.firmName}：${p.title}` },
  assign: { to: ['department'], title: (p) => `问题分办至${p.departmentName ?? ''}：${p.ref}`, body: (p) => `办理期限 ${p.deadline}：${p.title}` },
  return: { to: ['team'], title: (p) => `问题被部门退回，请重新分办：${p.ref}`, body: (_p, note) => `退回原因：${note}` },
  answer: { to: ['firm'], title: (p) => `您的问题已有反馈：${p.ref}`, body: (p, note) => `${p.departmentName ?? ''}：${clip(note)}` },
  confirm: { to: ['team'], title: (p) => `企业已确认解决，待销号：${p.ref}`, body: (p) => p.title },
  reopen: { to: ['team', 'department'], title: (p) => `企业要求重新办理：${p.ref}`, body: (_p, note) => `原因：${clip(note)}` },
  close: { to: ['firm', 'department'], title: (p) => `问题已销号：${p.ref}`, body: (p) => p.title },
};

const clip = (s: string) => (s.length > 80 ? `${s.slice(0, 80)}…` : s);

export function recipients(sqlite: Database.Database, p: ProblemRow, to: Audience[]): number[] {
  const ids = new Set<number>();
  if (to.includes('team')) for (const id of workTeamOf(sqlite, p)) ids.add(id);
  if (to.includes('department')) for (const id of departmentStaffOf(sqlite, p.departmentId)) ids.add(id);
  if (to.includes('firm')) {
    const firm = sqlite.prepare<[number], number>(`select id from users where enterprise_id = ? and disabled_at is null and role in ('enterprise','procurement')`).pluck().all(p.enterpriseId);
    for (const id of firm) ids.add(id);
  }
  return [...ids];
}

/** Notifies whoever the step concerns (never the actor who made it) and refreshes open pages. */
export function announce(sqlite: Database.Database, a: Announcer, actor: Actor, p: ProblemRow, step: ProblemAction | 'raise', note: string, now: number): void {
  const news = NEWS[step];
  const self = actor.kind === 'user' ? actor.id : null;
  const to = recipients(sqlite, p, news.to).filter((id) => id !== self);
  if (a.notifier && to.length) a.notifier.notify(to, { kind: `problem.${step}`, title: news.title(p), body: news.body(p, note.trim()), href: `/problems/${p.ref}` }, now);
  refreshPages(a, [p]);
}

/** Pages listing problems reload their list when a case they may show changed. */
export function refreshPages(a: Announcer, changed: ProblemRow[]): void {
  a.live?.send((viewer) => changed.some((p) => canViewProblem(viewer, p)), { type: 'refresh', topic: 'problems' });
}
