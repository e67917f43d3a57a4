/**
 * The words for stored codes, one place for pages, reports and previews alike (views import this
 * as their vocabulary of labels; the server uses it where it writes words, e.g. an import preview).
 */
import type { MarkReason, Tier } from '../db/schema.ts';

export const TIER_LABEL: Record<Tier, string> = { chain_leader: '链主企业', core: '核心企业', specialized: '专精特新', sme: '中小企业' };
export const LISTING_KIND_LABEL = { supply: '供应', demand: '需求' } as const;
export const REGION_KIND_LABEL = { local: '市内', cluster: '襄十随神', outside: '市外' } as const;
export const CRITICALITY_LABEL = { high: '高', medium: '中', low: '低' } as const;
/** A buyer's reason for 「不合适」 on a candidate. */
export const MARK_REASON_LABEL: Record<MarkReason, string> = { process: '工艺不符', material: '材料不符', certification: '缺少资质', capacity: '规模太小', other: '其他原因' };
/** The kinds of concept the lexicon holds. */
export const CONCEPT_KIND_LABEL = { process: '工艺', material: '材料', certification: '资质认证', part: '产品' } as const;
