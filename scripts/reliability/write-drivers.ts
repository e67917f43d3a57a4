/**
 * Writers for the crash test, each one request at a time until stopped or the server dies:
 * admin spreadsheet uploads, a firm's listing edits (session cookie + CSRF), deal moves over the
 * API (Bearer token + Idempotency-Key). Every answer the server acknowledged is written to the
 * ledger before the next request, and so is the one in flight, which may or may not have committed.
 */
import { csvLine } from '../scale/csv.ts';
import type { BrowserSession } from './http-session.ts';
import type { Rng } from '../scale/prng.ts';

export interface ListingState { version: number; title: string }
export interface DealState { stage: string; version: number }

export interface Ledger {
  /** refs of listings created by acknowledged uploads */
  imported: Set<string>;
  listings: Map<string, ListingState>;
  listingInFlight: Map<string, ListingState>;
  deals: Map<number, DealState>;
  dealInFlight: Map<number, DealState>;
  acknowledged: { imports: number; edits: number; dealOpens: number; dealMoves: number };
}

export const emptyLedger = (): Ledger => ({
  imported: new Set(), listings: new Map(), listingInFlight: new Map(), deals: new Map(), dealInFlight: new Map(),
  acknowledged: { imports: 0, edits: 0, dealOpens: 0, dealMoves: 0 },
});

/** A copy of what was acknowledged at this moment (for the backup check). */
export function snapshot(l: Ledger): Ledger {
  return { ...emptyLedger(), imported: new Set(l.imported), listings: new Map(l.listings), deals: new Map(l.deals), acknowledged: { ...l.acknowledged } };
}

export interface World {
  base: string;
  admin: BrowserSession;
  supplier: BrowserSession;
  apiToken: string;
  /** firms that upload rows may name, and the chains */
  usccs: string[];
  chains: string[];
  supplierListings: string[];
  components: string[];
  dealSuppliers: string[];
  validUntil: string;
}

const NEXT: Record<string, string> = { recommended: 'contacted', contacted: 'sampling', sampling: 'quoting', quoting: 'signed', signed: 'supplying' };

/** An error that means the server is gone (killed, or restarting): the writer stops quietly. */
const serverGone = (err: unknown) => err instanceof Error && (err.name === 'AbortError' || err.name === 'TypeError');

/** How a writer is stopped: `finish` lets the request in flight complete, aborting the signal drops it. */
export interface Control { signal: AbortSignal; finish: boolean }

async function each(control: Control, step: () => Promise<void>): Promise<void> {
  try {
    while (!control.signal.aborted && !control.finish) await step();
  } catch (err) {
    if (!serverGone(err)) throw err;
  }
}

export function uploadWriter(w: World, ledger: Ledger, rng: Rng, label: string, control: Control): Promise<void> {
  let n = 0;
  return each(control, async () => {
    const refs = Array.from({ length: rng.int(50, 400) }, (_, i) => `K${label}-${n}-${i}`);
    n++;
    const rows = refs.map((ref) => [ref, rng.pick(w.usccs), rng.chance(0.5) ? 'supply' : 'demand', `崩溃测试导入 ${ref}`, rng.pick(w.chains), w.validUntil]);
    const form = new FormData();
    form.append('_csrf', w.admin.csrf);
    form.append('files', new Blob([[['ref', 'uscc', 'kind', 'title', 'chain', 'valid_until'], ...rows].map(csvLine).join('')], { type: 'text/csv' }), 'listings.csv');
    const res = await fetch(`${w.base}/admin/import`, { method: 'POST', body: form, headers: { cookie: w.admin.cookie }, signal: control.signal });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`upload answered ${res.status}: ${body.slice(0, 300)}`);
    for (const ref of refs) ledger.imported.add(ref);
    ledger.acknowledged.imports++;
  });
}

export function editWriter(w: World, ledger: Ledger, label: string, control: Control): Promise<void> {
  let k = 0;
  return each(control, async () => {
    const ref = w.supplierListings[k % w.supplierListings.length]!;
    const before = ledger.listings.get(ref)!;
    const after = { version: before.version + 1, title: `崩溃测试编辑 ${label}-${k}` };
    k++;
    ledger.listingInFlight.set(ref, after);
    const res = await fetch(`${w.base}/listings/${encodeURIComponent(ref)}/edit`, {
      method: 'POST', signal: control.signal,
      headers: { cookie: w.supplier.cookie, 'x-csrf-token': w.supplier.csrf, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ kind: 'supply', title: after.title, valid_until: w.validUntil, version: String(before.version) }),
    });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`listing edit ${ref} answered ${res.status}: ${body.slice(0, 300)}`);
    ledger.listings.set(ref, after);
    ledger.listingInFlight.delete(ref);
    ledger.acknowledged.edits++;
  });
}

export function dealWriter(w: World, ledger: Ledger, rng: Rng, label: string, control: Control): Promise<void> {
  const headers = { authorization: `Bearer ${w.apiToken}`, 'content-type': 'application/json' };
  let current: number | undefined;
  let n = 0;
  return each(control, async () => {
    const state = current === undefined ? undefined : ledger.deals.get(current);
    if (!state || !NEXT[state.stage]) {
      const res = await fetch(`${w.base}/api/deals`, { method: 'POST', headers, signal: control.signal,
        body: JSON.stringify({ component_ref: rng.pick(w.components), supplier_uscc: rng.pick(w.dealSuppliers) }) });
      const body = await res.json() as { id: number; stage: string; version: number; message?: string };
      if (res.status === 409) return; // an open deal with that pair already: draw another
      if (res.status !== 201) throw new Error(`deal open answered ${res.status}: ${body.message}`);
      ledger.deals.set(body.id, { stage: body.stage, version: body.version });
      ledger.acknowledged.dealOpens++;
      current = body.id;
      return;
    }
    const id = current!;
    const to = NEXT[state.stage]!;
    ledger.dealInFlight.set(id, { stage: to, version: state.version + 1 });
    const res = await fetch(`${w.base}/api/deals/${id}/transitions`, { method: 'POST', signal: control.signal,
      headers: { ...headers, 'idempotency-key': `crash-${label}-${n++}` },
      body: JSON.stringify({ to, version: state.version, ...(to === 'signed' ? { annual_value_wan: 120 } : {}) }) });
    const body = await res.json() as { stage: string; version: number; message?: string };
    if (res.status !== 200) throw new Error(`deal ${id} move to ${to} answered ${res.status}: ${body.message}`);
    ledger.deals.set(id, { stage: body.stage, version: body.version });
    ledger.dealInFlight.delete(id);
    ledger.acknowledged.dealMoves++;
  });
}
