/**
 * Open field conflicts (an import met a value the firm had edited itself) and the admin's
 * decision on each: keep the firm's value, or take the imported one — which is then written
 * as an office change (re-derived capabilities, a new version, audited, the firm told).
 */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { WriteContext } from '../marketplace/profile.ts';
import { recordAudit } from '../audit.ts';
import { deriveCapabilities } from '../domain/capabilities.ts';
import { getLexicon } from '../../search/lexicon.ts';
import { decodeValue, OWNED_FIELDS, showValue, type FieldValue, type OwnedField } from './field-ownership.ts';

export interface ConflictView {
  id: number; uscc: string; firmName: string; field: string; fieldLabel: string;
  old: string; firm: string; imported: string; createdAt: number;
}

const conflictRow = z.object({
  id: z.number(), uscc: z.string(), firmName: z.string(), enterpriseId: z.number(), field: z.string(),
  oldValue: z.string().nullable(), firmValue: z.string().nullable(), importedValue: z.string().nullable(), createdAt: z.number(),
});

const isOwnedField = (f: string): f is OwnedField => f in OWNED_FIELDS;
const chainName = (id: string) => getLexicon().chain(id)?.name ?? id;

export function openConflicts(sqlite: Database.Database, limit = 200): { total: number; rows: ConflictView[] } {
  const total = z.number().parse(sqlite.prepare('select count(*) from import_conflicts where resolved_at is null').pluck().get());
  const rows = conflictRow.array().parse(sqlite.prepare(`select c.id, e.uscc, e.name as firmName, c.enterprise_id as enterpriseId, c.field,
    c.old_value as oldValue, c.firm_value as firmValue, c.imported_value as importedValue, c.created_at as createdAt
    from import_conflicts c join enterprises e on e.id = c.enterprise_id where c.resolved_at is null order by c.id desc limit ?`).all(limit));
  return {
    total,
    rows: rows.map((r) => ({
      id: r.id, uscc: r.uscc, firmName: r.firmName, field: r.field, fieldLabel: isOwnedField(r.field) ? OWNED_FIELDS[r.field] : r.field,
      old: showValue(decodeValue(r.oldValue), chainName), firm: showValue(decodeValue(r.firmValue), chainName),
      imported: showValue(decodeValue(r.importedValue), chainName), createdAt: r.createdAt,
    })),
  };
}

const COLUMN: Record<Exclude<OwnedField, 'chains'>, string> = {
  name: 'name', regionCode: 'region_code', address: 'address', products: 'products', processes: 'processes', materials: 'materials',
  certifications: 'certifications', annualOutputWan: 'annual_output_wan', employees: 'employees', contactName: 'contact_name',
  contactPhone: 'contact_phone', description: 'description',
};

export type ResolveResult = { ok: true; enterpriseId: number | null; firmName: string; fieldLabel: string } | { ok: false; reason: 'not_found' };

/** Settles one open conflict; taking the import writes the imported value now. */
export function resolveConflict(ctx: WriteContext, id: number, choice: 'firm' | 'import'): ResolveResult {
  return ctx.feed.transaction(ctx.sqlite, (record): ResolveResult => {
    const found = ctx.sqlite.prepare(`select c.id, e.uscc, e.name as firmName, c.enterprise_id as enterpriseId, c.field,
      c.old_value as oldValue, c.firm_value as firmValue, c.imported_value as importedValue, c.created_at as createdAt
      from import_conflicts c join enterprises e on e.id = c.enterprise_id where c.id = ? and c.resolved_at is null`).get(id);
    if (found === undefined) return { ok: false, reason: 'not_found' };
    const c = conflictRow.parse(found);
    if (!isOwnedField(c.field)) return { ok: false, reason: 'not_found' };
    const label = ctx.actor.kind === 'anonymous' ? '匿名' : ctx.actor.label;
    ctx.sqlite.prepare(`update import_conflicts set resolved_at = ?, resolution = ?, resolved_by = ? where id = ?`)
      .run(ctx.now, choice === 'firm' ? 'kept_firm' : 'took_import', label, id);
    if (choice === 'firm') {
      recordAudit(ctx.sqlite, { actor: ctx.actor, action: 'enterprise.conflict_keep_firm', objectType: 'enterprise', objectId: c.uscc, enterpriseId: c.enterpriseId,
        after: { field: c.field, value: decodeValue(c.firmValue) }, at: ctx.now, ip: ctx.ip });
      return { ok: true, enterpriseId: null, firmName: c.firmName, fieldLabel: OWNED_FIELDS[c.field] };
    }
    const value: FieldValue = decodeValue(c.importedValue);
    if (c.field === 'chains') {
      ctx.sqlite.prepare('delete from enterprise_chains where enterprise_id = ?').run(c.enterpriseId);
      for (const chain of Array.isArray(value) ? value : []) ctx.sqlite.prepare('insert into enterprise_chains (enterprise_id, chain_id) values (?, ?)').run(c.enterpriseId, chain);
    } else {
      ctx.sqlite.prepare(`update enterprises set ${COLUMN[c.field]} = ? where id = ?`).run(Array.isArray(value) ? value.join('；') : value, c.enterpriseId);
    }
    ctx.sqlite.prepare('update enterprises set import_hash = null, version = version + 1, updated_at = ? where id = ?').run(ctx.now, c.enterpriseId);
    ctx.sqlite.prepare(`update enterprise_field_sources set imported_value = ?, imported_at = ? where enterprise_id = ? and field = ?`)
      .run(c.importedValue, ctx.now, c.enterpriseId, c.field);
    const text = z.object({ name: z.string(), products: z.string(), processes: z.string(), materials: z.string(), certifications: z.string(), description: z.string() })
      .parse(ctx.sqlite.prepare('select name, products, processes, materials, certifications, description from enterprises where id = ?').get(c.enterpriseId));
    ctx.sqlite.prepare('delete from enterprise_capabilities where enterprise_id = ?').run(c.enterpriseId);
    const insert = ctx.sqlite.prepare('insert into enterprise_capabilities (enterprise_id, concept_id, kind, confidence, source, wording) values (?, ?, ?, ?, ?, ?)');
    for (const cap of deriveCapabilities(text)) insert.run(c.enterpriseId, cap.conceptId, cap.kind, cap.confidence, cap.source, cap.wording);
    recordAudit(ctx.sqlite, { actor: ctx.actor, action: 'enterprise.conflict_take_import', objectType: 'enterprise', objectId: c.uscc, enterpriseId: c.enterpriseId,
      before: { [c.field]: decodeValue(c.firmValue) }, after: { [c.field]: value }, at: ctx.now, ip: ctx.ip });
    record({ enterprises: [c.enterpriseId] });
    return { ok: true, enterpriseId: c.enterpriseId, firmName: c.firmName, fieldLabel: OWNED_FIELDS[c.field] };
  });
}
