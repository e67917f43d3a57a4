/** The page shell: header, navigation by role, main, footer. Every asset is served from this server. */
import { html, type Html } from './html.ts';
import type { AccessRole, Actor } from '../server/auth/policy.ts';
import { ROLE_LABEL } from '../server/vocabulary.ts';

export type NavKey = 'home' | 'enterprises' | 'listings' | 'search' | 'me' | 'components' | 'deals' | 'dashboard' | 'problems' | 'dispatch' | 'attraction' | 'chains' | 'inbox' | 'import' | 'lexicon' | 'users' | 'tokens' | 'webhooks' | 'audit' | 'login';

/** What a page module returns; reply.render() (server/plugins/pages.ts) wraps it in the layout. */
export interface Page { title: string; nav?: NavKey; body: Html }

/** Who is looking, for the navigation and the forms' CSRF token; unread messages for the badge. */
export interface PageContext { actor: Actor; csrfToken: string; unread: number; /** the role route rules see (department staff apart) */ accessRole: AccessRole | null }

const NAV: { key: NavKey; href: string; label: string; roles?: AccessRole[] }[] = [
  { key: 'home', href: '/', label: '首页' },
  { key: 'enterprises', href: '/enterprises', label: '企业名录' },
  { key: 'listings', href: '/listings', label: '供需信息' },
  { key: 'search', href: '/search', label: '搜索' },
  { key: 'me', href: '/me', label: '我的企业', roles: ['enterprise', 'procurement'] },
  { key: 'components', href: '/components', label: '外采件', roles: ['procurement', 'official', 'admin'] },
  { key: 'deals', href: '/deals', label: '对接商机', roles: ['enterprise', 'procurement', 'official', 'department', 'admin'] },
  { key: 'dashboard', href: '/dashboard', label: '看板', roles: ['official', 'admin'] },
  { key: 'problems', href: '/problems', label: '问题协调', roles: ['enterprise', 'procurement', 'official', 'department', 'admin'] },
  { key: 'dispatch', href: '/dispatch', label: '调度', roles: ['official', 'admin'] },
  { key: 'attraction', href: '/attraction', label: '招商引资', roles: ['procurement', 'official', 'admin'] },
  { key: 'chains', href: '/chains', label: '产业链图谱', roles: ['procurement', 'official', 'admin'] },
  { key: 'import', href: '/admin/import', label: '数据导入', roles: ['admin'] },
  { key: 'lexicon', href: '/admin/lexicon', label: '未识别词', roles: ['admin'] },
  { key: 'users', href: '/admin/users', label: '用户', roles: ['admin'] },
  { key: 'tokens', href: '/admin/tokens', label: 'API 令牌', roles: ['admin'] },
  { key: 'webhooks', href: '/admin/webhooks', label: 'Webhook', roles: ['admin'] },
  { key: 'audit', href: '/admin/audit', label: '审计日志', roles: ['admin'] },
];

const HTMX_CONFIG = JSON.stringify({
  // The CSP forbids inline styles: htmx must neither inject its indicator style nor copy style attributes when settling.
  includeIndicatorStyles: false,
  attributesToSettle: ['class', 'width', 'height'],
  responseHandling: [
    { code: '204', swap: false },
    { code: '[23]..', swap: true },
    { code: '4..', swap: true, error: false },
    { code: '...', swap: true, error: true },
  ],
});

function account(ctx: PageContext, current: NavKey | undefined): Html {
  if (ctx.actor.kind === 'anonymous') {
    return html`<a class="who" href="/login"${current === 'login' ? html` aria-current="page"` : ''}>登录</a>`;
  }
  return html`<form class="who" method="post" action="/logout">
    <a href="/inbox"${current === 'inbox' ? html` aria-current="page"` : ''}>消息 <span id="inbox-count" class="badge"${ctx.unread ? '' : html` hidden`}>${ctx.unread}</span></a>
    <span>${ctx.actor.label}（${ROLE_LABEL[ctx.actor.role]}）</span>
    <input type="hidden" name="_csrf" value="${ctx.csrfToken}">
    <button class="link" type="submit">退出</button>
  </form>`;
}

export function layout(page: Page, ctx: PageContext): Html {
  const role = ctx.accessRole;
  const nav = NAV.filter((n) => !n.roles || (role !== null && n.roles.includes(role)));
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="htmx-config" content="${HTMX_CONFIG}">
<title>${page.title} · 链链通</title>
<link rel="stylesheet" href="/static/app.css">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<script src="/vendor/htmx.min.js" defer></script>
${ctx.actor.kind === 'anonymous' ? '' : html`<script src="/static/live.js" defer></script>`}
</head>
<body hx-headers="${JSON.stringify({ 'X-CSRF-Token': ctx.csrfToken })}" data-live="${ctx.actor.kind === 'anonymous' ? 'off' : 'on'}">
<a class="skip" href="#main">跳到正文</a>
<header class="topbar"><div class="inner">
  <a class="brand" href="/">链链通 · 襄阳产业链供需对接平台</a>
  <input type="checkbox" id="nav-toggle" class="nav-toggle" aria-label="菜单" aria-controls="main-nav"><label for="nav-toggle" class="nav-button">菜单</label>
  <nav id="main-nav" aria-label="主导航">${nav.map((n) =>
    html`<a href="${n.href}"${n.key === page.nav ? html` aria-current="page"` : ''}>${n.label}</a>`)}</nav>
  ${account(ctx, page.nav)}
</div></header>
<main id="main">${page.body}</main>
<footer>襄阳市产业链链长制 · 近地配套率目标 40%</footer>
<div id="toasts" aria-live="polite"></div>
</body>
</html>`;
}
