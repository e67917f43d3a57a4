/**
 * Several server processes over one database file (WORKERS): two apps opened on the same SQLite
 * file in this test process stand for two workers — each its own connection, caches and matching
 * index. What one writes, the other answers on its very next request; background work runs in one.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database_ } from '../../db/client.ts';
import { buildApp } from '../../server/app.ts';
import { testConfig } from '../../server/config.ts';
import { fixedClock } from '../../server/clock.ts';
import { TEST_COST } from '../../server/auth/passwords.ts';
import { EmbeddedSearchIndex } from '../../search/embedded/embedded-index.ts';
import { ChangeJournal } from '../../server/cluster/journal.ts';
import { Lease } from '../../server/cluster/lease.ts';
import { Background } from '../../server/cluster/background.ts';
import { noChanges } from '../../server/changes.ts';
import { teachSchema, teachWording } from '../../server/lexicon/additions.ts';
import { signIn, TEST_NOW, type TestCtx } from '../helpers.ts';
import { expectNewListingSeen, loadWorld, SUPPLIER } from './world.ts';
import { move, raised } from '../problems/people.ts';

type Worker = TestCtx;

async function worker(file: string, name: string, clock = fixedClock(TEST_NOW)): Promise<Worker> {
  const database: Database_ = openDatabase(file);
  const search = new EmbeddedSearchIndex(database.sqlite);
  // followPollMs: long, so that only the request itself can have caught up (no timer doing it for the test)
  const app = await buildApp({ config: testConfig(), database, clock, passwordCost: TEST_COST, search, processName: name, followPollMs: 60_000 });
  await app.ready();
  return { app, database, clock, search, async close() { await app.close(); await search.close(); database.close(); } };
}

const silent = { info() {}, error() {} };

describe('two processes over one database file', () => {
  let dir: string;
  let file: string;
  let a: Worker;
  let b: Worker;
  let world: ReturnType<typeof loadWorld>;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cluster-test-'));
    file = join(dir, 'lianliantong.sqlite');
    a = await worker(file, 'worker-a');
    world = loadWorld(a);
    // The world was written before either "worker" looked at it, as a database they start on.
    a.app.matching.forget();
    b = await worker(file, 'worker-b');
  });
  afterEach(async () => {
    await b?.close();
    await a?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a listing posted through one is on the other\'s cached list page at its next request', async () => {
    await expectNewListingSeen(a, b, world.supplier, '跨进程缓存测试加工', '跨进程缓存测试');
  });

  it('a firm changed through one is ranked afresh by the other\'s matching index at its next request', async () => {
    const official = await signIn(a, 'official');
    const matches = async (w: Worker) => {
      const res = await w.app.inject({ method: 'GET', url: '/api/components/CA/matches', headers: { cookie: official.headers.cookie } });
      expect(res.statusCode).toBe(200);
      return (res.json().matches as { uscc: string; score: number }[]).find((m) => m.uscc === SUPPLIER)?.score ?? null;
    };
    const before = await matches(b);
    expect(before).not.toBeNull();
    expect(await matches(b)).toBe(before); // cached and indexed in b
    expect(await matches(a)).toBe(before); // both indexes loaded: each follows the change from here
    a.app.deps.feed.transaction(a.database.sqlite, (record) => {
      a.database.sqlite.prepare(`update enterprises set processes = '喷漆', updated_at = updated_at + 1 where id = ?`).run(world.supplier);
      record({ enterprises: [world.supplier] });
    });
    const inA = await matches(a);
    expect(inA).not.toBe(before);
    expect(await matches(b)).toBe(inA);
  });

  it('runs background work in one of them: only the lease holder re-ranks, and the other takes over when it stops', async () => {
    expect(a.app.background.isLeader).toBe(true);
    expect(b.app.background.isLeader).toBe(false);
    const computedAt = () => a.database.sqlite.prepare<[], number | null>(`select max(computed_at) from component_match_status`).pluck().get() ?? 0;
    const before = computedAt();
    // A write through b: b refreshes its own index but leaves the re-ranking to a.
    b.clock.set(Date.parse(TEST_NOW) + 60_000);
    a.clock.set(Date.parse(TEST_NOW) + 60_000);
    b.app.deps.feed.transaction(b.database.sqlite, (record) => {
      b.database.sqlite.prepare('update components set updated_at = ? where buyer_id = ?').run(b.clock.now(), world.firmA);
      record({ components: b.database.sqlite.prepare<[number], number>('select id from components where buyer_id = ?').pluck().all(world.firmA) });
    });
    await b.app.matching.settled();
    expect(computedAt()).toBe(before);
    // a hears of it (its idle timer would; the test asks directly) and re-ranks.
    expect(a.app.follower.catchUp()).toBe(true);
    await a.app.matching.settled();
    expect(computedAt()).toBe(a.clock.now());

    await a.close();
    a = null as unknown as Worker;
    b.app.background.renew();
    expect(b.app.background.isLeader).toBe(true);
  });

  it('pushes a notification stored by one to the recipient\'s page open on the other', async () => {
    const buyer = await signIn(a, 'procurement', { enterpriseId: world.firmA });
    const send = vi.spyOn(b.app.live, 'send');
    a.app.notifier.notify([buyer.userId], { kind: 'test', title: '跨进程通知', body: '由另一个进程写入' }, a.clock.now());
    expect(send).not.toHaveBeenCalled();
    await b.app.inject({ method: 'GET', url: '/login' });
    const pushed = send.mock.calls.filter(([, event]) => typeof event === 'function');
    expect(pushed).toHaveLength(1);
    const [to, event] = pushed[0]!;
    const actor = { kind: 'user' as const, id: buyer.userId, role: 'procurement' as const, enterpriseId: world.firmA, name: 'x' };
    expect(to(actor as never)).toBe(true);
    expect(to({ ...actor, id: buyer.userId + 1 } as never)).toBe(false);
    expect((event as (a: never) => unknown)(actor as never)).toMatchObject({ type: 'notification', title: '跨进程通知', unread: 1 });
    // Once only: a later catch-up does not push it again.
    a.app.deps.feed.transaction(a.database.sqlite, (record) => record({ deals: [1] }));
    await b.app.inject({ method: 'GET', url: '/login' });
    expect(send.mock.calls.filter(([, event]) => typeof event === 'function')).toHaveLength(1);
  });

  it('replays a problem\'s step from the other: its open problem pages refresh, and the notice is pushed there, not stored again', async () => {
    const firm = await signIn(a, 'enterprise', { enterpriseId: world.firmA });
    const official = await signIn(a, 'official');
    const jxj = await signIn(a, 'official');
    a.database.sqlite.prepare(`update users set department_id = 'jxj' where id = ?`).run(jxj.userId);
    const outsider = await signIn(a, 'enterprise', { enterpriseId: world.firmB });
    const ref = await raised(a, firm);
    await b.app.inject({ method: 'GET', url: '/login' }); // b has heard of the raise
    const send = vi.spyOn(b.app.live, 'send');
    expect((await move(a, official, ref, { action: 'assign', department: 'jxj', deadline: '2026-12-10' })).statusCode).toBe(303);
    const notices = () => a.database.sqlite.prepare<[], number>('select count(*) from notifications').pluck().get();
    const stored = notices();
    expect(send).not.toHaveBeenCalled();
    await b.app.inject({ method: 'GET', url: '/login' });
    const actorOf = (userId: number) => b.app.accounts.actorOf(b.app.accounts.getUser(userId)!);
    const refreshes = send.mock.calls.filter(([, event]) => typeof event !== 'function' && event.type === 'refresh' && event.topic === 'problems');
    expect(refreshes).toHaveLength(1);
    const [to] = refreshes[0]!;
    expect(to(actorOf(jxj.userId))).toBe(true);
    expect(to(actorOf(outsider.userId))).toBe(false);
    const pushed = send.mock.calls.filter(([, event]) => typeof event === 'function');
    expect(pushed.filter(([to]) => to(actorOf(jxj.userId))).map(([, event]) => (event as (a: never) => unknown)(actorOf(jxj.userId) as never)))
      .toEqual([expect.objectContaining({ type: 'notification', href: `/problems/${ref}` })]);
    expect(notices()).toBe(stored);
  });

  it('a wording taught through one is put in force, and everything re-read, by the other', async () => {
    // The lexicon is one per process, and these two "processes" share one: what b must do is seen on its matching.
    const relearn = vi.spyOn(b.app.matching, 'lexiconChanged');
    const result = teachWording(a.database.sqlite, a.app.deps.feed, teachSchema.parse({ kind: 'process', term: '跨进程测试工艺', newLabel: '跨进程测试' }), { kind: 'anonymous' }, a.clock.now());
    expect(result.ok).toBe(true);
    expect(relearn).not.toHaveBeenCalled();
    await b.app.inject({ method: 'GET', url: '/login' });
    expect(relearn).toHaveBeenCalledTimes(1);
  });

  it('replays a logout to close the user\'s sockets on the other process', async () => {
    const user = await signIn(a, 'official');
    const end = vi.spyOn(b.app.live, 'end');
    const token = user.headers.cookie.split('=')[1]!;
    a.app.accounts.destroySession(token);
    expect(b.app.follower.catchUp()).toBe(true);
    expect(end).toHaveBeenCalledWith({ sessionHash: expect.any(String) });
  });
});

describe('the change journal', () => {
  let dir: string;
  let databases: Database_[] = [];
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'cluster-journal-')); });
  afterEach(() => {
    for (const d of databases) d.close();
    databases = [];
    rmSync(dir, { recursive: true, force: true });
  });
  const open = () => { const d = openDatabase(join(dir, 'j.sqlite')); databases.push(d); return d.sqlite; };

  it('gives each reader the entries of other writers once, in order, and not its own', () => {
    const one = new ChangeJournal(open(), 'one');
    const two = new ChangeJournal(open(), 'two');
    one.append({ changes: { ...noChanges(), enterprises: [1] } }, 1000);
    two.append({ changes: { ...noChanges(), listings: [2] } }, 1001);
    one.append({ changes: { ...noChanges(), components: [3] } }, 1002);
    expect(two.news()).toEqual({ gap: false, entries: [{ changes: { ...noChanges(), enterprises: [1] } }, { changes: { ...noChanges(), components: [3] } }] });
    expect(two.news()).toBeNull();
    expect(one.news()).toEqual({ gap: false, entries: [{ changes: { ...noChanges(), listings: [2] } }] });
  });

  it('prunes rows by age, and a reader that missed pruned rows is told of the gap', () => {
    const writer = new ChangeJournal(open(), 'writer');
    const late = new ChangeJournal(open(), 'late');
    const prompt = new ChangeJournal(open(), 'prompt');
    writer.append({ changes: { ...noChanges(), enterprises: [1] } }, 1_000);
    writer.append({ changes: { ...noChanges(), enterprises: [2] } }, 2_000);
    expect(prompt.news()?.entries).toHaveLength(2);
    expect(writer.prune(601_500, 600_000)).toBe(1); // only the row older than 10 minutes
    writer.append({ changes: { ...noChanges(), enterprises: [3] } }, 700_000);
    expect(late.news()).toEqual({ gap: true, entries: [{ changes: { ...noChanges(), enterprises: [2] } }, { changes: { ...noChanges(), enterprises: [3] } }] });
    expect(prompt.news()).toEqual({ gap: false, entries: [{ changes: { ...noChanges(), enterprises: [3] } }] });
  });

  it('a lease has one holder; a released lease and a lapsed one are taken by another', () => {
    const sqlite = open();
    let now = 1_000_000;
    const jobs: string[] = [];
    const job = (who: string) => ({ name: 'x', start: () => { jobs.push(`${who} start`); }, stop: () => { jobs.push(`${who} stop`); } });
    const first = new Background(new Lease(sqlite, 'background', 'first', 15_000), silent, () => now);
    const second = new Background(new Lease(open(), 'background', 'second', 15_000), silent, () => now);
    first.add(job('first'));
    second.add(job('second'));
    first.start();
    second.start();
    expect([first.isLeader, second.isLeader]).toEqual([true, false]);
    expect(jobs).toEqual(['first start']);
    // first stalls (no renewal) past its lease: second takes over, and first stops its jobs when it wakes.
    now += 15_001;
    second.renew();
    first.renew();
    expect([first.isLeader, second.isLeader]).toEqual([false, true]);
    expect(jobs).toEqual(['first start', 'second start', 'first stop']);
    // a clean stop releases at once
    return second.stop().then(() => {
      first.renew();
      expect(first.isLeader).toBe(true);
      return first.stop();
    });
  });
});
