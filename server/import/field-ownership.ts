/**
 * Who owns an enterprise field. The office's import and the firm's own edits both write the
 * profile; a firm's edit wins until the office decides otherwise. The rule (pure, below):
 * an import writes a field unless the firm edited that field after it was last imported and the
 * imported value differs from the firm's — then it is a conflict, kept as the firm wrote it,
 * unless the admin chose "prefer the import" for the file.
 */
import type Database from 'better-sqlite3';
import { z } from 'zod';

/** The profile fields a firm can edit itself, with the words the report and pages use. */
export const OWNED_FIELDS = {
  name: '企业名称', regionCode: '所在区域', address: '地址', chains: '所属产业链', products: '主要产品',
  processes: '工艺能力', materials: '材料', certifications: '资质认证', annualOutputWan: '年产值（万元）',
  employees: '员工人数', contactName: '联系人', contactPhone: '联系电话', description: '企业简介',
} as const;
export type OwnedField = keyof typeof OWNED_FIELDS;
export const OWNED_FIELD_KEYS = Object.keys(OWNED_FIELDS) as OwnedField[];

export type FieldValue = string | number | string[] | null;
export type ProfileValues = Record<OwnedField, FieldValue>;

export interface FieldSource { importedValue: string | null; importedAt: number | null; firmEditedAt: number | null }

/** Equality for the decision: what a person would call the same value (width and spacing aside). */
export function sameValue(a: FieldValue, b: FieldValue): boolean {
  return compareKey(a) === compareKey(b);
}

function compareKey(v: FieldValue): string {
  if (v === null || v === '') return '';
  if (Array.isArray(v)) return [...v].sort().join('\u0001');
  return String(v).normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
}

export type FieldDecision = 'same' | 'write' | 'conflict';

export function decideField(current: FieldValue, imported: FieldValue, source: FieldSource | undefined, preferImport: boolean): FieldDecision {
  if (sameValue(current, imported)) return 'same';
  const firmOwned = source?.firmEditedAt != null && (source.importedAt == null || source.firmEditedAt > source.importedAt);
  return firmOwned && !preferImport ? 'conflict' : 'write';
}

export const encodeValue = (v: FieldValue): string => JSON.stringify(v);
const valueSchema = z.union([z.string(), z.number(), z.array(z.string()), z.null()]);
export function decodeValue(text: string | null): FieldValue {
  if (text === null) return null;
  const parsed = valueSchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : null;
}

/** A value as the report and pages show it. */
export function showValue(v: FieldValue, chainName: (id: string) => string = (id) => id): string {
  if (v === null || v === '') return '（空）';
  if (Array.isArray(v)) return v.length === 0 ? '（空）' : v.map(chainName).join('、');
  return String(v);
}

const sourceRow = z.object({ field: z.string(), importedValue: z.string().nullable(), importedAt: z.number().nullable(), firmEditedAt: z.number().nullable() });
const profileRow = z.object({
  name: z.string(), regionCode: z.string().nullable(), address: z.string(), products: z.string(), processes: z.string(),
  materials: z.string(), certifications: z.string(), annualOutputWan: z.number().nullable(), employees: z.number().nullable(),
  contactName: z.string(), contactPhone: z.string(), description: z.string(), chains: z.string().nullable(),
});

/** The stored values and their sources, read for one enterprise. */
export function fieldOwnershipStore(sqlite: Database.Database) {
  const sources = sqlite.prepare(`select field, imported_value as importedValue, imported_at as importedAt, firm_edited_at as firmEditedAt
    from enterprise_field_sources where enterprise_id = ?`);
  const profile = sqlite.prepare(`select name, region_code as regionCode, address, products, processes, materials, certifications,
    annual_output_wan as annualOutputWan, employees, contact_name as contactName, contact_phone as contactPhone, description,
    (select group_concat(chain_id) from enterprise_chains ec where ec.enterprise_id = e.id) as chains from enterprises e where id = ?`);
  const markImported = sqlite.prepare(`update enterprise_field_sources set imported_value = ?, imported_at = ? where enterprise_id = ? and field = ?`);
  const markFirm = sqlite.prepare(`insert into enterprise_field_sources (enterprise_id, field, imported_value, imported_at, firm_edited_at)
    values (?, ?, ?, null, ?) on conflict (enterprise_id, field) do update set firm_edited_at = excluded.firm_edited_at`);
  const addConflict = sqlite.prepare(`insert into import_conflicts (enterprise_id, field, old_value, firm_value, imported_value, created_at) values (?, ?, ?, ?, ?, ?)`);
  const closeOpen = sqlite.prepare(`update import_conflicts set resolved_at = ?, resolution = 'kept_firm', resolved_by = '新的导入' where enterprise_id = ? and field = ? and resolved_at is null`);
  return {
    sources(enterpriseId: number): Map<string, FieldSource> {
      return new Map(sourceRow.array().parse(sources.all(enterpriseId)).map((r) => [r.field, r]));
    },
    values(enterpriseId: number): ProfileValues | null {
      const row = profile.get(enterpriseId);
      if (row === undefined) return null;
      const r = profileRow.parse(row);
      return { ...r, chains: r.chains ? r.chains.split(',').sort() : [] };
    },
    /** The import wrote the field: it is the office's again until the firm edits it. */
    imported(enterpriseId: number, field: OwnedField, value: FieldValue, now: number): void {
      markImported.run(encodeValue(value), now, enterpriseId, field);
    },
    /** The firm edited the field; the value it replaced is remembered as the office's. */
    firmEdited(enterpriseId: number, field: OwnedField, replaced: FieldValue, now: number): void {
      markFirm.run(enterpriseId, field, encodeValue(replaced), now);
    },
    conflict(enterpriseId: number, field: OwnedField, old: string | null, firm: FieldValue, imported: FieldValue, now: number): void {
      closeOpen.run(now, enterpriseId, field);
      addConflict.run(enterpriseId, field, old, encodeValue(firm), encodeValue(imported), now);
    },
  };
}
export type FieldOwnershipStore = ReturnType<typeof fieldOwnershipStore>;

/** After a firm's own save: every field whose value changed is now the firm's. */
export function recordFirmEdits(sqlite: Database.Database, enterpriseId: number, before: ProfileValues, after: ProfileValues, now: number): void {
  const store = fieldOwnershipStore(sqlite);
  for (const field of OWNED_FIELD_KEYS) {
    if (!sameValue(before[field], after[field])) store.firmEdited(enterpriseId, field, before[field], now);
  }
}
