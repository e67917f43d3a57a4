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

/** Chinese names of the stored fields an import writes (camelCase, as the audit entries carry them). */
const FIELD_LABELS: Record<string, string> = {
  ...OWNED_FIELDS, tier: '企业类型', lat: '纬度', lng: '经度',
  buyerId: '采购企业', enterpriseId: '发布企业', partNo: '图号/料号', chainId: '所属产业链', certificationsRequired: '资质要求',
  annualVolume: '年需求量', unit: '单位', annualValueWan: '年采购额（万元）', currentSupplier: '现供应商',
  currentSupplierRegion: '现供应商所在地', criticality: '关键程度', kind: '类型', title: '标题', quantity: '数量',
  validUntil: '有效期至', year: '年度', quarter: '季度', totalWan: '采购总额（万元）', localWan: '本地采购额（万元）',
};
const TIER_LABELS: Record<string, string> = { chain_leader: '链主企业', core: '核心企业', specialized: '专精特新企业', sme: '中小企业' };
const KIND_VALUES: Record<string, string> = { supply: '供应', demand: '需求' };
const CRITICALITY: Record<string, string> = { high: '高', medium: '中', low: '低' };

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
      if (!(field in FIELD_LABELS)) continue;
      const b = show(field, before[field]);
      const a = show(field, after[field]);
      if (b !== a) fields.push({ field, label: FIELD_LABELS[field]!, before: b, after: a });
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
    if (field === 'tier') return TIER_LABELS[String(v)] ?? String(v);
    if (field === 'kind') return KIND_VALUES[String(v)] ?? String(v);
    if (field === 'criticality') return CRITICALITY[String(v)] ?? String(v);
    return String(v);
  };
}
