/**
 * The attraction project as one state machine: 策划 → 洽谈 → 签约 → 开工建设 → 投产运营, one
 * step at a time, or 终止 (with a reason) from any stage before operation. Pure: the service asks
 * it, and nothing else decides which moves exist. Each stage before operation has a planned date
 * for reaching the next milestone; past it, the project is overdue.
 */
import type { ProjectStage } from '../../db/schema.ts';
import { PROJECT_PIPELINE, PROJECT_STAGE_LABEL } from '../vocabulary.ts';

/** Stages from which a project can still move. */
export const OPEN_PROJECT_STAGES: ProjectStage[] = ['planning', 'negotiating', 'signed', 'construction'];

export function allowedProjectMoves(from: ProjectStage): ProjectStage[] {
  if (!OPEN_PROJECT_STAGES.includes(from)) return [];
  return [PROJECT_PIPELINE[PROJECT_PIPELINE.indexOf(from) + 1]!, 'terminated'];
}

export interface ProjectMove { to: ProjectStage; note?: string; reason?: string }

export type ProjectMoveProblem = { code: 'forbidden_move' | 'reason_required'; message: string };

export function checkProjectMove(from: ProjectStage, move: ProjectMove): ProjectMoveProblem | null {
  const allowed = allowedProjectMoves(from);
  if (!allowed.includes(move.to)) {
    const words = allowed.map((s) => PROJECT_STAGE_LABEL[s]).join('、');
    return { code: 'forbidden_move', message: `不能从「${PROJECT_STAGE_LABEL[from]}」转到「${PROJECT_STAGE_LABEL[move.to]}」${words ? `（可转到：${words}）` : '（该项目已结束）'}` };
  }
  if (move.to === 'terminated' && !move.reason?.trim()) return { code: 'reason_required', message: '终止项目时必须填写原因' };
  return null;
}

/** The milestone a stage is waiting for and the planned date it is measured against. */
export const NEXT_MILESTONE: Partial<Record<ProjectStage, { label: string; date: 'plannedSignDate' | 'plannedStartDate' | 'plannedOperationDate' }>> = {
  planning: { label: '签约', date: 'plannedSignDate' },
  negotiating: { label: '签约', date: 'plannedSignDate' },
  signed: { label: '开工', date: 'plannedStartDate' },
  construction: { label: '投产', date: 'plannedOperationDate' },
};

export interface ProjectDates { stage: ProjectStage; plannedSignDate: string | null; plannedStartDate: string | null; plannedOperationDate: string | null }

/** The overdue milestone (its label and planned date) on `today`, or null: a planned date passed while the project has not reached it. */
export function overdueMilestone(p: ProjectDates, today: string): { label: string; date: string } | null {
  const next = NEXT_MILESTONE[p.stage];
  const date = next ? p[next.date] : null;
  return next && date && date < today ? { label: next.label, date } : null;
}
