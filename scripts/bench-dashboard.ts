/**
 * npm run bench:dashboard [-- --enterprises 20000 --components 5000 --deals 20000 --requests 200]
 * Figures for the officials' dashboard, printed, never asserted: a scale world (writeScaleWorld) imported into a
 * fresh database, every component ranked, then `--deals` deals spread over the pipeline; then
 * sequential HTTP requests to the dashboard, the near-site API, the quarterly report and the
 * attraction pages (targets, what-if, cultivation, chain map) on a listening server: p50 / p95 / max,
 * with the cost of the same near-site computation in-process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/client.ts';
import { buildApp } from '../server/app.ts';
import { testConfig } from '../server/config.ts';
import { systemClock } from '../server/clock.ts';
import { importFiles } from '../server/import/index.ts';
import { loadNearSiteInput } from '../server/metrics/load.ts';
import { nearSite } from '../server/metrics/near-site.ts';
import { worldFiles } from './eval/evaluate.ts';
import { writeScaleWorld } from './scale/world.ts';

const { values } = parseArgs({ options: {
  enterprises: { type: 'string', default: '20000' }, components: { type: 'string', default: '5000' },
  deals: { type: 'string', default: '20000' }, requests: { type: 'string', default: '200' },
} });
const quantile = (xs: number[], q: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]!; };
const line = (label: string, xs: number[]) => console.log(`${label.padEnd(44)} p50 ${quantile(xs, 0.5).toFixed(1)} ms  p95 ${quantile(xs, 0.95).toFixed(1)} ms  max ${Math.max(...xs).toFixed(1)} ms  (n=${xs.length})`);

/** A deterministic spread of deals over the pipeline, signed dates through 2026. */
function seedDeals(sqlite: ReturnType<typeof openDatabase>['sqlite'], count: number): void {
  const components = sqlite.prepare<[], { id: number; buyerId: number; value: number }>('select id, buyer_id as buyerId, annual_value_wan as value from components').all();
  const locals = sqlite.prepare<[], number>(`select e.id from enterprises e join regions r on r.code = e.region_code where r.kind = 'local' and e.tier != 'chain_leader'`).pluck().all();
  const stages = ['recommended', 'recommended', 'contacted', 'contacted', 'sampling', 'quoting', 'signed', 'supplying', 'lost', 'lost'];
  let seed = 7;
  const random = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
  const insert = sqlite.prepare(`insert into deals (component_id, buyer_id, supplier_id, stage, annual_value_wan, lost_reason, signed_at, created_at, updated_at)
    values (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const start = Date.parse('2026-01-01T00:00:00+08:00');
  sqlite.transaction(() => {
    for (let i = 0; i < count; i++) {
      const c = components[Math.floor(random() * components.length)]!;
      const stage = stages[Math.floor(random() * stages.length)]!;
      const at = start + Math.floor(random() * 330) * 86_400_000;
      const signed = stage === 'signed' || stage === 'supplying';
      insert.run(c.id, c.buyerId, locals[Math.floor(random() * locals.length)]!, stage, signed ? c.value : null, stage === 'lost' ? '价格' : null, signed ? at : null, at, at);
    }
  })();
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'llt-dash-'));
  const database = openDatabase(':memory:');
  try {
    await writeScaleWorld(dir, { enterprises: Number(values.enterprises), components: Number(values.components), listings: 0, seed: 1 });
    let t = performance.now();
    importFiles(database.sqlite, worldFiles(dir), { now: Date.now(), skipInvalid: true, source: 'bench' });
    console.log(`import: ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const app = await buildApp({ config: testConfig(), database, clock: systemClock });
    t = performance.now();
    app.matching.queueStale();
    await app.matching.settled();
    console.log(`rank every component (${database.sqlite.prepare('select count(*) from component_match_status').pluck().get()}) in the background queue: ${((performance.now() - t) / 1000).toFixed(1)} s`);
    seedDeals(database.sqlite, Number(values.deals));
    console.log(`deals: ${database.sqlite.prepare('select count(*) from deals').pluck().get()}`);

    const { token } = app.accounts.createApiToken({ name: 'bench', role: 'official', enterpriseId: null, createdBy: null }, Date.now());
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const headers = { authorization: `Bearer ${token}` };
    const n = Number(values.requests);
    const time = async (path: string, extra: Record<string, string> = {}) => {
      const xs: number[] = [];
      for (let i = 0; i < n; i++) {
        const s = performance.now();
        const res = await fetch(address + path, { headers: { ...headers, ...extra } });
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`${path}: ${res.status}`);
        xs.push(performance.now() - s);
      }
      return xs;
    };
    await time('/dashboard?year=2026');
    line('GET /dashboard?year=2026 (HTTP)', await time('/dashboard?year=2026'));
    line('GET /dashboard as an htmx fragment (HTTP)', await time('/dashboard?year=2026', { 'hx-request': 'true' }));
    line('GET /api/metrics/near-site?year=2026 (HTTP)', await time('/api/metrics/near-site?year=2026'));
    line('GET /api/metrics/near-site?…&quarter=3&chain=auto (HTTP)', await time('/api/metrics/near-site?year=2026&quarter=3&chain=auto'));
    line('GET /reports/quarterly.xlsx (HTTP)', await time('/reports/quarterly.xlsx?year=2026'));
    // Attraction pages: the first request ranks the parts it reads (cold), later ones are answered
    // from the read cache until the next write (warm). Each is timed once cold, then warm.
    for (const [label, path, extra] of [
      ['GET /api/attraction/targets', '/api/attraction/targets', {}],
      ['GET /attraction (targets page)', '/attraction', {}],
      ['GET /dashboard/what-if (fragment)', '/dashboard/what-if?year=2026', { 'hx-request': 'true' }],
      ['GET /attraction/cultivation', '/attraction/cultivation', {}],
      ['GET /chains/auto', '/chains/auto', {}],
    ] as [string, string, Record<string, string>][]) {
      const s = performance.now();
      const res = await fetch(address + path, { headers: { ...headers, ...extra } });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${path}: ${res.status}`);
      console.log(`${`${label} first request`.padEnd(44)} ${(performance.now() - s).toFixed(1)} ms`);
      line(`${label} (HTTP)`, await time(path, extra));
    }
    const inProcess: number[] = [];
    for (let i = 0; i < n; i++) { const s = performance.now(); nearSite(loadNearSiteInput(database.sqlite), { year: 2026 }); inProcess.push(performance.now() - s); }
    line('near-site load + compute (in-process floor)', inProcess);
    console.log('target: dashboard and near-site API p95 ≤ 200 ms');
    await app.close();
  } finally {
    database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
