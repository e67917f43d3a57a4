/**
 * Demo deals, so a fresh start shows a pipeline and a near-site rate that has moved: the best
 * local candidate of the largest components with one (the demo buyer's first), taken through the same service and
 * state machine as real deals (events and audit included).
 */
import type { FastifyInstance } from 'fastify';
import type { SignedIn } from '../auth/policy.ts';
import { isQualified } from '../matching/rank.ts';
import { moveDeal, openDeal } from './service.ts';
import { PIPELINE } from '../vocabulary.ts';
import type { DealStage } from '../../db/schema.ts';

/** Where each demo deal stops, largest component first. */
const TARGETS: (DealStage | 'lost')[] = ['supplying', 'signed', 'signed', 'quoting', 'sampling', 'contacted', 'recommended', 'lost'];

export function seedDemoDeals(app: FastifyInstance, now: number): number {
  const { sqlite } = app.deps.database;
  if (sqlite.prepare('select 1 from deals limit 1').get()) return 0;
  const admin = sqlite.prepare<[], number>(`select id from users where role = 'admin' and disabled_at is null order by id limit 1`).pluck().get();
  if (admin === undefined) return 0;
  const actor: SignedIn = { kind: 'user', id: admin, label: '演示数据', role: 'admin', enterpriseId: null, scope: { chains: [], regions: [] } };
  const ctx = { sqlite, feed: app.deps.feed, actor, now, ip: '' };
  // The demo buyer's own parts first, so signing in as the buyer shows a live pipeline.
  const demoBuyer = sqlite.prepare<[], number>(`select enterprise_id from users where username = 'buyer'`).pluck().get() ?? 0;
  const components = sqlite.prepare<[number], { id: number; ref: string }>('select id, ref from components order by buyer_id = ? desc, annual_value_wan desc').all(demoBuyer);
  let opened = 0;
  for (const c of components) {
    if (opened === TARGETS.length) break;
    const best = app.matching.componentMatches(c.id, 'local', 5)?.matches.find(isQualified);
    if (!best) continue;
    const result = openDeal(ctx, { componentRef: c.ref, supplierUscc: best.uscc, matchScore: best.score, note: '由匹配结果发起对接' });
    if (!result.ok) continue;
    const target = TARGETS[opened]!;
    const path = target === 'lost' ? ['contacted', 'lost'] : PIPELINE.slice(1, PIPELINE.indexOf(target) + 1);
    for (const to of path as DealStage[]) {
      moveDeal(ctx, result.deal.id, { to, note: '演示数据', reason: to === 'lost' ? '报价高于现供应商' : undefined });
    }
    opened++;
  }
  return opened;
}
