/**
 * The problem loop as one state machine — 收集 → 分办 → 反馈 → 确认 → 销号 — with the ways
 * back: a firm reopens an answer it does not accept, a department returns a case it cannot
 * handle, an official closes an answered case the firm never confirmed. Pure: the service
 * asks it, and nothing else decides which moves exist or who makes them.
 */
import type { ProblemCategory, ProblemStatus } from '../../db/schema.ts';
import { PROBLEM_ACTION_LABEL, STATUS_LABEL } from '../vocabulary.ts';

/** Who makes a move: the chain's officials (工作专班), the department the case is assigned to, or the firm that raised it. */
export type ProblemSide = 'official' | 'department' | 'firm';

export const SIDE_LABEL: Record<ProblemSide, string> = { official: '工作专班', department: '承办部门', firm: '提出企业' };

export const PROBLEM_ACTIONS = ['assign', 'return', 'answer', 'confirm', 'reopen', 'close'] as const;
export type ProblemAction = (typeof PROBLEM_ACTIONS)[number];

interface MoveRule { from: ProblemStatus[]; to: ProblemStatus; by: ProblemSide; label: string }

export const MOVES: Record<ProblemAction, MoveRule> = {
  assign: { from: ['submitted', 'reopened'], to: 'assigned', by: 'official', label: PROBLEM_ACTION_LABEL.assign },
  return: { from: ['assigned'], to: 'submitted', by: 'department', label: PROBLEM_ACTION_LABEL.return },
  answer: { from: ['assigned'], to: 'answered', by: 'department', label: PROBLEM_ACTION_LABEL.answer },
  confirm: { from: ['answered'], to: 'confirmed', by: 'firm', label: PROBLEM_ACTION_LABEL.confirm },
  reopen: { from: ['answered'], to: 'reopened', by: 'firm', label: PROBLEM_ACTION_LABEL.reopen },
  close: { from: ['confirmed', 'answered'], to: 'closed', by: 'official', label: PROBLEM_ACTION_LABEL.close },
};

/** Every status but closed still needs someone to act: the case is open until it is 销号. */
export const OPEN_STATUSES: ProblemStatus[] = ['submitted', 'assigned', 'answered', 'reopened', 'confirmed'];

/** Statuses in which a department's deadline runs. */
export const DEADLINE_STATUSES: ProblemStatus[] = ['assigned', 'reopened'];

/** Overdue: the deadline runs and its day is over (the deadline day itself is still in time). */
export function isOverdue(p: { status: ProblemStatus; deadline: string | null }, today: string): boolean {
  return DEADLINE_STATUSES.includes(p.status) && p.deadline !== null && p.deadline < today;
}

/** The statuses a case can move to from `from`, whoever moves it. */
export function nextStatuses(from: ProblemStatus): ProblemStatus[] {
  return [...new Set(PROBLEM_ACTIONS.filter((a) => MOVES[a].from.includes(from)).map((a) => MOVES[a].to))];
}

/** The actions these sides may take on a case in this status (what the detail page offers). */
export function allowedActions(status: ProblemStatus, sides: readonly ProblemSide[]): ProblemAction[] {
  return PROBLEM_ACTIONS.filter((a) => MOVES[a].from.includes(status) && sides.includes(MOVES[a].by));
}

export interface MoveInput { note?: string; departmentId?: string | null; deadline?: string | null }

export type MoveProblem =
  | { code: 'forbidden'; kind: 'forbidden'; message: string }
  | { code: 'forbidden_move'; kind: 'conflict'; message: string }
  | { code: 'invalid_request'; kind: 'invalid'; field: string; message: string };

const LATEST_DEADLINE_DAYS = 366;

/**
 * Why this move is not allowed, or null. `today` is the city date; `departments` the known
 * department ids. Whose move it is comes first (forbidden), then whether the status allows it
 * (a conflict), then what the move needs (invalid, naming the field).
 */
export function checkProblemMove(status: ProblemStatus, action: ProblemAction, sides: readonly ProblemSide[], input: MoveInput,
  ctx: { today: string; departments: ReadonlySet<string> }): MoveProblem | null {
  const rule = MOVES[action];
  if (!sides.includes(rule.by)) return { code: 'forbidden', kind: 'forbidden', message: `「${rule.label}」只能由${SIDE_LABEL[rule.by]}操作` };
  if (!rule.from.includes(status)) {
    const offered = allowedActions(status, [rule.by]).map((a) => MOVES[a].label).join('、');
    return { code: 'forbidden_move', kind: 'conflict', message: `问题当前为「${STATUS_LABEL[status]}」，不能「${rule.label}」${offered ? `（可以：${offered}）` : ''}` };
  }
  const note = input.note?.trim() ?? '';
  const need = (field: string, message: string): MoveProblem => ({ code: 'invalid_request', kind: 'invalid', field, message });
  switch (action) {
    case 'assign':
      if (!input.departmentId) return need('department', '分办时必须选择承办部门');
      if (!ctx.departments.has(input.departmentId)) return need('department', '未知的承办部门');
      if (!input.deadline) return need('deadline', '分办时必须填写办理期限');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(input.deadline) || Number.isNaN(Date.parse(`${input.deadline}T00:00:00Z`))) return need('deadline', '办理期限须为 YYYY-MM-DD 格式的日期');
      if (input.deadline < ctx.today) return need('deadline', '办理期限不能早于今天');
      if (input.deadline > addDays(ctx.today, LATEST_DEADLINE_DAYS)) return need('deadline', '办理期限最长一年');
      return null;
    case 'return': return note ? null : need('note', '退回时必须说明原因（为何本部门无法办理）');
    case 'answer': return note ? null : need('note', '反馈时必须填写办理结果');
    case 'reopen': return note ? null : need('note', '重新办理时必须说明原因');
    case 'close': return status === 'answered' && !note ? need('note', '企业尚未确认，直接销号时必须填写说明') : null;
    case 'confirm': return null;
  }
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** What a move did, said back to the person who made it: who has the case now and what comes next. */
export function moveDone(action: ProblemAction, p: { departmentName: string | null; deadline: string | null }): string {
  switch (action) {
    case 'assign': return `已分办至${p.departmentName ?? '承办部门'}${p.deadline ? `，办理期限 ${p.deadline}` : ''}；承办部门会收到通知。`;
    case 'return': return '已退回工作专班重新分办。';
    case 'answer': return '已反馈办理结果，等待企业确认。';
    case 'confirm': return '已确认解决，工作专班将销号。';
    case 'reopen': return '已提出不满意，问题重新进入办理，工作专班将重新分办。';
    case 'close': return '已销号，此问题办结。';
  }
}
