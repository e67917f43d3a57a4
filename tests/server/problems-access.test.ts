import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp, type Session, type TestCtx } from '../helpers.ts';
import { freshHeaders, move, problemWorld, raised, view, type People } from '../problems/people.ts';
import { EXE, JPEG, multipart, PDF, PNG, XLSX, type Upload } from '../problems/files.ts';
import { FIRM_A } from './world.ts';

let ctx: TestCtx;
let people: People;
let world: Awaited<ReturnType<typeof problemWorld>>;
beforeEach(async () => {
  ctx = await testApp();
  world = await problemWorld(ctx);
  people = world.people;
});
afterEach(async () => { await ctx.close(); });

const count = (sql: string, ...args: unknown[]) => ctx.database.sqlite.prepare(sql).pluck().get(...args) as number;

/** A multipart post as a browser sends it: the CSRF token as the form's first field, no header. */
function upload(s: Session, url: string, fields: Record<string, string>, files: Upload[]) {
  const { cookie, 'x-csrf-token': csrf } = freshHeaders(ctx, s);
  const body = multipart({ _csrf: csrf!, ...fields }, files);
  return ctx.app.inject({ method: 'POST', url, headers: { cookie: cookie!, ...body.headers }, payload: body.payload });
}
const problemFields = { category: 'energy', title: '电力增容', description: '需增容 2000 kVA' };

describe('who sees and works which problems', () => {
  it('firms see their own, departments what is assigned to them, officials their chain and county, admins everything', async () => {
    const a = await raised(ctx, people.firmA, { title: '甲的问题' }); // 汽车产业链, 襄州区
    const b = await raised(ctx, people.firmB, { title: '乙的问题' }); // 智能装备产业链, 樊城区
    await move(ctx, people.official, a, { action: 'assign', department: 'jxj', deadline: '2026-12-10' });
    const sees: [keyof People, string[]][] = [
      ['firmA', [a]], ['buyerA', [a]], ['firmB', [b]], ['supplier', []],
      ['official', [a, b]], ['autoOfficial', [a]], ['equipmentOfficial', [b]], ['fanchengOfficial', [b]],
      ['jxj', [a]], ['gdj', []], ['admin', [a, b]],
    ];
    for (const [who, visible] of sees) {
      for (const ref of [a, b]) {
        expect((await view(ctx, people[who], `/problems/${ref}`)).statusCode, `${who} ${ref}`).toBe(visible.includes(ref) ? 200 : 403);
      }
      const list = (await view(ctx, people[who], '/problems')).body;
      expect([a, b].filter((ref) => list.includes(`/problems/${ref}"`)), `${who} list`).toEqual(visible);
    }
    expect((await view(ctx, null, `/problems/${a}`)).statusCode).toBe(303);
    expect((await view(ctx, people.firmA, '/problems/WT-2026-9999')).statusCode).toBe(404);
  });

  it('gives department staff only the department\'s moves, and takes the case away when they return it', async () => {
    const a = await raised(ctx, people.firmA);
    expect((await move(ctx, people.equipmentOfficial, a, { action: 'assign', department: 'jxj', deadline: '2026-12-10' })).statusCode).toBe(403);
    await move(ctx, people.official, a, { action: 'assign', department: 'jxj', deadline: '2026-12-10' });
    const page = (await view(ctx, people.jxj, `/problems/${a}`)).body;
    expect(page).toContain('name="action" value="answer"');
    expect(page).toContain('name="action" value="return"');
    expect(page).not.toContain('name="action" value="close"');
    expect((await move(ctx, people.gdj, a, { action: 'answer', note: '已办' })).statusCode).toBe(403);
    expect((await move(ctx, people.jxj, a, { action: 'close', note: '销号' })).statusCode).toBe(403);
    expect((await view(ctx, people.jxj, '/dispatch/auto')).statusCode).toBe(403);
    expect((await view(ctx, people.jxj, '/dispatch')).body).toContain('承办部门的账号不参与产业链调度');
    expect((await move(ctx, people.jxj, a, { action: 'return', note: '不属本局职责' })).statusCode).toBe(303);
    expect((await view(ctx, people.jxj, `/problems/${a}`)).statusCode).toBe(403);
  });

  it('binds an official to a department from the admin user form', async () => {
    const target = people.equipmentOfficial.userId;
    const headers = freshHeaders(ctx, people.admin);
    const post = (payload: Record<string, unknown>) => ctx.app.inject({ method: 'POST', url: `/admin/users/${target}`, headers, payload });
    expect((await post({ role: 'official', department: 'tax' })).body).toMatch(/name="department"[^>]*aria-invalid="true"[\s\S]*?未知的部门/);
    expect((await post({ role: 'official', department: 'gdj', scopeChains: 'equipment' })).statusCode).toBe(200);
    expect(ctx.database.sqlite.prepare('select department_id, scope_chains from users where id = ?').get(target)).toEqual({ department_id: 'gdj', scope_chains: '["equipment"]' });
    const page = (await ctx.app.inject({ method: 'GET', url: `/admin/users/${target}`, headers })).body;
    expect(page).toContain('<option value="gdj" selected>国网襄阳供电公司</option>');
    expect(JSON.parse(ctx.database.sqlite.prepare(`select after from audit_log where action = 'user.update'`).pluck().get() as string)).toMatchObject({ departmentId: 'gdj' });
    await post({ role: 'enterprise', enterprise: FIRM_A });
    expect(ctx.database.sqlite.prepare('select department_id from users where id = ?').pluck().get(target)).toBeNull();
  });
});

