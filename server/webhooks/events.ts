/**
 * The events outside systems can hear of, and for each: the body it carries and who may hear
 * it. "Who" is the same policy function that guards the object's pages and API, asked for the
 * endpoint as if it were an API token of its role and firm.
 */
import type Database from 'better-sqlite3';
import type { WebhookEventType } from '../../db/schema.ts';
import { canManageListingsOf, canViewComponent, type Actor } from '../auth/policy.ts';
import type { DomainEvent } from '../changes.ts';
import type { ComponentRecordRow } from '../components/records.ts';
import type { ComponentStatus } from '../vocabulary.ts';
import { subjectOfRecord } from '../deals/list-page.ts';
import { dealRecord } from '../deals/queries.ts';
import { canViewDeal } from '../deals/service.ts';
import { canViewProblem } from '../problems/access.ts';
import { getProblemById } from '../problems/queries.ts';


/** An event ready for the outbox: its body's `data`, and whether an endpoint acting as `actor` may hear it. */
export interface OutboxEvent { type: WebhookEventType; data: Record<string, unknown>; visibleTo: (actor: Actor) => boolean }

const iso = (ms: number) => new Date(ms).toISOString();

export function dealEvent(sqlite: Database.Database, e: Extract<DomainEvent, { type: 'deal.stage_changed' }>): OutboxEvent | null {
  const d = dealRecord(sqlite, e.dealId);
  if (!d) return null;
  const subject = subjectOfRecord(d);
  return {
    type: e.type,
    data: {
      deal: {
        id: d.id, stage: d.stage, version: d.version, annual_value_wan: d.annualValueWan, lost_reason: d.lostReason,
        subject: { type: d.subjectKind, ref: d.subjectRef, name: d.subjectName },
        buyer: { uscc: d.buyerUscc, name: d.buyerName }, supplier: { uscc: d.supplierUscc, name: d.supplierName }, updated_at: iso(d.updatedAt),
      },
      from: e.from, to: e.to,
    },
    visibleTo: (actor) => canViewDeal(actor, subject, d),
  };
}

export function problemEvent(sqlite: Database.Database, e: Extract<DomainEvent, { type: 'problem.status_changed' }>): OutboxEvent | null {
  const p = getProblemById(sqlite, e.problemId);
  if (!p) return null;
  return {
    type: e.type,
    data: {
      problem: {
        ref: p.ref, title: p.title, category: p.category, status: p.status, firm: { uscc: p.firmUscc, name: p.firmName },
        department: p.departmentId ? { id: p.departmentId, name: p.departmentName } : null, deadline: p.deadline, version: p.version, updated_at: iso(p.updatedAt),
      },
      from: e.from, to: e.to,
    },
    visibleTo: (actor) => canViewProblem(actor, p),
  };
}

export function componentEvent(c: ComponentRecordRow, from: ComponentStatus, to: ComponentStatus): OutboxEvent {
  return {
    type: 'component.match_status_changed',
    data: {
      component: { ref: c.ref, name: c.name, buyer: { uscc: c.buyerUscc, name: c.buyerName }, chain: c.chainId, qualified_local: c.qualifiedLocal, annual_value_wan: c.annualValueWan },
      from, to,
    },
    visibleTo: (actor) => canViewComponent(actor, c),
  };
}

export interface ExpiringListing { id: number; ref: string; title: string; kind: string; enterpriseId: number; ownerUscc: string; ownerName: string; validUntil: string }

export function listingExpiringEvent(l: ExpiringListing, daysLeft: number): OutboxEvent {
  return {
    type: 'listing.expiring',
    data: { listing: { ref: l.ref, title: l.title, kind: l.kind, owner: { uscc: l.ownerUscc, name: l.ownerName }, valid_until: l.validUntil }, days_left: daysLeft },
    visibleTo: (actor) => canManageListingsOf(actor, l.enterpriseId),
  };
}
