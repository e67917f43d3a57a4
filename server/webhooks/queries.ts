/** The webhook tables: endpoints, the outbox of events, deliveries and their attempts. */
import type Database from 'better-sqlite3';
import type { DeliveryStatus, Role, WebhookEventType } from '../../db/schema.ts';

export interface EndpointRow {
  id: number; url: string; description: string; events: string; role: Role; enterpriseId: number | null; enterpriseName: string | null;
  enterpriseUscc: string | null; secretSealed: string; createdAt: number; disabledAt: number | null;
}

const ENDPOINT = `select w.id, w.url, w.description, w.events, w.role, w.enterprise_id as enterpriseId, e.name as enterpriseName, e.uscc as enterpriseUscc,
    w.secret_sealed as secretSealed, w.created_at as createdAt, w.disabled_at as disabledAt
  from webhook_endpoints w left join enterprises e on e.id = w.enterprise_id`;

export function activeEndpoints(sqlite: Database.Database): EndpointRow[] {
  return sqlite.prepare<[], EndpointRow>(`${ENDPOINT} where w.disabled_at is null order by w.id`).all();
}

export function endpointById(sqlite: Database.Database, id: number): EndpointRow | undefined {
  return sqlite.prepare<[number], EndpointRow>(`${ENDPOINT} where w.id = ?`).get(id);
}

export function endpointsAfter(sqlite: Database.Database, after: number, count: number): EndpointRow[] {
  return sqlite.prepare<[number, number], EndpointRow>(`${ENDPOINT} where w.id > ? order by w.id limit ?`).all(after, count);
}

export function insertEndpoint(sqlite: Database.Database, e: { url: string; description: string; events: WebhookEventType[]; role: Role; enterpriseId: number | null; secretSealed: string; createdBy: number | null; now: number }): number {
  return Number(sqlite.prepare(`insert into webhook_endpoints (url, description, events, role, enterprise_id, secret_sealed, created_by, created_at)
    values (?, ?, ?, ?, ?, ?, ?, ?)`).run(e.url, e.description, JSON.stringify(e.events), e.role, e.enterpriseId, e.secretSealed, e.createdBy, e.now).lastInsertRowid);
}

export function disableEndpoint(sqlite: Database.Database, id: number, now: number): boolean {
  return sqlite.prepare('update webhook_endpoints set disabled_at = ? where id = ? and disabled_at is null').run(now, id).changes === 1;
}

export function insertEvent(sqlite: Database.Database, type: WebhookEventType, payloadOf: (id: number) => string, now: number): number {
  const id = Number(sqlite.prepare(`insert into webhook_events (type, payload, created_at) values (?, '', ?)`).run(type, now).lastInsertRowid);
  sqlite.prepare('update webhook_events set payload = ? where id = ?').run(payloadOf(id), id);
  return id;
}

export function insertDelivery(sqlite: Database.Database, endpointId: number, eventId: number, now: number, replayOf: number | null = null): number {
  return Number(sqlite.prepare(`insert into webhook_deliveries (endpoint_id, event_id, status, next_attempt_at, replay_of, created_at) values (?, ?, 'pending', ?, ?, ?)`)
    .run(endpointId, eventId, now, replayOf, now).lastInsertRowid);
}

export interface DeliveryRow {
  id: number; endpointId: number; eventId: number; type: WebhookEventType; payload: string; status: DeliveryStatus; attempts: number;
  nextAttemptAt: number | null; lastAttemptAt: number | null; lastStatus: number | null; lastError: string | null; deliveredAt: number | null;
  replayOf: number | null; createdAt: number; url: string;
}

const DELIVERY = `select d.id, d.endpoint_id as endpointId, d.event_id as eventId, ev.type, ev.payload, d.status, d.attempts,
    d.next_attempt_at as nextAttemptAt, d.last_attempt_at as lastAttemptAt, d.last_status as lastStatus, d.last_error as lastError,
    d.delivered_at as deliveredAt, d.replay_of as replayOf, d.created_at as createdAt, w.url
  from webhook_deliveries d join webhook_events ev on ev.id = d.event_id join webhook_endpoints w on w.id = d.endpoint_id`;

export function deliveryById(sqlite: Database.Database, id: number): DeliveryRow | undefined {
  return sqlite.prepare<[number], DeliveryRow>(`${DELIVERY} where d.id = ?`).get(id);
}

/** An endpoint's deliveries, newest first, before an id (0: from the newest). */
export function deliveriesOf(sqlite: Database.Database, endpointId: number, before: number, count: number): DeliveryRow[] {
  return sqlite.prepare<[number, number, number, number], DeliveryRow>(`${DELIVERY} where d.endpoint_id = ? and (? = 0 or d.id < ?) order by d.id desc limit ?`)
    .all(endpointId, before, before, count);
}

export interface AttemptRow { id: number; at: number; status: number | null; error: string | null; durationMs: number }

export function attemptsOf(sqlite: Database.Database, deliveryId: number): AttemptRow[] {
  return sqlite.prepare<[number], AttemptRow>(`select id, at, status, error, duration_ms as durationMs from webhook_attempts where delivery_id = ? order by id`).all(deliveryId);
}

/** Takes up to `count` due deliveries and leases them until `leaseUntil`, so no other sender takes them meanwhile. */
export function leaseDue(sqlite: Database.Database, now: number, leaseUntil: number, count: number): DeliveryRow[] {
  return sqlite.transaction(() => {
    const ids = sqlite.prepare<[number, number], { id: number }>(`select id from webhook_deliveries where status = 'pending' and next_attempt_at <= ?
      order by next_attempt_at, id limit ?`).all(now, count).map((r) => r.id);
    const lease = sqlite.prepare('update webhook_deliveries set next_attempt_at = ? where id = ?');
    for (const id of ids) lease.run(leaseUntil, id);
    return ids.map((id) => deliveryById(sqlite, id)!);
  })();
}

export interface Outcome { at: number; status: number | null; error: string | null; durationMs: number; delivered: boolean; nextAttemptAt: number | null }

export function recordAttempt(sqlite: Database.Database, deliveryId: number, o: Outcome): void {
  sqlite.transaction(() => {
    sqlite.prepare('insert into webhook_attempts (delivery_id, at, status, error, duration_ms) values (?, ?, ?, ?, ?)').run(deliveryId, o.at, o.status, o.error, o.durationMs);
    const status: DeliveryStatus = o.delivered ? 'delivered' : o.nextAttemptAt === null ? 'failed' : 'pending';
    sqlite.prepare(`update webhook_deliveries set attempts = attempts + 1, status = ?, next_attempt_at = ?, last_attempt_at = ?, last_status = ?, last_error = ?,
      delivered_at = ? where id = ?`).run(status, o.delivered ? null : o.nextAttemptAt, o.at, o.status, o.error, o.delivered ? o.at : null, deliveryId);
  })();
}

export function countPending(sqlite: Database.Database): number {
  return sqlite.prepare<[], { n: number }>(`select count(*) as n from webhook_deliveries where status = 'pending'`).get()!.n;
}

export interface EndpointSummary extends EndpointRow { pending: number; failed: number }

/** Every endpoint with how many of its deliveries wait and how many were given up. */
export function endpointSummaries(sqlite: Database.Database): EndpointSummary[] {
  return sqlite.prepare<[], EndpointSummary>(`select s.*, coalesce(sum(d.status = 'pending'), 0) as pending, coalesce(sum(d.status = 'failed'), 0) as failed
    from (${ENDPOINT}) s left join webhook_deliveries d on d.endpoint_id = s.id group by s.id order by s.id desc`).all();
}
