/**
 * Facet toggles for the search page: one checkbox per value with its count. They belong to
 * the search form, so ticking one (htmx: the form's change trigger; without JavaScript: the
 * search button) sends every other part of the state along. Ticked values stay listed even
 * when the current results hold none of them, so they can be unticked.
 */
import { html, type Html } from '../html.ts';
import { formatCount } from '../format.ts';
import { FACET_FIELDS, type FacetField, type SearchResult } from '../../search/search-index.ts';
import type { SearchParams } from '../../server/search/params.ts';

const TITLES: Record<FacetField, string> = { kind: '供需类型', chain: '产业链', region: '区域', tier: '企业类型', cert: '资质认证' };
const SHOWN = 12;

export function searchFacets(r: SearchResult, p: SearchParams, label: (field: FacetField, value: string) => string): Html {
  const groups = FACET_FIELDS.map((field) => {
    const selected = new Set(p[field]);
    const counts = r.facets[field];
    const values = Object.keys(counts).sort((a, b) => counts[b]! - counts[a]! || label(field, a).localeCompare(label(field, b), 'zh-CN'));
    const shown = [...new Set([...p[field], ...values.slice(0, SHOWN), ...values.filter((v) => selected.has(v))])];
    if (shown.length === 0) return html``;
    return html`<fieldset class="facet">
      <legend>${TITLES[field]}</legend>
      ${shown.map((value) => html`<label class="facet-value"><input type="checkbox" name="${field}" value="${value}"${selected.has(value) ? html` checked` : ''}>
        <span>${label(field, value)}</span> <span class="n">${formatCount(counts[value] ?? 0)}</span></label>`)}
    </fieldset>`;
  });
  return html`<aside class="facets" aria-label="筛选">${groups}
    <noscript><button type="submit" class="secondary">应用筛选</button></noscript>
  </aside>`;
}
