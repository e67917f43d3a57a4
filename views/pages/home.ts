import { html, type Html } from '../html.ts';
import type { Page } from '../layout.ts';
import { formatCount } from '../format.ts';
import type { ChainOverview, CityTotals } from '../../db/repositories/catalog.ts';
import type { Workbench } from '../../server/workbench.ts';
import type { FirmStep } from '../../server/attraction/cultivation-service.ts';
import { cultivationCard } from '../partials/cultivation-card.ts';

/** The signed-in person's own corner of the home page: what needs them, each number a link. */
function workbenchCard(w: Workbench): Html {
  const item = (n: number, label: string, href: string, warn = false) =>
    html`<li><a href="${href}"><strong class="${warn && n > 0 ? 'warn-text' : ''}">${n}</strong> ${label}</a></li>`;
  return html`<section class="card workbench" aria-label="我的待办">
    <h2 class="first">${w.firmName ?? '我的工作台'}</h2>
    <ul>
      ${w.components ? html`${item(w.components.noLocal, '件外采件暂无本地候选', '/components?status=no_local', true)}
        ${item(w.components.candidates, '件已有本地候选、尚未对接', '/components?status=candidates')}
        ${item(w.components.inDeal, '件对接中', '/components?status=in_deal')}
        ${item(w.components.localised, '件已本地化', '/components?status=localised')}` : ''}
      ${w.deals ? html`${item(w.deals.open, '个商机进行中（采购方）', '/deals')}${w.role === 'enterprise' ? item(w.deals.asSupplier, '个商机向本企业询价（供应方）', '/deals') : ''}` : ''}
      ${w.listings ? html`${item(w.listings.open, '条有效供需信息', '/me')}${item(w.listings.expiringSoon, '条将在 30 天内到期', '/me', true)}` : ''}
      ${w.problems ? html`${item(w.problems.open, '个问题未销号', '/problems')}${item(w.problems.overdue, '个问题已逾期', '/problems?overdue=1', true)}` : ''}
      ${item(w.unread, '条未读消息', '/inbox', true)}
    </ul>
    ${w.dashboard ? html`<p><a class="button secondary" href="/dashboard">打开看板</a></p>` : ''}
  </section>`;
}

export function homePage(totals: CityTotals, chains: ChainOverview[], bench: Workbench | null = null, steps: FirmStep[] = []): Page {
  const stat = (n: number, label: string, href?: string) =>
    html`<div class="stat"><div class="n">${href ? html`<a href="${href}">${formatCount(n)}</a>` : formatCount(n)}</div><div class="l">${label}</div></div>`;
  return { title: '首页', nav: 'home', body: html`
    <h1>襄阳市 13 条重点产业链</h1>
    ${bench ? workbenchCard(bench) : ''}
    ${cultivationCard(steps)}
    <div class="stats">
      ${stat(totals.firms, '入库企业', '/enterprises')}
      ${stat(totals.localFirms, '市内企业')}
      ${stat(totals.chainLeaders, '链主企业', '/enterprises?tier=chain_leader')}
      ${stat(totals.listings, '有效供需信息', '/listings')}
      ${stat(totals.components, '唯一来源外采件')}
    </div>
    <section class="grid" aria-label="产业链">
      ${chains.map((c) => html`<article class="card chain">
        <h3><a href="/enterprises?chain=${c.id}">${c.name}</a></h3>
        <dl>
          <dt>企业</dt><dd><a href="/enterprises?chain=${c.id}">${formatCount(c.firms)}</a></dd>
          <dt>链主企业</dt><dd><a href="/enterprises?chain=${c.id}&amp;tier=chain_leader">${formatCount(c.chainLeaders)}</a></dd>
          <dt>供需信息</dt><dd><a href="/listings?chain=${c.id}">${formatCount(c.listings)}</a></dd>
          <dt>唯一来源外采件</dt><dd>${formatCount(c.components)}</dd>
        </dl>
      </article>`)}
    </section>` };
}
