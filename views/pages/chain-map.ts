/** 产业链图谱: one chain from materials to chain leaders, coloured by local coverage, with the parts and firms behind a node; printable. */
import { html, jsonScript, type Html } from '../html.ts';
import type { Page } from '../layout.ts';
import { formatWan } from '../format.ts';
import type { MapNode } from '../../server/chains/chain-map.ts';
import type { ChainMapView, PartDetail } from '../../server/chains/service.ts';
import { COVERAGES, type Coverage, LEVELS, type Level, PROJECT_STAGE_LABEL } from '../../server/vocabulary.ts';
import type { ProjectStage } from '../../db/schema.ts';
import { styles } from './attraction/common.ts';

export const COVERAGE_LABEL: Record<Coverage, string> = { local: '本地可配套', cultivation: '可培育（差一步）', attraction: '招商中', gap: '唯一来源缺口' };
const LEVEL_LABEL: Record<Level, string> = { material: '材料', part: '零部件', assembly: '总成/系统', leader: '链主企业' };

const swatch = (c: Coverage) => html`<span class="swatch ${c}" aria-hidden="true"></span>`;

function legend(v: ChainMapView): Html {
  return html`<ul class="legend">${COVERAGES.map((c) => html`<li>${swatch(c)}${COVERAGE_LABEL[c]}：${v.totals[c].parts} 件，${formatWan(v.totals[c].valueWan)}</li>`)}</ul>`;
}

function nodeHref(chainId: string, key: string): string {
  return `/chains/${chainId}?node=${encodeURIComponent(key)}#node`;
}

function levels(v: ChainMapView): Html {
  return html`<div class="map-levels">${LEVELS.map((level) => html`<section class="card"><h3>${LEVEL_LABEL[level]}</h3><ul>
    ${v.map.nodes.filter((n) => n.level === level).map((n) => html`<li>${swatch(n.coverage)}<a href="${nodeHref(v.chain.id, n.key)}">${n.label}</a>
      <span class="meta">${n.componentIds.length} 件 · ${formatWan(n.valueWan)}</span></li>`)}</ul></section>`)}</div>`;
}

function firms(list: { uscc: string; name: string }[]): Html {
  return html`${list.map((f, i) => html`${i ? '、' : ''}<a href="/enterprises/${f.uscc}">${f.name}</a>`)}`;
}

function partRow(p: PartDetail): Html {
  return html`<tr><td><a href="/components/${encodeURIComponent(p.ref)}">${p.ref} ${p.name}</a></td><td>${p.buyerName}</td><td>${formatWan(p.valueWan)}</td>
    <td>${swatch(p.coverage)} ${COVERAGE_LABEL[p.coverage]}</td>
    <td>${p.localFirms.length ? html`本地：${firms(p.localFirms)}` : ''}
      ${p.cultivation.length ? html`培育：${p.cultivation.map((c, i) => html`${i ? '、' : ''}<a href="/enterprises/${c.firm.uscc}">${c.firm.name}</a>（${c.action}）`)}` : ''}
      ${!p.localFirms.length && !p.cultivation.length ? html`现供应商：${p.supplier || '未填'}${p.supplierRegion ? `（${p.supplierRegion}）` : ''}` : ''}
      ${p.projects.length ? html`<br>招商项目：${p.projects.map((x) => html`<a href="/attraction/projects/${x.ref}">${x.ref}</a>（${PROJECT_STAGE_LABEL[x.stage as ProjectStage] ?? x.stage}） `)}` : ''}</td></tr>`;
}

function nodeDetail(v: ChainMapView, node: MapNode): Html {
  const parts = v.parts.filter((p) => p.nodeKeys.includes(node.key));
  return html`<section class="card node-detail" id="node">
    <h2 class="first">${LEVEL_LABEL[node.level]}：${node.label}</h2>
    <p class="meta">${parts.length} 个唯一来源外采件，年采购额 ${formatWan(node.valueWan)}。${COVERAGES.filter((c) => node.breakdown[c] > 0).map((c) => html`${COVERAGE_LABEL[c]} ${formatWan(node.breakdown[c])}；`)}</p>
    <div class="table-wrap"><table><thead><tr><th>外采件</th><th>链主企业</th><th>年采购额</th><th>配套情况</th><th>企业</th></tr></thead>
    <tbody>${parts.map(partRow)}</tbody></table></div>
    <p class="no-print"><a href="/chains/${v.chain.id}">关闭</a></p>
  </section>`;
}

/** The map, and the node asked for (`?node=`) with the parts and firms behind it. */
export interface ChainMapPageView extends ChainMapView { node?: MapNode }

export function chainMapPage(v: ChainMapPageView): Page {
  const { node } = v;
  const data = {
    chain: v.chain.id,
    levels: LEVELS.map((l) => LEVEL_LABEL[l]),
    coverage: COVERAGE_LABEL,
    nodes: v.map.nodes.map((n) => ({ key: n.key, level: LEVELS.indexOf(n.level), label: n.label, value: n.valueWan, weight: n.weight, coverage: n.coverage, count: n.componentIds.length, href: nodeHref(v.chain.id, n.key) })),
    links: v.map.links,
  };
  return { title: `${v.chain.name} · 产业链图谱`, nav: 'chains', body: html`${styles()}
    <p class="meta no-print"><a href="/chains">产业链图谱</a> › ${v.chain.name}</p>
    <h1>${v.chain.name} · 一链一图</h1>
    <p class="meta">从材料、零部件、总成到链主企业，按链主企业登记的唯一来源外采件绘制；线宽为年采购额，颜色为本地配套情况。点击节点查看背后的外采件和企业。打印请使用浏览器的打印功能。</p>
    ${legend(v)}
    ${v.parts.length === 0 ? html`<p>本产业链暂无可查看的唯一来源外采件。</p>` : html`
      <p class="meta scroll-hint no-print">图较宽，可左右滑动查看。</p>
      <div class="chain-map-wrap"><div class="chain-map" id="chain-map" role="img" aria-label="${v.chain.name}产业链图谱：材料、零部件、总成、链主企业"></div></div>
      <script type="application/json" id="chain-map-data">${jsonScript(data)}</script>
      ${node ? nodeDetail(v, node) : ''}
      <h2>节点清单</h2>
      ${levels(v)}
      <script src="/vendor/echarts.min.js" defer></script>
      <script src="/static/chain-map.js" defer></script>`}` };
}

export interface ChainIndexRow { id: string; name: string; parts: number; valueWan: number; local: number; gap: number }

export function chainIndexPage(rows: ChainIndexRow[]): Page {
  return { title: '产业链图谱', nav: 'chains', body: html`${styles()}
    <h1>产业链图谱</h1>
    <p class="meta">一链一图：每条产业链从材料到链主企业的唯一来源外采件及本地配套情况。</p>
    ${rows.length === 0 ? html`<p>没有可查看的产业链。</p>` : html`<div class="grid">${rows.map((r) => html`<article class="card chain">
      <h3><a href="/chains/${r.id}">${r.name}</a></h3>
      <dl><dt>唯一来源外采件</dt><dd>${r.parts}</dd><dt>年采购额</dt><dd>${formatWan(r.valueWan)}</dd>
        <dt>本地可配套</dt><dd>${r.local}</dd><dt>暂无本地配套</dt><dd>${r.gap}</dd></dl></article>`)}</div>`}` };
}
