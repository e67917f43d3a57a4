import { describe, expect, it } from 'vitest';
import { allowedProjectMoves, checkProjectMove, overdueMilestone } from '../../server/attraction/stages.ts';
import { PROJECT_STAGES, type ProjectStage } from '../../db/schema.ts';

const ALLOWED: Record<ProjectStage, ProjectStage[]> = {
  planning: ['negotiating', 'terminated'],
  negotiating: ['signed', 'terminated'],
  signed: ['construction', 'terminated'],
  construction: ['operating', 'terminated'],
  operating: [],
  terminated: [],
};

describe('attraction project state machine', () => {
  for (const from of PROJECT_STAGES) {
    for (const to of PROJECT_STAGES) {
      const ok = ALLOWED[from].includes(to);
      it(`${from} → ${to} is ${ok ? 'allowed' : 'forbidden'}`, () => {
        const problem = checkProjectMove(from, { to, reason: '企业投资计划取消' });
        if (ok) expect(problem).toBeNull();
        else expect(problem?.code).toBe('forbidden_move');
      });
    }
  }

  it('lists the moves each stage offers', () => {
    for (const stage of PROJECT_STAGES) expect(allowedProjectMoves(stage)).toEqual(ALLOWED[stage]);
  });

  it('needs a reason to terminate, and says when a project has ended', () => {
    expect(checkProjectMove('negotiating', { to: 'terminated', reason: ' ' })?.code).toBe('reason_required');
    expect(checkProjectMove('negotiating', { to: 'terminated' })?.message).toBe('终止项目时必须填写原因');
    expect(checkProjectMove('operating', { to: 'terminated', reason: 'x' })?.message).toContain('该项目已结束');
    expect(checkProjectMove('planning', { to: 'signed' })?.message).toBe('不能从「策划」转到「签约」（可转到：洽谈、终止）');
  });
});

describe('overdue milestones', () => {
  const dates = { plannedSignDate: '2026-09-30', plannedStartDate: '2026-12-31', plannedOperationDate: '2027-06-30' };
  it('measure each stage against the date of its next milestone, from the day after it', () => {
    expect(overdueMilestone({ stage: 'planning', ...dates }, '2026-10-01')).toEqual({ label: '签约', date: '2026-09-30' });
    expect(overdueMilestone({ stage: 'negotiating', ...dates }, '2026-09-30')).toBeNull();
    expect(overdueMilestone({ stage: 'signed', ...dates }, '2026-10-01')).toBeNull();
    expect(overdueMilestone({ stage: 'signed', ...dates }, '2027-01-01')).toEqual({ label: '开工', date: '2026-12-31' });
    expect(overdueMilestone({ stage: 'construction', ...dates }, '2027-07-01')).toEqual({ label: '投产', date: '2027-06-30' });
  });
  it('never flag a project that has ended or has no planned date', () => {
    expect(overdueMilestone({ stage: 'operating', ...dates }, '2030-01-01')).toBeNull();
    expect(overdueMilestone({ stage: 'terminated', ...dates }, '2030-01-01')).toBeNull();
    expect(overdueMilestone({ stage: 'planning', ...dates, plannedSignDate: null }, '2030-01-01')).toBeNull();
  });
});
