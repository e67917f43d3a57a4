/** The dispatch page's near-site line and its attraction projects section (the rest of the page is views/pages/dispatch.ts). */
import { html, type Html } from '../html.ts';
import { formatWan } from '../format.ts';
import type { DispatchReport } from '../../server/problems/dispatch.ts';
import { projectTable } from '../pages/attraction/projects.ts';

const pct = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

export function dispatchNearSite(r: DispatchReport): Html {
  const f = r.nearSite;
  return html`<p class="spaced"><strong>近地配套率 ${pct(f.rate)}</strong>（目标 ${f.target * 100}%）：链主采购总额 ${formatWan(f.totalWan)}，本地采购额 ${formatWan(f.localWan)}。</p>`;
}

export function dispatchProjects(r: DispatchReport): Html {
  const overdue = r.projects.filter((p) => p.overdue).length;
  return html`<link rel="stylesheet" href="/static/attraction.css">
    <h2>招商项目（${r.projects.length}${overdue ? html`，<span class="flag">逾期 ${overdue}</span>` : ''}）</h2>
    ${r.projects.length ? projectTable(r.projects) : html`<p class="meta">本产业链暂无招商项目。<a class="no-print" href="/attraction?chain=${r.chain.id}">查看招引对象</a></p>`}`;
}
