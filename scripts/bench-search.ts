/**
 * npm run bench:search [-- --enterprises 20000 --listings 200000 --rounds 30] [--keep DIR]
 * --keep DIR keeps the built database in DIR and reuses it when it is there (query experiments at 1M
 * without rebuilding; the import and build figures are then not printed).
 * --http-only times the HTTP requests alone: otherwise each follows the same query run in-process,
 * whose pages are then still in SQLite's cache (unmapped, at 1M: HTTP p50 21.9 ms alone, 13.4 after it).
 * Figures for search, printed, never asserted:
 *  - the scale world imported into a temp database, then the embedded index built from it: time and size;
 *  - a fixed query mix (1-, 2-, 3-character words, multi-word, codes, faceted, geo), timed in-process
 *    (EmbeddedSearchIndex.searchNow) and over HTTP (the app listening on a random port, sequential requests
 *    over one kept-alive connection with node:http — the client runs in this process, so what it costs is
 *    counted as the server's: fetch (undici) cost 1.0–1.5 ms a request more at 1M, and its garbage);
 *  - the HTTP round trip of a search that finds nothing, through the same client: what HTTP itself costs;
 *  - the same queries as bare FTS5 MATCH on the same index, the floor, in the same run: the first 20
 *    matches (no ranking), every match counted (the whole MATCH evaluated), and the best 20 by FTS5's
 *    bm25 (ORDER BY rank).
 */
import http from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { mapReads, openDatabase } from '../db/client.ts';
import { buildApp } from '../server/app.ts';
import { testConfig } from '../server/config.ts';
import { systemClock } from '../server/clock.ts';
import { importFiles } from '../server/import/index.ts';
import { rebuildSearchIndex } from '../server/search/sync.ts';
import { EmbeddedSearchIndex } from '../search/embedded/embedded-index.ts';
import type { SearchQuery } from '../search/search-index.ts';
import { writeScaleWorld } from './scale/world.ts';
import { cityDate } from '../server/vocabulary.ts';

const { values } = parseArgs({ options: {
  enterprises: { type: 'string', default: '20000' }, listings: { type: 'string', default: '200000' },
  components: { type: 'string', default: '5000' }, rounds: { type: 'string', default: '30' }, keep: { type: 'string' },
  'http-only': { type: 'boolean', default: false },
} });
const rounds = Number(values.rounds);

interface MixEntry { label: string; params: Record<string, string | string[]> }
const MIX: MixEntry[] = [
  { label: '1 char', params: { q: '钢' } },
  { label: '1 char', params: { q: '铝' } },
  { label: '2 chars', params: { q: '模具' } },
  { label: '2 chars', params: { q: '钢板' } },
  { label: '2 chars', params: { q: '加工' } },
  { label: '3 chars', params: { q: '不锈钢' } },
  { label: '3 chars', params: { q: '热处理' } },
  { label: 'compound', params: { q: '注塑模具' } },
  { label: 'multi-word', params: { q: '数控加工 铝合金' } },
  { label: 'multi-word', params: { q: '压铸 汽车 壳体' } },
  { label: 'code', params: { q: 'IATF16949' } },
  { label: 'code', params: { q: '6061-T6' } },
  { label: 'code', params: { q: 'ADC12' } },
  { label: 'code', params: { q: 'GB/T 19001' } },
  { label: 'faceted', params: { q: '压铸', chain: 'auto', type: 'listing', kind: 'demand' } },
  { label: 'faceted', params: { q: '', type: 'enterprise', cert: 'certification.iatf16949', region: '420671' } },
  { label: 'faceted', params: { q: '轴承', tier: ['specialized', 'core'] } },
  { label: 'geo', params: { q: '加工', sort: 'distance', lat: '32.0447', lng: '112.1354' } },
  { label: 'geo', params: { q: '热处理', sort: 'distance', lat: '32.0103', lng: '112.1342' } },
  { label: 'geo', params: { q: '', type: 'enterprise', sort: 'distance', lat: '32.0871', lng: '112.2112' } },
];

