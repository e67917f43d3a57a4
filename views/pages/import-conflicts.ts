import { html } from '../html.ts';
import type { Page } from '../layout.ts';
import { formatDateTime } from '../format.ts';
import { csrfField } from '../partials/form.ts';
import type { ConflictView } from '../../server/import/conflicts.ts';

export interface ConflictsView { total: number; rows: ConflictView[]; csrfToken: string; message?: string }

/** Fields an import left as the firm wrote them; the admin settles each one. */
export function importConflictsPage(v: ConflictsView): Page {
  return { title: '导入冲突', nav: 'import', body: html`
    <p class="meta"><a href="/admin/import">数据导入</a> › 导入冲突</p>
    <h1>企业已自行修改、导入未覆盖的字段（${v.total}）</h1>
    <p>企业在上次导入之后自行修改过这些字段，导入时保留了企业填写的内容。请逐条决定：保留企业填写，或采用导入值（企业会收到通知）。
      如需整批以导入为准，请在导入时勾选「以导入为准」。</p>
    ${v.message ? html`<p class="notice ok" role="status">${v.message}</p>` : ''}
    ${v.rows.length === 0 ? html`<p class="meta">没有待处理的冲突。</p>` : html`<div class="table-wrap"><table>
      <thead><tr><th>企业</th><th>字段</th><th>原导入值</th><th>企业填写</th><th>本次导入</th><th>发现时间</th><th>处理</th></tr></thead>
      <tbody>${v.rows.map((r) => html`<tr>
        <td><a href="/enterprises/${r.uscc}">${r.firmName}</a></td><td>${r.fieldLabel}</td><td>${r.old}</td><td>${r.firm}</td><td>${r.imported}</td>
        <td>${formatDateTime(r.createdAt)}</td>
        <td class="actions">
          <form method="post" action="/admin/import/conflicts/${r.id}">${csrfField(v.csrfToken)}<input type="hidden" name="choice" value="firm">
            <button class="secondary" type="submit">保留企业填写</button></form>
          <form method="post" action="/admin/import/conflicts/${r.id}">${csrfField(v.csrfToken)}<input type="hidden" name="choice" value="import">
            <button type="submit">采用导入值</button></form>
        </td></tr>`)}</tbody>
    </table></div>`}` };
}
