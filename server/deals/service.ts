/**
 * Opening and moving deals. Each write is one transaction: the deal row (version + 1),
 * its event, the audit entry; then listeners (dashboards, matching) hear of it.
 */
import type Database from 'better-sqlite3';
import type { DealStage } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { actsFor, canManageComponentsOf, canManageListingsOf, canViewComponent, hasRole, linksOf, officialCovers, type Actor } from '../auth/policy.ts';
import type { WriteContext } from '../write-context.ts';
import { checkMove, OPEN_STAGES, type Move } from './stages.ts';
import { STAGE_LABEL } from '../vocabulary.ts';
import type { Refusal } from '../refusal.ts';

export interface DealRow {
  id: number; componentId: number | null; listingId: number | null; buyerId: number; supplierId: number; stage: DealStage;
  annualValueWan: number | null; lostReason: string | null; matchScore: number | null; signedAt: number | null; version: number;
  createdAt: number; updatedAt: number;
}

export type DealResult = { ok: true; deal: DealRow } | ({ ok: false } & Refusal);

const DEAL_COLUMNS = `id, component_id as componentId, listing_id as listingId, buyer_id as buyerId, supplier_id as supplierId, stage,
  annual_value_wan as annualValueWan, lost_reason as lostReason, match_score as matchScore, signed_at as signedAt, version,
  created_at as createdAt, updated_at as updatedAt`;

export function getDealRow(sqlite: Database.Database, id: number): DealRow | undefined {
  return sqlite.prepare<[number], DealRow>(`select ${DEAL_COLUMNS} from deals where id = ?`).get(id);
}

/** What the deal is about: a sole-source component or a demand listing, and whose it is. */
export interface Subject { kind: 'component' | 'listing'; id: number; ref: string; name: string; buyerId: number; chainId: string | null; annualValueWan: number | null; buyerRegionCode: string | null }

export function subjectOf(sqlite: Database.Database, d: { componentId: number | null; listingId: number | null }): Subject {
  if (d.componentId !== null) {
    const component = sqlite.prepare<[number], Subject>(`select 'component' as kind, c.id, c.ref, c.name, c.buyer_id as buyerId, c.chain_id as chainId, c.annual_value_wan as annualValueWan,
      e.region_code as buyerRegionCode from components c join enterprises e on e.id = c.buyer_id where c.id = ?`).get(d.componentId);
    if (!component) throw new Error(`deal subject: component ${d.componentId} is gone`);
    return component;
  }
  const listing = d.listingId === null ? undefined : sqlite.prepare<[number], Subject>(`select 'listing' as kind, l.id, l.ref, l.title as name, l.enterprise_id as buyerId, l.chain_id as chainId, null as annualValueWan,
    e.region_code as buyerRegionCode from listings l join enterprises e on e.id = l.enterprise_id where l.id = ?`).get(d.listingId);
  if (!listing) throw new Error(`deal subject: listing ${d.listingId} is gone`);
  return listing;
}

/** The buyer side moves a deal: procurement staff of the buyer for a component, the listing's firm for a listing; admins always. */
export function canMoveDeal(actor: Actor, s: Subject): boolean {
  return s.kind === 'component' ? canManageComponentsOf(actor, s.buyerId) : canManageListingsOf(actor, s.buyerId);
}

/**
 * Who sees a deal: the side that moves it (a component's deals: the buyer's procurement staff
 * only, as for the component itself; a listing's deals: the listing firm's users), the supplier
 * firm's users, officials whose scope covers it, department staff while a case assigned to them
 * links to it, admins. `listDeals` applies the same rule in SQL.
 */
export function canViewDeal(actor: Actor, s: Subject, deal: { id: number; supplierId: number }): boolean {
  if (canMoveDeal(actor, s) || hasRole(actor, 'admin')) return true;
  if (hasRole(actor, 'enterprise', 'procurement') && actsFor(actor, deal.supplierId)) return true;
  if (linksOf(actor)?.dealIds.includes(deal.id)) return true;
  return officialCovers(actor, { chainIds: [s.chainId], regionCode: s.buyerRegionCode });
}

/** The buyer's annual purchase value of a component is confidential: shown only to those who may see the component. */
export function canSeeSubjectValue(actor: Actor, s: Subject): boolean {
  return s.kind !== 'component' || canViewComponent(actor, s);
}

export interface OpenInput { componentRef?: string; listingRef?: string; supplierUscc: string; matchScore?: number | null; note?: string }

