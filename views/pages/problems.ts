/** 问题协调: the cases the viewer may see, with filters; overdue cases stand out. */
import { html, type Html } from '../html.ts';
import type { Page } from '../layout.ts';
import { formatCount, formatDate } from '../format.ts';
import { pager } from '../partials/pager.ts';
import { PROBLEM_CATEGORIES, PROBLEM_STATUSES } from '../../db/schema.ts';
import type { ProblemFilter, ProblemItem, ProblemList } from '../../server/problems/queries.ts';
import { CATEGORY_LABEL, STATUS_LABEL } from '../../server/vocabulary.ts';

export interface ProblemsView {
  filter: ProblemFilter; list: ProblemList; today: string;
  chains: { id: string; name: string }[]; departments: { id: string; name: string }[];
  canRaise: boolean; canSeeStats: boolean;
}

export function statusTag(p: Pick<ProblemItem, 'status' | 'overdue'>): Html {
  return html`<span class="tag status-${p.status}">${STATUS_LABEL[p.status]}</span>${p.overdue ? html` <span class="tag overdue">已逾期</span>` : ''}`;
}

export function problemTable(items: ProblemItem[]): Html {
  return html`<div class="table-wrap"><table class="problem-table">
    <thead><tr><th>编号</th><th>问题</th><th>类别</th><th>企业</th><th>产业链</th><th>状态</th><th>承办部门</th><th>办理期限</th><th>提出日期</th></tr></thead>
    <tbody>${items.map((p) => html`<tr${p.overdue ? html` class="overdue"` : ''}>
      <td><a href="/problems/${p.ref}">${p.ref}</a></td><td><a href="/problems/${p.ref}">${p.title}</a></td><td>${CATEGORY_LABEL[p.category]}</td>
      <td>${p.firmName}</td><td>${p.chainName ?? '—'}</td><td>${statusTag(p)}</td><td>${p.departmentName ?? '—'}</td>
      <td>${p.deadline ?? '—'}</td><td>${formatDate(p.createdAt)}</td></tr>`)}</tbody>
  </table></div>`;
}

/** The part htmx swaps (filters, paging, live refresh): the counts and the table. */
export function problemResults(v: ProblemsView): Html {
  const f = v.filter;
  return html`<p class="count">共 ${formatCount(v.list.total)} 件${v.list.overdue ? html`；<a class="overdue-count" href="/problems?overdue=1">逾期 ${formatCount(v.list.overdue)} 件</a>` : ''}</p>
    ${v.list.items.length ? problemTable(v.list.items) : html`<p>没有符合条件的问题。</p>`}
    ${pager('/problems', { status: f.status, category: f.category, chain: f.chain, department: f.department, overdue: f.overdue ? '1' : undefined }, f.page, f.pageSize, v.list.total, { target: '#results', mode: 'innerHTML' })}`;
}

export function problemsPage(v: ProblemsView): Page {
  const f = v.filter;
  const opt = (value: string, label: string, selected: string | undefined) =>
    html`<option value="${value}"${value === (selected ?? '') ? html` selected` : ''}>${label}</option>`;
  return { title: '问题协调', nav: 'problems', body: html`
    <h1>问题协调</h1>
    <p class="meta spaced">问题收集、分办、反馈、销号闭环管理。${v.canSeeStats ? html` <a href="/problems/stats">统计</a>` : ''}</p>
    ${v.canRaise ? html`<p><a class="button" href="/problems/new">提出问题</a></p>` : ''}
    <form id="problem-filters" class="filters" method="get" action="/problems" hx-get="/problems" hx-target="#results" hx-push-url="true" hx-trigger="change, submit">
      <label>状态<select name="status">${opt('', '全部状态', f.status)}${PROBLEM_STATUSES.map((s) => opt(s, STATUS_LABEL[s], f.status))}</select></label>
      <label>类别<select name="category">${opt('', '全部类别', f.category)}${PROBLEM_CATEGORIES.map((c) => opt(c, CATEGORY_LABEL[c], f.category))}</select></label>
      <label>产业链<select name="chain">${opt('', '全部产业链', f.chain)}${v.chains.map((c) => opt(c.id, c.name, f.chain))}</select></label>
      <label>承办部门<select name="department">${opt('', '全部部门', f.department)}${v.departments.map((d) => opt(d.id, d.name, f.department))}</select></label>
      <label class="check"><span>只看逾期</span><input type="checkbox" name="overdue" value="1"${f.overdue ? html` checked` : ''}></label>
      <button type="submit">筛选</button>
    </form>
    <div id="results" hx-get="/problems" hx-include="#problem-filters" hx-trigger="live:problems from:body delay:250ms" hx-sync="this:queue last">${problemResults(v)}</div>` };
}
