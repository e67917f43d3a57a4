/**
 * listing.expiring: a firm's open listing whose validity ends within a week is reported once
 * for that validity date (a renewal to a new date may be reported again). Found by a periodic
 * scan in the delivery process, written with its notice in one transaction.
 */
import type Database from 'better-sqlite3';
import { cityDate } from '../vocabulary.ts';
import { listingExpiringEvent, type ExpiringListing } from './events.ts';
import { enqueue, subscribedEvents } from './outbox.ts';
import { activeEndpoints } from './queries.ts';

export const EXPIRY_NOTICE_DAYS = 7;
const DAY = 86_400_000;

/** Whole days from one city date to another. */
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);

/** Reports the listings that start to expire; returns how many were reported. */
export function reportExpiringListings(sqlite: Database.Database, now: number): number {
  const endpoints = activeEndpoints(sqlite);
  if (!endpoints.some((e) => subscribedEvents(e).includes('listing.expiring'))) return 0;
  const today = cityDate(now);
  const horizon = cityDate(now + EXPIRY_NOTICE_DAYS * DAY);
  const due = sqlite.prepare<[string, string], ExpiringListing>(`select l.id, l.ref, l.title, l.kind, l.enterprise_id as enterpriseId, e.uscc as ownerUscc,
      e.name as ownerName, l.valid_until as validUntil
    from listings l join enterprises e on e.id = l.enterprise_id left join listing_expiry_notices n on n.listing_id = l.id
    where l.status = 'open' and l.valid_until >= ? and l.valid_until <= ? and (n.listing_id is null or n.valid_until != l.valid_until)
    order by l.valid_until, l.id limit 1000`).all(today, horizon);
  if (due.length === 0) return 0;
  const notice = sqlite.prepare(`insert into listing_expiry_notices (listing_id, valid_until, notified_at) values (?, ?, ?)
    on conflict(listing_id) do update set valid_until = excluded.valid_until, notified_at = excluded.notified_at`);
  sqlite.transaction(() => {
    enqueue(sqlite, due.map((l) => () => listingExpiringEvent(l, daysBetween(today, l.validUntil))), now, endpoints);
    for (const l of due) notice.run(l.id, l.validUntil, now);
  })();
  return due.length;
}