describe('attachments', () => {
  it('stores files by their content type with a checksum, and serves them only to people who may see the case', async () => {
    const res = await upload(people.firmA, '/problems', problemFields, [{ name: '现场照片.jpg', bytes: JPEG, type: 'text/plain' }, { name: '用电清单.xlsx', bytes: XLSX }]);
    expect(res.statusCode).toBe(303);
    const ref = String(res.headers.location).replace('/problems/', '');
    const rows = ctx.database.sqlite.prepare('select id, file_name as fileName, mime_type as mimeType, size, sha256 from problem_attachments order by id').all() as { id: number; fileName: string; mimeType: string; size: number; sha256: string }[];
    expect(rows.map((r) => [r.fileName, r.mimeType, r.size])).toEqual([
      ['现场照片.jpg', 'image/jpeg', JPEG.length], ['用电清单.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', XLSX.length],
    ]);
    expect(rows[0]!.sha256).toBe(createHash('sha256').update(JPEG).digest('hex'));

    const url = `/problems/${ref}/attachments/${rows[0]!.id}`;
    const got = await view(ctx, people.buyerA, url);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/jpeg');
    expect(got.headers['content-disposition']).toBe(`attachment; filename="____.jpg"; filename*=UTF-8''${encodeURIComponent('现场照片')}.jpg`);
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.rawPayload.equals(JPEG)).toBe(true);
    expect((await view(ctx, people.firmB, url)).statusCode).toBe(403);
    expect((await view(ctx, people.gdj, url)).statusCode).toBe(403);
    expect((await view(ctx, people.official, url)).statusCode).toBe(200);
    expect((await view(ctx, null, url)).statusCode).toBe(303);
    expect((await view(ctx, people.firmA, `/problems/${ref}/attachments/999`)).statusCode).toBe(404);
    await move(ctx, people.official, ref, { action: 'assign', department: 'gdj', deadline: '2026-12-10' });
    expect((await view(ctx, people.gdj, url)).statusCode).toBe(200);
  });

  it('refuses a file over 5 MB, a file whose content is not an allowed type, and a sixth file — and stores nothing', async () => {
    const big = Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)]);
    const tooBig = await upload(people.firmA, '/problems', problemFields, [{ name: '报告.pdf', bytes: big }]);
    expect(tooBig.statusCode).toBe(422);
    expect(tooBig.body).toContain('「报告.pdf」超过 5 MB 上限');
    const disguised = await upload(people.firmA, '/problems', problemFields, [{ name: 'invoice.pdf', bytes: EXE, type: 'application/pdf' }]);
    expect(disguised.statusCode).toBe(422);
    expect(disguised.body).toContain('「invoice.pdf」的内容不是允许的文件类型');
    const renamed = await upload(people.firmA, '/problems', problemFields, [{ name: 'plan.pdf', bytes: PNG }]);
    expect(renamed.body).toContain('「plan.pdf」的扩展名与内容不符（内容是 PNG 文件）');
    const six = Array.from({ length: 6 }, (_, i) => ({ name: `附件${i + 1}.pdf`, bytes: PDF }));
    const tooMany = await upload(people.firmA, '/problems', problemFields, six);
    expect(tooMany.statusCode).toBe(422);
    expect(tooMany.body).toContain('每个问题最多 5 个附件');
    expect(tooMany.body).toContain('value="电力增容"');
    expect(count('select count(*) from problems')).toBe(0);
    expect(count('select count(*) from problem_attachments')).toBe(0);
  });

  it('lets the firm add files up to five in all, until the case is closed', async () => {
    const three = Array.from({ length: 3 }, (_, i) => ({ name: `材料${i + 1}.pdf`, bytes: PDF }));
    const ref = String((await upload(people.firmA, '/problems', problemFields, three)).headers.location).replace('/problems/', '');
    const more = await upload(people.buyerA, `/problems/${ref}/attachments`, {}, three);
    expect(more.statusCode).toBe(422);
    expect(more.body).toContain('每个问题最多 5 个附件（已有 3 个）');
    expect((await upload(people.buyerA, `/problems/${ref}/attachments`, {}, three.slice(0, 2))).statusCode).toBe(303);
    expect(count('select count(*) from problem_attachments')).toBe(5);
    expect((await upload(people.firmB, `/problems/${ref}/attachments`, {}, [three[0]!])).statusCode).toBe(403);
    expect((await upload(people.official, `/problems/${ref}/attachments`, {}, [three[0]!])).statusCode).toBe(403);
  });

  it('needs the CSRF token before reading any file', async () => {
    const { cookie } = freshHeaders(ctx, people.firmA);
    const body = multipart(problemFields, [{ name: 'a.pdf', bytes: PDF }]);
    const res = await ctx.app.inject({ method: 'POST', url: '/problems', headers: { cookie: cookie!, ...body.headers }, payload: body.payload });
    expect(res.statusCode).toBe(403);
    expect(count('select count(*) from problems')).toBe(0);
    const wrong = multipart({ _csrf: 'forged', ...problemFields }, []);
    expect((await ctx.app.inject({ method: 'POST', url: '/problems', headers: { cookie: cookie!, ...wrong.headers }, payload: wrong.payload })).statusCode).toBe(403);
  });
});
