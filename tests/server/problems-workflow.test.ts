import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testApp, type TestCtx } from '../helpers.ts';
import { FIRM_B } from './world.ts';
import { move, problemWorld, raise, raised, view, type People } from '../problems/people.ts';

let ctx: TestCtx;
let people: People;
let world: Awaited<ReturnType<typeof problemWorld>>;
beforeEach(async () => {
  ctx = await testApp();
  world = await problemWorld(ctx);
  people = world.people;
});
afterEach(async () => { await ctx.close(); });

const one = <T>(sql: string, ...args: unknown[]) => ctx.database.sqlite.prepare(sql).get(...args) as T;
const all = <T>(sql: string, ...args: unknown[]) => ctx.database.sqlite.prepare(sql).all(...args) as T[];
const problemRow = (ref: string) => one<{ status: string; department_id: string | null; deadline: string | null; answer: string | null; version: number; closed_at: number | null }>(
  'select status, department_id, deadline, answer, version, closed_at from problems where ref = ?', ref);
const inboxOf = (userId: number) => all<{ kind: string; title: string }>('select kind, title from notifications where user_id = ? order by id', userId).map((n) => n.kind);
const actorOf = (userId: number) => ctx.app.accounts.actorOf(ctx.app.accounts.getUser(userId)!);
const labelOf = (userId: number) => one<{ username: string }>('select username from users where id = ?', userId).username;

