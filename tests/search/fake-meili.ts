/**
 * A small stand-in for a Meilisearch server on loopback: it records every request the real
 * client sends, answers with tasks whose outcome a test decides, and can hang to provoke
 * timeouts. It does not search; it proves what goes over the wire.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded { method: string; path: string; query: URLSearchParams; body: unknown; authorization: string | undefined }
type Outcome = { status: 'succeeded' } | { status: 'failed'; message: string; code: string };

export class FakeMeili {
  readonly requests: Recorded[] = [];
  /** Outcome of the next tasks by type (indexCreation, settingsUpdate, documentAdditionOrUpdate, documentDeletion); default success. */
  readonly outcomes = new Map<string, Outcome[]>();
  /** Paths (prefix) that never answer, to test timeouts. */
  readonly hang = new Set<string>();
  searchResponse: Record<string, unknown> = { hits: [], estimatedTotalHits: 0, offset: 0, limit: 20, processingTimeMs: 1, query: '', facetDistribution: {} };
  private readonly tasks = new Map<number, { type: string; outcome: Outcome; indexUid: string | null }>();
  private nextTask = 1;
  private server: Server | undefined;
  private readonly hanging = new Set<ServerResponse>();

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  failNext(type: string, message: string, code = 'internal'): void {
    this.outcomes.set(type, [...(this.outcomes.get(type) ?? []), { status: 'failed', message, code }]);
  }

  requestsTo(method: string, pathPart: string): Recorded[] {
    return this.requests.filter((r) => r.method === method && r.path.includes(pathPart));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    const record: Recorded = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, body: text ? JSON.parse(text) : undefined, authorization: req.headers.authorization };
    this.requests.push(record);
    if ([...this.hang].some((p) => url.pathname.startsWith(p))) { this.hanging.add(res); return; }
    const json = (status: number, body: unknown) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(body)); };
    const enqueue = (type: string, indexUid: string | null) => {
      const queue = this.outcomes.get(type) ?? [];
      const outcome = queue.shift() ?? { status: 'succeeded' };
      const uid = this.nextTask++;
      this.tasks.set(uid, { type, outcome, indexUid });
      json(202, { taskUid: uid, indexUid, status: 'enqueued', type, enqueuedAt: new Date().toISOString() });
    };
    const index = /^\/indexes\/([^/]+)/.exec(url.pathname)?.[1] ?? null;
    const m = record.method;
    if (m === 'GET' && url.pathname.startsWith('/tasks/')) {
      const uid = Number(url.pathname.split('/')[2]);
      const task = this.tasks.get(uid);
      if (!task) return json(404, { message: 'task not found', code: 'task_not_found', type: 'invalid_request', link: '' });
      const { outcome } = task;
      return json(200, {
        uid, batchUid: uid, indexUid: task.indexUid, status: outcome.status, type: task.type, canceledBy: null, details: {},
        error: outcome.status === 'failed' ? { message: outcome.message, code: outcome.code, type: 'internal', link: '' } : null,
        duration: 'PT0.001S', enqueuedAt: new Date().toISOString(), startedAt: new Date().toISOString(), finishedAt: new Date().toISOString(),
      });
    }
    if (m === 'POST' && url.pathname === '/indexes') return enqueue('indexCreation', (record.body as { uid: string }).uid);
    if (m === 'POST' && url.pathname === '/swap-indexes') return enqueue('indexSwap', null);
    if (m === 'DELETE' && /^\/indexes\/[^/]+$/.test(url.pathname)) return enqueue('indexDeletion', index);
    if (m === 'PATCH' && url.pathname.endsWith('/settings')) return enqueue('settingsUpdate', index);
    if (m === 'POST' && url.pathname.endsWith('/documents')) return enqueue('documentAdditionOrUpdate', index);
    if (m === 'PUT' && url.pathname.endsWith('/documents')) return enqueue('documentAdditionOrUpdate', index);
    if (m === 'POST' && url.pathname.endsWith('/documents/delete')) return enqueue('documentDeletion', index);
    if (m === 'DELETE' && url.pathname.endsWith('/documents')) return enqueue('documentDeletion', index);
    if (m === 'POST' && url.pathname.endsWith('/search')) return json(200, this.searchResponse);
    if (m === 'GET' && url.pathname.endsWith('/stats')) return json(200, { numberOfDocuments: 0, isIndexing: false, fieldDistribution: {} });
    json(404, { message: `no route ${m} ${url.pathname}`, code: 'not_found', type: 'invalid_request', link: '' });
  }
}
