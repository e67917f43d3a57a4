/**
 * The dashboard's what-if section: loaded into its slot after the page (htmx), refreshed when
 * deals or components move; without JavaScript the slot is a link to the same section as a page.
 */
import { html, type Html } from '../html.ts';
import type { Page } from '../layout.ts';
import { formatWan } from '../format.ts';
import type { WhatIfView } from '../../server/metrics/what-if-view.ts';
import type { NearSiteFigures } from '../../server/metrics/near-site.ts';

const pct = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
const delta = (from: NearSiteFigures, to: NearSiteFigures) =>
  (from.rate === null || to.rate === null ? '' : `（+${((to.rate - from.rate) * 100).toFixed(1)} 个百分点）`);

/** What the dashboard page carries: an empty slot that fills itself. */
export function whatIfSlot(year: number): Html {
  const url = `/dashboard/what-if?year=${year}`;
  return html`<link rel="stylesheet" href="/static/attraction.css">
    <section id="what-if" class="whatif" hx-get="${url}" hx-trigger="load, live:deals from:body delay:400ms, live:components from:body delay:400ms" hx-swap="innerHTML">
      <h2>测算：如何达到 40%</h2><p class="meta"><a href="${url}">查看测算</a></p>
    </section>`;
}

export function whatIfSection(v: WhatIfView): Html {
  const path = v.path;
  return html`<h2>测算：如何达到 40%</h2>
    <p class="meta">${v.year} 年全年口径，假设的本地化按年采购额计入当年（同一外采件只计一次，不超过链主的市外采购额）。</p>
    <div class="stats">
      <div class="stat"><div class="n">${pct(v.now.rate)}</div><div class="l">当前近地配套率</div></div>
      <div class="stat"><div class="n up">${pct(v.deals.figures.rate)}</div><div class="l">若报价阶段的 ${v.deals.count} 个本地商机全部签约（${formatWan(v.deals.valueWan)}）${delta(v.now, v.deals.figures)}</div></div>
      <div class="stat"><div class="n up">${pct(v.projects.figures.rate)}</div><div class="l">若前 ${v.projects.chosen.length} 个招商项目投产运营${delta(v.now, v.projects.figures)}
        <form class="inline no-print" method="get" action="/dashboard/what-if" hx-get="/dashboard/what-if" hx-target="#what-if" hx-swap="innerHTML">
          <input type="hidden" name="year" value="${v.year}"><label>前 <input type="number" name="top" min="1" max="50" value="${v.projects.top}"> 个</label><button class="secondary" type="submit">测算</button></form></div></div>
    </div>
    ${v.projects.chosen.length ? html`<p class="meta">按涉及年采购额排序的在建招商项目：${v.projects.chosen.map((p) => html`<a href="/attraction/projects/${p.ref}">${p.title}</a>（${formatWan(p.valueWan)}） `)}（共 ${v.projects.open} 个进行中）</p>` : ''}
    <div class="two">
      <section class="card"><h3>各产业链距 40%</h3>
        <div class="table-wrap"><table class="compact">
          <thead><tr><th>产业链</th><th>近地配套率</th><th>还差本地采购额</th><th>最少需本地化</th></tr></thead>
          <tbody>${v.chains.map((c) => html`<tr><td><a href="/chains/${c.id}">${c.name}</a></td><td>${pct(c.figures.rate)}</td>
            <td class="distance${c.already ? ' reached' : ''}">${c.already ? '已达标' : formatWan(c.shortWan)}</td>
            <td>${c.already ? '—' : c.reached ? `${c.partsNeeded} 个外采件` : c.partsNeeded ? `全部 ${c.partsNeeded} 个外采件仍不够` : '暂无可本地化的外采件'}</td></tr>`)}</tbody>
        </table></div></section>
      <section class="card path"><h3>达到 40% 的最短路径</h3>
        ${path.already ? html`<p>已达到 40%。</p>` : html`<p>还差本地采购额 ${formatWan(path.shortWan)}：${path.reached
          ? html`本地化以下 <strong>${path.parts.length}</strong> 个外采件（按年采购额从大到小）即可达到 ${pct(path.after.rate)}。`
          : html`即使本地化全部 ${path.parts.length} 个外采件，也只能达到 ${pct(path.after.rate)}。`}</p>
          <ol>${path.parts.slice(0, 5).map(pathItem)}</ol>
          ${path.parts.length > 5 ? html`<details class="more"><summary>其余 ${Math.min(20, path.parts.length) - 5} 个${path.parts.length > 20 ? `（共 ${path.parts.length} 个，列出前 20）` : ''}</summary>
            <ol start="6">${path.parts.slice(5, 20).map(pathItem)}</ol></details>` : ''}`}
      </section>
    </div>`;
}

function pathItem(p: { ref: string; name: string; buyerName: string; valueWan: number }): Html {
  return html`<li><a href="/components/${encodeURIComponent(p.ref)}">${p.ref} ${p.name}</a> <span class="meta">${p.buyerName} · ${formatWan(p.valueWan)}</span></li>`;
}

export function whatIfPage(v: WhatIfView): Page {
  return { title: '测算：如何达到 40%', nav: 'dashboard', body: html`<link rel="stylesheet" href="/static/attraction.css">
    <p class="meta no-print"><a href="/dashboard?year=${v.year}">看板</a> › 测算</p>
    <section id="what-if" class="whatif">${whatIfSection(v)}</section>` };
}
