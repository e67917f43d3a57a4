import { html, type Html } from '../html.ts';
import type { Page } from '../layout.ts';
import { csrfField, field, formErrorSummary, select, type FieldErrors, firmField } from '../partials/form.ts';
import { formatDate } from '../format.ts';
import { ROLES } from '../../db/schema.ts';
import { ROLE_LABEL } from '../../server/vocabulary.ts';
import type { ScopeChoices, UserListRow } from '../../server/auth/user-admin.ts';

export type Choices = ScopeChoices;

const roleOptions = ROLES.map((r) => ({ value: r, label: ROLE_LABEL[r] }));

function scopeLabel(u: UserListRow, c: Choices): string {
  const chains = u.scopeChains.map((id) => c.chains.find((x) => x.id === id)?.name ?? id);
  const regions = u.scopeRegions.map((code) => c.regions.find((x) => x.code === code)?.name ?? code);
  return [...(u.departmentName ? [u.departmentName] : []), ...chains, ...regions].join('、');
}

function accountFields(c: Choices, v: Record<string, unknown>, errors: FieldErrors): Html {
  return html`
    ${select({ label: '角色', name: 'role', options: roleOptions, value: String(v.role ?? 'enterprise'), errors, required: true })}
    ${firmField({ label: '绑定企业', name: 'enterprise', value: String(v.enterprise ?? ''), errors, hint: '企业用户、链主采购必填' })}
    ${select({ label: '限定产业链（政府用户，可多选；不选为全部）', name: 'scopeChains', multiple: true, options: c.chains.map((x) => ({ value: x.id, label: x.name })), selected: (v.scopeChains as string[] | undefined) ?? [], errors })}
    ${select({ label: '限定区县（政府用户，可多选；不选为全部）', name: 'scopeRegions', multiple: true, options: c.regions.map((x) => ({ value: x.code, label: x.name })), selected: (v.scopeRegions as string[] | undefined) ?? [], errors })}
    ${select({ label: '所属部门（政府用户：承办问题的部门工作人员）', name: 'department', hint: '部门工作人员只看到分办给本部门的问题及其关联的外采件、商机；如同时限定了产业链或区县，另按该范围享有政府用户的权限。', options: [{ value: '', label: '—（工作专班，不承办问题）' }, ...c.departments.map((x) => ({ value: x.id, label: x.name }))], value: String(v.department ?? ''), errors })}`;
}

export function usersPage(o: { users: UserListRow[]; choices: Choices; csrfToken: string; values?: Record<string, unknown>; errors?: FieldErrors; created?: { username: string; link: string | null } }): Page {
  const v = o.values ?? {};
  return { title: '用户管理', nav: 'users', body: html`
    <h1>用户管理</h1>
    ${o.created ? html`<div class="notice ok" role="status">已创建用户 <strong>${o.created.username}</strong>。${o.created.link
      ? html`请把下面的一次性邀请链接发给本人（7 天内有效，只显示这一次）：<div class="secret">${o.created.link}</div>` : ''}</div>` : ''}
    <div class="table-wrap"><table>
      <thead><tr><th>用户名</th><th>姓名</th><th>角色</th><th>企业 / 范围</th><th>状态</th><th>创建</th></tr></thead>
      <tbody>${o.users.map((u) => html`<tr>
        <td><a href="/admin/users/${u.id}">${u.username}</a></td><td>${u.displayName}</td><td>${ROLE_LABEL[u.role]}</td>
        <td>${u.enterpriseName ?? scopeLabel(u, o.choices) ?? ''}</td>
        <td>${u.disabledAt ? '已停用' : u.hasPassword ? '正常' : '待接受邀请'}</td><td>${formatDate(u.createdAt)}</td></tr>`)}</tbody>
    </table></div>
    <h2>新建用户</h2>
    <form class="card" method="post" action="/admin/users">
      ${csrfField(o.csrfToken)}
      ${formErrorSummary(o.errors)}
      <div class="form-grid">
        ${field({ label: '用户名', name: 'username', value: String(v.username ?? ''), errors: o.errors, required: true, maxlength: 64, autocomplete: 'off' })}
        ${field({ label: '姓名', name: 'displayName', value: String(v.displayName ?? ''), errors: o.errors, required: true, maxlength: 60 })}
        ${accountFields(o.choices, v, o.errors ?? {})}
      </div>
      <div class="actions"><button type="submit">创建并生成邀请链接</button></div>
    </form>` };
}

export function userPage(o: { user: UserListRow; choices: Choices; csrfToken: string; errors?: FieldErrors; message?: string; link?: string; self: boolean }): Page {
  const u = o.user;
  const values = { role: u.role, enterprise: u.enterpriseUscc ?? '', scopeChains: u.scopeChains, scopeRegions: u.scopeRegions, department: u.departmentId ?? '' };
  return { title: u.username, nav: 'users', body: html`
    <p class="meta"><a href="/admin/users">用户管理</a> › ${u.username}</p>
    <h1>${u.displayName}（${u.username}）</h1>
    ${o.message ? html`<p class="notice ok" role="status">${o.message}</p>` : ''}
    ${o.link ? html`<div class="notice ok">新的一次性邀请链接（只显示这一次）：<div class="secret">${o.link}</div></div>` : ''}
    <form class="card" method="post" action="/admin/users/${u.id}">
      ${csrfField(o.csrfToken)}
      ${formErrorSummary(o.errors)}
      <div class="form-grid">${accountFields(o.choices, values, o.errors ?? {})}</div>
      <div class="actions"><button type="submit">保存角色与范围</button></div>
    </form>
    <div class="actions">
      ${o.self ? html`<span class="meta">不能停用自己的账号。</span>` : html`<form method="post" action="/admin/users/${u.id}/${u.disabledAt ? 'enable' : 'disable'}">${csrfField(o.csrfToken)}
        <button class="secondary" type="submit">${u.disabledAt ? '重新启用' : '停用账号（立即结束其全部会话）'}</button></form>`}
      <form method="post" action="/admin/users/${u.id}/invite">${csrfField(o.csrfToken)}<button class="secondary" type="submit">重发邀请 / 重置密码链接</button></form>
      <a href="/admin/audit?objectType=user&amp;objectId=${u.id}">查看审计记录</a>
    </div>` };
}
