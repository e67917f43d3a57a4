/**
 * Live updates over WebSocket at /ws. A connection is accepted only for a signed-in
 * session or API token (the route's access rule) from this site's own Origin; the hub then
 * pushes events to the connections whose actor a filter selects (a firm's buyers, officials).
 *
 * A socket lives no longer than what opened it: logout, disabling the user, a changed role or
 * scope, a new password and a revoked token close it at once (Accounts announces them), and every
 * `recheckMs` each socket's session or token is looked up again — an expired session or a
 * changed account closes it; otherwise its actor is refreshed.
 */
import type { FastifyInstance } from 'fastify';
import websocket from '@fastify/websocket';
import type { WebSocket } from 'ws';
import type { SignedIn } from '../auth/policy.ts';
import type { Credential, Ended } from '../auth/accounts.ts';
import { sha256 } from '../auth/secrets.ts';
import { HttpError } from './errors.ts';
import { isOwnOrigin } from './csrf.ts';

import type { LiveEvent, LiveSender } from '../live-events.ts';

export type { LiveEvent } from '../live-events.ts';

interface Client { socket: WebSocket; actor: SignedIn; credential: Credential }

/** The close code telling the page its sign-in is gone (live.js stops reconnecting on it). */
export const CLOSE_SIGNED_OUT = 4401;
export const DEFAULT_RECHECK_MS = 60_000;

/** Same person with the same rights: anything else must reconnect and be checked afresh. */
function sameRights(a: SignedIn, b: SignedIn): boolean {
  return a.kind === b.kind && a.id === b.id && a.role === b.role && a.enterpriseId === b.enterpriseId && (a.departmentId ?? null) === (b.departmentId ?? null)
    && JSON.stringify(a.scope) === JSON.stringify(b.scope);
}

export class LiveHub implements LiveSender {
  private readonly clients = new Set<Client>();

  add(socket: WebSocket, actor: SignedIn, credential: Credential): void {
    const client = { socket, actor, credential };
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

  /** Closes the sockets opened with what just ended. */
  end(e: Ended): number {
    return this.closeWhere((c) => ('sessionHash' in e ? 'sessionHash' in c.credential && c.credential.sessionHash === e.sessionHash
      : 'tokenId' in e ? 'tokenId' in c.credential && c.credential.tokenId === e.tokenId
        : c.actor.kind === 'user' && c.actor.id === e.userId));
  }

  /** Looks each socket's credential up again: gone or changed closes it, otherwise its actor is refreshed. */
  recheck(lookup: (credential: Credential) => SignedIn | undefined): number {
    return this.closeWhere((c) => {
      const now = lookup(c.credential);
      if (!now || !sameRights(now, c.actor)) return true;
      c.actor = now;
      return false;
    });
  }

  private closeWhere(test: (c: Client) => boolean): number {
    let closed = 0;
    for (const c of [...this.clients]) {
      if (!test(c)) continue;
      this.clients.delete(c);
      c.socket.close(CLOSE_SIGNED_OUT, 'signed out');
      closed++;
    }
    return closed;
  }

  get size(): number { return this.clients.size; }

  closeAll(): void {
    for (const c of this.clients) c.socket.close(1001, 'server shutting down');
  }
}

declare module 'fastify' {
  interface FastifyInstance { live: LiveHub }
}

export async function registerLive(app: FastifyInstance, opts: { recheckMs?: number } = {}): Promise<void> {
  const hub = new LiveHub();
  app.decorate('live', hub);
  await app.register(websocket, { options: { maxPayload: 4096 } });
  const { accounts } = app;
  const { clock } = app.deps;
  accounts.onEnded((e) => hub.end(e));
  const timer = setInterval(() => hub.recheck((credential) => accounts.recheck(credential, clock.now())), opts.recheckMs ?? DEFAULT_RECHECK_MS);
  timer.unref();
  app.addHook('onClose', async () => { clearInterval(timer); hub.closeAll(); });

  app.get('/ws', {
    websocket: true,
    config: { access: 'signed-in' },
    // Browsers always send Origin on a WebSocket handshake: a missing or foreign one is a cross-site attempt.
    preValidation: async (request) => {
      if (!isOwnOrigin(request, request.headers.origin)) throw new HttpError(403, 'cross_origin', '拒绝跨站 WebSocket 连接');
    },
  }, (socket, request) => {
    const actor = request.actor as SignedIn;
    const credential: Credential = request.viaBearer ? { tokenId: actor.id } : { sessionHash: sha256(request.sessionToken!) };
    hub.add(socket, actor, credential);
    socket.on('message', () => socket.close(1003, 'this socket only sends'));
  });
}
