/** 未识别词: wordings the matcher cannot place, most frequent first; the admin teaches one in one step. */
import { html, type Html } from '../html.ts';
import type { Page } from '../layout.ts';
import { csrfField } from '../partials/form.ts';
import { formatDateTime } from '../format.ts';
import { CONCEPT_KIND_LABEL } from '../../server/vocabulary.ts';

type Kind = keyof typeof CONCEPT_KIND_LABEL;

export interface UnknownRowView { kind: Kind; wording: string; count: number; examples: string[]; nearest: string | null }
export interface AdditionView { term: string; kind: Kind; target: string; isNew: boolean; at: number; by: string | null }

export interface LexiconPageView {
  rows: UnknownRowView[];
  /** concept names per kind, offered as the admin types */
  conceptNames: Record<Kind, string[]>;
  recent: AdditionView[];
  marks: { label: string; count: number }[];
  csrfToken: string;
  message?: string;
  error?: string;
}

function teachForm(r: UnknownRowView, csrfToken: string): Html {
  return html`<details><summary>加入词库</summary>
    <form method="post" action="/admin/lexicon/terms" class="stack">
      ${csrfField(csrfToken)}<input type="hidden" name="kind" value="${r.kind}"><input type="hidden" name="term" value="${r.wording}">
      <label>归入已有概念<input name="concept" list="concepts-${r.kind}" value="${r.nearest ?? ''}" autocomplete="off"></label>
      <p class="meta">或新建概念（不选已有概念时）：</p>
      <label>新概念名称<input name="newLabel" maxlength="30"></label>
      <label>所属大类（可空）<input name="broader" list="concepts-${r.kind}" autocomplete="off"></label>
      <button type="submit">加入词库并重新匹配</button>
    </form></details>`;
}

export function lexiconPage(v: LexiconPageView): Page {
  const kinds = Object.keys(CONCEPT_KIND_LABEL) as Kind[];
  return { title: '未识别词', nav: 'lexicon', body: html`
    <h1>未识别词</h1>
    <p>企业资料和外采件中，词库还不认识的写法（按出现次数排序）。把一个写法归入已有概念，或为它新建概念，一步完成：
      记入审计日志，存入数据库（随附的基础词库不变），随即重新读取企业能力并重新匹配所有外采件。</p>
    ${v.message ? html`<p class="notice ok" role="status">${v.message}</p>` : ''}
    ${v.error ? html`<p class="notice bad" role="alert">${v.error}</p>` : ''}
    ${kinds.map((k) => html`<datalist id="concepts-${k}">${v.conceptNames[k].map((n) => html`<option value="${n}"></option>`)}</datalist>`)}
    ${v.rows.length === 0 ? html`<p class="meta">没有未识别的写法。</p>` : html`<div class="table-wrap"><table>
      <thead><tr><th>写法</th><th>类型</th><th>次数</th><th>出现在</th><th>词库的猜测</th><th>处理</th></tr></thead>
      <tbody>${v.rows.map((r) => html`<tr>
        <td><strong>${r.wording}</strong></td><td>${CONCEPT_KIND_LABEL[r.kind]}</td><td>${r.count}</td>
        <td>${r.examples.join('；')}</td><td>${r.nearest ?? '—'}</td>
        <td>${teachForm(r, v.csrfToken)}</td></tr>`)}</tbody>
    </table></div>`}
    <h2>已加入词库的写法</h2>
    ${v.recent.length === 0 ? html`<p class="meta">尚无。</p>` : html`<div class="table-wrap"><table>
      <thead><tr><th>写法</th><th>类型</th><th>归入</th><th>时间</th><th>操作人</th></tr></thead>
      <tbody>${v.recent.map((a) => html`<tr><td>${a.term}</td><td>${CONCEPT_KIND_LABEL[a.kind]}</td>
        <td>${a.target}${a.isNew ? '（新建概念）' : ''}</td><td>${formatDateTime(a.at)}</td><td>${a.by ?? '—'}</td></tr>`)}</tbody>
    </table></div>`}
    <h2>采购方标记的「不合适」</h2>
    ${v.marks.every((m) => m.count === 0) ? html`<p class="meta">尚无标记。</p>` : html`<ul>${v.marks.map((m) => html`<li>${m.label}：${m.count} 次</li>`)}</ul>`}` };
}
