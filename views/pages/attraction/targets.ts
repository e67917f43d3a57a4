/** 招引对象: the outside single sources ranked by what the city's chain leaders buy from them, each with its parts, buyers, the closest local firm and the rate gained. */
import { html, type Html } from '../../html.ts';
import type { Page } from '../../layout.ts';
import { formatWan, REGION_KIND_LABEL } from '../../format.ts';
import { PROJECT_STAGE_LABEL } from '../../../server/vocabulary.ts';
import type { NearestLocal, TargetsFilter, TargetsView, TargetView } from '../../../server/attraction/service.ts';
import type { TargetPartRow } from '../../../server/attraction/targets.ts';
import { attractionTabs, pct, styles } from './common.ts';

export interface TargetsPage {
  view: TargetsView; filter: TargetsFilter; chains: { id: string; name: string }[];
  /** the closest local firm per target key, for the targets shown */
  nearest: Map<string, NearestLocal | null>;
  canOpenProjects: boolean;
  /** how many targets the page shows (the API has them all) */
  shown: number;
}

const SETTLED = { localised: '已本地化', signed: '已签约' } as const;

function partList(parts: TargetPartRow[]): Html {
  return html`<ul class="parts">${parts.map((p) => html`<li><a href="/components/${encodeURIComponent(p.ref)}">${p.ref} ${p.name}</a>
    <span class="meta">${p.buyerName} · ${formatWan(p.valueWan)}</span></li>`)}</ul>`;
}

function nearestText(n: NearestLocal | null | undefined, target: TargetView): Html {
  const qualified = target.parts.filter((p) => p.qualifiedLocal > 0).length;
  if (!n) return html`<p class="near none">暂无接近的本地企业：需要招引。</p>`;
  const firm = html`<a href="/enterprises/${n.firm.uscc}">${n.firm.name}</a>（${n.partName}）`;
  if (n.firm.grade === 'ready' || n.firm.grade === 'tight') {
    return html`<p class="near ok">本地已有合格企业：${firm}${qualified > 1 ? html`等，${qualified} 个外采件有本地合格候选` : ''}，可先组织对接。</p>`;
  }
  return html`<p class="near close">最接近的本地企业：${firm}${n.firm.missing.length ? html`——${n.firm.missing.slice(0, 2).join('；')}` : ''}</p>`;
}

function targetCard(t: TargetView, i: number, p: TargetsPage): Html {
  return html`<article class="card target" id="target-${i + 1}">
    <div class="target-head">
      <h3><span class="rank">${i + 1}</span> ${t.supplier}</h3>
      <span class="tag ${t.regionKind}">${t.region || '所在地未填'}（${REGION_KIND_LABEL[t.regionKind]}）</span>
    </div>
    <dl class="target-figures">
      <dt>年采购额</dt><dd class="value">${formatWan(t.annualValueWan)}</dd>
      <dt>外采件</dt><dd>${t.parts.length} 件</dd>
      <dt>采购企业</dt><dd>${t.buyers.map((b) => b.name).join('、')}</dd>
      <dt>在襄设厂可提升近地配套率</dt><dd class="gain">${t.rateGainPoints === null ? '—' : `+${t.rateGainPoints.toFixed(2)} 个百分点`}</dd>
    </dl>
    ${partList(t.parts)}
    ${p.nearest.has(t.key) ? nearestText(p.nearest.get(t.key), t) : ''}
    ${t.projects.length ? html`<p class="projects">招商项目：${t.projects.map((pr) => html`<a href="/attraction/projects/${pr.ref}">${pr.ref} ${pr.title}</a> <span class="stage">${PROJECT_STAGE_LABEL[pr.stage]}</span> `)}</p>` : ''}
    ${p.canOpenProjects ? html`<p class="no-print"><a class="button secondary" href="/attraction/projects/new?target=${encodeURIComponent(t.key)}">发起招商项目</a></p>` : ''}
  </article>`;
}

export function targetsPage(p: TargetsPage): Page {
  const v = p.view;
  const total = v.targets.reduce((s, t) => s + t.annualValueWan, 0);
  const opt = (value: string, label: string, selected: string | undefined) => html`<option value="${value}"${value === (selected ?? '') ? html` selected` : ''}>${label}</option>`;
  return { title: '招商引资 · 招引对象', nav: 'attraction', body: html`${styles()}
    <h1>招引对象</h1>
    ${attractionTabs('targets', p.canOpenProjects)}
    <p class="meta">链主企业向市外唯一来源采购的供应商，按年采购额从大到小排列。已本地化或已签约的外采件不计入，另列于下方。</p>
    <div class="stats">
      <div class="stat"><div class="n">${v.targets.length}</div><div class="l">家招引对象</div></div>
      <div class="stat"><div class="n">${formatWan(total)}</div><div class="l">年采购额合计</div></div>
      <div class="stat"><div class="n">${pct(v.rate)}</div><div class="l">${v.year} 年近地配套率（可见范围）</div></div>
    </div>
    <form class="filters" method="get" action="/attraction">
      <label>产业链<select name="chain">${opt('', '全部', p.filter.chain)}${p.chains.map((c) => opt(c.id, c.name, p.filter.chain))}</select></label>
      <label>区域<input name="region" value="${p.filter.region ?? ''}" placeholder="本市区县或供应商所在地" maxlength="40"></label>
      <button type="submit">筛选</button>
      <a class="button secondary" href="/api/attraction/targets${p.filter.chain || p.filter.region ? `?${new URLSearchParams(Object.entries(p.filter).filter(([, x]) => x) as [string, string][]).toString()}` : ''}">JSON</a>
    </form>
    ${v.targets.length === 0 ? html`<p>没有符合条件的招引对象。</p>` : html`<div class="targets">${v.targets.slice(0, p.shown).map((t, i) => targetCard(t, i, p))}</div>`}
    ${v.targets.length > p.shown ? html`<p class="meta">共 ${v.targets.length} 家，此处显示前 ${p.shown} 家；完整清单见 JSON 接口。</p>` : ''}
    ${v.unnamed.length ? html`<h2>未列明现供应商的外采件（${v.unnamed.length}）</h2>
      <p class="meta">采购企业没有写明现供应商：可按能力缺口发起招商项目。</p>${partList(v.unnamed.slice(0, 30))}` : ''}
    ${v.settled.length ? html`<h2>已本地化或已签约（${v.settled.length}）</h2>
      <div class="table-wrap"><table><thead><tr><th>外采件</th><th>原供应商</th><th>采购企业</th><th>年采购额</th><th>状态</th></tr></thead>
      <tbody>${v.settled.map((s) => html`<tr><td><a href="/components/${encodeURIComponent(s.ref)}">${s.ref} ${s.name}</a></td><td>${s.supplier}</td>
        <td>${s.buyerName}</td><td>${formatWan(s.valueWan)}</td><td>${SETTLED[s.state as 'localised' | 'signed']}</td></tr>`)}</tbody></table></div>` : ''}` };
}
