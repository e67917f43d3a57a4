import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signIn, testApp, type Session, type TestCtx } from '../helpers.ts';
import { importFiles } from '../../server/import/index.ts';
import { decideField } from '../../server/import/field-ownership.ts';
import { tellFirms } from '../../server/import/profile-notices.ts';
import { SUPPLIER, loadWorld } from './world.ts';

let ctx: TestCtx;
let w: ReturnType<typeof loadWorld>;
let firm: Session;
beforeEach(async () => {
  ctx = await testApp();
  w = loadWorld(ctx);
  firm = await signIn(ctx, 'enterprise', { enterpriseId: w.supplier });
});
afterEach(async () => { await ctx.close(); });

const sql = () => ctx.database.sqlite;
const HEADER = 'uscc,name,region,chains,tier,processes,materials,certifications,annual_output_wan,contact_name,contact_phone\r\n';
const officeRow = (over: Partial<Record<'processes' | 'contact' | 'output', string>> = {}) =>
  `${HEADER}${SUPPLIER},襄阳丙精密铸造有限公司,襄阳高新区,汽车产业链,专精特新,${over.processes ?? '压铸;CNC加工'},ADC12,IATF 16949,${over.output ?? '20000'},${over.contact ?? '丙经理'},13800000003\r\n`;
const reimport = (text: string, opts: { preferImport?: boolean } = {}) => {
  const told: number[] = [];
  const report = importFiles(sql(), [{ name: 'enterprises.csv', bytes: Buffer.from(text) }], {
    now: ctx.clock.now() + 60_000, ...opts, actor: { kind: 'system', label: '测试导入' },
    onProfileChanges: (changes) => { told.push(...changes.map((c) => c.enterpriseId)); tellFirms(ctx.app.notifier, changes, ctx.clock.now()); },
  });
  return { report, told };
};
const firmRow = () => sql().prepare('select processes, contact_name as contact, annual_output_wan as output from enterprises where id = ?').get(w.supplier);
const editProfile = (over: Record<string, string>) => ctx.app.inject({ method: 'POST', url: `/enterprises/${SUPPLIER}/edit`, headers: firm.headers, payload: {
  name: '襄阳丙精密铸造有限公司', region: '襄阳高新区', chains: ['汽车产业链'], processes: '压铸；CNC加工', materials: 'ADC12',
  certifications: 'IATF 16949', annual_output_wan: '20000', contact_name: '丙经理', contact_phone: '13800000003', version: '1', ...over,
} });

describe('the rule', () => {
  const firmEdited = { importedValue: '"a"', importedAt: 1, firmEditedAt: 2 };
  it('writes office-owned fields, keeps firm-edited ones as a conflict unless the import is preferred, and ignores width', () => {
    expect(decideField('a', 'b', undefined, false)).toBe('write');
    expect(decideField('b', 'c', firmEdited, false)).toBe('conflict');
    expect(decideField('b', 'c', firmEdited, true)).toBe('write');
    expect(decideField('b', 'c', { ...firmEdited, importedAt: 3 }, false)).toBe('write');
    expect(decideField('压铸；CNC加工', '压铸;CNC加工', firmEdited, false)).toBe('same');
    expect(decideField(['b', 'a'], ['a', 'b'], firmEdited, false)).toBe('same');
  });
});

