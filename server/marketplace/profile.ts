/**
 * A firm edits its own profile. The same field rules as the importer; the version the
 * form was loaded with must still be current, or the save is refused (someone else saved first).
 */
import { z } from 'zod';
import * as f from '../domain/fields.ts';
import { profileFields } from '../import/records.ts';
import { deriveCapabilities } from '../domain/capabilities.ts';
import { placeRegion } from '../domain/regions.ts';
import { recordAudit } from '../audit.ts';
import { fieldErrors } from '../forms.ts';
import { fieldOwnershipStore, recordFirmEdits } from '../import/field-ownership.ts';
import { expectedRow } from '../../db/rows.ts';
import type { WriteContext } from '../write-context.ts';
import type { SaveRefusal } from '../refusal.ts';

export const profileInput = z.object({
  ...profileFields,
  // a multi-select posts one value per chain
  chains: z.preprocess((v) => (Array.isArray(v) ? v.join(';') : v), f.chainList),
  version: z.coerce.number().int().positive({ message: '缺少版本号，请刷新页面' }),
});

export type SaveResult = { ok: true; version: number } | SaveRefusal;

// server/import/ still reads the type from here until its rewrite lands; everything else from write-context.ts.
export type { WriteContext };

const PROFILE_COLUMNS = `name, region_code as regionCode, address, products, processes, materials, certifications,
  annual_output_wan as annualOutputWan, employees, contact_name as contactName, contact_phone as contactPhone, description, version`;

export function staleMessage(current: number): string {
  return `保存失败：其他人已先保存了新的内容（当前版本 ${current}）。为避免覆盖，请刷新页面查看最新内容后再修改。`;
}

export function saveProfile(ctx: WriteContext, enterpriseId: number, body: unknown): SaveResult {
  const parsed = profileInput.safeParse(body);
  if (!parsed.success) return { ok: false, kind: 'invalid', errors: fieldErrors(parsed.error) };
  const p = parsed.data;
  const region = placeRegion(p.region);
  if (p.region !== '' && region && !region.known) return { ok: false, kind: 'invalid', errors: { region: `未知区域「${p.region}」` } };
  return ctx.feed.transaction(ctx.sqlite, (record): SaveResult => {
    const before = expectedRow(ctx.sqlite.prepare<[number], Record<string, unknown> & { version: number }>(`select ${PROFILE_COLUMNS} from enterprises where id = ?`).get(enterpriseId), `enterprise ${enterpriseId}`);
    if (before.version !== p.version) return { ok: false, kind: 'conflict', message: staleMessage(before.version) };
    const ownership = fieldOwnershipStore(ctx.sqlite);
    const valuesBefore = ownership.values(enterpriseId);
    ctx.sqlite.prepare(`update enterprises set name = ?, region_code = ?, address = ?, products = ?, processes = ?, materials = ?, certifications = ?,
      annual_output_wan = ?, employees = ?, contact_name = ?, contact_phone = ?, description = ?, import_hash = null,
      version = version + 1, updated_at = ? where id = ? and version = ?`).run(
      p.name, region?.code ?? null, p.address, p.products, p.processes, p.materials, p.certifications, p.annual_output_wan, p.employees,
      p.contact_name, p.contact_phone, p.description, ctx.now, enterpriseId, p.version);
    ctx.sqlite.prepare('delete from enterprise_chains where enterprise_id = ?').run(enterpriseId);
    for (const c of p.chains) ctx.sqlite.prepare('insert into enterprise_chains (enterprise_id, chain_id) values (?, ?)').run(enterpriseId, c.id);
    ctx.sqlite.prepare('delete from enterprise_capabilities where enterprise_id = ?').run(enterpriseId);
    const insert = ctx.sqlite.prepare('insert into enterprise_capabilities (enterprise_id, concept_id, kind, confidence, source, wording) values (?, ?, ?, ?, ?, ?)');
    for (const c of deriveCapabilities(p)) insert.run(enterpriseId, c.conceptId, c.kind, c.confidence, c.source, c.wording);
    const after = ctx.sqlite.prepare(`select ${PROFILE_COLUMNS} from enterprises where id = ?`).get(enterpriseId);
    // the firm's own edits are kept against later imports; an admin's edit is the office's
    const valuesAfter = ownership.values(enterpriseId);
    if (ctx.actor.kind !== 'anonymous' && ctx.actor.enterpriseId === enterpriseId && valuesBefore && valuesAfter) {
      recordFirmEdits(ctx.sqlite, enterpriseId, valuesBefore, valuesAfter, ctx.now);
    }
    recordAudit(ctx.sqlite, { actor: ctx.actor, action: 'enterprise.update', objectType: 'enterprise', objectId: enterpriseId, enterpriseId, before, after, at: ctx.now, ip: ctx.ip });
    record({ enterprises: [enterpriseId] });
    return { ok: true, version: p.version + 1 };
  });
}
