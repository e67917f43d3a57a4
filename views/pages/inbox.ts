import { html } from '../html.ts';
import type { Page } from '../layout.ts';
import { formatDateTime } from '../format.ts';
import { csrfField } from '../partials/form.ts';
import type { InboxRow } from '../../server/notifications.ts';


export function inboxPage({ rows, csrfToken }: { rows: InboxRow[]; csrfToken: string }): Page {
  const unread = rows.filter((r) => r.readAt === null).length;
  return { title: '消息', nav: 'inbox', body: html`
    <h1>消息</h1>
    ${unread ? html`<form method="post" action="/inbox/read">${csrfField(csrfToken)}<button class="secondary" type="submit">全部标为已读（${unread}）</button></form>` : ''}
    ${rows.length === 0 ? html`<p class="meta">暂无消息。</p>` : html`<div class="results">${rows.map((r) => html`
      <article class="result${r.readAt === null ? ' unread' : ''}">
        <h3>${r.href ? html`<a href="${r.href}">${r.title}</a>` : r.title}</h3>
        <p>${r.body}</p>
        <div class="meta"><span>${formatDateTime(r.createdAt)}</span>${r.readAt === null ? html`<span class="tag">未读</span>` : ''}</div>
      </article>`)}</div>`}` };
}
