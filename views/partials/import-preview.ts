/** What an upload would change, before anything is written, and the one button that writes it. */
import { html, type Html } from '../html.ts';
import type { ImportPreviewView } from '../../server/routes/import-report.ts';

const LISTED = 200;

export function importPreview(p: ImportPreviewView, confirm: { token: string; csrfToken: string; skipped: number }): Html {
  const { total } = p;
  return html`<div class="notice"><strong>预览：尚未写入任何数据。</strong>确认后按下表写入${confirm.skipped ? `（${confirm.skipped} 处错误所在的行将被跳过）` : ''}；
      若预览之后数据有变化，确认时将拒绝写入并请您重新预览。</div>
    <div class="table-wrap"><table>
      <thead><tr><th>类型</th><th>新增</th><th>更新</th><th>未变</th></tr></thead>
      <tbody>${p.counts.map((c) => html`<tr><td>${c.label}</td><td>${c.inserted}</td><td>${c.updated}</td><td>${c.unchanged}</td></tr>`)}</tbody>
    </table></div>
    ${p.updated.length ? html`<h2>将更新的对象（字段：原值 → 新值）</h2>
      <ul class="preview-updates">${p.updated.slice(0, LISTED).map((u) => html`<li><strong>${u.kindLabel} ${u.key}</strong> ${u.name}
        ${u.fields.length ? html`<ul>${u.fields.map((f) => html`<li>${f.label}：<del>${f.before}</del> → <ins>${f.after}</ins></li>`)}</ul>` : html`<span class="meta">（仅内部记录变化）</span>`}</li>`)}</ul>
      ${p.updated.length > LISTED ? html`<p class="meta">另有 ${p.updated.length - LISTED} 个对象将更新，未逐一列出。</p>` : ''}` : ''}
    ${p.created.length ? html`<details><summary>将新增的 ${p.created.length} 个对象</summary>
      <ul>${p.created.slice(0, LISTED).map((c) => html`<li>${c.kindLabel} ${c.key} ${c.name}</li>`)}</ul>
      ${p.created.length > LISTED ? html`<p class="meta">另有 ${p.created.length - LISTED} 个，未逐一列出。</p>` : ''}</details>` : ''}
    <form class="card" method="post" action="/admin/import/commit">
      <input type="hidden" name="_csrf" value="${confirm.csrfToken}">
      <input type="hidden" name="token" value="${confirm.token}">
      <button type="submit">${total > 0 ? `确认导入（写入以上 ${total} 处新增和更新）` : '确认导入（无改动，仅记录本次导入）'}</button>
      <a href="/admin/import">放弃，不导入</a>
    </form>`;
}
