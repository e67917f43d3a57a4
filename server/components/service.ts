/**
 * A chain leader's sole-source components, created and edited by its procurement staff
 * with the same field rules as the import file; requirements are re-derived on every save.
 */
import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import * as f from '../domain/fields.ts';
import { deriveRequirements } from '../domain/capabilities.ts';
import { recordAudit } from '../audit.ts';
import { cityDate } from '../vocabulary.ts';
import { fieldErrors } from '../forms.ts';
import { staleMessage, type SaveResult } from '../marketplace/profile.ts';
import type { WriteContext } from '../write-context.ts';
import { expectedRow } from '../../db/rows.ts';

export const componentFields = z.object({
  ref: z.string().trim().max(64, { message: '不能超过 64 个字符' }).regex(/^[\w\-./]*$/, { message: '编号只能包含字母、数字和 - _ . /' }).optional().default(''),
  name: f.requiredText(200),
  part_no: f.text(100),
  chain: f.chain({ required: true }),
  materials: f.text(),
  processes: f.text(),
  certifications_required: f.text(),
  annual_volume: f.amount(),
  unit: f.text(20),
  annual_value_wan: f.amount({ required: true, max: 1e9 }),
  current_supplier: f.text(200),
  current_supplier_region: f.text(60),
  criticality: f.choice(f.CRITICALITY_WORDS),
  description: f.text(5000),
});

const COLUMNS = `ref, name, part_no as partNo, chain_id as chainId, materials, processes, certifications_required as certificationsRequired,
  annual_volume as annualVolume, unit, annual_value_wan as annualValueWan, current_supplier as currentSupplier,
  current_supplier_region as currentSupplierRegion, criticality, description, version`;

export function componentSnapshot(sqlite: Database.Database, id: number) {
  return expectedRow(sqlite.prepare<[number], Record<string, unknown> & { version: number; ref: string }>(`select ${COLUMNS} from components where id = ?`).get(id), `component ${id}`);
}

function writeRequirements(sqlite: Database.Database, id: number, c: z.output<typeof componentFields>): void {
  sqlite.prepare('delete from component_requirements where component_id = ?').run(id);
  const insert = sqlite.prepare('insert into component_requirements (component_id, concept_id, kind, position, confidence, wording) values (?, ?, ?, ?, ?, ?)');
  for (const q of deriveRequirements({ processes: c.processes, materials: c.materials, certificationsRequired: c.certifications_required, description: c.description })) {
    insert.run(id, q.conceptId, q.kind, q.position, q.confidence, q.wording);
  }
}

export function createComponent(ctx: WriteContext, buyerId: number, body: unknown):
  { ok: true; ref: string } | { ok: false; kind: 'invalid'; errors: Record<string, string> } {
  const parsed = componentFields.safeParse(body);
  if (!parsed.success) return { ok: false, kind: 'invalid', errors: fieldErrors(parsed.error) };
  const c = parsed.data;
  const ref = c.ref || `C${cityDate(ctx.now).replaceAll('-', '')}-${randomBytes(3).toString('hex').toUpperCase()}`;
  const holder = ctx.sqlite.prepare<[string], { buyerId: number }>('select buyer_id as buyerId from components where ref = ?').get(ref);
  // Whose a taken ref is stays the owner's business: another buyer learns only that it cannot be used.
  if (holder) return { ok: false, kind: 'invalid', errors: { ref: holder.buyerId === buyerId ? `本企业已有编号为 ${ref} 的外采件` : '该编号不可用，请换一个编号（或留空自动生成）' } };
  return ctx.feed.transaction(ctx.sqlite, (record) => {
    const id = Number(ctx.sqlite.prepare(`insert into components (ref, buyer_id, name, part_no, chain_id, materials, processes, certifications_required,
      annual_volume, unit, annual_value_wan, current_supplier, current_supplier_region, criticality, description, created_at, updated_at)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(ref, buyerId, c.name, c.part_no, c.chain!.id, c.materials, c.processes,
      c.certifications_required, c.annual_volume, c.unit, c.annual_value_wan, c.current_supplier, c.current_supplier_region, c.criticality,
      c.description, ctx.now, ctx.now).lastInsertRowid);
    writeRequirements(ctx.sqlite, id, c);
    recordAudit(ctx.sqlite, { actor: ctx.actor, action: 'component.create', objectType: 'component', objectId: ref, enterpriseId: buyerId, after: componentSnapshot(ctx.sqlite, id), at: ctx.now, ip: ctx.ip });
    record({ components: [id] });
    return { ok: true as const, ref };
  });
}

export function updateComponent(ctx: WriteContext, id: number, body: unknown): SaveResult {
  const parsed = componentFields.extend({ version: z.coerce.number().int().positive({ message: '缺少版本号，请刷新页面' }) }).safeParse(body);
  if (!parsed.success) return { ok: false, kind: 'invalid', errors: fieldErrors(parsed.error) };
  const c = parsed.data;
  return ctx.feed.transaction(ctx.sqlite, (record): SaveResult => {
    const before = componentSnapshot(ctx.sqlite, id);
    if (before.version !== c.version) return { ok: false, kind: 'conflict', message: staleMessage(before.version) };
    ctx.sqlite.prepare(`update components set name = ?, part_no = ?, chain_id = ?, materials = ?, processes = ?, certifications_required = ?,
      annual_volume = ?, unit = ?, annual_value_wan = ?, current_supplier = ?, current_supplier_region = ?, criticality = ?, description = ?,
      import_hash = null, version = version + 1, updated_at = ? where id = ?`).run(c.name, c.part_no, c.chain!.id, c.materials, c.processes,
      c.certifications_required, c.annual_volume, c.unit, c.annual_value_wan, c.current_supplier, c.current_supplier_region, c.criticality,
      c.description, ctx.now, id);
    writeRequirements(ctx.sqlite, id, c);
    const buyerId = expectedRow(ctx.sqlite.prepare<[number], number>('select buyer_id from components where id = ?').pluck().get(id), `component ${id}`);
    recordAudit(ctx.sqlite, { actor: ctx.actor, action: 'component.update', objectType: 'component', objectId: before.ref, enterpriseId: buyerId, before, after: componentSnapshot(ctx.sqlite, id), at: ctx.now, ip: ctx.ip });
    record({ components: [id] });
    return { ok: true, version: c.version + 1 };
  });
}
