/**
 * Overdue cases: a department's deadline has passed (statuses.ts isOverdue) while the case is
 * still with it. Each overdue episode is announced once — to the department's staff and the
 * chain's work team — and `overdue_notified_at` remembers it; a new assignment (a new deadline)
 * starts a new episode. Time comes from the caller, so tests drive it with a fixed clock.
 */
import type Database from 'better-sqlite3';
import { recordAudit } from '../audit.ts';
import type { Clock } from '../clock.ts';
import { cityDate } from '../vocabulary.ts';
import { recipients, refreshPages, type Announcer } from './announce.ts';
import { allProblems, type ProblemRow } from './queries.ts';
import { DEADLINE_STATUSES } from './statuses.ts';

export interface OverdueDeps extends Announcer { sqlite: Database.Database }

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** Announces every case that became overdue and was not yet announced; returns their refs. */
export function checkOverdue(deps: OverdueDeps, now: number): string[] {
  const { sqlite } = deps;
  const today = cityDate(now);
  const due = allProblems(sqlite, `where p.status in (${DEADLINE_STATUSES.map(() => '?').join(',')}) and p.deadline < ? and p.overdue_notified_at is null`,
    ...DEADLINE_STATUSES, today);
  const marked: ProblemRow[] = [];
  for (const p of due) {
    // Marked without a version bump: a reminder is not an edit, and must not turn someone's open form stale.
    const won = sqlite.transaction(() => {
      if (sqlite.prepare('update problems set overdue_notified_at = ? where id = ? and overdue_notified_at is null').run(now, p.id).changes !== 1) return false;
      recordAudit(sqlite, { actor: { kind: 'system', label: '系统' }, action: 'problem.overdue', objectType: 'problem', objectId: p.ref, enterpriseId: p.enterpriseId,
        after: { deadline: p.deadline, departmentId: p.departmentId, status: p.status }, at: now });
      return true;
    })();
    if (!won) continue;
    marked.push(p);
    const to = recipients(sqlite, p, ['department', 'team']);
    deps.notifier?.notify(to, {
      kind: 'problem.overdue', title: `问题已逾期：${p.ref}`, href: `/problems/${p.ref}`,
      body: `${p.departmentName ?? '承办部门'}的办理期限 ${p.deadline} 已过 ${daysBetween(p.deadline!, today)} 天：${p.title}`,
    }, now);
  }
  if (marked.length) refreshPages(deps, marked);
  return marked.map((p) => p.ref);
}

/** Checks once now and then every `everyMs` (an hour); the timer never keeps the process alive. */
export function watchOverdue(deps: OverdueDeps & { clock: Clock; onError?: (err: unknown) => void }, everyMs = 3_600_000): { stop(): void } {
  const run = () => {
    try { checkOverdue(deps, deps.clock.now()); } catch (err) { deps.onError?.(err); }
  };
  run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