export function openDeal(ctx: WriteContext, input: OpenInput): DealResult {
  const { sqlite } = ctx;
  const subjectId = input.componentRef !== undefined
    ? sqlite.prepare<[string], number>('select id from components where ref = ?').pluck().get(input.componentRef)
    : sqlite.prepare<[string], number>(`select id from listings where ref = ? and kind = 'demand'`).pluck().get(input.listingRef ?? '');
  if (subjectId === undefined) {
    return { ok: false, kind: 'not_found', code: 'not_found', message: input.componentRef !== undefined ? `外采件 ${input.componentRef} 不存在` : `需求信息 ${input.listingRef} 不存在` };
  }
  const subject = subjectOf(sqlite, input.componentRef !== undefined ? { componentId: subjectId, listingId: null } : { componentId: null, listingId: subjectId });
  if (!canMoveDeal(ctx.actor, subject)) return { ok: false, kind: 'forbidden', code: 'forbidden', message: '只有采购方可以为此发起对接' };
  const supplier = sqlite.prepare<[string], { id: number }>('select id from enterprises where uscc = ?').get(input.supplierUscc.toUpperCase());
  if (!supplier) return { ok: false, kind: 'invalid', code: 'invalid_request', message: `supplier_uscc: 平台上没有企业 ${input.supplierUscc}` };
  if (supplier.id === subject.buyerId) return { ok: false, kind: 'invalid', code: 'invalid_request', message: 'supplier_uscc: 供应方不能是采购方自己' };
  const column = subject.kind === 'component' ? 'component_id' : 'listing_id';
  const open = sqlite.prepare<unknown[], number>(`select id from deals where ${column} = ? and supplier_id = ? and stage in (${OPEN_STAGES.map(() => '?').join(',')})`)
    .pluck().get(subject.id, supplier.id, ...OPEN_STAGES);
  if (open !== undefined) return { ok: false, kind: 'conflict', code: 'conflict', message: `与该供应方已有进行中的对接（商机 #${open}）` };

  return ctx.feed.transaction(sqlite, (record) => {
    const id = Number(sqlite.prepare(`insert into deals (component_id, listing_id, buyer_id, supplier_id, match_score, created_at, updated_at)
      values (?, ?, ?, ?, ?, ?, ?)`).run(subject.kind === 'component' ? subject.id : null, subject.kind === 'listing' ? subject.id : null,
      subject.buyerId, supplier.id, input.matchScore ?? null, ctx.now, ctx.now).lastInsertRowid);
    sqlite.prepare(`insert into deal_events (deal_id, from_stage, to_stage, note, actor_label, at) values (?, null, 'recommended', ?, ?, ?)`)
      .run(id, input.note ?? '', label(ctx.actor), ctx.now);
    const deal = getDealRow(sqlite, id)!;
    recordAudit(sqlite, { actor: ctx.actor, action: 'deal.open', objectType: 'deal', objectId: id, enterpriseId: subject.buyerId, after: deal, at: ctx.now, ip: ctx.ip });
    record({ deals: [id], events: [{ type: 'deal.stage_changed', dealId: id, from: null, to: 'recommended' }] });
    return { ok: true as const, deal };
  });
}

export function moveDeal(ctx: WriteContext, dealId: number, move: Move & { version?: number }): DealResult {
  const { sqlite } = ctx;
  const before = getDealRow(sqlite, dealId);
  if (!before) return { ok: false, kind: 'not_found', code: 'not_found', message: `商机 #${dealId} 不存在` };
  const subject = subjectOf(sqlite, before);
  if (!canMoveDeal(ctx.actor, subject)) {
    return canViewDeal(ctx.actor, subject, before)
      ? { ok: false, kind: 'forbidden', code: 'forbidden', message: '只有采购方可以推进此商机' }
      : { ok: false, kind: 'forbidden', code: 'forbidden', message: '没有权限访问此商机' };
  }
  if (move.version !== undefined && move.version !== before.version) {
    return { ok: false, kind: 'conflict', code: 'version_conflict', message: `其他人已先更新了此商机（当前版本 ${before.version}，当前阶段「${STAGE_LABEL[before.stage]}」），请刷新后再操作` };
  }
  const problem = checkMove(before.stage, move, before.annualValueWan ?? subject.annualValueWan);
  if (problem) return { ok: false, kind: problem.code === 'forbidden_move' ? 'conflict' : 'invalid', code: problem.code, message: problem.message };

  return ctx.feed.transaction(sqlite, (record) => {
    const value = move.to === 'signed' ? move.annualValueWan ?? before.annualValueWan ?? subject.annualValueWan : move.annualValueWan ?? before.annualValueWan;
    const changed = sqlite.prepare(`update deals set stage = ?, annual_value_wan = ?, lost_reason = ?, signed_at = ?, version = version + 1, updated_at = ?
      where id = ? and version = ?`).run(move.to, value, move.to === 'lost' ? move.reason!.trim() : before.lostReason,
      move.to === 'signed' ? ctx.now : before.signedAt, ctx.now, dealId, before.version).changes;
    if (changed !== 1) throw new Error(`deal ${dealId} changed during the move`);
    sqlite.prepare(`insert into deal_events (deal_id, from_stage, to_stage, note, reason, annual_value_wan, actor_label, at) values (?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(dealId, before.stage, move.to, move.note ?? '', move.to === 'lost' ? move.reason!.trim() : null, value, label(ctx.actor), ctx.now);
    const deal = getDealRow(sqlite, dealId)!;
    recordAudit(sqlite, { actor: ctx.actor, action: `deal.${move.to}`, objectType: 'deal', objectId: dealId, enterpriseId: before.buyerId, before, after: deal, at: ctx.now, ip: ctx.ip });
    record({ deals: [dealId], events: [{ type: 'deal.stage_changed', dealId, from: before.stage, to: move.to }] });
    return { ok: true as const, deal };
  });
}

function label(actor: Actor): string {
  return actor.kind === 'anonymous' ? '匿名' : actor.label;
}
