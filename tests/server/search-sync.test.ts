/** The index follows every write: import, re-import, edits through the app, deletion, rollback, expiry. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { csv, signIn, testApp, usccFor, type TestCtx } from '../helpers.ts';
import { importFiles } from '../../server/import/index.ts';
import { ensureSearchIndex, rebuildSearchIndex } from '../../server/search/sync.ts';
import { EmbeddedSearchIndex } from '../../search/embedded/embedded-index.ts';

const FIRM = usccFor(501);
const OTHER = usccFor(502);
const ENTERPRISE_HEAD = ['uscc', 'name', 'region', 'chains', 'tier', 'processes', 'materials', 'certifications', 'description'];
const LISTING_HEAD = ['ref', 'uscc', 'kind', 'title', 'description', 'chain', 'valid_until'];

let ctx: TestCtx;
beforeEach(async () => { ctx = await testApp(); });
afterEach(async () => { await ctx.close(); });

function load(firmRows: string[][], listingRows: string[][], feed = ctx.app.deps.feed) {
  const report = importFiles(ctx.database.sqlite, [
    { name: 'enterprises.csv', bytes: Buffer.from(csv([ENTERPRISE_HEAD, ...firmRows])) },
    { name: 'listings.csv', bytes: Buffer.from(csv([LISTING_HEAD, ...listingRows])) },
  ], { now: ctx.clock.now(), feed });
  expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
  return report;
}
const firmRow = (name: string, processes: string) => [FIRM, name, '襄阳高新区', '汽车产业链', '专精特新', processes, 'ADC12', 'IATF16949', '专业从事精密零件'];
const otherRow = [OTHER, '襄阳旁证机械有限公司', '樊城区', '智能装备产业链', '中小企业', '焊接', 'Q235', '', ''];
const listingRow = (ref: string, title: string, until = '2027-06-30', uscc = FIRM) => [ref, uscc, 'supply', title, '', '汽车产业链', until];

const found = async (q: string, extra = '') => {
  const res = await ctx.app.inject({ method: 'GET', url: `/api/search?q=${encodeURIComponent(q)}${extra}` });
  expect(res.statusCode).toBe(200);
  return (res.json().hits as { uscc?: string; ref?: string }[]).map((h) => h.uscc ?? h.ref);
};
const indexed = async () => (await ctx.search.stats()).documents;

describe('search sync', () => {
  it('indexes an import in its transaction and follows a re-import of a changed row', async () => {
    load([firmRow('襄阳精工压铸有限公司', '高压铸造'), otherRow], [listingRow('S1', '承接压铸件加工')]);
    expect(await indexed()).toBe(3);
    expect(await found('压铸')).toEqual(expect.arrayContaining([FIRM, 'S1']));
    expect(await found('精工')).toEqual(expect.arrayContaining([FIRM, 'S1']));

    const report = load([firmRow('襄阳卓越锻造有限公司', '模锻'), otherRow], [listingRow('S1', '承接压铸件加工')]);
    expect(report.counts!.enterprises).toMatchObject({ updated: 1, unchanged: 1 });
    expect(await found('精工')).toEqual([]);
    expect(await found('卓越')).toEqual(expect.arrayContaining([FIRM, 'S1']));
    expect(await found('模锻')).toEqual([FIRM]);
    expect(await found('高压铸造', '&type=enterprise')).toEqual([]);
    expect(await indexed()).toBe(3);
  });

  it('removes a deleted firm and the listings that went with it', async () => {
    load([firmRow('襄阳精工压铸有限公司', '高压铸造'), otherRow], [listingRow('S1', '承接压铸件加工'), listingRow('S2', '供应焊接件', '2027-06-30', OTHER)]);
    const id = ctx.database.sqlite.prepare('select id from enterprises where uscc = ?').pluck().get(FIRM) as number;
    ctx.app.deps.feed.transaction(ctx.database.sqlite, (record) => {
      ctx.database.sqlite.prepare('delete from enterprises where id = ?').run(id);
      record({ enterprises: [id] });
    });
    expect(await found('压铸')).toEqual([]);
    expect(await found('焊接')).toEqual(expect.arrayContaining([OTHER, 'S2']));
    expect(await indexed()).toBe(2);
  });

  it('leaves the index untouched when the write rolls back', async () => {
    load([firmRow('襄阳精工压铸有限公司', '高压铸造')], []);
    const id = ctx.database.sqlite.prepare('select id from enterprises where uscc = ?').pluck().get(FIRM) as number;
    expect(() => ctx.app.deps.feed.transaction(ctx.database.sqlite, (record) => {
      ctx.database.sqlite.prepare(`update enterprises set name = '襄阳回滚测试有限公司' where id = ?`).run(id);
      record({ enterprises: [id] });
      ctx.database.sqlite.prepare('insert into enterprises (id) values (null)').run();
    })).toThrow();
    expect(await found('回滚')).toEqual([]);
    expect(await found('精工')).toEqual([FIRM]);
  });

  it('follows a listing closed through the app, and hides expired ones by the date alone', async () => {
    load([firmRow('襄阳精工压铸有限公司', '高压铸造')], [listingRow('S1', '承接压铸件加工'), listingRow('S2', '供应压铸模具', '2026-11-28')]);
    expect(await found('压铸', '&type=listing')).toEqual(expect.arrayContaining(['S1', 'S2']));
    const firmId = ctx.database.sqlite.prepare('select id from enterprises where uscc = ?').pluck().get(FIRM) as number;
    const user = await signIn(ctx, 'enterprise', { enterpriseId: firmId });
    const closed = await ctx.app.inject({ method: 'POST', url: '/listings/S1/close', headers: user.headers, payload: { version: 1 } });
    expect(closed.statusCode).toBe(303);
    expect(await found('压铸', '&type=listing')).toEqual(['S2']);
    ctx.clock.set('2026-11-29T02:00:00Z');
    expect(await found('压铸', '&type=listing')).toEqual([]);
    expect(await indexed()).toBe(3);
  });

  it('rebuilds an empty index from the database at start, and on demand', async () => {
    load([firmRow('襄阳精工压铸有限公司', '高压铸造'), otherRow], [listingRow('S1', '承接压铸件加工')]);
    const fresh = new EmbeddedSearchIndex(ctx.database.sqlite);
    expect((await fresh.stats()).documents).toBe(3);
    // A database from before search existed: data, no index.
    ctx.database.sqlite.exec(`delete from search_docs; insert into search_fts (search_fts) values ('delete-all'); delete from search_geo; delete from search_geo_firms;`);
    ctx.app.reads.clear(); // a change made behind the app's back, like another process's
    expect(await found('压铸')).toEqual([]);
    expect(await ensureSearchIndex(ctx.database.sqlite, fresh)).toEqual({ rebuilt: 3 });
    ctx.app.reads.clear();
    expect(await found('压铸')).toEqual(expect.arrayContaining([FIRM, 'S1']));
    expect(await ensureSearchIndex(ctx.database.sqlite, fresh)).toEqual({ rebuilt: null });
    expect(await rebuildSearchIndex(ctx.database.sqlite, fresh)).toBe(3);
  });
});
