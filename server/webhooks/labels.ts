/** The events' names for people (pages import this; it runs nothing). */
import type { WebhookEventType } from '../../db/schema.ts';

export const EVENT_LABEL: Record<WebhookEventType, string> = {
  'deal.stage_changed': '商机阶段变化',
  'component.match_status_changed': '外采件本地化状态变化',
  'problem.status_changed': '问题办理状态变化',
  'listing.expiring': '供需信息即将到期',
};
