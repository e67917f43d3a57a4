import { html } from '../html.ts';
import type { Page } from '../layout.ts';
import { PASSWORD_MIN } from '../../server/vocabulary.ts';

export function loginPage(opts: { csrfToken: string; next: string; username?: string; error?: string }): Page {
  return { title: '登录', nav: 'login', body: html`
    <section class="narrow">
      <h1>登录</h1>
      ${opts.error ? html`<p class="notice bad" role="alert">${opts.error}</p>` : ''}
      <form class="card stack" method="post" action="/login">
        <input type="hidden" name="_csrf" value="${opts.csrfToken}">
        <input type="hidden" name="next" value="${opts.next}">
        <label>用户名<input name="username" autocomplete="username" required maxlength="64" value="${opts.username ?? ''}"></label>
        <label>密码<input name="password" type="password" autocomplete="current-password" required maxlength="256"></label>
        <button type="submit">登录</button>
      </form>
      <p class="meta">账号由平台管理员创建；新用户请使用邀请链接设置密码。</p>
    </section>` };
}

export function invitationPage(opts: { csrfToken: string; token: string; username: string; error?: string }): Page {
  return { title: '设置密码', body: html`
    <section class="narrow">
      <h1>设置密码</h1>
      <p>用户名：<strong>${opts.username}</strong></p>
      ${opts.error ? html`<p class="notice bad" role="alert">${opts.error}</p>` : ''}
      <form class="card stack" method="post" action="/invite/${opts.token}">
        <input type="hidden" name="_csrf" value="${opts.csrfToken}">
        <label>新密码（至少 ${PASSWORD_MIN} 个字符，可以是一句话）<input name="password" type="password" autocomplete="new-password" required minlength="${PASSWORD_MIN}" maxlength="256"></label>
        <label>再输入一次<input name="confirm" type="password" autocomplete="new-password" required maxlength="256"></label>
        <button type="submit">保存并登录</button>
      </form>
    </section>` };
}
