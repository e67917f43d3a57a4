/**
 * npm run bench:load [-- --duration 60 --rate 300 --warmup 5 --data-dir DIR --seed 1 --cpu-prof]
 * npm run bench:load -- --workers 2 [--rate 300 --precision 0.1 …]
 * Figures for the server under load, printed, never asserted:
 *  - the scale world (20k enterprises, 200k listings, 5k components) imported into a DATA_DIR
 *    (a temp one, or --data-dir, which is kept and reused on the next run);
 *  - the server started as `npm start` runs it (child process, DEMO=false, LOG_LEVEL=warn),
 *    an official's API token made by `npm run token`;
 *  - autocannon at a fixed rate (open-loop, see reliability/fixed-rate.ts) over search, listing
 *    pages and the match API: requests/s, latency percentiles and every error counter, per group
 *    and overall. autocannon's own percentiles include its coordinated-omission correction;
 *    the "raw" line is each response's latency from its send time, uncorrected.
 * With --cpu-prof the server runs under V8's profiler and the hottest functions are printed.
 *
 * With --workers N (N > 1) it finds, for WORKERS=1 and then WORKERS=N on the same data in the same
 * run, the highest rate held for --duration seconds with p99 ≤ 100 ms and no errors, timeouts or
 * non-2xx: from --rate (×N for N workers) it steps up (×1.5) while the target is met and down while
 * it is missed, then halves the gap between the best rate met and the lowest missed until it is
 * within --precision (10 %), and tries that lowest miss once more: a miss that does not hold up (a
 * busy moment on a shared machine) sends the search upwards again. Both servers run at once and the two searches take their trials in
 * turn, so a shared machine's drifting load falls on both alike. Each trial is its own warm-up plus
 * run; it prints every trial, then both capacities and their ratio. autocannon runs in this process.
 */
import http from 'node:http';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Result } from 'autocannon';
import { SCALE_DEFAULTS } from './scale/world.ts';
import { hotSpots } from './reliability/cpu-profile.ts';
import { quantile, runFixedRate, type GroupFigures } from './reliability/fixed-rate.ts';
import { loadGroups, type LoadGroup } from './reliability/load-mix.ts';
import { ensureScaleData, waitForRankings } from './reliability/scale-data.ts';
import { createApiToken, startServer } from './reliability/server-process.ts';

const { values } = parseArgs({ options: {
  duration: { type: 'string', default: '60' }, rate: { type: 'string', default: '300' }, warmup: { type: 'string', default: '5' },
  'data-dir': { type: 'string' }, seed: { type: 'string', default: '1' }, 'cpu-prof': { type: 'boolean', default: false },
  enterprises: { type: 'string', default: String(SCALE_DEFAULTS.enterprises) }, listings: { type: 'string', default: String(SCALE_DEFAULTS.listings) },
  components: { type: 'string', default: String(SCALE_DEFAULTS.components) },
  workers: { type: 'string', default: '1' }, precision: { type: 'string', default: '0.1' },
} });
const duration = Number(values.duration);
const rate = Number(values.rate);
const warmup = Number(values.warmup);
const seed = Number(values.seed);
const workers = Number(values.workers);
const precision = Number(values.precision);
const TARGET = { p99Ms: 100 };
if (!Number.isInteger(workers) || workers < 1) throw new Error('--workers must be a whole number ≥ 1');

const fmt = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '–').padStart(7);
const count = (x: number) => String(x).padStart(7);

function row(name: string, r: Result, perSecond: number, raw: number[]): string {
  const codes = Object.entries(r.statusCodeStats).map(([code, s]) => `${code}×${s.count}`).join(' ');
  return `${name.padEnd(9)} ${fmt(perSecond)} ${count(r.requests.sent)} ${count(r.requests.total)} ${fmt(r.latency.p50)} ${fmt(r.latency.p97_5)} ${fmt(r.latency.p99)} ${fmt(r.latency.max, 0)}` +
    ` │ ${fmt(quantile(raw, 0.5))} ${fmt(quantile(raw, 0.975))} ${fmt(quantile(raw, 0.99))} ${fmt(quantile(raw, 1), 0)} ${count(raw.length)}` +
    ` │ ${count(r.errors)} ${count(r.timeouts)} ${count(r.non2xx)} ${count(r['5xx'])}   ${codes}`;
}

