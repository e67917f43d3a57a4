/**
 * WORKERS=2 on the real server (child processes, as `npm start` runs them): one process runs the
 * background work; a write made by another process (here, an import the way the command line makes
 * it) is on every worker's cached page at once; the login and API limits count for the server, not per
 * worker; a killed worker is replaced; SIGTERM stops them all cleanly.
 */
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, onTestFailed } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { importFiles } from '../../server/import/index.ts';
import { searchFeed } from '../../server/search/sync.ts';
import { EmbeddedSearchIndex } from '../../search/embedded/embedded-index.ts';
import { DATABASE_FILE, startServer, type ServerProcess } from '../../scripts/reliability/server-process.ts';
import { csv, usccFor } from '../helpers.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'cluster-workers-'));
let server: ServerProcess | undefined;
afterAll(async () => { await server?.kill(); rmSync(dataDir, { recursive: true, force: true }); });

/** A page over a new connection each time, so the primary hands it to the next worker in turn. */
function page(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http.get(url, { agent: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => { body += c.toString('utf8'); });
      res.on('end', () => resolve(body));
    }).on('error', reject);
  });
}

/** A request over a new connection (the next worker in turn): status, headers and body. */
function call(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => { body += c.toString('utf8'); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const workerPids = (primary: number) => readFileSync(`/proc/${primary}/task/${primary}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);

/** Imports a firm and a supply listing from outside the server, as `npm run import` does. */
function importListing(n: number, title: string): void {
  const database = openDatabase(join(dataDir, DATABASE_FILE));
  try {
    const uscc = usccFor(7000 + n);
    const report = importFiles(database.sqlite, [
      { name: 'enterprises.csv', bytes: Buffer.from(csv([['uscc', 'name', 'region', 'chains', 'tier'], [uscc, `襄阳多进程测试${n}有限公司`, '襄州区', '汽车产业链', '专精特新']])) },
      { name: 'listings.csv', bytes: Buffer.from(csv([['ref', 'uscc', 'kind', 'title', 'chain', 'valid_until'], [`LW${n}`, uscc, 'supply', title, '汽车产业链', '2027-06-30']])) },
    ], { now: Date.now(), feed: searchFeed(database.sqlite, new EmbeddedSearchIndex(database.sqlite)) });
    if (!report.loaded) throw new Error(JSON.stringify(report.problems));
  } finally {
    database.close();
  }
}

describe('WORKERS=2', () => {
  it('serves from two processes that agree at once, with background work in one, restarts a dead worker and stops on SIGTERM', { timeout: 120_000 }, async () => {
    importListing(1, '多进程测试旧加工');
    server = await startServer({ dataDir, demo: false, logLevel: 'info', env: { WORKERS: '2', LOG_FORMAT: 'json', API_RATE_LIMIT: '5' } });
    onTestFailed(() => console.log(server?.output().slice(-4000)));
    const primary = server.child.pid!;
    // both workers listening (the primary says so once the second does)
    for (let i = 0; i < 200 && !server.output().includes('2 个工作进程已启动'); i++) await new Promise((r) => setTimeout(r, 50));
    const pids = workerPids(primary);
    expect(pids).toHaveLength(2);

    // Each worker caches the list page (a new connection per request: round-robin reaches both).
    for (let i = 0; i < 6; i++) expect(await page(`${server.url}/listings`)).toContain('多进程测试旧加工');
    importListing(2, '多进程测试新加工');
    for (let i = 0; i < 6; i++) expect(await page(`${server.url}/listings`)).toContain('多进程测试新加工');

    const leaders = server.output().split('\n').filter((l) => l.includes('this process runs the background work'));
    expect(leaders).toHaveLength(1);

    // One allowance for the server, not one per worker: 5 API calls a minute from this address, each over a new connection.
    const api = [];
    for (let i = 0; i < 7; i++) api.push((await call(`${server.url}/api/search?q=加工`)).status);
    expect(api).toEqual([200, 200, 200, 200, 200, 429, 429]);
    // Three free sign-in tries at one account from one address, counted on both workers: the fourth waits.
    const form = await call(`${server.url}/login`);
    const cookie = String(form.headers['set-cookie']).split(';')[0]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const logins = [];
    for (let i = 0; i < 4; i++) {
      const body = new URLSearchParams({ username: 'nobody.here', password: `guess number ${i}`, _csrf: csrf }).toString();
      logins.push((await call(`${server.url}/login`, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body })).status);
    }
    expect(logins).toEqual([401, 401, 401, 429]);

    process.kill(pids[1]!, 'SIGKILL');
    let now: number[] = [];
    for (let i = 0; i < 200; i++) {
      now = workerPids(primary);
      if (now.length === 2 && !now.includes(pids[1]!)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(now).toHaveLength(2);
    expect(now).not.toContain(pids[1]);
    const listening = () => server!.output().match(/Server listening at/g)?.length ?? 0;
    for (let i = 0; i < 400 && listening() < 3; i++) await new Promise((r) => setTimeout(r, 50));
    expect(listening()).toBe(3);
    for (let i = 0; i < 4; i++) expect(await page(`${server.url}/listings`)).toContain('多进程测试新加工');
    // the counts live in the primary: a worker started afresh still knows this address used its minute
    for (let i = 0; i < 2; i++) expect((await call(`${server.url}/api/search?q=加工`)).status).toBe(429);

    const exit = await server.stop();
    expect(exit).toEqual({ code: 0, signal: null });
    expect(server.output().match(/database closed/g)).toHaveLength(2);
  });
});
