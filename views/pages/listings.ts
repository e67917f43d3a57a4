import { html, type Html } from '../html.ts';
import type { Page } from '../layout.ts';
import { formatCount, formatDate, LISTING_KIND_LABEL, REGION_KIND_LABEL } from '../format.ts';
import { pager } from '../partials/pager.ts';
import type { ListingFilter, ListingSummary } from '../../db/repositories/listings.ts';

export interface ListingsView {
  filter: ListingFilter;
  total: number;
  items: ListingSummary[];
  chains: { id: string; name: string }[];
  regions: { code: string; name: string; kind: keyof typeof REGION_KIND_LABEL }[];
}

export function listingItems(items: ListingSummary[]): Html {
  return html`<div class="results">${items.map((l) => html`
    <article class="result">
      <h3><span class="tag ${l.kind}">${LISTING_KIND_LABEL[l.kind]}</span> <a href="/listings/${l.ref}">${l.title}</a></h3>
      <div class="meta">
        <a href="/enterprises/${l.firmUscc}">${l.firmName}</a>
        ${l.chainName ? html`<span>${l.chainName}</span>` : ''}
        ${l.regionName ? html`<span>${l.regionName}</span>` : ''}
        ${l.quantity !== null ? html`<span>数量 ${formatCount(l.quantity)} ${l.unit}</span>` : ''}
        <span>有效期至 ${l.validUntil ?? '长期'}</span>
        <span>发布于 ${formatDate(l.createdAt)}</span>
      </div>
    </article>`)}</div>`;
}

export function listingResults(v: ListingsView): Html {
  const f = v.filter;
  return html`<div id="results">
    <p class="count">共 ${formatCount(v.total)} 条有效信息</p>
    ${v.items.length ? listingItems(v.items) : html`<p>没有符合条件的供需信息。</p>`}
    ${pager('/listings', { kind: f.kind, chain: f.chain, region: f.region }, f.page, f.pageSize, v.total, { target: '#results', mode: 'outerHTML' })}
  </div>`;
}

export function listingsPage(v: ListingsView): Page {
  const f = v.filter;
  const opt = (value: string, label: string, selected: string | undefined) =>
    html`<option value="${value}"${value === (selected ?? '') ? html` selected` : ''}>${label}</option>`;
  return { title: '供需信息', nav: 'listings', body: html`
    <h1>供需信息</h1>
    <form class="filters" method="get" action="/listings" hx-get="/listings" hx-target="#results" hx-swap="outerHTML" hx-push-url="true" hx-trigger="change, submit">
      <label>类型<select name="kind">${opt('', '供应和需求', f.kind)}${opt('supply', '供应', f.kind)}${opt('demand', '需求', f.kind)}</select></label>
      <label>产业链<select name="chain">${opt('', '全部产业链', f.chain)}${v.chains.map((c) => opt(c.id, c.name, f.chain))}</select></label>
      <label>区域<select name="region">${opt('', '全部区域', f.region)}${v.regions.map((r) => opt(r.code, r.kind === 'local' ? r.name : `${r.name}（${REGION_KIND_LABEL[r.kind]}）`, f.region))}</select></label>
      <button type="submit">筛选</button>
    </form>
    ${listingResults(v)}` };
}