async function probe(url: string, groups: ReturnType<typeof loadGroups>): Promise<void> {
  for (const g of groups) {
    const path = g.paths[0]!;
    const res = await fetch(url + path, { headers: g.headers });
    await res.arrayBuffer();
    const note = res.status === 404 && g.name === 'search' ? ' — the search API is not there (404)' : res.ok ? '' : ' — not a 2xx: this group will count as non-2xx';
    console.log(`  probe ${g.name.padEnd(8)} GET ${path} → ${res.status}${note}`);
  }
}

interface Trial { rate: number; achieved: number; p99: number; rawP99: number; errors: number; met: boolean }

/** Warm-up, then `duration` s at a fixed `rate`: whether the target was met (and, with `print`, the whole table). */
async function trial(url: string, groups: LoadGroup[], rate: number, opts: { print: boolean }): Promise<Trial> {
  if (warmup > 0) {
    await runFixedRate(groups, { url, rate, duration: warmup, seed: seed + 1000 });
    if (opts.print) console.log(`warm-up: ${warmup} s at ${rate} req/s (not counted)`);
  }
  const run = await runFixedRate(groups, { url, rate, duration, seed });
  const perSecond = (r: Result) => r.requests.total / duration;
  const errorKinds = new Map<string, number>();
  for (const g of run.groups) for (const [k, n] of g.errorKinds) errorKinds.set(k, (errorKinds.get(k) ?? 0) + n);
  const all: GroupFigures = { name: 'overall', rate, result: run.overall, latencies: run.groups.flatMap((g) => g.latencies), errorKinds };
  const o = run.overall;
  const held = perSecond(o) >= rate * 0.98;
  const met = held && o.latency.p99 <= TARGET.p99Ms && o.errors === 0 && o.timeouts === 0 && o.non2xx === 0;
  if (opts.print) {
    console.log(`\nload: ${duration} s at a fixed ${rate} req/s (${run.seconds.toFixed(1)} s wall, staggered starts included); latency in ms`);
    console.log(`${'group'.padEnd(9)} ${'req/s'.padStart(7)} ${'sent'.padStart(7)} ${'done'.padStart(7)} ${'p50'.padStart(7)} ${'p97.5'.padStart(7)} ${'p99'.padStart(7)} ${'max'.padStart(7)}` +
      ` │ ${'raw p50'.padStart(7)} ${'p97.5'.padStart(7)} ${'p99'.padStart(7)} ${'max'.padStart(7)} ${'count'.padStart(7)} │ ${'errors'.padStart(7)} ${'timeout'.padStart(7)} ${'non2xx'.padStart(7)} ${'5xx'.padStart(7)}   status codes`);
    for (const g of [...run.groups, all]) console.log(row(g.name, g.result, perSecond(g.result), g.latencies));
    if (errorKinds.size) console.log(`errors by kind: ${[...errorKinds].map(([k, n]) => `${k} ×${n}`).join(', ')}`);
    console.log(`\ntarget: ${rate} req/s held for ${duration} s with p99 ≤ ${TARGET.p99Ms} ms, zero errors, timeouts and non-2xx — ` +
      `${met ? 'MET' : 'MISSED'} (achieved ${perSecond(o).toFixed(1)} req/s, p99 ${o.latency.p99} ms, errors ${o.errors}, timeouts ${o.timeouts}, non-2xx ${o.non2xx})`);
  }
  return { rate, achieved: perSecond(o), p99: o.latency.p99, rawP99: quantile(all.latencies, 0.99), errors: o.errors + o.timeouts + o.non2xx, met };
}

