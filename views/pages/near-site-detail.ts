import { html } from '../html.ts';
import type { Page } from '../layout.ts';
import { formatWan } from '../format.ts';
import { pct } from './dashboard.ts';
import type { NearSiteFigures } from '../../server/metrics/near-site.ts';

export interface BuyerLine { name: string; uscc: string; totalWan: number; baseLocalWan: number; localisedWan: number; reported: boolean; deals: { dealId?: number; componentRef: string; componentName: string; valueWan: number; signed: string }[] }

export function nearSiteDetailPage(o: { title: string; figures: NearSiteFigures; buyers: BuyerLine[]; year: number }): Page {
  return { title: o.title, nav: 'dashboard', body: html`
    <p class="meta"><a href="/dashboard?year=${o.year}">看板</a> › ${o.title}</p>
    <h1>${o.title}：近地配套率 ${pct(o.figures.rate)}</h1>
    <p>采购总额 ${formatWan(o.figures.totalWan)}，本地采购额 ${formatWan(o.figures.localWan)}（导入数据 ${formatWan(o.figures.baseLocalWan)} + 新增本地化 ${formatWan(o.figures.localisedWan)}），目标 40%。</p>
    <div class="table-wrap"><table>
      <thead><tr><th>链主企业</th><th>采购总额</th><th>本地采购额（导入）</th><th>新增本地化</th><th>近地配套率</th><th>计入的本地化商机</th></tr></thead>
      <tbody>${o.buyers.map((b) => html`<tr><td><a href="/enterprises/${b.uscc}">${b.name}</a>${b.reported ? '' : html` <span class="tag">未报送采购额</span>`}</td>
        <td>${formatWan(b.totalWan)}</td><td>${formatWan(b.baseLocalWan)}</td><td>${formatWan(b.localisedWan)}</td>
        <td>${pct(b.totalWan > 0 ? (b.baseLocalWan + b.localisedWan) / b.totalWan : null)}</td>
        <td>${b.deals.map((d) => html`<div>${d.dealId ? html`<a href="/deals/${d.dealId}">#${d.dealId}</a> ` : ''}<a href="/components/${encodeURIComponent(d.componentRef)}">${d.componentName}</a> ${formatWan(d.valueWan)}（${d.signed} 签约）</div>`)}</td></tr>`)}</tbody>
    </table></div>` };
}
