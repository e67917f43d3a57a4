/**
 * The search page. The form is a plain GET form (it works without JavaScript); htmx sends the
 * same request as the user types or ticks a facet and swaps only #search-results, pushing the
 * URL so every state can be shared and the back button works. The facet checkboxes sit inside
 * the form, in the swapped fragment, so a new query keeps the ticked filters.
 */
import { html, raw, type Html } from '../html.ts';
import type { Page } from '../layout.ts';
import { formatCount, LISTING_KIND_LABEL, TIER_LABEL } from '../format.ts';
import { searchFacets } from '../partials/search-facets.ts';
import type { SearchResult, SearchHit, FacetField } from '../../search/search-index.ts';
import type { SearchParams } from '../../server/search/params.ts';
import type { HitDetails } from '../../server/search/present.ts';
import type { FieldProblem } from '../../server/plugins/errors.ts';

export interface SearchView {
  params: SearchParams | null;
  /** What was typed, shown back even when the request was refused. */
  rawQuery: string;
  page: number;
  problems: FieldProblem[];
  result: SearchResult | null;
  details?: Map<string, HitDetails>;
  label?: (field: FacetField, value: string) => string;
  unavailable?: boolean;
}

const PAGE_SIZE = 20;
const STATE_KEYS = ['q', 'type', 'kind', 'chain', 'region', 'tier', 'cert', 'sort', 'near', 'lat', 'lng'] as const;

/** The page's URL for these parameters (repeated keys for several values of one filter). */
export function searchUrl(p: SearchParams, page = 1): string {
  const q = new URLSearchParams();
  for (const key of STATE_KEYS) {
    const v = p[key];
    for (const item of Array.isArray(v) ? v : [v]) if (item !== undefined && item !== '') q.append(key, String(item));
  }
  if (page > 1) q.set('page', String(page));
  const s = q.toString();
  return s ? `/search?${s}` : '/search';
}

function hitCard(hit: SearchHit, d: HitDetails | undefined): Html {
  const distance = hit.distanceKm !== undefined ? html`<span>距离 ${hit.distanceKm} 公里</span>` : '';
  if (hit.type === 'listing') {
    return html`<article class="result">
      <h3>${d?.kind ? html`<span class="tag ${d.kind}">${LISTING_KIND_LABEL[d.kind]}</span> ` : ''}<a href="/listings/${encodeURIComponent(hit.ref)}">${hit.title}</a></h3>
      <p class="highlight">${raw(hit.highlight)}</p>
      <div class="meta">
        ${d?.firmUscc ? html`<a href="/enterprises/${d.firmUscc}">${d.firmName}</a>` : ''}
        ${d?.chainNames ? html`<span>${d.chainNames}</span>` : ''}
        ${d?.regionName ? html`<span>${d.regionName}</span>` : ''}
        ${d?.validUntil ? html`<span>有效期至 ${d.validUntil}</span>` : ''}
        ${distance}
      </div>
    </article>`;
  }
  return html`<article class="result">
    <h3><span class="tag">企业</span> <a href="/enterprises/${hit.ref}">${hit.title}</a></h3>
    <p class="highlight">${raw(hit.highlight)}</p>
    <div class="meta">
      ${d?.tier ? html`<span>${TIER_LABEL[d.tier]}</span>` : ''}
      ${d?.regionName ? html`<span>${d.regionName}</span>` : ''}
      ${d?.chainNames ? html`<span>${d.chainNames}</span>` : ''}
      ${distance}
    </div>
  </article>`;
}

function countLine(r: SearchResult): Html {
  if (r.totalExact) return html`<p class="count">共 ${formatCount(r.total)} 条结果</p>`;
  const facetsNote = r.facetsExact ? '' : html`（结果较多，只排序和统计最新的 ${formatCount(r.maxOffset)} 条；可加筛选缩小范围）`;
  return html`<p class="count">约 ${formatCount(r.total)}${r.total >= 10_000 ? ' 多' : ''} 条结果${facetsNote}</p>`;
}