/**
 * The search for the highest rate meeting the target, one trial at a time (see the header): ×1.5 up
 * while met, ÷1.5 down while missed, then halving the gap to within `precision`.
 */
class RateSearch {
  best: Trial | null = null;
  private missed: number | null = null;
  /** the lowest miss was tried again and missed again (a busy moment on a shared machine is not a capacity) */
  private missConfirmed = false;
  private rising = true;
  private r: number;
  constructor(start: number) { this.r = start; }

  /** The next rate to try, or null when the search is over. */
  next(): number | null {
    if (this.best && this.missed !== null) {
      if ((this.missed - this.best.rate) / this.best.rate > precision) return Math.round((this.best.rate + this.missed) / 2);
      return this.missConfirmed ? null : this.missed;
    }
    return this.r < 5 ? null : Math.round(this.r);
  }

  record(t: Trial): void {
    if (t.met) {
      this.best = t;
      if (this.missed !== null && t.rate >= this.missed) {
        // the miss did not hold up: search upwards again from here
        this.missed = null;
        this.rising = true;
        this.r = t.rate;
      }
      if (this.rising) this.r *= 1.5;
    } else {
      this.missConfirmed = this.missed === t.rate;
      this.missed = this.missed === null ? t.rate : Math.min(this.missed, t.rate);
      this.rising = false;
      this.r /= 1.5;
    }
  }
}

/** One GET over a connection of its own (node:cluster hands each new connection to the next worker). */
function getOnNewConnection(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(url, { agent: false, headers }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode ?? 0)); }).on('error', reject);
  });
}

/**
 * Every URL of the mix asked `times` times in a row, each over a new connection: with round-robin
 * hand-out, each of `times` workers answers each URL once. Caches (list pages, searches, a component's
 * matches: a cold match costs tens of ms) then start alike for one worker and for N, instead of the
 * capacity measuring how warm the search's earlier trials left them. Four requests at a time.
 */
async function prime(url: string, groups: LoadGroup[], times: number): Promise<number> {
  const started = Date.now();
  const queue = groups.flatMap((g) => g.paths.flatMap((path) => Array.from({ length: times }, () => ({ path, headers: g.headers }))));
  await Promise.all(Array.from({ length: 4 }, async () => {
    for (let next = queue.shift(); next; next = queue.shift()) await getOnNewConnection(url + next.path, next.headers);
  }));
  return (Date.now() - started) / 1000;
}

/**
 * WORKERS=1 and WORKERS=N each on a server of its own over the same data, both running at once (the
 * idle one costs next to nothing), with their trials taken in turn: on a shared machine whose load
 * drifts, both searches see the same stretch of time. Then the two capacities side by side.
 */
async function capacities(dataDir: string, groups: LoadGroup[]): Promise<void> {
  console.log(`capacity: the highest rate held ${duration} s with p99 ≤ ${TARGET.p99Ms} ms and no errors, from ${rate} req/s (×${workers} for WORKERS=${workers}), within ${Math.round(precision * 100)} %; trials taken in turn`);
  const counts = [1, workers];
  const servers = [];
  try {
    for (const n of counts) servers.push(await startServer({ dataDir, demo: false, logLevel: 'warn', env: { WORKERS: String(n) } }));
    await waitForRankings(servers[0]!.databaseFile);
    for (const [i, n] of counts.entries()) console.log(`  WORKERS=${n}: every URL asked ${n}× to start caches alike (${(await prime(servers[i]!.url, groups, n)).toFixed(0)} s)`);
    const searches = counts.map((n) => new RateSearch(rate * n));
    for (;;) {
      let tried = false;
      for (const [i, n] of counts.entries()) {
        const r = searches[i]!.next();
        if (r === null) continue;
        tried = true;
        const t = await trial(servers[i]!.url, groups, r, { print: false });
        searches[i]!.record(t);
        console.log(`  WORKERS=${n}: ${String(t.rate).padStart(5)} req/s → ${t.met ? 'met   ' : 'missed'} (achieved ${t.achieved.toFixed(1)}, p99 ${t.p99} ms, raw p99 ${t.rawP99.toFixed(1)} ms, errors ${t.errors})`);
        await new Promise((resolve) => setTimeout(resolve, 2000));
      }
      if (!tried) break;
    }
    console.log('\ncapacity (highest rate meeting the target):');
    for (const [i, n] of counts.entries()) {
      const best = searches[i]!.best;
      console.log(`  WORKERS=${n}: ${best ? `${best.rate} req/s (p99 ${best.p99} ms, raw p99 ${best.rawP99.toFixed(1)} ms)` : 'none'}`);
    }
    const [one, many] = searches.map((x) => x.best);
    if (one && many) console.log(`  ratio WORKERS=${workers} / WORKERS=1: ${(many.rate / one.rate).toFixed(2)}`);
  } finally {
    for (const server of servers) {
      const exit = await server.stop();
      if (exit.code !== 0) console.log(`server exit: ${JSON.stringify(exit)}\n${server.output().slice(-2000)}`);
    }
  }
}

