import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp, type TestCtx } from '../helpers.ts';
import { seedDemoAccounts } from '../../server/demo.ts';
import { seedDemoProblems } from '../../server/problems/demo.ts';
import { checkOverdue } from '../../server/problems/overdue.ts';

let ctx: TestCtx;
beforeEach(async () => { ctx = await testApp({ demo: true }); });
afterEach(async () => { await ctx.close(); });

describe('demo problems', () => {
  it('seeds a department account and cases in every state of the loop, once, made by the demo people', async () => {
    const accounts = await seedDemoAccounts(ctx.database, ctx.app.accounts, ctx.clock.now());
    expect(accounts.find((a) => a.username === 'dept')).toEqual({ username: 'dept', password: 'demo-dept-2026', role: 'official', firm: '市经济和信息化局' });
    expect(ctx.database.sqlite.prepare(`select department_id from users where username = 'dept'`).pluck().get()).toBe('jxj');
    expect(seedDemoProblems(ctx.database, ctx.app.accounts, ctx.clock.now())).toBe(7);
    expect(seedDemoProblems(ctx.database, ctx.app.accounts, ctx.clock.now())).toBe(0);
    const statuses = ctx.database.sqlite.prepare('select status, count(*) as n from problems group by status order by status').all();
    expect(statuses).toEqual([
      { status: 'answered', n: 1 }, { status: 'assigned', n: 3 }, { status: 'closed', n: 1 }, { status: 'reopened', n: 1 }, { status: 'submitted', n: 1 },
    ]);
    const labels = ctx.database.sqlite.prepare('select distinct actor_label from problem_events order by 1').pluck().all();
    // made by the demo people, named as people see them
    expect(labels).toEqual(['市经信局 工作专班', '市经信局 承办人', '配套企业联络员', '链主采购经理'].sort());
    // One of 市经信局's cases is past its deadline: the first check at start tells `dept` and the work team.
    const overdue = checkOverdue({ sqlite: ctx.database.sqlite, notifier: ctx.app.notifier }, ctx.clock.now());
    expect(overdue).toHaveLength(1);
    const dept = ctx.app.accounts.findUser('dept')!;
    expect(ctx.database.sqlite.prepare(`select count(*) from notifications where user_id = ? and kind = 'problem.overdue'`).pluck().get(dept.id)).toBe(1);
  });
});
