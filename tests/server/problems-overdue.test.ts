import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp, type TestCtx } from '../helpers.ts';
import { checkOverdue, watchOverdue } from '../../server/problems/overdue.ts';
import { move, problemWorld, raised, view, type People } from '../problems/people.ts';

let ctx: TestCtx;
let people: People;
beforeEach(async () => {
  ctx = await testApp(); // 2026-11-27 10:00 in the city
  people = (await problemWorld(ctx)).people;
});
afterEach(async () => { await ctx.close(); });

const check = () => checkOverdue({ sqlite: ctx.database.sqlite, notifier: ctx.app.notifier, live: ctx.app.live }, ctx.clock.now());
const overdueNotices = (userId: number) => (ctx.database.sqlite.prepare(`select title from notifications where user_id = ? and kind = 'problem.overdue'`).pluck().all(userId) as string[]);

describe('overdue cases', () => {
  it('are not overdue on the deadline day, are overdue (highlighted, counted, notified once) the day after, and again after reopen + reassign', async () => {
    const ref = await raised(ctx, people.firmA);
    await move(ctx, people.official, ref, { action: 'assign', department: 'jxj', deadline: '2026-11-30' });

    ctx.clock.set('2026-11-30T15:59:00Z'); // 23:59 on the deadline day in the city
    expect(check()).toEqual([]);
    const inTime = await view(ctx, people.official, '/problems');
    expect(inTime.body).not.toContain('已逾期');

    ctx.clock.set('2026-11-30T16:01:00Z'); // 00:01 the day after
    expect(check()).toEqual([ref]);
    for (const who of [people.jxj, people.official, people.autoOfficial]) expect(overdueNotices(who.userId)).toEqual([`问题已逾期：${ref}`]);
    for (const who of [people.gdj, people.equipmentOfficial, people.firmA]) expect(overdueNotices(who.userId)).toEqual([]);
    const body = (await view(ctx, people.jxj, '/problems')).body;
    expect(body).toContain('<tr class="overdue">');
    expect(body).toContain('已逾期');
    expect(body).toContain('逾期 1 件');
    expect((await view(ctx, people.jxj, '/problems?overdue=1')).body).toContain(ref);
    expect(ctx.database.sqlite.prepare(`select count(*) from audit_log where action = 'problem.overdue'`).pluck().get()).toBe(1);

    ctx.clock.set('2026-12-02T02:00:00Z');
    expect(check()).toEqual([]); // the same episode is announced once
    expect(overdueNotices(people.jxj.userId)).toHaveLength(1);

    // Answered late, reopened: still the same episode until the case is assigned again.
    await move(ctx, people.jxj, ref, { action: 'answer', note: '已协调' });
    await move(ctx, people.firmA, ref, { action: 'reopen', note: '未解决' });
    expect(check()).toEqual([]);
    await move(ctx, people.official, ref, { action: 'assign', department: 'jxj', deadline: '2026-12-05' });
    expect((await view(ctx, people.jxj, '/problems?overdue=1')).body).not.toContain(ref);
    ctx.clock.set('2026-12-05T10:00:00Z');
    expect(check()).toEqual([]);
    ctx.clock.set('2026-12-06T01:00:00Z');
    expect(check()).toEqual([ref]);
    expect(overdueNotices(people.jxj.userId)).toHaveLength(2);
    expect(overdueNotices(people.official.userId)).toHaveLength(2);
  });

  it('counts a reopened case whose deadline has passed, and not an answered one', async () => {
    const a = await raised(ctx, people.firmA, { title: '甲' });
    const b = await raised(ctx, people.firmA, { title: '乙' });
    for (const ref of [a, b]) {
      await move(ctx, people.official, ref, { action: 'assign', department: 'jxj', deadline: '2026-11-28' });
      await move(ctx, people.jxj, ref, { action: 'answer', note: '已办' });
    }
    await move(ctx, people.firmA, b, { action: 'reopen', note: '未解决' });
    ctx.clock.set('2026-12-01T02:00:00Z');
    expect(check()).toEqual([b]);
  });

  it('pushes the notice live to the department\'s open page and refreshes lists', async () => {
    await ctx.app.ready();
    const ref = await raised(ctx, people.firmA);
    await move(ctx, people.official, ref, { action: 'assign', department: 'jxj', deadline: '2026-11-28' });
    const ws = await ctx.app.injectWS('/ws', { headers: { cookie: people.jxj.headers.cookie, origin: 'http://localhost:80', host: 'localhost:80' } });
    const got: unknown[] = [];
    const both = new Promise<void>((resolve) => ws.on('message', (d) => { got.push(JSON.parse(d.toString())); if (got.length === 2) resolve(); }));
    ctx.clock.set('2026-11-29T02:00:00Z');
    expect(check()).toEqual([ref]);
    await both;
    expect(got).toContainEqual(expect.objectContaining({ type: 'notification', title: `问题已逾期：${ref}`, href: `/problems/${ref}`, unread: 2 }));
    expect(got).toContainEqual({ type: 'refresh', topic: 'problems' });
    ws.terminate();
  });

  it('runs once at start and then on an unref\'d timer', async () => {
    const ref = await raised(ctx, people.firmA);
    await move(ctx, people.official, ref, { action: 'assign', department: 'jxj', deadline: '2026-11-28' });
    ctx.clock.set('2026-11-29T02:00:00Z');
    const watch = watchOverdue({ sqlite: ctx.database.sqlite, notifier: ctx.app.notifier, clock: ctx.clock }, 60_000);
    watch.stop();
    expect(overdueNotices(people.jxj.userId)).toHaveLength(1);
  });
});
