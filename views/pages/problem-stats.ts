/** The problem figures: open, overdue, raised and closed in the quarter, average days to close — overall, per chain, per county. */
import { html, type Html } from '../html.ts';
import type { Page } from '../layout.ts';
import { formatCount } from '../format.ts';
import type { FiguresBy, ProblemFigures, ProblemStats, Quarter } from '../../server/problems/stats.ts';

export interface ProblemStatsView { stats: ProblemStats; chainName: (id: string | null) => string; countyName: (code: string | null) => string }

const days = (n: number | null) => (n === null ? '—' : `${n.toLocaleString('zh-CN', { maximumFractionDigits: 1 })} 天`);

export function quarterLabel(q: Quarter): string {
  return `${q.year} 年第 ${q.quarter} 季度`;
}

/** A year/quarter picker that submits as a plain GET. */
export function quarterPicker(action: string, q: Quarter, years: number[]): Html {
  return html`<form class="filters no-print" method="get" action="${action}">
    <label>年份<select name="year">${years.map((y) => html`<option value="${y}"${y === q.year ? html` selected` : ''}>${y}</option>`)}</select></label>
    <label>季度<select name="quarter">${[1, 2, 3, 4].map((n) => html`<option value="${n}"${n === q.quarter ? html` selected` : ''}>第 ${n} 季度</option>`)}</select></label>
    <button type="submit">查看</button>
  </form>`;
}

export function figureCards(f: ProblemFigures): Html {
  const stat = (n: string, label: string, cls = '') => html`<div class="stat${cls}"><div class="n">${n}</div><div class="l">${label}</div></div>`;
  return html`<div class="stats">
    ${stat(formatCount(f.open), '未销号')}
    ${stat(formatCount(f.overdue), '逾期', f.overdue ? ' overdue' : '')}
    ${stat(formatCount(f.raised), '本季度新提出')}
    ${stat(formatCount(f.closed), '本季度销号')}
    ${stat(days(f.avgDaysToClose), '平均办结用时')}
  </div>`;
}

function figuresTable(title: string, rows: FiguresBy[], name: (key: string | null) => string): Html {
  return html`<h2>${title}</h2>${rows.length === 0 ? html`<p class="meta">暂无问题。</p>` : html`<div class="table-wrap"><table>
    <thead><tr><th>${title.replace('按', '')}</th><th>未销号</th><th>逾期</th><th>本季度新提出</th><th>本季度销号</th><th>平均办结用时</th></tr></thead>
    <tbody>${rows.map((r) => html`<tr${r.figures.overdue ? html` class="overdue"` : ''}><td>${name(r.key)}</td><td>${formatCount(r.figures.open)}</td><td>${formatCount(r.figures.overdue)}</td>
      <td>${formatCount(r.figures.raised)}</td><td>${formatCount(r.figures.closed)}</td><td>${days(r.figures.avgDaysToClose)}</td></tr>`)}</tbody>
  </table></div>`}`;
}

export function problemStatsPage(v: ProblemStatsView & { years: number[] }): Page {
  const s = v.stats;
  return { title: '问题统计', nav: 'problems', body: html`
    <p class="meta"><a href="/problems">问题协调</a> › 统计</p>
    <h1>问题协调统计 · ${quarterLabel(s.quarter)}</h1>
    <p class="meta spaced">未销号、逾期为截至 ${s.today} 的当前数；新提出、销号和平均办结用时按所选季度统计。</p>
    ${quarterPicker('/problems/stats', s.quarter, v.years)}
    ${figureCards(s.total)}
    ${figuresTable('按产业链', s.byChain, v.chainName)}
    ${figuresTable('按区县', s.byCounty, v.countyName)}` };
}
