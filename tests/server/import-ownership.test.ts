import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signIn, testApp, usccFor, type Session, type TestCtx } from '../helpers.ts';
import { importFiles } from '../../server/import/index.ts';
import { FIRM_A, FIRM_B, SUPPLIER, loadWorld } from './world.ts';

let ctx: TestCtx;
let w: ReturnType<typeof loadWorld>;
let buyerA: Session;
let buyerB: Session;
beforeEach(async () => {
  ctx = await testApp();
  w = loadWorld(ctx);
  buyerA = await signIn(ctx, 'procurement', { enterpriseId: w.firmA });
  buyerB = await signIn(ctx, 'procurement', { enterpriseId: w.firmB });
});
afterEach(async () => { await ctx.close(); });

const sql = () => ctx.database.sqlite;
const ownerOf = (table: 'components' | 'listings', ref: string) => sql().prepare(
  `select e.uscc from ${table} t join enterprises e on e.id = t.${table === 'components' ? 'buyer_id' : 'enterprise_id'} where t.ref = ?`).pluck().get(ref);
const componentRow = (ref: string) => sql().prepare('select name, version from components where ref = ?').get(ref);
const boundary = '----llt-ownership';
function multipart(fields: Record<string, string>, name: string, text: string): Buffer {
  let out = '';
  for (const [k, v] of Object.entries(fields)) out += `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
  out += `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n${text}\r\n--${boundary}--\r\n`;
  return Buffer.from(out);
}
const upload = (url: string, s: Session, name: string, text: string, fields: Record<string, string> = {}) => ctx.app.inject({
  method: 'POST', url, headers: { cookie: s.headers.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
  payload: multipart({ _csrf: s.csrf, ...fields }, name, text),
});
const COMPONENT_HEADER = 'ref,buyer_uscc,name,chain,processes,materials,certifications_required,annual_value_wan\r\n';

describe('an import writes only what its uploader may own', () => {
  it('refuses a procurement upload that names another buyer\'s ref with its own buyer code, and writes nothing', async () => {
    const before = componentRow('CB');
    const res = await upload('/components/import', buyerA, 'components.csv',
      `${COMPONENT_HEADER}CA2,${FIRM_A},新件,汽车产业链,压铸,ADC12,IATF16949,100\r\nCB,${FIRM_A},抢来的件,汽车产业链,压铸,ADC12,IATF16949,100\r\n`);
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('编号已属于其他企业');
    // The message does not say whose it is.
    expect(res.body).not.toContain(FIRM_B);
    expect(res.body).not.toContain('襄阳乙装备有限公司');
    expect(ownerOf('components', 'CB')).toBe(FIRM_B);
    expect(componentRow('CB')).toEqual(before);
    // all-or-nothing: the good row of the same file is not written either
    expect(componentRow('CA2')).toBeUndefined();
    // the owner keeps access
    expect((await ctx.app.inject({ method: 'GET', url: '/api/components/CB/matches', headers: buyerB.headers })).statusCode).toBe(200);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/components/CB/matches', headers: buyerA.headers })).statusCode).toBe(403);
  });

  it('refuses the same takeover in an admin or command-line import unless moving owners is asked for, and audits each move', () => {
    const file = (text: string) => [{ name: 'components.csv', bytes: Buffer.from(text) }];
    const row = `${COMPONENT_HEADER}CB,${FIRM_A},减速机壳体,智能装备产业链,压铸,ADC12,ISO9001,800\r\n`;
    const refused = importFiles(sql(), file(row), { now: ctx.clock.now() });
    expect(refused.loaded).toBe(false);
    expect(refused.problems.map((p) => p.message).join('\n')).toMatch(/编号已属于其他企业（襄阳乙装备有限公司/);
    expect(ownerOf('components', 'CB')).toBe(FIRM_B);

    const skipped = importFiles(sql(), file(row), { now: ctx.clock.now(), skipInvalid: true });
    expect(skipped.loaded).toBe(true);
    expect(skipped.counts!.components).toEqual({ inserted: 0, updated: 0, unchanged: 0 });
    expect(ownerOf('components', 'CB')).toBe(FIRM_B);

    const moved = importFiles(sql(), file(row), { now: ctx.clock.now(), moveOwners: true, actor: { kind: 'system', label: '测试' } });
    expect(moved.loaded).toBe(true);
    expect(ownerOf('components', 'CB')).toBe(FIRM_A);
    const audit = sql().prepare(`select action, object_id as objectId, before, after from audit_log where action = 'component.move_owner'`).all();
    expect(audit).toEqual([{ action: 'component.move_owner', objectId: 'CB', before: JSON.stringify({ owner_uscc: FIRM_B }), after: JSON.stringify({ owner_uscc: FIRM_A }) }]);
  });

  it('never lets a procurement upload move owners, even when it asks to', async () => {
    const res = await upload('/components/import', buyerA, 'components.csv',
      `${COMPONENT_HEADER}CB,${FIRM_A},抢来的件,汽车产业链,压铸,ADC12,IATF16949,100\r\n`, { moveOwners: 'true' });
    expect(res.statusCode).toBe(422);
    expect(ownerOf('components', 'CB')).toBe(FIRM_B);
  });

  it('applies the same rule to listings: another firm\'s ref cannot be taken over by an import row', () => {
    const text = `ref,uscc,kind,title,chain,valid_until\r\nLA,${SUPPLIER},supply,抢来的供需,汽车产业链,2027-06-30\r\n`;
    const report = importFiles(sql(), [{ name: 'listings.csv', bytes: Buffer.from(text) }], { now: ctx.clock.now() });
    expect(report.loaded).toBe(false);
    expect(report.problems.find((p) => p.row === 2)?.message).toMatch(/编号已属于其他企业/);
    expect(ownerOf('listings', 'LA')).toBe(FIRM_A);
    expect(sql().prepare(`select title from listings where ref = 'LA'`).pluck().get()).toBe('采购变速器壳体');
  });

  it('lets a buyer update its own component by import, as before', async () => {
    const res = await upload('/components/import', buyerA, 'components.csv', `${COMPONENT_HEADER}CA,${FIRM_A},变速器壳体-改,汽车产业链,压铸,ADC12,IATF16949,2100\r\n`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('更新 1');
    expect(componentRow('CA')).toEqual({ name: '变速器壳体-改', version: 2 });
  });

  it('does not confirm another buyer\'s ref through the component form', async () => {
    const taken = await ctx.app.inject({ method: 'POST', url: '/components/new', headers: buyerA.headers,
      payload: { ref: 'CB', name: '试探', chain: 'auto', annual_value_wan: '10' } });
    expect(taken.statusCode).toBe(422);
    expect(taken.body).toContain('该编号不可用');
    expect(taken.body).not.toContain('减速机壳体');
    const free = await ctx.app.inject({ method: 'POST', url: '/components/new', headers: buyerA.headers,
      payload: { ref: 'CZ-UNUSED', name: '试探', chain: 'auto', annual_value_wan: '10' } });
    expect(free.statusCode).toBe(303);
    const own = await ctx.app.inject({ method: 'POST', url: '/components/new', headers: buyerA.headers,
      payload: { ref: 'CA', name: '重复', chain: 'auto', annual_value_wan: '10' } });
    expect(own.body).toContain('本企业已有编号为 CA 的外采件');
    expect(usccFor(1)).toHaveLength(18);
  });
});
