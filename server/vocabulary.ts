/**
 * The words for stored codes, one place for pages, reports, exports and previews alike: each enum
 * in its order and its Chinese label, how the city writes a date, and the limits a form states.
 * Views import this and types, nothing else of the server; services import it where they write
 * words. It runs nothing (data and two date formatters) and imports only types.
 */
import type { DealStage, MarkReason, ProblemCategory, ProblemStatus, ProjectStage, Role, Tier, WebhookEventType } from '../db/schema.ts';
import type { ProblemAction } from './problems/statuses.ts';

export const TIER_LABEL: Record<Tier, string> = { chain_leader: '链主企业', core: '核心企业', specialized: '专精特新', sme: '中小企业' };
export const LISTING_KIND_LABEL = { supply: '供应', demand: '需求' } as const;
export const REGION_KIND_LABEL = { local: '市内', cluster: '襄十随神', outside: '市外' } as const;
export const CRITICALITY_LABEL = { high: '高', medium: '中', low: '低' } as const;
/** A buyer's reason for 「不合适」 on a candidate. */
export const MARK_REASON_LABEL: Record<MarkReason, string> = { process: '工艺不符', material: '材料不符', certification: '缺少资质', capacity: '规模太小', other: '其他原因' };
/** The kinds of concept the lexicon holds. */
export const CONCEPT_KIND_LABEL = { process: '工艺', material: '材料', certification: '资质认证', part: '产品' } as const;

export const ROLE_LABEL: Record<Role, string> = { enterprise: '企业用户', procurement: '链主采购', official: '政府/工作专班', admin: '管理员' };

/** A deal's stages in pipeline order (lost is off the pipeline); the moves are in deals/stages.ts. */
export const PIPELINE: DealStage[] = ['recommended', 'contacted', 'sampling', 'quoting', 'signed', 'supplying'];
export const STAGE_LABEL: Record<DealStage, string> = {
  recommended: '推荐', contacted: '已对接', sampling: '送样/试制', quoting: '报价', signed: '签约', supplying: '批量供货', lost: '丢单',
};

/** An attraction project's stages in order (terminated is off the pipeline); the moves are in attraction/stages.ts. */
export const PROJECT_PIPELINE: ProjectStage[] = ['planning', 'negotiating', 'signed', 'construction', 'operating'];
export const PROJECT_STAGE_LABEL: Record<ProjectStage, string> = {
  planning: '策划', negotiating: '洽谈', signed: '签约', construction: '开工建设', operating: '投产运营', terminated: '终止',
};

export const STATUS_LABEL: Record<ProblemStatus, string> = {
  submitted: '待分办', assigned: '办理中', answered: '已反馈', reopened: '重新办理', confirmed: '企业已确认', closed: '已销号',
};
export const CATEGORY_LABEL: Record<ProblemCategory, string> = {
  land: '用地', energy: '能源', finance: '融资', talent: '人才', approvals: '审批', logistics: '物流', market: '市场', technology: '技术', other: '其他',
};
/** What a move on a problem is called, on its button and in the refusal that names the allowed ones. */
export const PROBLEM_ACTION_LABEL: Record<ProblemAction, string> = {
  assign: '分办', return: '退回', answer: '反馈', confirm: '确认解决', reopen: '不满意，重新办理', close: '销号',
};

/** A component's localisation status (computed by components/register.ts's STATUS_SQL). */
export const COMPONENT_STATUSES = ['no_local', 'candidates', 'in_deal', 'localised', 'unranked'] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];
export const COMPONENT_STATUS_LABEL: Record<ComponentStatus, string> = {
  no_local: '暂无本地候选', candidates: '已有本地候选', in_deal: '对接中', localised: '已本地化', unranked: '待匹配',
};

/** A chain map's coverage of a part, and its levels from materials to leaders (see chains/chain-map.ts). */
export const COVERAGES = ['local', 'cultivation', 'attraction', 'gap'] as const;
export type Coverage = (typeof COVERAGES)[number];
export type Level = 'material' | 'part' | 'assembly' | 'leader';
export const LEVELS: Level[] = ['material', 'part', 'assembly', 'leader'];

export const EVENT_LABEL: Record<WebhookEventType, string> = {
  'deal.stage_changed': '商机阶段变化',
  'component.match_status_changed': '外采件本地化状态变化',
  'problem.status_changed': '问题办理状态变化',
  'listing.expiring': '供需信息即将到期',
};

/** The audit log's kinds of object (the actions' words are in audit-labels.ts). */
export const OBJECT_TYPE_LABEL: Record<string, string> = {
  user: '用户', enterprise: '企业', listing: '供需信息', component: '外采件', procurement: '采购需求', deal: '商机',
  problem: '问题', attraction_project: '招商项目', import: '导入', api_token: '接口令牌',
  webhook_endpoint: '事件推送地址', webhook_delivery: '事件推送',
};

const CITY_OFFSET_MS = 8 * 3600 * 1000;

/** 'YYYY-MM-DD' in the city's time zone (UTC+8). */
export function cityDate(ms: number): string {
  return new Date(ms + CITY_OFFSET_MS).toISOString().slice(0, 10);
}

/** 'YYYY-MM-DD HH:MM' (or with seconds) in the city's time zone, for timelines and logs on pages. */
export function cityDateTime(ms: number, seconds = false): string {
  return new Date(ms + CITY_OFFSET_MS).toISOString().slice(0, seconds ? 19 : 16).replace('T', ' ');
}

/** A password's least length (auth/passwords.ts enforces it; the form says it). */
export const PASSWORD_MIN = 12;

/** What a problem or project may carry (problems/attachments.ts checks the bytes; the form says it). */
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
export const MAX_ATTACHMENTS = 5;
export const ATTACHMENT_TYPES = {
  pdf: { mime: 'application/pdf', extensions: ['pdf'] },
  jpeg: { mime: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  png: { mime: 'image/png', extensions: ['png'] },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'] },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['docx'] },
} as const;
export type AttachmentType = keyof typeof ATTACHMENT_TYPES;
/** The file input's `accept`. */
export const ACCEPT = Object.values(ATTACHMENT_TYPES).flatMap((t) => t.extensions.map((e) => `.${e}`)).join(',');
