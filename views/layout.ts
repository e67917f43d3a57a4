/** The page shell: header, navigation, main, footer. Every asset is served from this server. */
import { html, type Html } from './html.ts';

export interface PageMeta { title: string; nav?: NavKey }
export type NavKey = 'home' | 'enterprises' | 'listings' | 'import';

const NAV: [NavKey, string, string][] = [
  ['home', '/', '首页'],
  ['enterprises', '/enterprises', '企业名录'],
  ['listings', '/listings', '供需信息'],
  ['import', '/admin/import', '数据导入'],
];

export function layout(meta: PageMeta, body: Html): Html {
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="htmx-config" content='{"responseHandling":[{"code":"204","swap":false},{"code":"[23]..","swap":true},{"code":"4..","swap":true,"error":false},{"code":"...","swap":true,"error":true}]}'>
<title>${meta.title} · 链链通</title>
<link rel="stylesheet" href="/static/app.css">
<script src="/vendor/htmx.min.js" defer></script>
</head>
<body>
<a class="skip" href="#main">跳到正文</a>
<header class="topbar"><div class="inner">
  <a class="brand" href="/">链链通 · 襄阳产业链供需对接平台</a>
  <nav aria-label="主导航">${NAV.map(([key, href, label]) =>
    html`<a href="${href}"${key === meta.nav ? html` aria-current="page"` : ''}>${label}</a>`)}</nav>
</div></header>
<main id="main">${body}</main>
<footer>襄阳市产业链链长制 · 近地配套率目标 40%</footer>
</body>
</html>`;
}