describe('the problem loop through HTTP', () => {
  it('goes raise → assign → return → assign → answer → reopen → assign → answer → confirm → close, recording who and when', async () => {
    const p = people;
    const ref = await raised(ctx, p.firmA, { category: 'land', title: '扩建用地指标', description: '需新增工业用地 30 亩', component: 'CA' });
    expect(ref).toBe('WT-2026-0001');
    expect(one('select enterprise_id, raised_by, category, chain_id, component_id is not null as linked from problems where ref = ?', ref))
      .toEqual({ enterprise_id: world.firmA, raised_by: p.firmA.userId, category: 'land', chain_id: 'auto', linked: 1 });

    const steps: [keyof People, Record<string, string>, string][] = [
      ['official', { action: 'assign', department: 'jxj', deadline: '2026-12-10', note: '请经信局协调' }, 'assigned'],
      ['jxj', { action: 'return', note: '用地指标不属本局职责' }, 'submitted'],
      ['autoOfficial', { action: 'assign', department: 'gdj', deadline: '2026-12-15' }, 'assigned'],
      ['gdj', { action: 'answer', note: '已纳入年度用地计划' }, 'answered'],
      ['firmA', { action: 'reopen', note: '需要明确供地时间' }, 'reopened'],
      ['official', { action: 'assign', department: 'gdj', deadline: '2026-12-20' }, 'assigned'],
      ['gdj', { action: 'answer', note: '明年一季度供地' }, 'answered'],
      ['buyerA', { action: 'confirm' }, 'confirmed'],
      ['autoOfficial', { action: 'close', note: '' }, 'closed'],
    ];
    for (const [i, [who, body, status]] of steps.entries()) {
      const res = await move(ctx, p[who], ref, { ...body, version: String(i + 1) });
      expect(res.statusCode, `${who} ${body.action}`).toBe(303);
      expect(problemRow(ref).status).toBe(status);
      expect(problemRow(ref).version).toBe(i + 2);
    }
    const row = problemRow(ref);
    expect(row).toMatchObject({ department_id: 'gdj', deadline: '2026-12-20', answer: '明年一季度供地' });
    expect(row.closed_at).toBe(ctx.clock.now());

    const events = all<{ from_status: string | null; to_status: string; note: string; department_id: string | null; deadline: string | null; actor_label: string }>(
      'select from_status, to_status, note, department_id, deadline, actor_label from problem_events where problem_id = (select id from problems where ref = ?) order by id', ref);
    expect(events.map((e) => e.to_status)).toEqual(['submitted', 'assigned', 'submitted', 'assigned', 'answered', 'reopened', 'assigned', 'answered', 'confirmed', 'closed']);
    expect(events[1]).toEqual({ from_status: 'submitted', to_status: 'assigned', note: '请经信局协调', department_id: 'jxj', deadline: '2026-12-10', actor_label: labelOf(p.official.userId) });
    expect(events[2]).toMatchObject({ from_status: 'assigned', note: '用地指标不属本局职责', actor_label: labelOf(p.jxj.userId) });
    expect(events[5]).toMatchObject({ from_status: 'answered', note: '需要明确供地时间', actor_label: labelOf(p.firmA.userId) });
    expect(all('select action from audit_log where object_type = ? order by id', 'problem').map((a) => (a as { action: string }).action))
      .toEqual(['problem.raise', 'problem.assign', 'problem.return', 'problem.assign', 'problem.answer', 'problem.reopen', 'problem.assign', 'problem.answer', 'problem.confirm', 'problem.close']);

    // The page shows the whole timeline, and a closed case offers no more moves.
    const page = await view(ctx, p.firmA, `/problems/${ref}`);
    expect(page.statusCode).toBe(200);
    for (const words of ['扩建用地指标', '用地指标不属本局职责', '需要明确供地时间', '明年一季度供地', '已销号', '国网襄阳供电公司']) expect(page.body).toContain(words);
    expect(page.body).not.toContain('action="/problems/WT-2026-0001/transitions"');
  });

  it('tells whoever must act next, never the actor, and nobody outside the case', async () => {
    const p = people;
    const ref = await raised(ctx, p.firmA);
    await move(ctx, p.official, ref, { action: 'assign', department: 'jxj', deadline: '2026-12-10' });
    await move(ctx, p.jxj, ref, { action: 'answer', note: '已协调' });
    expect(inboxOf(p.official.userId)).toEqual(['problem.raise']);
    expect(inboxOf(p.autoOfficial.userId)).toEqual(['problem.raise']);
    expect(inboxOf(p.jxj.userId)).toEqual(['problem.assign']);
    expect(inboxOf(p.firmA.userId)).toEqual(['problem.answer']);
    expect(inboxOf(p.buyerA.userId)).toEqual(['problem.answer']);
    for (const outsider of [p.equipmentOfficial, p.fanchengOfficial, p.gdj, p.firmB, p.supplier]) expect(inboxOf(outsider.userId)).toEqual([]);
  });

  it('writes a step\'s notice in the step\'s transaction, and pushes it and refreshes open pages only once it has committed', async () => {
    const p = people;
    const ref = await raised(ctx, p.firmA);
    const send = vi.spyOn(ctx.app.live, 'send');
    const duringWrite: { stored: string[]; pushed: number }[] = [];
    ctx.app.deps.feed.onWrite((changes) => {
      if (changes.events?.some((e) => e.type === 'problem.step')) duringWrite.push({ stored: inboxOf(p.jxj.userId), pushed: send.mock.calls.length });
    });
    expect((await move(ctx, p.official, ref, { action: 'assign', department: 'jxj', deadline: '2026-12-10' })).statusCode).toBe(303);
    expect(duringWrite).toEqual([{ stored: ['problem.assign'], pushed: 0 }]);
    const jxj = actorOf(p.jxj.userId);
    const heard = send.mock.calls.filter(([to]) => to(jxj)).map(([, event]) => (typeof event === 'function' ? event(jxj) : event));
    expect(heard).toEqual([expect.objectContaining({ type: 'notification', href: `/problems/${ref}`, unread: 1 }), { type: 'refresh', topic: 'problems' }]);
    expect(send.mock.calls.filter(([to]) => to(actorOf(p.firmB.userId)))).toEqual([]);
  });

  it('tells nobody of a step whose transaction rolled back', async () => {
    const p = people;
    const ref = await raised(ctx, p.firmA);
    const notices = () => one<{ n: number }>('select count(*) as n from notifications').n;
    const before = notices();
    const send = vi.spyOn(ctx.app.live, 'send');
    // A listener inside the transaction fails after the step was written (as a broken index would): the step rolls back.
    ctx.app.deps.feed.onWrite((changes) => {
      if (changes.events?.some((e) => e.type === 'problem.step')) throw new Error('索引写入失败');
    });
    const res = await move(ctx, p.official, ref, { action: 'assign', department: 'jxj', deadline: '2026-12-10' });
    expect(res.statusCode).toBe(500);
    expect(problemRow(ref)).toMatchObject({ status: 'submitted', version: 1 });
    expect(notices()).toBe(before);
    expect(inboxOf(p.jxj.userId)).toEqual([]);
    expect(send).not.toHaveBeenCalled();
  });

  it('refuses moves the loop does not have (409), moves of another side (403), stale versions (409) and missing reasons (422)', async () => {
    const p = people;
    const ref = await raised(ctx, p.firmA);
    const closeEarly = await move(ctx, p.official, ref, { action: 'close', note: '直接销号' });
    expect(closeEarly.statusCode).toBe(409);
    expect(closeEarly.body).toContain('问题当前为「待分办」，不能「销号」');
    const firmAssigns = await move(ctx, p.firmA, ref, { action: 'assign', department: 'jxj', deadline: '2026-12-10' });
    expect(firmAssigns.statusCode).toBe(403);
    expect(firmAssigns.body).toContain('「分办」只能由工作专班操作');
    const badDeadline = await move(ctx, p.official, ref, { action: 'assign', department: 'jxj', deadline: '2026-11-01' });
    expect(badDeadline.statusCode).toBe(422);
    expect(badDeadline.body).toMatch(/name="deadline"[^>]*aria-invalid="true"[\s\S]*?办理期限不能早于今天/);
    const unknown = await move(ctx, p.official, ref, { action: 'escalate' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.body).toContain('须为 assign / return / answer / confirm / reopen / close 之一');

    expect((await move(ctx, p.official, ref, { action: 'assign', department: 'jxj', deadline: '2026-12-10', version: '1' })).statusCode).toBe(303);
    const stale = await move(ctx, p.autoOfficial, ref, { action: 'assign', department: 'gdj', deadline: '2026-12-10', version: '1' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('其他人已先处理了此问题（当前状态「办理中」，版本 2）');
    const noReason = await move(ctx, p.jxj, ref, { action: 'return', note: '  ', version: '2' }, { 'hx-request': 'true' });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.body.startsWith('<section id="problem">')).toBe(true);
    expect(noReason.body).toContain('退回时必须说明原因');
    expect(problemRow(ref)).toMatchObject({ status: 'assigned', department_id: 'jxj', version: 2 });
    expect(one<{ n: number }>('select count(*) as n from problem_events').n).toBe(2);
  });

  it('lets an official close an answered case the firm never confirmed, with a note', async () => {
    const p = people;
    const ref = await raised(ctx, p.firmA);
    const assigned = await move(ctx, p.official, ref, { action: 'assign', department: 'jxj', deadline: '2026-12-10' }, { 'hx-request': 'true' });
    expect(assigned.body).toMatch(/已分办至[^，]+，办理期限 2026-12-10；承办部门会收到通知。/);
    await move(ctx, p.jxj, ref, { action: 'answer', note: '已协调解决' });
    expect((await move(ctx, p.official, ref, { action: 'close' })).statusCode).toBe(422);
    const closed = await move(ctx, p.official, ref, { action: 'close', note: '企业 15 日未回复，按已解决销号' }, { 'hx-request': 'true' });
    expect(closed.statusCode).toBe(200);
    expect(closed.body).toContain('已销号，此问题办结。');
    expect(problemRow(ref).status).toBe('closed');
    expect((await move(ctx, p.firmA, ref, { action: 'reopen', note: '仍未解决' })).statusCode).toBe(409);
  });

  it('checks what a firm links a problem to, and names each field it refuses', async () => {
    const res = await raise(ctx, people.firmA, { category: 'rent', title: '', description: '说明', component: 'CB', chain: 'moon' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/name="category"[^>]*aria-invalid="true"[\s\S]*?请选择问题类别/);
    expect(res.body).toMatch(/name="title"[^>]*aria-invalid="true"[\s\S]*?必填，不能为空/);
    expect(res.body).toMatch(/name="component"[^>]*aria-invalid="true"[\s\S]*?只能关联本企业登记的外采件/);
    expect(res.body).toMatch(/name="chain"[^>]*aria-invalid="true"[\s\S]*?未知的产业链/);
    expect(res.body).toContain('>说明</textarea>');
    const deal = Number(ctx.database.sqlite.prepare(`insert into deals (component_id, buyer_id, supplier_id, created_at, updated_at)
      values ((select id from components where ref = 'CB'), ?, ?, 0, 0)`).run(world.firmB, world.supplier).lastInsertRowid);
    expect((await raise(ctx, people.firmA, { category: 'market', title: '对接', description: '说明', deal: String(deal) })).body).toContain('只能关联本企业参与的商机');
    // The supplier is a party to firm B's deal: the case takes the deal's chain.
    const ref = await raised(ctx, people.supplier, { deal: String(deal) });
    expect(one('select chain_id, deal_id from problems where ref = ?', ref)).toEqual({ chain_id: 'equipment', deal_id: deal });
    expect(one<{ n: number }>('select count(*) as n from problems').n).toBe(1);
  });

  it('lets an admin record a problem for a named firm', async () => {
    const unnamed = await raise(ctx, people.admin, { firm: '', category: 'talent', title: '招工难', description: '技工缺口 50 人' });
    expect(unnamed.statusCode).toBe(422);
    expect(unnamed.body).toContain('请填写平台上已有企业的统一社会信用代码');
    const ref = await raised(ctx, people.admin, { firm: FIRM_B, category: 'talent', title: '招工难' });
    expect(one('select enterprise_id, chain_id from problems where ref = ?', ref)).toEqual({ enterprise_id: world.firmB, chain_id: 'equipment' });
    // The firm user's own firm wins over any firm field it sends.
    const own = await raised(ctx, people.firmA, { firm: FIRM_B });
    expect(one('select enterprise_id from problems where ref = ?', own)).toEqual({ enterprise_id: world.firmA });
  });
});
