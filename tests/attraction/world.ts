/**
 * The small test city plus sole-source parts with named outside suppliers:
 *  苏州嘉隆实业有限公司 (苏州市) sells A 转向节 5000 (CA5) and 支架 1000 (CA6), and B 减速机箱体 3000 (CB3) → 9000 in all;
 *  宁波凤檀实业有限公司 (宁波市) sells A 变速器壳体 CA (2000) → 2000 (CA's supplier is set here);
 *  上海襄丰实业有限公司 (上海市) sells B 轴承座 CB4 1500 (needs AS9100, which the local 丙 lacks);
 *  CB (800) names no supplier: a capability gap.
 * A is in 襄州区 (420607), B in 樊城区 (420606); procurement 2026: A 300000/60000, B 100000/30000.
 */
import { problemWorld } from '../problems/people.ts';
import type { TestCtx } from '../helpers.ts';

export async function attractionWorld(ctx: TestCtx) {
  const w = await problemWorld(ctx);
  const sqlite = ctx.database.sqlite;
  const part = sqlite.prepare(`insert into components (ref, buyer_id, name, chain_id, materials, processes, certifications_required, annual_value_wan,
      current_supplier, current_supplier_region, created_at, updated_at) values (?, ?, ?, ?, 'ADC12', '压铸;CNC加工', 'IATF16949', ?, ?, ?, 0, 0)`);
  part.run('CA5', w.firmA, '转向节', 'auto', 5000, '苏州嘉隆实业有限公司', '苏州市');
  part.run('CA6', w.firmA, '支架', 'auto', 1000, '苏州嘉隆实业有限公司 ', '苏州市');
  part.run('CB3', w.firmB, '减速机箱体', 'equipment', 3000, '苏州嘉隆实业有限公司', '江苏省苏州市');
  part.run('CB4', w.firmB, '轴承座', 'equipment', 1500, '上海襄丰实业有限公司', '上海市');
  sqlite.prepare(`update components set current_supplier = '宁波凤檀实业有限公司', current_supplier_region = '宁波市' where ref = 'CA'`).run();
  // 丙 casts ADC12 and holds IATF 16949, not AS9100: for 轴承座 it is one certificate away.
  sqlite.prepare(`update components set certifications_required = 'AS9100' where ref = 'CB4'`).run();
  ctx.app.matching.queueStale();
  await ctx.app.matching.settled();
  return w;
}

/** An attraction project of a chain with one attachment, written straight to the tables. */
export function attractionProject(ctx: TestCtx, ref: string, chain: string, department = 'jxj'): { ref: string; attachment: number } {
  const sqlite = ctx.database.sqlite;
  const id = Number(sqlite.prepare(`insert into attraction_projects (ref, title, chain_id, responsible_name, department_id, gap_description, created_at, updated_at)
    values (?, '引进项目', ?, '王', ?, '缺口', 0, 0)`).run(ref, chain, department).lastInsertRowid);
  const attachment = Number(sqlite.prepare(`insert into attraction_project_attachments (project_id, file_name, mime_type, size, sha256, data, created_at)
    values (?, 'a.pdf', 'application/pdf', 5, '', ?, 0)`).run(id, Buffer.from('%PDF-')).lastInsertRowid);
  return { ref, attachment };
}
