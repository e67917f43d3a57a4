/**
 * A buyer's ERP loads many components at once with exactly the import's rules and report.
 * The one place the API reaches the spreadsheet import: the records become a components file
 * in the contract's columns and go through `importFiles` restricted to the buyer's own
 * components — so a rule added to the import applies here too.
 */
import { recordAudit } from '../audit.ts';
import { csvLine } from '../export/csv.ts';
import { importFiles } from '../import/index.ts';
import type { WriteContext } from '../write-context.ts';

/** The components file's columns, in the contract's order. */
export const COMPONENT_COLUMNS = [
  'ref', 'buyer_uscc', 'name', 'part_no', 'chain', 'materials', 'processes', 'certifications_required', 'annual_volume', 'unit',
  'annual_value_wan', 'current_supplier', 'current_supplier_region', 'criticality', 'description',
] as const;

export type ComponentItem = Partial<Record<(typeof COMPONENT_COLUMNS)[number], string | number | string[] | null>>;

export interface BulkProblem { index: number | null; field: string | null; message: string; severity: 'error' | 'warning' }
export interface BulkReport { loaded: boolean; counts: { inserted: number; updated: number; unchanged: number }; problems: BulkProblem[] }

/** A cell as a person would have typed it: lists joined with ';', numbers as digits, nothing as empty. */
function cell(value: ComponentItem[keyof ComponentItem]): string {
  if (value === null || value === undefined) return '';
  return Array.isArray(value) ? value.join(';') : String(value);
}

/** The header is row 1 of the file, so item i is row i + 2. */
const FIRST_ROW = 2;

export function upsertComponents(ctx: WriteContext, buyer: { id: number; uscc: string }, items: ComponentItem[], opts: { skipInvalid: boolean }): BulkReport {
  const buyerUscc = buyer.uscc;
  const rows = items.map((item) => COMPONENT_COLUMNS.map((column) => (column === 'buyer_uscc' ? cell(item.buyer_uscc ?? buyerUscc) : cell(item[column]))));
  // written as an import file is (export/csv.ts): no BOM, nothing defused — the import reads the values as given
  const bytes = Buffer.from([[...COMPONENT_COLUMNS], ...rows].map((row) => csvLine(row)).join(''), 'utf8');
  const report = importFiles(ctx.sqlite, [{ name: 'components.csv', bytes }], {
    now: ctx.now, source: 'api', feed: ctx.feed, componentsOf: buyerUscc, skipInvalid: opts.skipInvalid, actor: ctx.actor, ip: ctx.ip,
    afterWrite: (changes) => recordAudit(ctx.sqlite, {
      actor: ctx.actor, action: 'import', objectType: 'import', objectId: 'api:components', enterpriseId: buyer.id, at: ctx.now, ip: ctx.ip, after: { components: changes.components.length, buyer: buyerUscc },
    }),
  });
  const counts = report.counts?.components ?? { inserted: 0, updated: 0, unchanged: 0 };
  return {
    loaded: report.loaded,
    counts: { inserted: counts.inserted, updated: counts.updated, unchanged: counts.unchanged },
    problems: report.problems.map((p) => ({ index: p.row === null ? null : p.row - FIRST_ROW, field: p.column, message: p.message, severity: p.severity })),
  };
}
