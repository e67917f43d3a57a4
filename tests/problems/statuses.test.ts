import { describe, expect, it } from 'vitest';
import { PROBLEM_STATUSES, type ProblemStatus } from '../../db/schema.ts';
import {
  allowedActions, checkProblemMove, isOverdue, nextStatuses, PROBLEM_ACTIONS, type MoveInput, type ProblemAction, type ProblemSide,
} from '../../server/problems/statuses.ts';

/** The loop written out by hand: which status each action leaves from, where it goes, and whose it is. */
const EXPECTED: Record<ProblemAction, { from: ProblemStatus[]; to: ProblemStatus; by: ProblemSide }> = {
  assign: { from: ['submitted', 'reopened'], to: 'assigned', by: 'official' },
  return: { from: ['assigned'], to: 'submitted', by: 'department' },
  answer: { from: ['assigned'], to: 'answered', by: 'department' },
  confirm: { from: ['answered'], to: 'confirmed', by: 'firm' },
  reopen: { from: ['answered'], to: 'reopened', by: 'firm' },
  close: { from: ['confirmed', 'answered'], to: 'closed', by: 'official' },
};
const SIDES: ProblemSide[] = ['official', 'department', 'firm'];
const ctx = { today: '2026-11-27', departments: new Set(['jxj', 'gdj']) };
/** Everything any move could need, so only the status and the side decide. */
const FULL: MoveInput = { note: '说明', departmentId: 'jxj', deadline: '2026-12-10' };

describe('problem state machine', () => {
  for (const status of PROBLEM_STATUSES) {
    for (const action of PROBLEM_ACTIONS) {
      for (const side of SIDES) {
        const rule = EXPECTED[action];
        const expected = side !== rule.by ? 'forbidden' : rule.from.includes(status) ? null : 'conflict';
        it(`${side} ${action} from ${status}: ${expected === null ? 'allowed' : expected}`, () => {
          const problem = checkProblemMove(status, action, [side], FULL, ctx);
          if (expected === null) expect(problem).toBeNull();
          else expect(problem?.kind).toBe(expected);
        });
      }
    }
  }

  it('moves each status only to the statuses of the loop', () => {
    const to: Record<ProblemStatus, ProblemStatus[]> = {
      submitted: ['assigned'], assigned: ['submitted', 'answered'], answered: ['confirmed', 'reopened', 'closed'],
      reopened: ['assigned'], confirmed: ['closed'], closed: [],
    };
    for (const s of PROBLEM_STATUSES) expect(nextStatuses(s).sort()).toEqual([...to[s]].sort());
  });

  it('offers each side only its own moves, and an admin (every side) all of them', () => {
    expect(allowedActions('answered', ['firm'])).toEqual(['confirm', 'reopen']);
    expect(allowedActions('answered', ['official'])).toEqual(['close']);
    expect(allowedActions('assigned', ['department'])).toEqual(['return', 'answer']);
    expect(allowedActions('assigned', ['firm'])).toEqual([]);
    expect(allowedActions('answered', SIDES)).toEqual(['confirm', 'reopen', 'close']);
    expect(allowedActions('closed', SIDES)).toEqual([]);
  });

  it('names the field and the rule when a move lacks what it needs', () => {
    const need = (status: ProblemStatus, action: ProblemAction, side: ProblemSide, input: MoveInput) => {
      const p = checkProblemMove(status, action, [side], input, ctx);
      return p && p.code === 'invalid_request' ? `${p.field}: ${p.message}` : p?.code ?? null;
    };
    expect(need('submitted', 'assign', 'official', { deadline: '2026-12-10' })).toBe('department: 分办时必须选择承办部门');
    expect(need('submitted', 'assign', 'official', { departmentId: 'nope', deadline: '2026-12-10' })).toBe('department: 未知的承办部门');
    expect(need('submitted', 'assign', 'official', { departmentId: 'jxj' })).toBe('deadline: 分办时必须填写办理期限');
    expect(need('submitted', 'assign', 'official', { departmentId: 'jxj', deadline: '2026-11-26' })).toBe('deadline: 办理期限不能早于今天');
    expect(need('submitted', 'assign', 'official', { departmentId: 'jxj', deadline: '2026-11-27' })).toBeNull();
    expect(need('submitted', 'assign', 'official', { departmentId: 'jxj', deadline: '2028-01-01' })).toBe('deadline: 办理期限最长一年');
    expect(need('submitted', 'assign', 'official', { departmentId: 'jxj', deadline: '12/10/2026' })).toBe('deadline: 办理期限须为 YYYY-MM-DD 格式的日期');
    expect(need('assigned', 'return', 'department', { note: '  ' })).toBe('note: 退回时必须说明原因（为何本部门无法办理）');
    expect(need('assigned', 'answer', 'department', {})).toBe('note: 反馈时必须填写办理结果');
    expect(need('answered', 'reopen', 'firm', {})).toBe('note: 重新办理时必须说明原因');
    expect(need('answered', 'close', 'official', {})).toBe('note: 企业尚未确认，直接销号时必须填写说明');
    expect(need('confirmed', 'close', 'official', {})).toBeNull();
    expect(need('answered', 'confirm', 'firm', {})).toBeNull();
  });

  it('says in words why a move is refused', () => {
    expect(checkProblemMove('submitted', 'close', ['official'], FULL, ctx)?.message).toBe('问题当前为「待分办」，不能「销号」（可以：分办）');
    expect(checkProblemMove('submitted', 'assign', ['firm'], FULL, ctx)?.message).toBe('「分办」只能由工作专班操作');
  });

  it('is overdue only after the deadline day, and only while the deadline runs', () => {
    expect(isOverdue({ status: 'assigned', deadline: '2026-11-30' }, '2026-11-30')).toBe(false);
    expect(isOverdue({ status: 'assigned', deadline: '2026-11-30' }, '2026-12-01')).toBe(true);
    expect(isOverdue({ status: 'reopened', deadline: '2026-11-30' }, '2026-12-01')).toBe(true);
    for (const s of ['submitted', 'answered', 'confirmed', 'closed'] as const) expect(isOverdue({ status: s, deadline: '2026-11-30' }, '2026-12-01')).toBe(false);
    expect(isOverdue({ status: 'assigned', deadline: null }, '2026-12-01')).toBe(false);
  });
});
