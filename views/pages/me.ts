import { html } from '../html.ts';
import type { Page } from '../layout.ts';
import { csrfField } from '../partials/form.ts';
import { formatCount, LISTING_KIND_LABEL, TIER_LABEL } from '../format.ts';
import type { Tier } from '../../db/schema.ts';

export interface OwnListing { ref: string; kind: 'supply' | 'demand'; title: string; validUntil: string | null; status: 'open' | 'closed'; version: number; quantity: number | null; unit: string; renewTo: string }

export interface MeView {
  firm: { uscc: string; name: string; tier: Tier; version: number };
  listings: OwnListing[];
  today: string;
  csrfToken: string;
  message?: string;
  error?: string;
}

function state(l: OwnListing, today: string): string {
  if (l.status === 'closed') return '已关闭';
  if (l.validUntil !== null && l.validUntil < today) return '已过期';
  return '有效';
}

export function mePage(v: MeView): Page {
  return { title: '我的企业', nav: 'me', body: html`
    <h1>${v.firm.name}</h1>
    <p class="meta"><span class="tag">${TIER_LABEL[v.firm.tier]}</span> 统一社会信用代码 ${v.firm.uscc}</p>
    ${v.message ? html`<p class="notice ok" role="status">${v.message}</p>` : ''}
    ${v.error ? html`<p class="notice bad" role="alert">${v.error}</p>` : ''}
    <div class="actions">
      <a class="button" href="/enterprises/${v.firm.uscc}/edit">编辑企业资料与能力</a>
      <a class="button" href="/listings/new">发布供需信息</a>
      <a class="button secondary" href="/enterprises/${v.firm.uscc}">查看企业主页</a>
    </div>
    <h2>本企业的供需信息（${v.listings.length}）</h2>
    ${v.listings.length === 0 ? html`<p class="meta">还没有发布过供需信息。</p>` : html`<div class="table-wrap"><table>
      <thead><tr><th>标题</th><th>类型</th><th>数量</th><th>有效期至</th><th>状态</th><th>操作</th></tr></thead>
      <tbody>${v.listings.map((l) => html`<tr>
        <td><a href="/listings/${l.ref}">${l.title}</a></td><td>${LISTING_KIND_LABEL[l.kind]}</td>
        <td>${l.quantity !== null ? `${formatCount(l.quantity)} ${l.unit}` : '—'}</td><td>${l.validUntil ?? '—'}</td><td>${state(l, v.today)}</td>
        <td class="actions">
          <a href="/listings/${l.ref}/edit">编辑</a>
          <form method="post" action="/listings/${l.ref}/renew">${csrfField(v.csrfToken)}<input type="hidden" name="version" value="${l.version}">
            <input type="hidden" name="valid_until" value="${l.renewTo}"><button class="secondary" type="submit">续期至 ${l.renewTo}</button></form>
          ${l.status === 'open' ? html`<details class="confirm"><summary>关闭…</summary>
            <form method="post" action="/listings/${l.ref}/close">${csrfField(v.csrfToken)}<input type="hidden" name="version" value="${l.version}">
            <p class="meta">关闭后此信息不再出现在搜索和匹配中，可随时续期重新开放。</p>
            <button class="danger" type="submit">确认关闭</button></form></details>` : ''}
        </td></tr>`)}</tbody>
    </table></div>`}` };
}
