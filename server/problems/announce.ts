/**
 * Telling the people a step concerns: an inbox notice to whoever must act next (never the actor),
 * and a live refresh to every open page that may show the case. The service only states the step on
 * the change feed (a `problem.step` event); this subscriber does the telling:
 * - the notice rows are written inside the step's own transaction, so a rolled-back step leaves none,
 *   and are pushed once it has committed (other processes push them to the sockets they hold);
 * - the refresh runs after commit, here and in every other process that replays the step from the
 *   change journal (cluster/follow.ts), so their open problem pages reload too.
 */
import type Database from 'better-sqlite3';
import type { ChangeFeed, ChangeSet, DomainEvent } from '../changes.ts';
import type { Notifier } from '../notifications.ts';
import type { LiveSender } from '../live-events.ts';
import { canViewProblem, departmentStaffOf, workTeamOf } from './access.ts';
import { getProblemById, type ProblemRow } from './queries.ts';
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

type Step = Extract<DomainEvent, { type: 'problem.step' }>;

const stepsIn = (changes: ChangeSet): Step[] => (changes.events ?? []).filter((e): e is Step => e.type === 'problem.step');

/** The notice a step sends, stored for whoever it concerns but the actor who took it; returns who. */
function storeNotice(sqlite: Database.Database, notifier: Notifier, e: Step): number[] {
  const p = getProblemById(sqlite, e.problemId);
  if (!p) return [];
  const news = NEWS[e.step];
  const to = recipients(sqlite, p, news.to).filter((id) => id !== e.actorId);
  return to.length ? notifier.store(to, { kind: `problem.${e.step}`, title: news.title(p), body: news.body(p, e.note.trim()), href: `/problems/${p.ref}` }, e.at) : [];
}

/** Subscribes the telling to the feed (app.ts, once per process). */
export function announceSteps(feed: ChangeFeed, sqlite: Database.Database, a: { notifier: Notifier; live: LiveSender | null }): void {
  feed.onWrite((changes) => {
    for (const e of stepsIn(changes)) storeNotice(sqlite, a.notifier, e);
  });
  feed.onCommit((changes) => {
    const steps = stepsIn(changes);
    if (!steps.length) return;
    a.notifier.deliver();
    refreshPages(a, steps.flatMap((e) => getProblemById(sqlite, e.problemId) ?? []));
  });
}

/** Pages listing problems reload their list when a case they may show changed. */
export function refreshPages(a: Announcer, changed: ProblemRow[]): void {
  a.live?.send((viewer) => changed.some((p) => canViewProblem(viewer, p)), { type: 'refresh', topic: 'problems' });
}
