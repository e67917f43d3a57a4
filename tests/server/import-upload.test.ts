import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { csv, signIn, testApp, usccFor, type Session } from '../helpers.ts';

type Ctx = Awaited<ReturnType<typeof testApp>>;
let ctx: Ctx;
let admin: Session;
beforeEach(async () => {
  ctx = await testApp({ config: { uploadLimitBytes: 64 * 1024 } });
  admin = await signIn(ctx, 'admin');
});
afterEach(async () => { await ctx.close(); });

function multipart(files: { name: string; content: Buffer | string }[], fields: Record<string, string> = {}) {
  const boundary = '----llt' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
    parts.push(Buffer.isBuffer(f.content) ? f.content : Buffer.from(f.content));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...admin.headers } };
}

const enterprises = (rows: string[][]) => csv([['uscc', 'name', 'region', 'chains', 'tier'], ...rows]);
const count = () => ctx.database.sqlite.prepare('select count(*) from enterprises').pluck().get();

describe('admin import upload', () => {
  it('imports good files and shows the counts', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/admin/import', ...multipart([{ name: 'enterprises.csv', content: enterprises([[usccFor(1), '襄阳上传测试有限公司', '樊城区', '汽车产业链', '核心企业']]) }]) });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('导入完成');
    expect(res.body).toContain('企业：新增 1，更新 0，未变 0');
    expect(count()).toBe(1);
  });

  it('offers a template per kind and lists each kind\'s columns and rules on the page', async () => {
    const page = await ctx.app.inject({ method: 'GET', url: '/admin/import', headers: admin.headers });
    expect(page.body).toContain('href="/admin/import/templates/components/xlsx"');
    expect(page.body).toMatch(/<td[^>]*>年采购额（万元）<\/td><td[^>]*>—<\/td><td[^>]*>年采购额，单位万元<\/td>/);
    const file = await ctx.app.inject({ method: 'GET', url: '/admin/import/templates/listings/xlsx', headers: admin.headers });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toContain(encodeURIComponent('供需信息导入模板.xlsx'));
    const csvFile = await ctx.app.inject({ method: 'GET', url: '/admin/import/templates/procurement/csv', headers: admin.headers });
    expect(csvFile.body.split('\r\n')[0]).toBe('\uFEFF采购企业信用代码,年度,季度,采购总额（万元）,本地采购额（万元）');
    expect((await ctx.app.inject({ method: 'GET', url: '/admin/import/templates/robots/xlsx', headers: admin.headers })).statusCode).toBe(400);
  });

  it('refuses a bad file with the same report as the command line, writing nothing', async () => {
    const bad = usccFor(2).slice(0, 17) + 'Z';
    const res = await ctx.app.inject({ method: 'POST', url: '/admin/import', ...multipart([{ name: 'enterprises.csv', content: enterprises([[usccFor(1), '襄阳好有限公司', '樊城区', '汽车产业链', '核心企业'], [bad, '襄阳坏有限公司', '樊城区', '汽车产业链', '核心企业']]) }]) });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('导入被拒绝');
    expect(res.body).toContain('enterprises.csv:3:uscc: 统一社会信用代码含有不允许的字符');
    expect(count()).toBe(0);
  });

  it('caps the upload size and never crashes on junk', async () => {
    const big = await ctx.app.inject({ method: 'POST', url: '/admin/import', ...multipart([{ name: 'enterprises.csv', content: Buffer.alloc(100 * 1024, 0x41) }]) });
    expect(big.statusCode).toBe(413);
    expect(big.body).toContain('文件超过');
    const junk = await ctx.app.inject({ method: 'POST', url: '/admin/import', ...multipart([{ name: 'x.xlsx', content: Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]) }]) });
    expect(junk.statusCode).toBe(422);
    expect(junk.body).toContain('x.xlsx:-:-:');
    const none = await ctx.app.inject({ method: 'POST', url: '/admin/import', ...multipart([]) });
    expect(none.statusCode).toBe(400);
    const notMultipart = await ctx.app.inject({ method: 'POST', url: '/admin/import', payload: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded', ...admin.headers } });
    expect(notMultipart.statusCode).toBe(415);
    expect(count()).toBe(0);
  });

  it('takes the CSRF token as the first form field when no header is sent, and refuses a missing one', async () => {
    const body = enterprises([[usccFor(1), '襄阳令牌测试有限公司', '樊城区', '汽车产业链', '核心企业']]);
    const cookieOnly = { cookie: admin.headers.cookie };
    const withField = multipart([{ name: 'enterprises.csv', content: body }], { _csrf: admin.csrf });
    const ok = await ctx.app.inject({ method: 'POST', url: '/admin/import', payload: withField.payload, headers: { 'content-type': withField.headers['content-type'], ...cookieOnly } });
    expect(ok.statusCode).toBe(200);
    const without = multipart([{ name: 'enterprises.csv', content: body }]);
    const refused = await ctx.app.inject({ method: 'POST', url: '/admin/import', payload: without.payload, headers: { 'content-type': without.headers['content-type'], ...cookieOnly } });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('表单已过期或来源无效');
  });

  it('takes an upload from an API client with an admin token and no CSRF token', async () => {
    const { token } = ctx.app.accounts.createApiToken({ name: 'city data platform', role: 'admin', enterpriseId: null, createdBy: null }, ctx.clock.now());
    const form = multipart([{ name: 'enterprises.csv', content: enterprises([[usccFor(7), '襄阳接口导入有限公司', '樊城区', '汽车产业链', '中小企业']]) }]);
    const res = await ctx.app.inject({ method: 'POST', url: '/admin/import', payload: form.payload,
      headers: { 'content-type': form.headers['content-type'], authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(200);
    expect(count()).toBe(1);
  });
});

describe('import templates, round trip', () => {
  it('each downloaded template, read back by the importer, loads its example row with no errors', async () => {
    // the components and procurement examples name a chain-leader buyer; it is on file first
    const buyer = csv([['uscc', 'name', 'region', 'chains', 'tier'], ['91420600MA4F0B3C4H', '襄阳示例汽车有限公司', '襄州区', '汽车产业链', '链主企业']]);
    const seeded = await ctx.app.inject({ method: 'POST', url: '/admin/import', ...multipart([{ name: 'buyer.csv', content: buyer }]) });
    expect(seeded.statusCode).toBe(200);
    const files: { name: string; content: Buffer }[] = [];
    for (const kind of ['enterprises', 'components', 'listings', 'procurement']) {
      const res = await ctx.app.inject({ method: 'GET', url: `/admin/import/templates/${kind}/xlsx`, headers: admin.headers });
      expect(res.statusCode).toBe(200);
      files.push({ name: `${kind}-template.xlsx`, content: res.rawPayload });
    }
    const res = await ctx.app.inject({ method: 'POST', url: '/admin/import', ...multipart(files) });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('导入完成');
    expect(res.body).not.toMatch(/template\.xlsx[^<\n]*:\d+:[a-z_]+: (?!警告)/);
    for (const line of ['企业：新增 1，更新 0，未变 0', '唯一来源外采件：新增 1，更新 0，未变 0', '供需信息：新增 1，更新 0，未变 0', '采购额：新增 1，更新 0，未变 0']) expect(res.body).toContain(line);
    const q = (sql: string) => ctx.database.sqlite.prepare(sql).pluck().get();
    expect(q(`select name from enterprises where uscc = '91420600MA4F0A1B2P'`)).toBe('襄阳示例精密制造有限公司');
    expect(q(`select ref from components`)).toBe('C0001');
  });
});

describe('upload progress', () => {
  it('tells the admin\'s open page how far the write has got, and no one else', async () => {
    await ctx.app.ready();
    const origin = { origin: 'http://localhost:80', host: 'localhost:80' };
    const mine = await ctx.app.injectWS('/ws', { headers: { cookie: admin.headers.cookie, ...origin } });
    const otherAdmin = await signIn(ctx, 'admin');
    const theirs = await ctx.app.injectWS('/ws', { headers: { cookie: otherAdmin.headers.cookie, ...origin } });
    const got: { type: string; topic?: string; label?: string; done?: number; total?: number }[] = [];
    const theyGot: string[] = [];
    mine.on('message', (d) => got.push(JSON.parse(d.toString())));
    theirs.on('message', (d) => theyGot.push(d.toString()));
    const rows = Array.from({ length: 1050 }, (_, i) => [usccFor(1000 + i), `进度${i}`, '樊城区', '', 'sme']);
    const res = await ctx.app.inject({ method: 'POST', url: '/admin/import', ...multipart([{ name: 'enterprises.csv', content: enterprises(rows) }]) });
    expect(res.statusCode, res.body.slice(res.body.indexOf('notice'), res.body.indexOf('notice') + 300)).toBe(200);
    expect(res.body).toContain('data-progress="import"');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const progress = got.filter((e) => e.type === 'progress');
    expect(progress.at(-1)).toEqual({ type: 'progress', topic: 'import', label: '写入数据库', done: 1050, total: 1050 });
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done!)].sort((a, b) => a - b));
    expect(theyGot.filter((m) => m.includes('"progress"'))).toEqual([]);
    mine.terminate();
    theirs.terminate();
  });
});
