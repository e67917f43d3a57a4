import { html } from '../html.ts';
import { firmField } from '../partials/form.ts';
import type { Page } from '../layout.ts';
import { formatDateTime } from '../format.ts';
import { pager } from '../partials/pager.ts';
import type { AuditLine } from '../../server/audit-labels.ts';
import { OBJECT_TYPE_LABEL } from '../../server/vocabulary.ts';

function changes(r: AuditLine) {
  const list = r.changes;
  if (list.length === 0) return html`—`;
  const shown = list.slice(0, 6);
  const rows = shown.map((c) => html`<li><span class="meta">${c.field}</span> ${c.before && c.after ? html`${c.before} → ${c.after}` : c.after || c.before}</li>`);
  return html`<ul class="changes">${rows}</ul>${list.length > 6 ? html`<details><summary>其余 ${list.length - 6} 项</summary><ul class="changes">${list.slice(6).map((c) => html`<li><span class="meta">${c.field}</span> ${c.before && c.after ? html`${c.before} → ${c.after}` : c.after || c.before}</li>`)}</ul></details>` : ''}`;
}


export interface AuditView { rows: AuditLine[]; total: number; page: number; pageSize: number; filter: { enterprise?: string; objectType?: string; objectId?: string }; objectTypes: string[] }

export function auditPage(v: AuditView): Page {
  const f = v.filter;
  return { title: '审计日志', nav: 'audit', body: html`
    <h1>审计日志</h1>
    <form class="filters" method="get" action="/admin/audit">
      ${firmField({ label: '企业', name: 'enterprise', value: f.enterprise ?? '' })}
      <label>对象类型<select name="objectType"><option value="">全部</option>${v.objectTypes.map((t) => html`<option value="${t}"${t === f.objectType ? html` selected` : ''}>${OBJECT_TYPE_LABEL[t] ?? t}</option>`)}</select></label>
      <label>对象编号<input name="objectId" value="${f.objectId ?? ''}" maxlength="100"></label>
      <button type="submit">筛选</button>
    </form>
    <p class="count">共 ${v.total} 条</p>
    <div class="table-wrap"><table>
      <thead><tr><th>时间</th><th>操作人</th><th>操作</th><th>对象</th><th>企业</th><th>变更内容</th><th>IP</th></tr></thead>
      <tbody>${v.rows.map((r) => html`<tr><td>${formatDateTime(r.at, true)}</td><td>${r.actorLabel}</td><td title="${r.action}">${r.actionLabel}</td><td>${r.object}</td>
        <td>${r.enterpriseName ?? '—'}</td><td>${changes(r)}</td><td>${r.ip}</td></tr>`)}</tbody>
    </table></div>
    ${pager('/admin/audit', { ...f }, v.page, v.pageSize, v.total)}` };
}
