import { html } from '../html.ts';
import type { Page } from '../layout.ts';
import { formatCount } from '../format.ts';
import type { ChainOverview, CityTotals } from '../../db/repositories/catalog.ts';

export function homePage(totals: CityTotals, chains: ChainOverview[]): Page {
  const stat = (n: number, label: string, href?: string) =>
    html`<div class="stat"><div class="n">${href ? html`<a href="${href}">${formatCount(n)}</a>` : formatCount(n)}</div><div class="l">${label}</div></div>`;
  return { title: '首页', nav: 'home', body: html`
    <h1>襄阳市 13 条重点产业链</h1>
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