const queryString = (p: MixEntry['params']) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) for (const item of Array.isArray(v) ? v : [v]) s.append(k, item);
  return s.toString();
};
/** One kept-alive connection, as a client that sends many queries keeps it; the status and the body read whole. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http.get(url, { agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    }).on('error', reject);
  });
}
const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function toQuery(p: MixEntry['params'], today: string): SearchQuery {
  const one = (k: string) => { const v = p[k]; return Array.isArray(v) ? v[0] : v; };
  return {
    text: one('q') ?? '', types: one('type') ? [one('type') as 'listing'] : [], limit: 20, offset: 0, today,
    filters: { kind: list(p.kind), chain: list(p.chain), region: list(p.region), tier: list(p.tier), cert: list(p.cert) },
    ...(one('sort') === 'distance' ? { sort: { by: 'distance' as const, from: { lat: Number(one('lat')), lng: Number(one('lng')) } } } : {}),
  };
}

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const quantile = (xs: number[], q: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]!; };
const fmt = (x: number) => x.toFixed(2).padStart(7);
/** Pads to a width in terminal columns (an ideograph takes two), cutting what is longer. */
function padVisual(text: string, width: number): string {
  let out = '';
  let used = 0;
  for (const ch of text) {
    const w = /[\u3000-\u9fff\uff00-\uffef]/u.test(ch) ? 2 : 1;
    if (used + w > width) break;
    out += ch;
    used += w;
  }
  return out + ' '.repeat(width - used);
}

