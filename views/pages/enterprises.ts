import { html, type Html } from '../html.ts';
import type { Page } from '../layout.ts';
import { formatCount, formatWan, REGION_KIND_LABEL, TIER_LABEL } from '../format.ts';
import { pager } from '../partials/pager.ts';
import { TIERS } from '../../db/schema.ts';
import type { DirectoryEntry, DirectoryFilter } from '../../db/repositories/enterprises.ts';

export interface DirectoryView {
  filter: DirectoryFilter;
  total: number;
  items: DirectoryEntry[];
  chains: { id: string; name: string }[];
  regions: { code: string; name: string; kind: keyof typeof REGION_KIND_LABEL }[];
}

function options<T extends string>(items: { value: T; label: string }[], selected: string | undefined, all: string): Html {
  return html`<option value="">${all}</option>${items.map((o) =>
    html`<option value="${o.value}"${o.value === selected ? html` selected` : ''}>${o.label}</option>`)}`;
}

/** The results block alone: what htmx swaps when a filter changes. */
export function enterpriseResults(v: DirectoryView): Html {
  const { filter: f } = v;
  return html`<div id="results">
    <p class="count">共 ${formatCount(v.total)} 家企业</p>
    <div class="results">${v.items.length === 0 ? html`<p>没有符合条件的企业。</p>` : v.items.map((e) => html`
      <article class="result">
        <h3><a href="/enterprises/${e.uscc}">${e.name}</a></h3>
        <div class="meta">
          <span class="tag">${TIER_LABEL[e.tier]}</span>
          ${e.regionName ? html`<span>${e.regionName}${e.regionKind && e.regionKind !== 'local' ? html` <span class="tag ${e.regionKind}">${REGION_KIND_LABEL[e.regionKind as keyof typeof REGION_KIND_LABEL]}</span>` : ''}</span>` : ''}
          ${e.chainNames ? html`<span>${e.chainNames}</span>` : ''}
          <span>年产值 ${formatWan(e.annualOutputWan)}</span>
        </div>
        ${e.processes ? html`<div class="meta">工艺：${e.processes}</div>` : ''}
      </article>`)}
    </div>
    ${pager('/enterprises', { chain: f.chain, region: f.region, tier: f.tier, name: f.name }, f.page, f.pageSize, v.total, { target: '#results', mode: 'outerHTML' })}
  </div>`;
}

export function enterprisesPage(v: DirectoryView): Page {
  const f = v.filter;
  return { title: '企业名录', nav: 'enterprises', body: html`
    <h1>企业名录</h1>
    <form class="filters" method="get" action="/enterprises" role="search"
      hx-get="/enterprises" hx-target="#results" hx-swap="outerHTML" hx-push-url="true" hx-trigger="change, submit, keyup changed delay:400ms from:input[name=name]">
      <label>企业名称<input type="search" name="name" value="${f.name ?? ''}" placeholder="输入企业名称"></label>
      <label>产业链<select name="chain">${options(v.chains.map((c) => ({ value: c.id, label: c.name })), f.chain, '全部产业链')}</select></label>
      <label>区域<select name="region">${options(v.regions.map((r) => ({ value: r.code, label: r.kind === 'local' ? r.name : `${r.name}（${REGION_KIND_LABEL[r.kind]}）` })), f.region, '全部区域')}</select></label>
      <label>企业类型<select name="tier">${options(TIERS.map((t) => ({ value: t, label: TIER_LABEL[t] })), f.tier, '全部类型')}</select></label>
      <button type="submit">筛选</button>
    </form>
    ${enterpriseResults(v)}` };
}
