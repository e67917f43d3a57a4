/**
 * What the crash test asks of the database file after each restart: SQLite's own
 * integrity_check and foreign_key_check, and every acknowledged write present. A write in
 * flight at the kill may have committed or not, but nothing older than it may be missing.
 */
import Database from 'better-sqlite3';
import type { Ledger, ListingState, DealState } from './write-drivers.ts';
import { expectedRow } from '../../db/rows.ts';

export function integrityProblems(file: string): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    const problems = integrity.map((r) => r.integrity_check).filter((m) => m !== 'ok');
    const orphans = db.pragma('foreign_key_check') as { table: string; parent: string }[];
    for (const o of orphans.slice(0, 5)) problems.push(`foreign key: a row of ${o.table} points at a missing ${o.parent}`);
    return problems;
  } finally {
    db.close();
  }
}

/**
 * Acked (and possibly in-flight) state against the file; returns what is wrong. With
 * `laterAllowed` (a backup taken while writers went on) a newer version than the acked one is fine.
 */
export function missingWrites(file: string, ledger: Ledger, opts: { laterAllowed?: boolean } = {}): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const problems: string[] = [];
  try {
    const listingRef = db.prepare('select 1 from listings where ref = ?').pluck();
    let lost = 0;
    for (const ref of ledger.imported) if (!listingRef.get(ref)) lost++;
    if (lost) problems.push(`${lost} of ${ledger.imported.size} listings from acknowledged uploads are missing`);

    const listing = db.prepare<[string], ListingState>('select version, title from listings where ref = ?');
    for (const [ref, acked] of ledger.listings) {
      const row = listing.get(ref);
      const problem = compare(row, acked, ledger.listingInFlight.get(ref), (s) => `version ${s.version} "${s.title}"`, (a, b) => a.title === b.title, opts.laterAllowed);
      if (problem) problems.push(`listing ${ref}: ${problem}`);
    }
    const deal = db.prepare<[number], DealState>('select stage, version from deals where id = ?');
    for (const [id, acked] of ledger.deals) {
      const row = deal.get(id);
      const problem = compare(row, acked, ledger.dealInFlight.get(id), (s) => `version ${s.version} ${s.stage}`, (a, b) => a.stage === b.stage, opts.laterAllowed);
      if (problem) problems.push(`deal #${id}: ${problem}`);
    }
  } finally {
    db.close();
  }
  return problems;
}

function compare<S extends { version: number }>(row: S | undefined, acked: S, inFlight: S | undefined, show: (s: S) => string, same: (a: S, b: S) => boolean,
  laterAllowed = false): string | null {
  if (!row) return `acknowledged as ${show(acked)}, but the row is gone`;
  if (laterAllowed && row.version > acked.version) return null;
  if (row.version === acked.version && same(row, acked)) return null;
  if (inFlight && row.version === inFlight.version && same(row, inFlight)) return null;
  return `acknowledged as ${show(acked)}${inFlight ? ` (in flight: ${show(inFlight)})` : ''}, found ${show(row)}`;
}

/** Takes the file's word for whatever was in flight, so the next round starts from what is stored. */
export function settleInFlight(file: string, ledger: Ledger): void {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const listing = db.prepare<[string], ListingState>('select version, title from listings where ref = ?');
    for (const ref of ledger.listingInFlight.keys()) ledger.listings.set(ref, expectedRow(listing.get(ref), `listing ${ref}`));
    const deal = db.prepare<[number], DealState>('select stage, version from deals where id = ?');
    for (const id of ledger.dealInFlight.keys()) ledger.deals.set(id, expectedRow(deal.get(id), `deal #${id}`));
  } finally {
    db.close();
  }
  ledger.listingInFlight.clear();
  ledger.dealInFlight.clear();
}