async function build(dir: string) {
  const world = join(dir, 'world');
  await writeScaleWorld(world, { enterprises: Number(values.enterprises), listings: Number(values.listings), components: Number(values.components), seed: 1 });
  const database = openDatabase(join(dir, 'bench.sqlite'));
  // read from disk as the import goes (the import streams), as the import command does
  const files = readdirSync(world).filter((n) => n.endsWith('.csv')).sort().map((name) => ({ name, path: join(world, name) }));
  let t = process.hrtime.bigint();
  const report = importFiles(database.sqlite, files, { now: systemClock.now(), skipInvalid: true, source: 'bench' });
  const c = report.counts!;
  console.log(`scale world: ${c.enterprises.inserted} enterprises, ${c.listings.inserted} listings (imported without the index in ${(ms(t) / 1000).toFixed(1)} s)`);
  rmSync(world, { recursive: true, force: true });

  const index = new EmbeddedSearchIndex(database.sqlite);
  t = process.hrtime.bigint();
  const documents = await rebuildSearchIndex(database.sqlite, index);
  const buildS = ms(t) / 1000;
  database.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  const sizes = database.sqlite.prepare<[], { name: string; bytes: number }>(`select name, sum(pgsize) as bytes from dbstat where name like 'search%' group by name`).all();
  const indexMiB = sizes.reduce((n, s) => n + s.bytes, 0) / 1048576;
  const ftsMiB = sizes.filter((s) => s.name.startsWith('search_fts')).reduce((n, s) => n + s.bytes, 0) / 1048576;
  console.log(`index build: ${documents} documents in ${buildS.toFixed(1)} s; size ${indexMiB.toFixed(0)} MiB (FTS5 ${ftsMiB.toFixed(0)} MiB, documents + R*Tree ${(indexMiB - ftsMiB).toFixed(0)} MiB)`);
  console.log(`peak RSS so far: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
  mapReads(database.sqlite); // queries read as the server's do (db/client.ts); the import and build figures above without
  return { database, index };
}

async function main() {
  const dir = values.keep ?? mkdtempSync(join(tmpdir(), 'llt-bench-search-'));
  try {
    const reuse = values.keep !== undefined && existsSync(join(dir, 'bench.sqlite'));
    if (values.keep) mkdirSync(dir, { recursive: true });
    const { database, index } = reuse
      ? (() => { const database = openDatabase(join(dir, 'bench.sqlite'), { mapped: true }); return { database, index: new EmbeddedSearchIndex(database.sqlite) }; })()
      : await build(dir);
    if (reuse) console.log(`reusing ${join(dir, 'bench.sqlite')}`);

    const today = cityDate(systemClock.now());
    const queries = MIX.map((m) => ({ ...m, query: toQuery(m.params, today), url: `/api/search?${queryString(m.params)}` }));
    // the floor reads from the oldest (first 20, every match counted): the expression written for that end
    const floorRows = queries.map((q) => index.matchFor(q.query, 'oldest')!);
    const bare = database.sqlite.prepare('select rowid from search_fts where search_fts match ? limit 20');
    const counted = database.sqlite.prepare('select count(*) from search_fts where search_fts match ?');
    const ranked = database.sqlite.prepare('select rowid from search_fts where search_fts match ? order by rank limit 20');

    const app = await buildApp({ config: testConfig({ logLevel: 'silent' }), database, clock: systemClock, search: index });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });

    const times = { inProcess: [] as number[][], http: [] as number[][], bare: [] as number[][], counted: [] as number[][], ranked: [] as number[][] };
    for (const k of Object.keys(times) as (keyof typeof times)[]) times[k] = queries.map(() => []);
    for (let round = -3; round < rounds; round++) {
      for (let i = 0; i < queries.length; i++) {
        const q = queries[i]!;
        let s = process.hrtime.bigint();
        // the in-process call warms SQLite's cache with the very pages the HTTP request then reads: --http-only leaves it out
        if (!values['http-only']) index.searchNow(q.query);
        const inProcess = ms(s);
        // Each round repeats the same queries: empty the app's read cache so every request really searches.
        app.reads.clear();
        s = process.hrtime.bigint();
        const res = await get(`${address}${q.url}`);
        if (res.status !== 200) throw new Error(`${q.url}: ${res.status} ${res.body}`);
        const http = ms(s);
        s = process.hrtime.bigint();
        bare.all(floorRows[i]);
        const bareMs = ms(s);
        s = process.hrtime.bigint();
        counted.get(floorRows[i]);
        const countedMs = ms(s);
        s = process.hrtime.bigint();
        ranked.all(floorRows[i]);
        const rankedMs = ms(s);
        if (round < 0) continue;
        times.inProcess[i]!.push(inProcess); times.http[i]!.push(http); times.bare[i]!.push(bareMs);
        times.counted[i]!.push(countedMs); times.ranked[i]!.push(rankedMs);
      }
    }
    // HTTP alone: a query whose words are in no document (the search itself a few hundredths of a millisecond)
    const nothing: number[] = [];
    for (let i = 0; i < 200; i++) {
      app.reads.clear();
      const s = process.hrtime.bigint();
      const res = await get(`${address}/api/search?q=${encodeURIComponent('犇犇犇')}`);
      if (res.status !== 200) throw new Error(`round trip: ${res.status}`);
      if (i >= 20) nothing.push(ms(s));
    }
    agent.destroy();
    await app.close();

    console.log(`\nquery mix: ${queries.length} queries × ${rounds} rounds, sequential; milliseconds (p50 per query)`);
    console.log(`${'query'.padEnd(44)} ${'total'.padStart(7)} ${'in-proc'.padStart(7)} ${'HTTP'.padStart(7)} ${'FTS5:20'.padStart(7)} ${'FTS5:all'.padStart(8)} ${'FTS5:rank'.padStart(9)}`);
    for (let i = 0; i < queries.length; i++) {
      const q = queries[i]!;
      const total = index.searchNow(q.query);
      console.log(`${padVisual(`${q.label}: ${decodeURIComponent(queryString(q.params)).replaceAll('+', ' ')}`, 44)} ${String(total.total).padStart(6)}${total.totalExact ? ' ' : '~'} ${fmt(quantile(times.inProcess[i]!, 0.5))} ${fmt(quantile(times.http[i]!, 0.5))} ${fmt(quantile(times.bare[i]!, 0.5))} ${fmt(quantile(times.counted[i]!, 0.5)).padStart(8)} ${fmt(quantile(times.ranked[i]!, 0.5)).padStart(9)}`);
    }
    const all = (k: keyof typeof times) => times[k].flat();
    const line = (label: string, xs: number[]) => console.log(`${label.padEnd(44)} p50 ${fmt(quantile(xs, 0.5))}   p95 ${fmt(quantile(xs, 0.95))}   max ${fmt(Math.max(...xs))}`);
    console.log('');
    line('in-process (EmbeddedSearchIndex.searchNow)', all('inProcess'));
    line('HTTP GET /api/search', all('http'));
    line('HTTP round trip, a search that finds nothing', nothing);
    line('floor: bare FTS5 MATCH, first 20', all('bare'));
    line('floor: bare FTS5 MATCH, every match counted', all('counted'));
    line('floor: bare FTS5 MATCH ORDER BY rank (bm25)', all('ranked'));
    const p95 = (k: keyof typeof times) => quantile(all(k), 0.95);
    const ratio = (k: keyof typeof times) => `HTTP ${(p95('http') / p95(k)).toFixed(2)}×, in-process ${(p95('inProcess') / p95(k)).toFixed(2)}×`;
    console.log(`\nratio of p95 to the floor — first 20: ${ratio('bare')}; every match: ${ratio('counted')}; bm25-ranked: ${ratio('ranked')}`);
    console.log('targets: HTTP p95 ≤ 20 ms; within 3× of the floor');
    database.close();
  } finally {
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
