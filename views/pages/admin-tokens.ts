import { html } from '../html.ts';
import type { Page } from '../layout.ts';
import { csrfField, field, formErrorSummary, select, type FieldErrors, firmField } from '../partials/form.ts';
import { formatDate } from '../format.ts';
import { ROLES } from '../../db/schema.ts';
import { ROLE_LABEL } from '../../server/vocabulary.ts';
import type { TokenRow } from '../../server/auth/api-tokens.ts';
import type { ScopeChoices } from '../../server/auth/user-admin.ts';

function scopeOf(t: TokenRow, c: ScopeChoices): string {
  const chains = t.scopeChains.map((id) => c.chains.find((x) => x.id === id)?.name ?? id);
  const regions = t.scopeRegions.map((code) => c.regions.find((x) => x.code === code)?.name ?? code);
  return [...chains, ...regions].join('、') || (t.role === 'official' ? '全市' : '—');
}

const selected = (v: unknown): string[] => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).map(String));

export function tokensPage(o: { tokens: TokenRow[]; choices: ScopeChoices; csrfToken: string; values?: Record<string, unknown>; errors?: FieldErrors; created?: string; message?: string }): Page {
  const v = o.values ?? {};
  return { title: 'API 令牌', nav: 'tokens', body: html`
    <h1>API 令牌</h1>
    <p class="meta">供 ERP、城市数据平台调用 <code>/api/</code> 接口：请求头 <code>Authorization: Bearer 令牌</code>。令牌只保存哈希值，创建时显示一次。</p>
    ${o.created ? html`<div class="notice ok" role="status">新令牌（只显示这一次，请立即保存）：<div class="secret">${o.created}</div></div>` : ''}
    ${o.message ? html`<p class="notice ok" role="status">${o.message}</p>` : ''}
    <div class="table-wrap"><table>
      <thead><tr><th>名称</th><th>前缀</th><th>角色</th><th>企业</th><th>范围</th><th>创建</th><th>最近使用</th><th>状态</th></tr></thead>
      <tbody>${o.tokens.map((t) => html`<tr><td>${t.name}</td><td><code>${t.prefix}…</code></td><td>${ROLE_LABEL[t.role]}</td><td>${t.enterpriseName ?? '—'}</td><td>${scopeOf(t, o.choices)}</td>
        <td>${formatDate(t.createdAt)}</td><td>${t.lastUsedAt ? formatDate(t.lastUsedAt) : '—'}</td>
        <td>${t.revokedAt ? `已吊销（${formatDate(t.revokedAt)}）` : html`<form method="post" action="/admin/tokens/${t.id}/revoke">${csrfField(o.csrfToken)}<button class="secondary" type="submit">吊销</button></form>`}</td></tr>`)}</tbody>
    </table></div>
    <h2>新建令牌</h2>
    <form class="card" method="post" action="/admin/tokens">
      ${csrfField(o.csrfToken)}
      ${formErrorSummary(o.errors)}
      <div class="form-grid">
        ${field({ label: '名称（用途）', name: 'name', value: String(v.name ?? ''), errors: o.errors, required: true, maxlength: 80 })}
        ${select({ label: '角色', name: 'role', options: ROLES.map((r) => ({ value: r, label: ROLE_LABEL[r] })), value: String(v.role ?? 'official'), errors: o.errors })}
        ${firmField({ label: '绑定企业', name: 'enterprise', value: String(v.enterprise ?? ''), errors: o.errors, hint: '企业、链主采购角色必填' })}
        ${select({ label: '限定产业链（政府用户令牌，可多选；不选为全部）', name: 'scopeChains', multiple: true, options: o.choices.chains.map((x) => ({ value: x.id, label: x.name })), selected: selected(v.scopeChains), errors: o.errors })}
        ${select({ label: '限定区县（政府用户令牌，可多选；不选为全部）', name: 'scopeRegions', multiple: true, options: o.choices.regions.map((x) => ({ value: x.code, label: x.name })), selected: selected(v.scopeRegions), errors: o.errors })}
      </div>
      <div class="actions"><button type="submit">创建令牌</button></div>
    </form>` };
}
