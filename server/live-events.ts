/**
 * What services may push to open pages, and to whom — the port the WebSocket plugin
 * (plugins/live.ts) implements, so services name no plugin and no socket.
 */
import type { SignedIn } from './auth/policy.ts';

export type LiveEvent =
  | { type: 'notification'; title: string; body: string; href?: string; unread: number }
  | { type: 'refresh'; topic: string }
  /** how far a long task of this user's has got (an upload being checked and written) */
  | { type: 'progress'; topic: string; label: string; done: number; total: number; /** the total is estimated from the share of the file read */ approximate?: true };

export interface LiveSender {
  /** Sends the event to every open page whose signed-in actor `to` accepts; returns how many. */
  send(to: (actor: SignedIn) => boolean, event: LiveEvent | ((actor: SignedIn) => LiveEvent)): number;
}
