/** Admin: webhook endpoints (registered here, secret shown once), each one's deliveries, and one delivery with its attempts and a replay button. */
import { html, type Html } from '../html.ts';
import type { Page } from '../layout.ts';
import { csrfField, field, formErrorSummary, select, type FieldErrors, firmField } from '../partials/form.ts';
import { formatDateTime } from '../format.ts';
import { ROLES, WEBHOOK_EVENTS, type DeliveryStatus } from '../../db/schema.ts';
import { EVENT_LABEL, ROLE_LABEL } from '../../server/vocabulary.ts';
import type { AttemptRow as AttemptView, DeliveryRow as DeliveryView } from '../../server/webhooks/queries.ts';
import type { EndpointView } from '../../server/webhooks/service.ts';

const STATUS_LABEL: Record<DeliveryStatus, string> = { pending: '待发送', delivered: '已送达', failed: '已放弃' };
const STATUS_CLASS: Record<DeliveryStatus, string> = { pending: 'status-submitted', delivered: 'status-closed', failed: 'overdue' };
const when = (ms: number | null) => (ms === null ? '—' : formatDateTime(ms));
const status = (s: DeliveryStatus) => html`<span class="tag ${STATUS_CLASS[s]}">${STATUS_LABEL[s]}</span>`;

export function webhooksPage(o: { endpoints: EndpointView[]; csrfToken: string; values?: Record<string, unknown>; errors?: FieldErrors; created?: { id: number; secret: string }; message?: string }): Page {
  const v = o.values ?? {};
  const chosen = new Set(Array.isArray(v.events) ? v.events.map(String) : typeof v.events === 'string' ? [v.events] : []);
  return { title: 'Webhook', nav: 'webhooks', body: html`
    <h1>Webhook</h1>
    <p class="meta">商机阶段、外采件本地化状态、问题办理状态变化和供需信息即将到期时，平台向登记的地址 POST 一条带签名的 JSON；失败后按退避间隔重试 24 小时。
      签名见请求头 <code>X-LLT-Signature: t=时间戳,v1=HMAC-SHA256(密钥, "时间戳.请求体")</code>。<a href="/api/docs">API 参考</a></p>
    ${o.created ? html`<div class="notice ok" role="status">端点 #${o.created.id} 已登记。签名密钥（只显示这一次，请立即保存到接收方）：<div class="secret">${o.created.secret}</div></div>` : ''}
    ${o.message ? html`<p class="notice ok" role="status">${o.message}</p>` : ''}
    <div class="table-wrap"><table>
      <thead><tr><th>#</th><th>地址</th><th>事件</th><th>身份</th><th>待发送 / 已放弃</th><th>登记</th><th>状态</th></tr></thead>
      <tbody>${o.endpoints.length === 0 ? html`<tr><td colspan="7">尚未登记任何端点。</td></tr>` : o.endpoints.map((e) => html`<tr>
        <td><a href="/admin/webhooks/${e.id}">${e.id}</a></td><td><a href="/admin/webhooks/${e.id}">${e.url}</a>${e.description ? html`<div class="hint">${e.description}</div>` : ''}</td>
        <td>${e.events.map((t) => EVENT_LABEL[t]).join('、')}</td><td>${ROLE_LABEL[e.role]}${e.enterpriseName ? html`<div class="hint">${e.enterpriseName}</div>` : ''}</td>
        <td>${e.pending} / ${e.failed}</td><td>${formatDateTime(e.createdAt)}</td>
        <td>${e.disabledAt ? `已停用（${formatDateTime(e.disabledAt)}）` : html`<form method="post" action="/admin/webhooks/${e.id}/disable">${csrfField(o.csrfToken)}<button class="secondary" type="submit">停用</button></form>`}</td></tr>`)}</tbody>
    </table></div>
    <h2>登记端点</h2>
    <form class="card" method="post" action="/admin/webhooks">
      ${csrfField(o.csrfToken)}
      ${formErrorSummary(o.errors)}
      <div class="form-grid">
        ${field({ label: '接收地址', name: 'url', value: String(v.url ?? ''), errors: o.errors, required: true, maxlength: 500, placeholder: 'https://erp.example.com/llt-events', hint: '须为 https（http 只允许本机地址）' })}
        ${field({ label: '说明', name: 'description', value: String(v.description ?? ''), errors: o.errors, maxlength: 200 })}
        ${select({ label: '以谁的身份接收', name: 'role', options: ROLES.map((r) => ({ value: r, label: ROLE_LABEL[r] })), value: String(v.role ?? 'procurement'), errors: o.errors,
          hint: '只收到该身份能看到的对象的事件' })}
        ${firmField({ label: '绑定企业', name: 'enterprise', value: String(v.enterprise ?? ''), errors: o.errors, hint: '企业、链主采购身份必填' })}
      </div>
      <fieldset class="checks${o.errors?.events ? ' invalid' : ''}"><legend>事件</legend>
        ${WEBHOOK_EVENTS.map((t) => html`<label><input type="checkbox" name="events" value="${t}"${chosen.has(t) || (!o.values && t !== 'listing.expiring') ? html` checked` : ''}> <span>${EVENT_LABEL[t]}</span><code>${t}</code></label>`)}
        ${o.errors?.events ? html`<span class="field-error">${o.errors.events}</span>` : ''}
      </fieldset>
      <div class="actions"><button type="submit">登记</button></div>
    </form>` };
}

export function endpointDeliveriesPage(o: { endpoint: EndpointView; deliveries: DeliveryView[]; older: number | null }): Page {
  const e = o.endpoint;
  return { title: `Webhook #${e.id}`, nav: 'webhooks', body: html`
    <p><a href="/admin/webhooks">← 全部端点</a></p>
    <h1>Webhook #${e.id}</h1>
    <p class="meta"><span>${e.url}</span><span>${e.events.map((t) => EVENT_LABEL[t]).join('、')}</span><span>${ROLE_LABEL[e.role]}${e.enterpriseName ? ` · ${e.enterpriseName}` : ''}</span>
      ${e.disabledAt ? html`<span>已停用</span>` : ''}</p>
    ${deliveryTable(o.deliveries)}
    ${o.older ? html`<nav class="pager"><a href="/admin/webhooks/${e.id}?before=${o.older}">更早的投递 →</a></nav>` : ''}` };
}

function deliveryTable(rows: DeliveryView[]): Html {
  return html`<div class="table-wrap"><table>
    <thead><tr><th>投递</th><th>事件</th><th>状态</th><th>尝试</th><th>最近一次</th><th>下次尝试</th><th>创建</th></tr></thead>
    <tbody>${rows.length === 0 ? html`<tr><td colspan="7">还没有投递。</td></tr>` : rows.map((d) => html`<tr>
      <td><a href="/admin/webhooks/deliveries/${d.id}">#${d.id}</a>${d.replayOf ? html`<div class="hint">重放自 #${d.replayOf}</div>` : ''}</td>
      <td>${EVENT_LABEL[d.type]}<div class="hint">evt_${d.eventId}</div></td><td>${status(d.status)}</td><td>${d.attempts}</td>
      <td>${d.lastAttemptAt ? html`${when(d.lastAttemptAt)}<div class="hint">${d.lastError ?? (d.lastStatus === null ? '' : `HTTP ${d.lastStatus}`)}</div>` : '—'}</td>
      <td>${d.status === 'pending' ? when(d.nextAttemptAt) : '—'}</td><td>${when(d.createdAt)}</td></tr>`)}</tbody>
  </table></div>`;
}

export function deliveryPage(o: { delivery: DeliveryView; attempts: AttemptView[]; csrfToken: string; canReplay: boolean }): Page {
  const d = o.delivery;
  return { title: `投递 #${d.id}`, nav: 'webhooks', body: html`
    <p><a href="/admin/webhooks/${d.endpointId}">← Webhook #${d.endpointId}</a></p>
    <h1>投递 #${d.id} ${status(d.status)}</h1>
    <p class="meta"><span>${EVENT_LABEL[d.type]}（evt_${d.eventId}）</span><span>${d.url}</span><span>创建 ${when(d.createdAt)}</span>
      ${d.deliveredAt ? html`<span>送达 ${when(d.deliveredAt)}</span>` : ''}${d.status === 'pending' ? html`<span>下次尝试 ${when(d.nextAttemptAt)}</span>` : ''}
      ${d.replayOf ? html`<span>重放自 <a href="/admin/webhooks/deliveries/${d.replayOf}">#${d.replayOf}</a></span>` : ''}</p>
    ${o.canReplay ? html`<form method="post" action="/admin/webhooks/deliveries/${d.id}/replay">${csrfField(o.csrfToken)}
      <button type="submit">重放</button> <span class="hint">以新的投递再发送一次同一事件（接收方可按事件 id 去重）</span></form>` : ''}
    <h2>尝试记录</h2>
    <div class="table-wrap"><table>
      <thead><tr><th>时间</th><th>应答</th><th>错误</th><th>耗时</th></tr></thead>
      <tbody>${o.attempts.length === 0 ? html`<tr><td colspan="4">尚未尝试。</td></tr>` : o.attempts.map((a) => html`<tr>
        <td>${when(a.at)}</td><td>${a.status ?? '—'}</td><td>${a.error ?? ''}</td><td>${a.durationMs} ms</td></tr>`)}</tbody>
    </table></div>
    <h2>请求体</h2>
    <pre class="problems">${prettyJson(d.payload)}</pre>` };
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
