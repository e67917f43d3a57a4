/**
 * The durable outbox: an event and one delivery per endpoint that may hear it are written
 * inside the transaction of the change they report, so a delivery exists exactly when the
 * change committed. The sender (dispatcher.ts) works from these rows.
 */
import type Database from 'better-sqlite3';
import { WEBHOOK_EVENTS, type WebhookEventType } from '../../db/schema.ts';
import type { SignedIn } from '../auth/policy.ts';
import type { ChangeFeed, ChangeSet } from '../changes.ts';
import type { Clock } from '../clock.ts';
import { componentRecordById } from '../components/records.ts';
import type { ComponentStatus } from '../vocabulary.ts';
import { componentEvent, dealEvent, problemEvent, type OutboxEvent } from './events.ts';
import { activeEndpoints, insertDelivery, insertEvent, type EndpointRow } from './queries.ts';
import { stringList } from '../../db/rows.ts';

/** An endpoint hears what an API token of its role and firm could read. */
export function endpointActor(e: Pick<EndpointRow, 'id' | 'role' | 'enterpriseId'>): SignedIn {
  return { kind: 'token', id: e.id, label: `webhook:${e.id}`, role: e.role, enterpriseId: e.enterpriseId, scope: { chains: [], regions: [] }, departmentId: null };
}

export function subscribedEvents(e: Pick<EndpointRow, 'events'>): WebhookEventType[] {
  const list = stringList(e.events);
  return WEBHOOK_EVENTS.filter((t) => list.includes(t));
}

/** Writes each event that some endpoint may hear, with its deliveries; call inside the change's transaction. Returns the deliveries made. */
export function enqueue(sqlite: Database.Database, events: (() => OutboxEvent | null)[], now: number, endpoints = activeEndpoints(sqlite)): number {
  if (endpoints.length === 0 || events.length === 0) return 0;
  const audiences = endpoints.map((e) => ({ id: e.id, types: subscribedEvents(e), actor: endpointActor(e) }));
  let made = 0;
  for (const load of events) {
    const event = load();
    if (!event) continue;
    const to = audiences.filter((a) => a.types.includes(event.type) && event.visibleTo(a.actor));
    if (to.length === 0) continue;
    const eventId = insertEvent(sqlite, event.type, (id) => JSON.stringify({ id: `evt_${id}`, type: event.type, created_at: new Date(now).toISOString(), data: event.data }), now);
    for (const a of to) { insertDelivery(sqlite, a.id, eventId, now); made++; }
  }
  return made;
}

/**
 * Compares each component's localisation status with the one last reported and returns the
 * changes, remembering the new status. A component seen for the first time is remembered
 * without a report (its first status is "not ranked yet", which nobody needs to hear).
 */
export function componentStatusChanges(sqlite: Database.Database, componentIds: Iterable<number>, now: number) {
  const seen = sqlite.prepare<[number], { status: ComponentStatus }>('select status from component_status_seen where component_id = ?');
  const remember = sqlite.prepare(`insert into component_status_seen (component_id, status, updated_at) values (?, ?, ?)
    on conflict(component_id) do update set status = excluded.status, updated_at = excluded.updated_at`);
  const changes = [];
  for (const id of new Set(componentIds)) {
    const record = componentRecordById(sqlite, id);
    if (!record) continue;
    const before = seen.get(id)?.status;
    if (before === record.status) continue;
    remember.run(id, record.status, now);
    if (before !== undefined) changes.push({ record, from: before, to: record.status });
  }
  return changes;
}

function componentsOfDeals(sqlite: Database.Database, dealIds: number[]): number[] {
  if (dealIds.length === 0) return [];
  return sqlite.prepare<[string], { id: number }>(`select distinct component_id as id from deals where id in (select value from json_each(?)) and component_id is not null`)
    .all(JSON.stringify(dealIds)).map((r) => r.id);
}

/** The parts of attraction projects that moved: one reaching operation localises them. */
function componentsOfProjects(sqlite: Database.Database, projectIds: number[]): number[] {
  if (projectIds.length === 0) return [];
  return sqlite.prepare<[string], { id: number }>(`select distinct component_id as id from attraction_project_parts where project_id in (select value from json_each(?))`)
    .all(JSON.stringify(projectIds)).map((r) => r.id);
}

/** Hears every write inside its transaction and puts what endpoints may hear in the outbox. */
export function webhooksOnWrite(feed: ChangeFeed, sqlite: Database.Database, clock: Clock): void {
  feed.onWrite((changes: ChangeSet) => {
    const now = clock.now();
    // A problem's step is for the people it concerns (problems/announce.ts); endpoints hear of its status.
    const events: (() => OutboxEvent | null)[] = (changes.events ?? []).flatMap((e) => (e.type === 'deal.stage_changed' ? [() => dealEvent(sqlite, e)]
      : e.type === 'problem.status_changed' ? [() => problemEvent(sqlite, e)] : []));
    const touched = [...changes.components, ...(changes.ranked ?? []), ...componentsOfDeals(sqlite, changes.deals ?? []), ...componentsOfProjects(sqlite, changes.projects ?? [])];
    for (const c of componentStatusChanges(sqlite, touched, now)) events.push(() => componentEvent(c.record, c.from, c.to));
    enqueue(sqlite, events, now);
  });
}
