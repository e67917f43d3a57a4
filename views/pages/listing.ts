import { html } from '../html.ts';
import type { Page } from '../layout.ts';
import { formatCount, formatDate, LISTING_KIND_LABEL, TIER_LABEL } from '../format.ts';
import type { ListingDetail } from '../../db/repositories/listings.ts';
import type { DealSummary } from '../../server/components/queries.ts';
import { dealTable } from '../partials/deal-table.ts';
import { matchList, type MatchListView } from '../partials/matches.ts';

/** A demand's page also carries its ranked suppliers (or the invitation to sign in for them) and its deals. */
export interface ListingPageView { listing: ListingDetail; today: string; matches?: MatchListView | null; deals?: DealSummary[]; signInForMatches?: boolean }

export function listingPage({ listing: l, today, ...extra }: ListingPageView): Page {
  const expired = l.status !== 'open' || (l.validUntil !== null && l.validUntil < today);
  return { title: l.title, nav: 'listings', body: html`
    <p class="meta"><a href="/listings">供需信息</a> › ${LISTING_KIND_LABEL[l.kind]}</p>
    <h1><span class="tag ${l.kind}">${LISTING_KIND_LABEL[l.kind]}</span> ${l.title}</h1>
    ${expired ? html`<p class="notice warn">此信息已${l.status === 'closed' ? '关闭' : '过期'}，不再出现在列表和搜索中。</p>` : ''}
    <section class="card">
      <dl class="facts">
        <dt>发布企业</dt><dd><a href="/enterprises/${l.firmUscc}">${l.firmName}</a> <span class="tag">${TIER_LABEL[l.firmTier]}</span></dd>
        <dt>编号</dt><dd>${l.ref}</dd>
        <dt>产业链</dt><dd>${l.chainName ?? '—'}</dd>
        <dt>区域</dt><dd>${l.regionName ?? '—'}</dd>
        <dt>数量</dt><dd>${l.quantity !== null ? `${formatCount(l.quantity)} ${l.unit}` : '—'}</dd>
        <dt>有效期至</dt><dd>${l.validUntil ?? '长期'}</dd>
        <dt>发布时间</dt><dd>${formatDate(l.createdAt)}</dd>
      </dl>
      ${l.description ? html`<h2>详情</h2><p>${l.description}</p>` : ''}
    </section>
    ${extra.deals ? dealTable(extra.deals) : ''}
    ${extra.matches ? html`<h2>匹配的本地供应商</h2>${matchList(extra.matches.result, extra.matches)}` : ''}
    ${extra.signInForMatches ? html`<h2>匹配的本地供应商</h2><p><a href="/login?next=${encodeURIComponent(`/listings/${l.ref}`)}">登录</a>后可查看为此需求排序的本地供应商。</p>` : ''}` };
}
