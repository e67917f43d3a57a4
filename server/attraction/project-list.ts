/** The projects an official may see, filtered, each with its overdue milestone (if any) on the city's today. */
import type Database from 'better-sqlite3';
import type { Actor } from '../auth/policy.ts';
import { visibleProjects, type ListedProject, type ProjectFilter } from './project-queries.ts';
import { overdueMilestone } from './stages.ts';

export function listProjects(sqlite: Database.Database, actor: Actor, f: ProjectFilter, today: string): { items: ListedProject[]; overdue: number } {
  const all = visibleProjects(sqlite, actor).map((p): ListedProject => ({ ...p, overdue: overdueMilestone(p, today) }));
  return {
    overdue: all.filter((p) => p.overdue).length,
    items: all.filter((p) => (!f.chain || p.chainId === f.chain) && (!f.stage || p.stage === f.stage) && (!f.overdue || p.overdue)),
  };
}
