/**
 * Registering endpoints and replaying deliveries, for the admin page and the admin API. An
 * endpoint's secret is made here and returned once; every change is audited.
 */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { WEBHOOK_EVENTS, type WebhookEventType } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import type { Actor } from '../auth/policy.ts';
import { accountInput, resolveAccount } from '../auth/user-admin.ts';
import { fieldErrors } from '../forms.ts';
import { endpointUrlProblem } from './endpoint-url.ts';
import { subscribedEvents } from './outbox.ts';
import { deliveryById, disableEndpoint, endpointById, endpointSummaries, insertDelivery, insertEndpoint, type EndpointSummary } from './queries.ts';
import { newEndpointSecret, sealSecret } from './secret-box.ts';

export const endpointInput = accountInput.pick({ role: true, enterprise: true }).extend({
  url: z.string().trim().min(1, { message: '必填，不能为空' }).max(500, { message: '不能超过 500 个字符' }),
  description: z.string().trim().max(200, { message: '不能超过 200 个字符' }).optional().default(''),
  events: z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.enum(WEBHOOK_EVENTS, { message: `事件须为 ${WEBHOOK_EVENTS.join(' / ')} 之一` })).min(1, { message: '至少选择一种事件' })),
});

export interface WebhookContext { sqlite: Database.Database; actor: Actor; now: number; ip: string; serverSecret: string; allowHttp: boolean }

export type RegisterResult = { ok: true; id: number; secret: string } | { ok: false; errors: Record<string, string> };

export function registerEndpoint(ctx: WebhookContext, body: unknown): RegisterResult {
  const parsed = endpointInput.safeParse(body);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const input = parsed.data;
  const urlProblem = endpointUrlProblem(input.url, ctx.allowHttp);
  if (urlProblem) return { ok: false, errors: { url: urlProblem } };
  const account = resolveAccount(ctx.sqlite, { role: input.role, enterprise: input.enterprise, scopeChains: [], scopeRegions: [] });
  if (!account.ok) return account;
  const secret = newEndpointSecret();
  const events: WebhookEventType[] = [...new Set(input.events)];
  const id = ctx.sqlite.transaction(() => {
    const made = insertEndpoint(ctx.sqlite, {
      url: input.url, description: input.description, events, role: account.value.role, enterpriseId: account.value.enterpriseId,
      secretSealed: sealSecret(ctx.serverSecret, secret), createdBy: ctx.actor.kind === 'user' ? ctx.actor.id : null, now: ctx.now,
    });
    recordAudit(ctx.sqlite, { actor: ctx.actor, action: 'webhook.create', objectType: 'webhook_endpoint', objectId: made, enterpriseId: account.value.enterpriseId,
      after: { url: input.url, events, role: account.value.role }, at: ctx.now, ip: ctx.ip });
    return made;
  })();
  return { ok: true, id, secret };
}

/** Stops deliveries to an endpoint (pending ones fail at their next attempt); false when there is no such active endpoint. */
export function disableWebhook(ctx: WebhookContext, id: number): boolean {
  return ctx.sqlite.transaction(() => {
    const done = disableEndpoint(ctx.sqlite, id, ctx.now);
    if (done) recordAudit(ctx.sqlite, { actor: ctx.actor, action: 'webhook.disable', objectType: 'webhook_endpoint', objectId: id, at: ctx.now, ip: ctx.ip });
    return done;
  })();
}

export type ReplayResult = { ok: true; deliveryId: number } | { ok: false; reason: 'not_found' | 'endpoint_disabled' };

/** Sends a delivery's event to its endpoint again, as a new delivery with its own attempts. */
export function replayDelivery(ctx: WebhookContext, deliveryId: number): ReplayResult {
  const original = deliveryById(ctx.sqlite, deliveryId);
  if (!original) return { ok: false, reason: 'not_found' };
  if (endpointById(ctx.sqlite, original.endpointId)?.disabledAt !== null) return { ok: false, reason: 'endpoint_disabled' };
  const id = ctx.sqlite.transaction(() => {
    const made = insertDelivery(ctx.sqlite, original.endpointId, original.eventId, ctx.now, original.id);
    recordAudit(ctx.sqlite, { actor: ctx.actor, action: 'webhook.replay', objectType: 'webhook_delivery', objectId: original.id, after: { delivery: made }, at: ctx.now, ip: ctx.ip });
    return made;
  })();
  return { ok: true, deliveryId: id };
}

/** An endpoint as pages and the API show it: its events as a list, never its secret. */
export interface EndpointView extends Omit<EndpointSummary, 'events' | 'secretSealed'> { events: WebhookEventType[] }

const view = ({ secretSealed: _secret, ...e }: EndpointSummary): EndpointView => ({ ...e, events: subscribedEvents(e) });

export function endpointViews(sqlite: Database.Database): EndpointView[] {
  return endpointSummaries(sqlite).map(view);
}

export function endpointView(sqlite: Database.Database, id: number): EndpointView | undefined {
  return endpointSummaries(sqlite).map(view).find((e) => e.id === id);
}
