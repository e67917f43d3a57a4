/**
 * Previous / next links that keep the current filters. With `swap`, htmx fetches the
 * results fragment and swaps it in (outerHTML when the fragment carries its own wrapper);
 * without, they are plain links.
 */
import { html, type Html } from '../html.ts';

export function pager(path: string, params: Record<string, string | number | undefined>, page: number, pageSize: number, total: number,
  swap?: { target: string; mode: 'outerHTML' | 'innerHTML' }): Html {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return html``;
  const href = (p: number) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '' && k !== 'page') q.set(k, String(v));
    if (p > 1) q.set('page', String(p));
    const s = q.toString();
    return s ? `${path}?${s}` : path;
  };
  const link = (p: number, label: string) =>
    swap
      ? html`<a class="button secondary" href="${href(p)}" hx-get="${href(p)}" hx-target="${swap.target}" hx-swap="${swap.mode}" hx-push-url="true">${label}</a>`
      : html`<a class="button secondary" href="${href(p)}">${label}</a>`;
  return html`<nav class="pager" aria-label="分页">
    ${page > 1 ? link(page - 1, '上一页') : ''}
    <span class="current">第 ${page} / ${pages} 页</span>
    ${page < pages ? link(page + 1, '下一页') : ''}
  </nav>`;
}
