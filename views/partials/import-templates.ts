/** Download links for the blank import files and, folded, each kind's columns with their rules. */
import { html, type Html } from '../html.ts';

export interface TemplateView {
  label: string;
  xlsxHref: string;
  csvHref: string;
  columns: { header: string; required: boolean; rule: string; example: string }[];
}

export function importTemplates(templates: TemplateView[]): Html {
  return html`<section class="card templates"><h2 class="first">模板与填表规则</h2>
    <p class="meta">Excel 模板含下拉选项（产业链、区域、企业类型等）和「填表说明」工作表；表头上方可有标题行，首列可有序号，合计行会被跳过。</p>
    ${templates.map((t) => html`<div class="template"><p><strong>${t.label}</strong>：<a href="${t.xlsxHref}">下载 Excel 模板</a> · <a href="${t.csvHref}">CSV 模板</a></p>
      <details><summary>${t.label}的列与填表规则</summary>
      <div class="table-wrap"><table class="compact-rules"><thead><tr><th>列名</th><th>必填</th><th>填写规则</th><th>示例</th></tr></thead>
      <tbody>${t.columns.map((c) => html`<tr><td>${c.header}</td><td>${c.required ? '必填' : '—'}</td><td>${c.rule}</td><td>${c.example}</td></tr>`)}</tbody></table></div>
    </details></div>`)}
  </section>`;
}
