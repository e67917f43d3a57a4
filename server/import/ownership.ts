/**
 * Who may write what through an import. A row may create an object its uploader may own, and may
 * update an object only when the row names the owner it already has: a component's `ref` that
 * belongs to another buyer, or a listing's `ref` that belongs to another firm, is a row error and
 * nothing of that row is written. Only an admin run with `moveOwners` may hand an object to another
 * firm, and every such move is returned so the caller can audit it with before and after.
 */
import type Database from 'better-sqlite3';
import type { Problem, Row, Rows, FileSummary } from './validate.ts';

export interface OwnerMove { kind: 'components' | 'listings'; ref: string; fromUscc: string; toUscc: string }

export interface OwnershipOptions {
  /** an admin's explicit choice to move objects between firms (audited per object) */
  moveOwners?: boolean;
  /** a firm's own upload: the message must not say whose the ref is (it is not the uploader's business) */
  opaque?: boolean;
}

export const TAKEN_REF_MESSAGE = '编号已属于其他企业';

/** Removes the rows that would take another firm's object and reports them; returns the moves an admin allowed. */
export function checkOwnership(sqlite: Database.Database, rows: Rows, problems: Problem[], files: FileSummary[], opts: OwnershipOptions): OwnerMove[] {
  const moves: OwnerMove[] = [];
  const ownerOfComponent = sqlite.prepare<[string], { uscc: string; name: string }>(
    'select e.uscc, e.name from components c join enterprises e on e.id = c.buyer_id where c.ref = ?');
  const ownerOfListing = sqlite.prepare<[string], { uscc: string; name: string }>(
    'select e.uscc, e.name from listings l join enterprises e on e.id = l.enterprise_id where l.ref = ?');

  const check = <K extends 'components' | 'listings'>(kind: K, ownerOf: (ref: string) => { uscc: string; name: string } | undefined, rowOwner: (r: Row<K>) => string) => {
    const kept: Row<K>[] = [];
    for (const r of rows[kind] as Row<K>[]) {
      const ref = (r.record as { ref: string }).ref;
      const current = ownerOf(ref);
      const wanted = rowOwner(r);
      if (!current || current.uscc === wanted) { kept.push(r); continue; }
      if (opts.moveOwners) {
        moves.push({ kind, ref, fromUscc: current.uscc, toUscc: wanted });
        kept.push(r);
        continue;
      }
      const message = opts.opaque
        ? `${TAKEN_REF_MESSAGE}，请使用其他编号`
        : `${TAKEN_REF_MESSAGE}（${current.name}，${current.uscc}）；确需转给 ${wanted}，请选择「允许更换所属企业」后重新导入`;
      problems.push({ file: r.file, row: r.row, column: '编号', message, severity: 'error' });
      const summary = files.find((f) => f.file === r.file);
      if (summary) summary.invalid++;
    }
    (rows as Record<K, Row<K>[]>)[kind] = kept;
  };
  check('components', (ref) => ownerOfComponent.get(ref), (r) => r.record.buyer_uscc);
  check('listings', (ref) => ownerOfListing.get(ref), (r) => r.record.uscc);
  return moves;
}
