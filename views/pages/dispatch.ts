/** 调度: a chain's quarter on one printable page — problems, key deals, sole-source gaps — and the chains to choose from. */
import { html, type Html } from '../html.ts';
import type { Page } from '../layout.ts';
import { CRITICALITY_LABEL, formatCount, formatDate, formatWan } from '../format.ts';
import { figureCards, quarterLabel, quarterPicker } from './problem-stats.ts';
import { problemTable } from './problems.ts';
import { STAGE_LABEL } from '../../server/vocabulary.ts';
import type { DispatchReport } from '../../server/problems/dispatch.ts';
import type { Quarter } from '../../server/problems/stats.ts';
import { dispatchNearSite, dispatchProjects } from '../partials/dispatch-attraction.ts';

/** Long lists are cut on the page (the exports carry every row). */
const SHOWN = 50;

function more(total: number): Html {
  return total > SHOWN ? html`<p class="meta">共 ${formatCount(total)} 项，此处显示前 ${SHOWN} 项；完整清单请导出。</p>` : html``;
}

export function dispatchPage({ report: r, years }: { report: DispatchReport; years: number[] }): Page {
  const q = `year=${r.quarter.year}&quarter=${r.quarter.quarter}`;
  const base = `/dispatch/${r.chain.id}`;
  return { title: `${r.chain.name} 调度`, nav: 'dispatch', body: html`
    <p class="meta no-print"><a href="/dispatch">调度</a> › ${r.chain.name}</p>
    <h1>${r.chain.name} · ${quarterLabel(r.quarter)}调度</h1>
    <p class="meta spaced">统计日期 ${r.today}。打印请使用浏览器的打印功能（Ctrl+P），导航和按钮不会打印。</p>
    ${quarterPicker(base, r.quarter, years)}
    ${dispatchNearSite(r)}
    <p class="actions no-print"><a class="button secondary" href="${base}/export?format=xlsx&amp;${q}">导出 Excel</a>
      <a class="button secondary" href="${base}/export?format=csv&amp;${q}">导出 CSV</a></p>
    <h2>问题协调</h2>
    ${figureCards(r.figures)}
    <h3>未销号问题（${formatCount(r.problems.length)}）</h3>
    ${r.problems.length ? problemTable(r.problems.slice(0, SHOWN)) : html`<p class="meta">本产业链暂无未销号问题。</p>`}
    ${more(r.problems.length)}
    <h2>重点商机（进行中，按年金额）</h2>
    ${r.deals.length ? html`<div class="table-wrap"><table>
      <thead><tr><th>商机</th><th>外采件/需求</th><th>采购方</th><th>供应方</th><th>阶段</th><th>年金额</th><th>更新</th></tr></thead>
      <tbody>${r.deals.slice(0, SHOWN).map((d) => html`<tr><td>#${d.id}</td><td>${d.subjectRef} ${d.subjectName}</td><td>${d.buyerName}</td>
        <td>${d.supplierName}${d.supplierRegionName ? html`（${d.supplierRegionName}）` : ''}</td><td>${STAGE_LABEL[d.stage]}</td><td>${formatWan(d.valueWan)}</td><td>${formatDate(d.updatedAt)}</td></tr>`)}</tbody>
    </table></div>` : html`<p class="meta">本产业链暂无进行中的商机。</p>`}
    ${more(r.deals.length)}
    ${dispatchProjects(r)}
    <h2>唯一来源缺口（尚无对接，按年采购额）</h2>
    ${r.gaps.length ? html`<div class="table-wrap"><table>
      <thead><tr><th>外采件</th><th>采购方</th><th>年采购额</th><th>当前供应商</th><th>重要程度</th></tr></thead>
      <tbody>${r.gaps.slice(0, SHOWN).map((g) => html`<tr><td>${g.ref} ${g.name}</td><td>${g.buyerName}${g.buyerRegionName ? html`（${g.buyerRegionName}）` : ''}</td>
        <td>${formatWan(g.annualValueWan)}</td><td>${g.currentSupplier || '—'}${g.currentSupplierRegion ? html`（${g.currentSupplierRegion}）` : ''}</td>
        <td>${g.criticality ? CRITICALITY_LABEL[g.criticality] : '—'}</td></tr>`)}</tbody>
    </table></div>` : html`<p class="meta">本产业链的唯一来源外采件均已有对接。</p>`}
    ${more(r.gaps.length)}` };
}

export interface DispatchChain { id: string; name: string; open: number; overdue: number }

/** `departmentStaff`: a department's account, told where its cases are instead of that it has no chain. */
export interface DispatchIndexView { chains: DispatchChain[]; quarter: Quarter; departmentStaff: boolean }

export function dispatchIndexPage({ chains, quarter, departmentStaff }: DispatchIndexView): Page {
  return { title: '调度', nav: 'dispatch', body: html`
    <h1>产业链季度调度 · ${quarterLabel(quarter)}</h1>
    <p class="meta spaced">每条产业链一页：未销号问题、重点商机和唯一来源缺口，可打印、可导出。<a href="/problems/stats">问题统计</a></p>
    ${chains.length === 0 ? html`<p class="notice warn">${departmentStaff ? '承办部门的账号不参与产业链调度；本部门承办的问题请在「问题协调」中查看。' : '您的账号没有可调度的产业链。'}</p>` : html`<div class="table-wrap"><table>
      <thead><tr><th>产业链</th><th>未销号问题</th><th>逾期</th><th></th></tr></thead>
      <tbody>${chains.map((c) => html`<tr${c.overdue ? html` class="overdue"` : ''}><td><a href="/dispatch/${c.id}">${c.name}</a></td>
        <td>${formatCount(c.open)}</td><td>${formatCount(c.overdue)}</td><td><a href="/dispatch/${c.id}">调度页</a></td></tr>`)}</tbody>
    </table></div>`}` };
}