async function main() {
  const keep = values['data-dir'] !== undefined;
  const dataDir = keep ? resolve(values['data-dir']!) : mkdtempSync(join(tmpdir(), 'llt-load-'));
  const profileDir = mkdtempSync(join(tmpdir(), 'llt-load-prof-'));
  try {
    const data = await ensureScaleData(dataDir, {
      enterprises: Number(values.enterprises), listings: Number(values.listings), components: Number(values.components), seed: 1,
    });
    const c = data.counts;
    console.log(`scale data: ${c.enterprises} enterprises, ${c.listings} listings, ${c.components} components ` +
      (data.built ? `(generated and imported in ${data.seconds.toFixed(1)} s)` : `(reused ${dataDir})`));
    const token = await createApiToken(dataDir, 'official');

    let t = Date.now();
    const server = await startServer({ dataDir, demo: false, logLevel: 'warn', nodeArgs: values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [] });
    console.log(`server: answering after ${((Date.now() - t) / 1000).toFixed(1)} s on ${server.url}`);
    try {
      t = Date.now();
      await waitForRankings(server.databaseFile);
      console.log(`server: every component ranked after ${((Date.now() - t) / 1000).toFixed(1)} s more`);
      const groups = loadGroups(server.databaseFile, token, seed);
      await probe(server.url, groups);
      console.log(`mix: ${groups.map((g) => `${g.name} ${Math.round(g.share * 100)}% (${g.paths.length} URLs)`).join(', ')}; one request per connection per second,` +
        ' autocannon instances of 3 connections started evenly over the first second');
      if (workers > 1) {
        // each worker count gets a server of its own
        await server.stop();
        await capacities(dataDir, groups);
      } else await trial(server.url, groups, rate, { print: true });
    } finally {
      const exit = await server.stop();
      if (exit.code !== 0) console.log(`server exit: ${JSON.stringify(exit)}\n${server.output().slice(-2000)}`);
    }
    if (values['cpu-prof']) {
      const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
      if (!file) console.log('no CPU profile was written');
      else {
        const h = hotSpots(join(profileDir, file));
        console.log(`\nserver CPU profile: busy ${(h.busyMs / 1000).toFixed(1)} s of ${(h.totalMs / 1000).toFixed(1)} s`);
        console.log('self time:');
        for (const s of h.self) console.log(`  ${(s.ms / 1000).toFixed(2).padStart(7)} s ${(s.share * 100).toFixed(1).padStart(5)}%  ${s.name}`);
        console.log('project functions, with what they call:');
        for (const s of h.ownCode) console.log(`  ${(s.ms / 1000).toFixed(2).padStart(7)} s ${(s.share * 100).toFixed(1).padStart(5)}%  ${s.name}`);
      }
    }
  } finally {
    rmSync(profileDir, { recursive: true, force: true });
    if (!keep) rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
