/**
 * npm run bench:login-burst [-- --logins 40 --baseline 10 --interval 100 --concurrency 2 --no-compare]
 * Figures, printed, never asserted: page latency while 40 people log in at once with the real
 * password cost (scrypt N=2^17, r=8, p=1).
 *  - the demo city served as `npm start` serves it (child process), with TRUST_PROXY=127.0.0.1 so
 *    each login comes from its own address (X-Forwarded-For) and the limiter lets every one hash:
 *    the burst is decided by the hashing queue alone;
 *  - probes fired open-loop every --interval ms: the stylesheet (/static/app.css, read from disk by
 *    libuv's thread pool, which scrypt also uses) and a page (/enterprises, SQLite);
 *  - first --baseline seconds without logins, then 40 parallel logins (demo accounts with wrong
 *    passwords and unknown names) while the probes go on; p50/p95 of each, and the ratio burst/baseline;
 *  - then the same with hashing unlimited (PASSWORD_HASH_CONCURRENCY=64: libuv's pool alone decides),
 *    to show what the queue prevents (skip with --no-compare).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { quantile } from './reliability/fixed-rate.ts';
import { csrfFrom } from './reliability/http-session.ts';
import { DEMO_ACCOUNTS_READY, startServer } from './reliability/server-process.ts';

const { values } = parseArgs({ options: {
  logins: { type: 'string', default: '40' }, baseline: { type: 'string', default: '10' }, interval: { type: 'string', default: '100' },
  concurrency: { type: 'string', default: '2' }, 'no-compare': { type: 'boolean', default: false },
} });
const LOGINS = Number(values.logins);
const BASELINE_S = Number(values.baseline);
const INTERVAL_MS = Number(values.interval);
const PROBES = { css: '/static/app.css', page: '/enterprises' } as const;
type Probe = keyof typeof PROBES;
const DEMO_USERS = ['admin', 'official', 'dept', 'buyer', 'supplier'];

interface Sample { probe: Probe; ms: number; status: number }

/** Fires each probe every interval without waiting for the last (open loop), until stopped. */
function probeLoop(base: string) {
  const samples: Sample[] = [];
  const inFlight = new Set<Promise<void>>();
  const fire = (probe: Probe) => {
    const t = performance.now();
    const p = fetch(base + PROBES[probe], { signal: AbortSignal.timeout(120_000) })
      .then(async (res) => { await res.arrayBuffer(); samples.push({ probe, ms: performance.now() - t, status: res.status }); })
      .catch(() => { samples.push({ probe, ms: performance.now() - t, status: 0 }); })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  };
  const timer = setInterval(() => { fire('css'); fire('page'); }, INTERVAL_MS);
  return {
    samples,
    async stop() { clearInterval(timer); await Promise.all(inFlight); return samples; },
  };
}

/** A login form's visitor cookie and CSRF token, fetched before the burst so the burst is only logins. */
async function loginForm(base: string): Promise<{ cookie: string; token: string }> {
  const res = await fetch(`${base}/login`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('llt_visitor='))!;
  return { cookie, token: csrfFrom(await res.text()) };
}

async function burst(base: string): Promise<{ status: number; ms: number }[]> {
  const forms = await Promise.all(Array.from({ length: LOGINS }, () => loginForm(base)));
  return Promise.all(forms.map(async (form, i) => {
    const username = i % 2 === 0 ? DEMO_USERS[i % DEMO_USERS.length]! : `nobody-${i}`;
    const t = performance.now();
    const res = await fetch(`${base}/login`, {
      method: 'POST', redirect: 'manual', signal: AbortSignal.timeout(300_000),
      headers: { cookie: form.cookie, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': `198.51.100.${i + 1}` },
      body: new URLSearchParams({ username, password: `wrong passphrase ${i}`, _csrf: form.token }),
    });
    await res.arrayBuffer();
    return { status: res.status, ms: performance.now() - t };
  }));
}

const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–').padStart(8);
const stats = (xs: number[]) => ({ n: xs.length, p50: quantile(xs, 0.5), p95: quantile(xs, 0.95), max: quantile(xs, 1) });

async function run(label: string, concurrency: number): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'llt-login-burst-'));
  try {
    let t = Date.now();
    const server = await startServer({
      dataDir, demo: true, readyWhen: DEMO_ACCOUNTS_READY, startTimeoutMs: 180_000,
      env: { TRUST_PROXY: '127.0.0.1', PASSWORD_HASH_CONCURRENCY: String(concurrency) },
    });
    console.log(`\n[${label}] server with the demo city answering after ${((Date.now() - t) / 1000).toFixed(1)} s; PASSWORD_HASH_CONCURRENCY=${concurrency}`);
    try {
      for (let i = 0; i < 5; i++) for (const path of Object.values(PROBES)) await (await fetch(server.url + path)).arrayBuffer();

      const quiet = probeLoop(server.url);
      await new Promise((r) => setTimeout(r, BASELINE_S * 1000));
      const baseline = await quiet.stop();

      const busy = probeLoop(server.url);
      t = performance.now();
      const logins = await burst(server.url);
      const burstMs = performance.now() - t;
      const during = await busy.stop();

      const codes = new Map<number, number>();
      for (const l of logins) codes.set(l.status, (codes.get(l.status) ?? 0) + 1);
      const l = stats(logins.map((x) => x.ms));
      console.log(`[${label}] ${LOGINS} parallel logins took ${(burstMs / 1000).toFixed(1)} s: ${[...codes].map(([c, n]) => `${c}×${n}`).join(' ')}` +
        ` (login latency p50 ${(l.p50 / 1000).toFixed(2)} s, p95 ${(l.p95 / 1000).toFixed(2)} s)`);
      console.log(`${'probe'.padEnd(22)} ${'n'.padStart(5)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)} ${'failed'.padStart(7)}   p50/p95 × baseline`);
      for (const probe of Object.keys(PROBES) as Probe[]) {
        const quietMs = baseline.filter((s) => s.probe === probe && s.status === 200).map((s) => s.ms);
        const busyMs = during.filter((s) => s.probe === probe && s.status === 200).map((s) => s.ms);
        const failed = (xs: Sample[]) => xs.filter((s) => s.probe === probe && s.status !== 200).length;
        const q = stats(quietMs);
        const b = stats(busyMs);
        console.log(`${`${PROBES[probe]} baseline`.padEnd(22)} ${String(q.n).padStart(5)} ${fmt(q.p50)} ${fmt(q.p95)} ${fmt(q.max)} ${String(failed(baseline)).padStart(7)}`);
        console.log(`${`${PROBES[probe]} burst`.padEnd(22)} ${String(b.n).padStart(5)} ${fmt(b.p50)} ${fmt(b.p95)} ${fmt(b.max)} ${String(failed(during)).padStart(7)}   ` +
          `${(b.p50 / q.p50).toFixed(1)}× / ${(b.p95 / q.p95).toFixed(1)}×`);
      }
    } finally {
      const exit = await server.stop();
      if (exit.code !== 0) console.log(`server exit: ${JSON.stringify(exit)}\n${server.output().slice(-2000)}`);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await run('queued', Number(values.concurrency));
if (!values['no-compare']) await run('unlimited', 64);
