import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { csv, signIn, testApp, usccFor, type Session } from '../helpers.ts';

type Ctx = Awaited<ReturnType<typeof testApp>>;
let ctx: Ctx;
let admin: Session;
beforeEach(async () => {
  ctx = await testApp();
  admin = await signIn(ctx, 'admin');
});
afterEach(async () => { await ctx.close(); });

function multipart(files: { name: string; content: string }[], fields: Record<string, string> = {}) {
  const boundary = '----llt' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.name}"\r\nContent-Type: text/csv\r\n\r\n${f.content}\r\n`));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...admin.headers } };
}

const HEADER = ['uscc', 'name', 'region', 'chains', 'tier', 'employees'];
const A = usccFor(1);
const B = usccFor(2);
const before = csv([HEADER, [A, '襄阳甲精密有限公司', '樊城区', '汽车产业链', '核心企业', '120']]);
const after = csv([HEADER, [A, '襄阳甲精密有限公司', '樊城区', '汽车产业链', '核心企业', '150'], [B, '襄阳乙铸造有限公司', '襄州区', '汽车产业链', '中小企业', '40']]);

const q = (sql: string) => ctx.database.sqlite.prepare(sql).pluck().get();
const state = () => ({
  enterprises: q('select count(*) from enterprises'), audit: q('select count(*) from audit_log'), runs: q('select count(*) from import_runs'),
  employeesA: q(`select employees from enterprises where uscc = '${A}'`),
});
const tokenOf = (body: string) => /name="token" value="([^"]+)"/.exec(body)?.[1];
const commit = (token: string) => ctx.app.inject({ method: 'POST', url: '/admin/import/commit', headers: admin.headers, payload: { token } });

describe('import preview before writing', () => {
  beforeEach(async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/admin/import', ...multipart([{ name: 'enterprises.csv', content: before }]) });
    expect(res.statusCode).toBe(200);
  });

  it('the preview shows counts and field changes and writes nothing', async () => {
    const was = state();
    const res = await ctx.app.inject({ method: 'POST', url: '/admin/import/preview', ...multipart([{ name: 'enterprises.csv', content: after }]) });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('预览：尚未写入任何数据');
    expect(res.body).toMatch(/<td[^>]*>企业<\/td><td[^>]*>1<\/td><td[^>]*>1<\/td><td[^>]*>0<\/td>/);
    expect(res.body).toContain('员工人数：<del>120</del> → <ins>150</ins>');
    expect(res.body).toContain(`企业 ${B} 襄阳乙铸造有限公司`);
    expect(res.body).toContain('确认导入（写入以上 2 处新增和更新）');
    expect(tokenOf(res.body)).toBeTruthy();
    expect(state()).toEqual(was);
  });

  it('one click commits exactly the preview, once', async () => {
    const preview = await ctx.app.inject({ method: 'POST', url: '/admin/import/preview', ...multipart([{ name: 'enterprises.csv', content: after }]) });
    const token = tokenOf(preview.body)!;
    const res = await commit(token);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('导入完成');
    expect(res.body).toContain('企业：新增 1，更新 1，未变 0');
    expect(state()).toMatchObject({ enterprises: 2, employeesA: 150 });
    expect(q(`select name from enterprises where uscc = '${B}'`)).toBe('襄阳乙铸造有限公司');
    const again = await commit(token);
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('该预览已确认过、已过期');
  });

  it('refuses the commit, writing nothing, when the data changed since the preview', async () => {
    const preview = await ctx.app.inject({ method: 'POST', url: '/admin/import/preview', ...multipart([{ name: 'enterprises.csv', content: after }]) });
    // another import lands in between
    const between = await ctx.app.inject({ method: 'POST', url: '/admin/import', ...multipart([{ name: 'enterprises.csv', content: csv([HEADER, [A, '襄阳甲精密有限公司', '樊城区', '汽车产业链', '核心企业', '130']]) }]) });
    expect(between.statusCode).toBe(200);
    const was = state();
    const res = await commit(tokenOf(preview.body)!);
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('预览之后数据已有变化');
    expect(res.body).toContain('未写入任何数据');
    expect(state()).toMatchObject({ enterprises: was.enterprises, employeesA: 130 });
    expect(q(`select count(*) from enterprises where uscc = '${B}'`)).toBe(0);
  });

  it('another admin cannot commit someone else\'s preview', async () => {
    const preview = await ctx.app.inject({ method: 'POST', url: '/admin/import/preview', ...multipart([{ name: 'enterprises.csv', content: after }]) });
    const other = await signIn(ctx, 'admin');
    const res = await ctx.app.inject({ method: 'POST', url: '/admin/import/commit', headers: other.headers, payload: { token: tokenOf(preview.body)! } });
    expect(res.statusCode).toBe(409);
    expect(state().employeesA).toBe(120);
  });

  it('a file with errors previews as refused and offers no commit', async () => {
    const bad = csv([HEADER, [A.slice(0, 17) + 'Z', '襄阳坏有限公司', '樊城区', '汽车产业链', '核心企业', '1']]);
    const res = await ctx.app.inject({ method: 'POST', url: '/admin/import/preview', ...multipart([{ name: 'enterprises.csv', content: bad }]) });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('导入被拒绝');
    expect(tokenOf(res.body)).toBeUndefined();
  });
});

describe('npm run import -- --dry-run', () => {
  it('prints the preview and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llt-dry-'));
    try {
      const file = join(dir, 'enterprises.csv');
      writeFileSync(file, before);
      const env = { ...process.env, DATA_DIR: dir, DEMO: 'false' };
      const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/import.ts', ...args], { env, encoding: 'utf8', timeout: 60_000 });
      const first = run(file);
      expect(first.status).toBe(0);
      writeFileSync(file, after);
      const dry = run('--dry-run', file);
      expect(dry.status).toBe(0);
      expect(dry.stdout).toContain('企业：新增 1，更新 1，未变 0');
      expect(dry.stdout).toContain('员工人数：120 → 150');
      expect(dry.stdout).toContain('未写入任何数据');
      // nothing was written: the real run still finds one firm to create and one to update
      const real = run(file);
      expect(real.status).toBe(0);
      expect(real.stdout).toContain('企业：新增 1，更新 1，未变 0');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
