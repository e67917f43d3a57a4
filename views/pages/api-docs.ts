/**
 * The API reference for integrators: Swagger UI (served from node_modules) renders
 * /api/openapi.json. The page carries no inline script or style: the viewer is started by
 * /static/api-docs.js, so it runs under the same CSP as every other page.
 */
import { html, type Html } from '../html.ts';

export function apiDocsPage(): Html {
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API 参考 · 链链通</title>
<link rel="stylesheet" href="/vendor/swagger-ui.css">
<link rel="stylesheet" href="/static/api-docs.css">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
</head>
<body>
<header class="api-docs-bar"><a href="/">链链通</a> · API 参考 · <a href="/api/openapi.json">openapi.json</a></header>
<main id="api-docs" data-spec="/api/openapi.json"><noscript>请启用 JavaScript 查看交互式参考，或直接下载 <a href="/api/openapi.json">openapi.json</a>。</noscript></main>
<script src="/vendor/swagger-ui-bundle.js" defer></script>
<script src="/static/api-docs.js" defer></script>
</body>
</html>`;
}
