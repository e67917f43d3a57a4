/**
 * The deal pipeline as one state machine: 推荐 → 已对接 → 送样/试制 → 报价 → 签约 → 批量供货,
 * one step at a time, or 丢单 (lost, with a reason) from any open stage. Pure: the service
 * asks it, and nothing else decides which moves exist.
 */
import type { DealStage } from '../../db/schema.ts';
import { PIPELINE, STAGE_LABEL } from '../vocabulary.ts';

/** Stages from which a deal can still move; supplying and lost are where a deal ends. */
export const OPEN_STAGES: DealStage[] = ['recommended', 'contacted', 'sampling', 'quoting', 'signed'];

/** Stages whose annual value counts as localised procurement. */
export const LOCALISED_STAGES: DealStage[] = ['signed', 'supplying'];

export function allowedMoves(from: DealStage): DealStage[] {
  if (!OPEN_STAGES.includes(from)) return [];
  const next = PIPELINE[PIPELINE.indexOf(from) + 1];
  return next ? [next, 'lost'] : ['lost'];
}

export interface Move { to: DealStage; note?: string; reason?: string; annualValueWan?: number | null }

export type MoveProblem =
  | { code: 'forbidden_move'; message: string }
  | { code: 'reason_required'; message: string }
  | { code: 'value_required'; message: string };

/** Why a move is not allowed, or null. `defaultValue` is what signing uses when no value is given. */
export function checkMove(from: DealStage, move: Move, defaultValue: number | null): MoveProblem | null {
  if (!allowedMoves(from).includes(move.to)) {
    const allowed = allowedMoves(from).map((s) => STAGE_LABEL[s]).join('、');
    return { code: 'forbidden_move', message: `不能从「${STAGE_LABEL[from]}」转到「${STAGE_LABEL[move.to]}」${allowed ? `（可转到：${allowed}）` : '（该商机已结束）'}` };
  }
  if (move.to === 'lost' && !move.reason?.trim()) return { code: 'reason_required', message: '标记丢单时必须填写原因' };
  if (move.to === 'signed' && (move.annualValueWan ?? defaultValue) === null) {
    return { code: 'value_required', message: '签约时须填写年合同金额（万元）' };
  }
  return null;
}