describe('a re-import never overwrites what the firm edited itself', () => {
  it('keeps the firm\'s value, reports old/firm/imported, writes the office\'s other fields and tells the firm', async () => {
    expect((await editProfile({ processes: '压铸；CNC加工；真空浸渗', contact_name: '丙经理（销售）' })).statusCode).toBe(200);
    const { report, told } = reimport(officeRow({ contact: '王五', output: '26000', processes: '压铸;CNC加工;喷涂' }));
    expect(report.loaded).toBe(true);
    // the firm's two edited fields stay; the output (not edited by the firm) is the office's
    expect(firmRow()).toEqual({ processes: '压铸；CNC加工；真空浸渗', contact: '丙经理（销售）', output: 26000 });
    const lines = report.problems.filter((p) => p.severity === 'warning').map((p) => p.message);
    expect(lines).toContain('企业已自行修改，未覆盖：襄阳丙精密铸造有限公司 的「联系人」原导入值「丙经理」，企业填写「丙经理（销售）」，本次导入「王五」');
    expect(lines.some((l) => l.includes('「工艺能力」原导入值「压铸;CNC加工」，企业填写「压铸；CNC加工；真空浸渗」，本次导入「压铸;CNC加工;喷涂」'))).toBe(true);
    expect(report.conflicts.map((c) => c.field).sort()).toEqual(['contactName', 'processes']);
    expect(sql().prepare('select field from import_conflicts where resolved_at is null order by field').pluck().all()).toEqual(['contactName', 'processes']);
    expect(told).toEqual([w.supplier]);
    const inbox = await ctx.app.inject({ method: 'GET', url: '/inbox', headers: firm.headers });
    expect(inbox.body).toContain('主管部门导入更新了贵企业资料');
    expect(inbox.body).toContain('年产值（万元）');
  });

  it('overwrites with --prefer-import, and a field the firm did not touch is never a conflict', async () => {
    expect((await editProfile({ contact_name: '丙经理（销售）' })).statusCode).toBe(200);
    const { report } = reimport(officeRow({ contact: '王五', processes: '压铸;CNC加工;喷涂' }), { preferImport: true });
    expect(report.conflicts).toEqual([]);
    expect(firmRow()).toMatchObject({ processes: '压铸;CNC加工;喷涂', contact: '王五' });
    // the next firm edit (after that import) makes the field the firm's again
    ctx.clock.set(ctx.clock.now() + 120_000);
    expect((await editProfile({ contact_name: '丙经理', processes: '压铸;CNC加工;喷涂', version: '3' })).statusCode).toBe(200);
    const again = reimport(officeRow({ contact: '赵六', processes: '压铸;CNC加工;喷涂' })).report;
    expect(again.conflicts.map((c) => c.field)).toEqual(['contactName']);
  });

  it('audits each imported object with before and after, and records who ran the import', () => {
    reimport(officeRow({ output: '26000' }));
    const entry = sql().prepare(`select actor_label as actor, before, after from audit_log where action = 'enterprise.import_update' and object_id = ?`).get(SUPPLIER) as { actor: string; before: string; after: string };
    expect(entry.actor).toBe('测试导入');
    expect(JSON.parse(entry.before).annualOutputWan).toBe(20000);
    expect(JSON.parse(entry.after).annualOutputWan).toBe(26000);
    expect(sql().prepare(`select count(*) from audit_log where action = 'listing.import_create'`).pluck().get()).toBe(3);
    expect(sql().prepare('select actor_label from import_runs order by id desc limit 1').pluck().get()).toBe('测试导入');
    const refused = importFiles(sql(), [{ name: 'enterprises.csv', bytes: Buffer.from(`${HEADER}BAD,坏行,襄阳高新区,汽车产业链,专精特新,压铸,,,,,\r\n`) }], { now: ctx.clock.now(), actor: { kind: 'system', label: '测试导入' } });
    expect(refused.loaded).toBe(false);
    expect(sql().prepare(`select count(*) from audit_log where action = 'import.refused'`).pluck().get()).toBe(1);
  });
});

describe('the admin settles each conflict', () => {
  it('lists the conflict in words, takes the imported value on request and tells the firm; a settled conflict is gone', async () => {
    const admin = await signIn(ctx, 'admin');
    expect((await editProfile({ contact_name: '丙经理（销售）' })).statusCode).toBe(200);
    reimport(officeRow({ contact: '王五' }));
    const importPage = await ctx.app.inject({ method: 'GET', url: '/admin/import', headers: admin.headers });
    expect(importPage.body).toContain('1 个字段企业已自行修改、导入未覆盖');
    expect(importPage.body).toContain('测试导入');
    const page = await ctx.app.inject({ method: 'GET', url: '/admin/import/conflicts', headers: admin.headers });
    expect(page.body).toMatch(/襄阳丙精密铸造有限公司<\/a><\/td><td[^>]*>联系人<\/td><td[^>]*>丙经理<\/td><td[^>]*>丙经理（销售）<\/td><td[^>]*>王五<\/td>/);
    const id = sql().prepare('select id from import_conflicts where resolved_at is null').pluck().get() as number;
    const take = await ctx.app.inject({ method: 'POST', url: `/admin/import/conflicts/${id}`, headers: admin.headers, payload: { choice: 'import' } });
    expect(take.statusCode).toBe(303);
    expect(firmRow()).toMatchObject({ contact: '王五' });
    expect(sql().prepare('select resolution from import_conflicts where id = ?').pluck().get(id)).toBe('took_import');
    const again = await ctx.app.inject({ method: 'POST', url: `/admin/import/conflicts/${id}`, headers: admin.headers, payload: { choice: 'firm' } });
    expect(again.statusCode).toBe(404);
    const bad = await ctx.app.inject({ method: 'POST', url: `/admin/import/conflicts/${id}`, headers: admin.headers, payload: { choice: 'both' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('保留企业填写');
    expect((await ctx.app.inject({ method: 'GET', url: '/inbox', headers: firm.headers })).body).toContain('联系人');
  });
});
