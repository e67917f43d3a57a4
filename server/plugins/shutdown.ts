/**
 * Stopping without dropping a request the server already accepted. Closing the listener at once
 * resets every connection the kernel had accepted but the app had not read yet (Node closes
 * connections without a request on close) — under load those are real requests, and their
 * clients see ECONNRESET. So a stop drains first: it keeps listening for a moment and answers
 * every new request 503 with `Connection: close`, until each open connection has sent its
 * request (or waited too long to) and no new one arrived for a little while; then the caller
 * closes the app, which waits for the requests still running.
 */
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { HttpError } from './errors.ts';

export interface DrainOptions {
  /** drained once no connection arrived for this long */
  quietMs?: number;
  /** a connection that sent nothing for this long no longer holds the drain (a stalled client) */
  firstRequestMs?: number;
  /** the drain never lasts longer than this */
  maxMs?: number;
}

export interface Shutdown {
  readonly stopping: boolean;
  /** Starts answering 503 and resolves when the connections already made have been heard. */
  drain(): Promise<void>;
}

/** Call before listen: tracks connections and installs the 503 and Connection: close answers of a stopping server. */
export function prepareShutdown(app: FastifyInstance, opts: DrainOptions = {}): Shutdown {
  const quietMs = opts.quietMs ?? 150;
  const firstRequestMs = opts.firstRequestMs ?? 1_000;
  const maxMs = opts.maxMs ?? 2_000;
  const connections = new Map<Socket, { openedAt: number; heard: boolean }>();
  let lastConnectionAt = 0;
  let stopping = false;

  app.server.on('connection', (socket: Socket) => {
    lastConnectionAt = Date.now();
    connections.set(socket, { openedAt: lastConnectionAt, heard: false });
    socket.once('close', () => connections.delete(socket));
  });
  app.server.on('request', (request: { socket: Socket }) => {
    const c = connections.get(request.socket);
    if (c) c.heard = true;
  });
  app.addHook('onRequest', async () => {
    if (stopping) throw new HttpError(503, 'shutting_down', '服务器正在停止，请稍后重试');
  });
  // An answer sent while stopping says so, or its keep-alive connection would stay open and hold up close().
  app.addHook('onSend', async (_request, reply) => {
    if (stopping) reply.header('connection', 'close').header('retry-after', '5');
  });

  const unheard = (now: number) => [...connections.values()].some((c) => !c.heard && now - c.openedAt < firstRequestMs);

  return {
    get stopping() { return stopping; },
    async drain() {
      stopping = true;
      const started = Date.now();
      for (;;) {
        const now = Date.now();
        if (now - started >= maxMs) return;
        if (now - lastConnectionAt >= quietMs && !unheard(now)) return;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
  };
}
