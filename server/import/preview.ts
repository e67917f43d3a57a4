/**
 * What an import would do, before it does it. The preview is the real load run inside a
 * transaction that is then rolled back, so it cannot disagree with the load (one code path,
 * nothing to keep in step). Field changes are read back from the audit entries the load writes
 * in that transaction (each created or updated object records its before and after).
 *
 * A commit runs the load again and compares the digest of what it is about to write with the
 * previewed one, inside its own transaction: if the data changed in between so that the result
 * would differ (another import, a firm's own edit, a new conflict), nothing is written.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { getLexicon } from '../../search/lexicon.ts';
import type { FileKind } from './columns.ts';
import { OWNED_FIELDS } from './field-ownership.ts';
import { FIELD_LABEL } from '../audit-labels.ts';
import { CRITICALITY_LABEL, LISTING_KIND_LABEL, TIER_LABEL } from '../vocabulary.ts';
import type { FieldConflict, LoadCounts } from './load.ts';
import { formatProblem, type Problem } from './validate.ts';

export interface FieldChange { field: string; label: string; before: string; after: string }
export interface PreviewObject { kind: FileKind; key: string; name: string }
export interface PreviewUpdate extends PreviewObject { fields: FieldChange[] }

export interface ImportPreview {
  counts: LoadCounts;
  created: PreviewObject[];
  updated: PreviewUpdate[];
  /** sha-256 over counts, changes, conflicts and problems: what a commit must reproduce */
  digest: string;
}

/** The fields an import writes, by the one list of field names in words (the audit page reads it too). */
const PREVIEWED = new Set<string>([...Object.keys(OWNED_FIELDS), 'tier', 'lat', 'lng', 'buyerId', 'enterpriseId', 'partNo', 'chainId',
  'certificationsRequired', 'annualVolume', 'unit', 'annualValueWan', 'currentSupplier', 'currentSupplierRegion', 'criticality', 'kind',
  'title', 'quantity', 'validUntil', 'year', 'quarter', 'totalWan', 'localWan']);

const KIND_OF_TYPE: Record<string, FileKind> = { enterprise: 'enterprises', component: 'components', listing: 'listings', procurement: 'procurement' };

export function lastAuditId(sqlite: Database.Database): number {
  return sqlite.prepare<[], { id: number | null }>('select max(id) as id from audit_log').get()?.id ?? 0;
}

interface AuditRow { action: string; objectType: string; objectId: string; before: string | null; after: string | null }

/** Reads the load's own audit entries (written after `sinceAuditId`, inside the still-open transaction). */
export function collectPreview(sqlite: Database.Database, sinceAuditId: number, counts: LoadCounts, conflicts: FieldConflict[], problems: Problem[]): ImportPreview {
  const rows = sqlite.prepare<[number], AuditRow>(`select action, object_type as objectType, object_id as objectId, before, after
    from audit_log where id > ? and (action like '%.import_create' or action like '%.import_update') order by id`).all(sinceAuditId);
  const show = displayValue(sqlite);
  const created: PreviewObject[] = [];
  const updated: PreviewUpdate[] = [];
  for (const r of rows) {
    const kind = KIND_OF_TYPE[r.objectType];
    if (!kind) continue;
    const after = parseObject(r.after);
    const name = typeof after.name === 'string' ? after.name : typeof after.title === 'string' ? after.title : '';
    if (r.action.endsWith('_create')) { created.push({ kind, key: r.objectId, name }); continue; }
    const before = parseObject(r.before);
    const fields: FieldChange[] = [];
    for (const field of Object.keys(after)) {
      if (!PREVIEWED.has(field)) continue;
      const b = show(field, before[field]);
      const a = show(field, after[field]);
      if (b !== a) fields.push({ field, label: FIELD_LABEL[field] ?? field, before: b, after: a });
    }
    updated.push({ kind, key: r.objectId, name, fields });
  }
  const digest = createHash('sha256').update(JSON.stringify({
    counts, created, updated,
    conflicts: conflicts.map((c) => [c.uscc, c.field, c.firm, c.imported]),
    problems: problems.map(formatProblem),
  })).digest('hex');
  return { counts, created, updated, digest };
}

function parseObject(json: string | null): Record<string, unknown> {
  if (!json) return {};
  const v: unknown = JSON.parse(json);
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function displayValue(sqlite: Database.Database) {
  const regionName = sqlite.prepare<[string], { name: string }>('select name from regions where code = ?');
  const firmName = sqlite.prepare<[number], { name: string }>('select name from enterprises where id = ?');
  const chainName = (id: string) => getLexicon().chain(id)?.name ?? id;
  return (field: string, v: unknown): string => {
    if (v === null || v === undefined || v === '') return '（空）';
    if (Array.isArray(v)) return v.length === 0 ? '（空）' : v.map((x) => (field === 'chains' ? chainName(String(x)) : String(x))).join('、');
    if (field === 'chainId') return chainName(String(v));
    if (field === 'regionCode') return regionName.get(String(v))?.name ?? String(v);
    if ((field === 'buyerId' || field === 'enterpriseId') && typeof v === 'number') return firmName.get(v)?.name ?? String(v);
    if (field === 'tier') return TIER_LABEL[String(v) as keyof typeof TIER_LABEL] ?? String(v);
    if (field === 'kind') return LISTING_KIND_LABEL[String(v) as keyof typeof LISTING_KIND_LABEL] ?? String(v);
    if (field === 'criticality') return CRITICALITY_LABEL[String(v) as keyof typeof CRITICALITY_LABEL] ?? String(v);
    return String(v);
  };
}
