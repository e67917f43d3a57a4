/** A local webhook receiver for tests: an HTTP server on a free port that keeps what it is sent and answers as told. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received { headers: http.IncomingHttpHeaders; body: string; json: { id: string; type: string; created_at: string; data: Record<string, unknown> } }

export async function startReceiver() {
  const received: Received[] = [];
  const answers: number[] = [];
  const waiters: { test: (r: Received) => boolean; resolve: (r: Received) => void }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (c: string) => { body += c; }).on('end', () => {
      const r: Received = { headers: req.headers, body, json: JSON.parse(body) as Received['json'] };
      received.push(r);
      for (const w of [...waiters]) if (w.test(r)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(r); }
      res.writeHead(answers.shift() ?? 200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/llt`,
    received,
    /** The statuses the next requests get, in order (then 200). */
    answerWith(...statuses: number[]) { answers.push(...statuses); },
    /** From now on, answer 200 again. */
    recover() { answers.length = 0; },
    /** The first request (already received or still to come) that passes `test`. */
    waitFor(test: (r: Received) => boolean, timeoutMs = 10_000): Promise<Received> {
      const seen = received.find(test);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no matching webhook arrived')), timeoutMs);
        waiters.push({ test, resolve: (r) => { clearTimeout(timer); resolve(r); } });
      });
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
