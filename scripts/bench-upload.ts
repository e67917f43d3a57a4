/**
 * npm run bench:upload [-- --rows 50000 --interval 50 --baseline 5]
 * Figures, printed, never asserted: how pages answer while an admin uploads a large workbook.
 * The server runs as `npm start` runs it (child process, demo city); probes fire open-loop every
 * --interval ms at the stylesheet and a SQLite page; first --baseline seconds quiet, then one
 * upload of an XLSX of --rows new enterprises, then a workbook of the same size that is mostly
 * junk (every row refused). Reading, checking and writing the rows happen in the worker thread
 * (its own connection, one transaction); the server then re-reads the changed firms for matching
 * in slices — the figures show what is left on the event loop.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { quantile } from './reliability/fixed-rate.ts';
import { signInOverHttp } from './reliability/http-session.ts';
import { DEMO_ACCOUNTS_READY, startServer } from './reliability/server-process.ts';
import { writeWorkbook } from '../server/export/xlsx.ts';
import { withUsccCheck } from '../server/domain/uscc.ts';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '50000' }, interval: { type: 'string', default: '50' }, baseline: { type: 'string', default: '5' } } });
const ROWS = Number(values.rows);
const INTERVAL_MS = Number(values.interval);
const PROBES = { css: '/static/app.css', page: '/enterprises' } as const;
type Probe = keyof typeof PROBES;
interface Sample { probe: Probe; ms: number; status: number }

function probeLoop(base: string, cookie: string) {
  const samples: Sample[] = [];
  const inFlight = new Set<Promise<void>>();
  const fire = (probe: Probe) => {
    const t = performance.now();
    const p = fetch(base + PROBES[probe], { headers: { cookie } }).then(async (res) => { await res.arrayBuffer(); samples.push({ probe, ms: performance.now() - t, status: res.status }); })
      .catch(() => { samples.push({ probe, ms: performance.now() - t, status: 0 }); }).finally(() => inFlight.delete(p));
    inFlight.add(p);
  };
  const timer = setInterval(() => { fire('css'); fire('page'); }, INTERVAL_MS);
  return { async stop() { clearInterval(timer); await Promise.all(inFlight); return samples; } };
}

const uscc = (i: number) => withUsccCheck(`914206${String(90_000_000 + i).padStart(11, '0')}`);
function workbook(junk: boolean): Uint8Array {
  const rows = Array.from({ length: ROWS }, (_, i) => junk
    ? [`bad-${i}`, `企业${i}`, '不存在的区', '不存在的产业链', '核心企业']
    : [uscc(i), `襄阳压测上传企业${i}有限公司`, '樊城区', '汽车产业链', '中小企业']);
  return writeWorkbook([{ name: '企业', rows: [['统一社会信用代码', '企业名称', '所在区县', '所属产业链', '企业类型'], ...rows] }]);
}

async function upload(base: string, session: { cookie: string; csrf: string }, name: string, bytes: Uint8Array): Promise<{ status: number; ms: number }> {
  const form = new FormData();
  form.append('_csrf', session.csrf);
  form.append('files', new Blob([Buffer.from(bytes)]), name);
  const t = performance.now();
  const res = await fetch(`${base}/admin/import`, { method: 'POST', headers: { cookie: session.cookie, 'x-csrf-token': session.csrf }, body: form });
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - t };
}

const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–').padStart(8);
function table(label: string, samples: Sample[], quiet?: Sample[]) {
  for (const probe of Object.keys(PROBES) as Probe[]) {
    const ms = samples.filter((s) => s.probe === probe && s.status === 200).map((s) => s.ms);
    const base = quiet?.filter((s) => s.probe === probe && s.status === 200).map((s) => s.ms);
    const ratio = base ? `   ${(quantile(ms, 0.5) / quantile(base, 0.5)).toFixed(1)}× / ${(quantile(ms, 0.95) / quantile(base, 0.95)).toFixed(1)}× baseline p50/p95` : '';
    console.log(`${`${PROBES[probe]} ${label}`.padEnd(30)} ${String(ms.length).padStart(5)} ${fmt(quantile(ms, 0.5))} ${fmt(quantile(ms, 0.95))} ${fmt(quantile(ms, 1))}${ratio}`);
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'llt-bench-upload-'));
const server = await startServer({ dataDir, demo: true, readyWhen: DEMO_ACCOUNTS_READY, startTimeoutMs: 180_000 });
try {
  const session = await signInOverHttp(server.url, 'admin', 'demo-admin-2026');
  const good = workbook(false);
  const junk = workbook(true);
  console.log(`workbooks: ${ROWS.toLocaleString()} rows each, ${(good.length / 1024).toFixed(0)} KB and ${(junk.length / 1024).toFixed(0)} KB`);
  for (let i = 0; i < 5; i++) for (const path of Object.values(PROBES)) await (await fetch(server.url + path, { headers: { cookie: session.cookie } })).arrayBuffer();
  const quietLoop = probeLoop(server.url, session.cookie);
  await new Promise((r) => setTimeout(r, Number(values.baseline) * 1000));
  const quiet = await quietLoop.stop();
  console.log(`${'probe'.padEnd(30)} ${'n'.padStart(5)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)}`);
  table('quiet', quiet);
  for (const [label, bytes] of [['valid upload', good], ['junk upload', junk]] as const) {
    const loop = probeLoop(server.url, session.cookie);
    const u = await upload(server.url, session, `${label}.xlsx`, bytes);
    const during = await loop.stop();
    console.log(`${label}: answered ${u.status} after ${(u.ms / 1000).toFixed(1)} s`);
    table(`during ${label}`, during, quiet);
  }
} finally {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