function pagerLinks(p: SearchParams, page: number, r: SearchResult): Html {
  const pages = Math.max(1, Math.ceil(Math.min(r.total, r.maxOffset) / PAGE_SIZE));
  if (pages <= 1) return html``;
  const link = (n: number, label: string) => {
    const href = searchUrl(p, n);
    return html`<a class="button secondary" href="${href}" hx-get="${href}" hx-target="#search-results" hx-swap="outerHTML" hx-push-url="true">${label}</a>`;
  };
  return html`<nav class="pager" aria-label="分页">
    ${page > 1 ? link(page - 1, '上一页') : ''}
    <span class="current">第 ${page} / ${pages} 页</span>
    ${page < pages ? link(page + 1, '下一页') : ''}
  </nav>`;
}

/** Suggestions for a firm's name as it is typed (a datalist: without JavaScript the field still takes a name or a code). */
export function firmNameOptions(names: string[]): Html {
  return html`${names.map((n) => html`<option value="${n}"></option>`)}`;
}

/** The form's fields by the names on the page. */
const FIELD_NAME: Record<string, string> = {
  q: '关键词', type: '类型', kind: '供需类型', chain: '产业链', region: '区域', tier: '企业类型', cert: '资质', sort: '排序',
  near: '距离参照企业', lat: '纬度', lng: '经度', page: '页码',
};

/** The fragment htmx swaps: problems or results, with the facets to tick. */
export function searchResults(v: SearchView): Html {
  if (v.problems.length > 0) {
    return html`<div id="search-results"><div class="notice bad" role="alert">${v.problems.map((p) => html`<div>${FIELD_NAME[p.field] ?? p.field}：${p.message}</div>`)}</div></div>`;
  }
  if (v.unavailable || !v.result || !v.params) {
    return html`<div id="search-results"><div class="notice warn" role="alert">搜索服务暂时不可用，请稍后重试。</div></div>`;
  }
  const r = v.result;
  const p = v.params;
  return html`<div id="search-results" class="search-layout">
    ${searchFacets(r, p, v.label ?? ((_f, value) => value))}
    <section class="search-hits" aria-live="polite">
      ${countLine(r)}
      ${r.hits.length === 0
        ? html`<p>${p.q.trim() ? html`没有找到与“${p.q.trim().slice(0, 50)}”相符的企业或供需信息。` : '没有符合条件的结果。'}可以换个说法，或去掉一些筛选。</p>`
        : html`<div class="results">${r.hits.map((h) => hitCard(h, v.details?.get(h.key)))}</div>`}
      ${pagerLinks(p, v.page, r)}
    </section>
  </div>`;
}

export function searchPage(v: SearchView): Page {
  const p = v.params;
  const opt = (value: string, label: string, selected: string | undefined) =>
    html`<option value="${value}"${value === (selected ?? '') ? html` selected` : ''}>${label}</option>`;
  return { title: v.rawQuery.trim() ? `搜索：${v.rawQuery.trim().slice(0, 30)}` : '搜索', nav: 'search', body: html`
    <h1>搜索企业和供需信息</h1>
    <form id="search-form" class="search-form" method="get" action="/search" role="search"
      hx-get="/search" hx-target="#search-results" hx-swap="outerHTML" hx-push-url="true"
      hx-trigger="submit, change, keyup changed delay:300ms from:#search-q">
      <div class="filters">
        <label class="grow">关键词<input id="search-q" type="search" name="q" value="${v.rawQuery}" maxlength="2000" autocomplete="off"
          placeholder="企业名称、产品、工艺、材料、资质，如：压铸 IATF16949"></label>
        <label>范围<select name="type">${opt('', '企业和供需信息', p?.type)}${opt('listing', '供需信息', p?.type)}${opt('enterprise', '企业', p?.type)}</select></label>
        <label>排序<select name="sort">${opt('', '默认', p?.sort)}${opt('relevance', '相关度', p?.sort)}${opt('newest', '最新发布', p?.sort)}${opt('distance', '距离最近', p?.sort)}</select></label>
        <label>距离参照企业<input type="text" name="near" value="${p?.near ?? ''}" maxlength="100" placeholder="企业名称或统一社会信用代码" list="firm-names" autocomplete="off"
          hx-get="/search/firm-names" hx-trigger="input changed delay:250ms" hx-target="#firm-names" hx-swap="innerHTML" hx-sync="this:replace"></label>
        <datalist id="firm-names"></datalist>
        <button type="submit">搜索</button>
      </div>
      ${searchResults(v)}
    </form>` };
}
