/** Pieces the attraction, cultivation and chain-map pages share: their stylesheet, the tabs, a rate as a percentage. */
import { html, type Html } from '../../html.ts';

/** These pages' own stylesheet (the shell's stays untouched); a stylesheet link is allowed in the body. */
export function styles(): Html {
  return html`<link rel="stylesheet" href="/static/attraction.css">`;
}

export const pct = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

type Tab = 'targets' | 'projects' | 'cultivation';

export function attractionTabs(current: Tab, officials: boolean): Html {
  const tabs: [Tab, string, string][] = [['targets', '/attraction', '招引对象']];
  if (officials) tabs.push(['projects', '/attraction/projects', '招商项目'], ['cultivation', '/attraction/cultivation', '培育清单']);
  return html`<nav class="tabs no-print" aria-label="招商引资">${tabs.map(([key, href, label]) =>
    html`<a href="${href}"${key === current ? html` aria-current="page"` : ''}>${label}</a>`)}</nav>`;
}
