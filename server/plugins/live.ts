/**
 * Live updates over WebSocket at /ws. A connection is accepted only for a signed-in
 * session (the route's access rule) from this site's own Origin; the hub then pushes
 * events to the connections whose actor a filter selects (a firm's buyers, officials).
 */
import type { FastifyInstance } from 'fastify';
import websocket from '@fastify/websocket';
import type { WebSocket } from 'ws';
import type { SignedIn } from '../auth/policy.ts';
import { HttpError } from './errors.ts';
import { ownOrigin } from './csrf.ts';

export type LiveEvent =
  | { type: 'notification'; title: string; body: string; href?: string; unread: number }
  | { type: 'refresh'; topic: string };

interface Client { socket: WebSocket; actor: SignedIn }

export class LiveHub {
  private readonly clients = new Set<Client>();

  add(socket: WebSocket, actor: SignedIn): void {
    const client = { socket, actor };
    this.clients.add(client);
    socket.on('close', () => this.clients.delete(client));
  }

  /** Sends to every open connection whose actor passes `to`; returns how many got it. */
  send(to: (actor: SignedIn) => boolean, event: LiveEvent | ((actor: SignedIn) => LiveEvent)): number {
    let sent = 0;
    for (const c of this.clients) {
      if (c.socket.readyState !== c.socket.OPEN || !to(c.actor)) continue;
      c.socket.send(JSON.stringify(typeof event === 'function' ? event(c.actor) : event));
      sent++;
    }
    return sent;
  }

  get size(): number { return this.clients.size; }

  closeAll(): void {
    for (const c of this.clients) c.socket.close(1001, 'server shutting down');
  }
}

declare module 'fastify' {
  interface FastifyInstance { live: LiveHub }
}

export async function registerLive(app: FastifyInstance): Promise<void> {
  const hub = new LiveHub();
  app.decorate('live', hub);
  await app.register(websocket, { options: { maxPayload: 4096 } });
  app.addHook('onClose', async () => hub.closeAll());

  app.get('/ws', {
    websocket: true,
    config: { access: 'signed-in' },
    // Browsers always send Origin on a WebSocket handshake: a missing or foreign one is a cross-site attempt.
    preValidation: async (request) => {
      if (request.headers.origin !== ownOrigin(request)) throw new HttpError(403, 'cross_origin', '拒绝跨站 WebSocket 连接');
    },
  }, (socket, request) => {
    hub.add(socket, request.actor as SignedIn);
    socket.on('message', () => socket.close(1003, 'this socket only sends'));
  });
}
