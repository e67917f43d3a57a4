import { html, jsonScript, type Html } from '../html.ts';
import type { Page } from '../layout.ts';
import { formatCount, formatWan, wanColumn } from '../format.ts';
import { PIPELINE, STAGE_LABEL } from '../../server/vocabulary.ts';
import type { DashboardData } from '../../server/metrics/dashboard.ts';
import type { NearSiteFigures } from '../../server/metrics/near-site.ts';
import { whatIfSlot } from '../partials/what-if.ts';

export const pct = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

function rateBar(f: NearSiteFigures): Html {
  const value = f.rate === null ? 0 : Math.min(100, f.rate * 100);
  return html`<div class="rate"><meter min="0" max="100" low="30" high="40" optimum="100" value="${value.toFixed(1)}"></meter><span>${pct(f.rate)}</span></div>`;
}

function drill(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
  return `/dashboard/near-site?${q.toString()}`;
}

/** The body htmx refreshes when a deal moves. */
export function dashboardBody(d: DashboardData): Html {
  const chartData = {
    target: 40,
    quarters: d.quarters.map((q) => ({ label: `Q${q.quarter}`, rate: q.figures.rate === null ? null : Math.round(q.figures.rate * 1000) / 10 })),
    funnel: PIPELINE.map((s) => ({ name: STAGE_LABEL[s], value: d.funnel.find((f) => f.stage === s)?.deals ?? 0 })),
  };
  const lost = d.funnel.find((f) => f.stage === 'lost')?.deals ?? 0;
  const gapWan = wanColumn(d.gaps.map((g) => g.annualValueWan));
  const leaderWan = wanColumn(d.leaders.flatMap((l) => [l.nearSite.totalWan, l.nearSite.localWan, l.nearSite.localisedWan]));
  const c = d.coverage;
  const share = (n: number) => (c.components ? `${Math.round((n / c.components) * 100)}%` : '—');
  return html`<div id="dashboard" hx-get="/dashboard?year=${d.year}" hx-trigger="live:deals from:body delay:250ms, live:components from:body delay:250ms, live:reconnected from:body" hx-sync="this:queue last" hx-select="#dashboard" hx-swap="outerHTML">
    <script type="application/json" id="dashboard-data">${jsonScript(chartData)}</script>
    <div class="stats">
      <div class="stat"><div class="n"><a href="${drill({ year: d.year })}">${pct(d.city.rate)}</a></div><div class="l">近地配套率（目标 40%）</div>${rateBar(d.city)}</div>
      <div class="stat"><div class="n">${formatWan(d.city.totalWan)}</div><div class="l">链主采购总额</div></div>
      <div class="stat"><div class="n">${formatWan(d.city.localWan)}</div><div class="l">本地采购额（含新增本地化 ${formatWan(d.city.localisedWan)}）</div></div>
      <div class="stat"><div class="n"><a href="/components">${formatCount(c.components)}</a></div><div class="l">唯一来源外采件</div></div>
      <div class="stat"><div class="n"><a href="/components?status=candidates">${share(c.withCandidate)}</a></div><div class="l">有合格本地候选（${c.withCandidate} 件）</div></div>
      <div class="stat"><div class="n"><a href="/components?status=in_deal">${share(c.withDeal)}</a></div><div class="l">已进入对接（${c.withDeal} 件）</div></div>
      <div class="stat"><div class="n"><a href="/components?status=localised">${share(c.localised)}</a></div><div class="l">已本地化（${c.localised} 件，${formatWan(c.localisedValueWan)}）</div></div>
    </div>
    <div class="two charts">
      <section class="card"><h2 class="first">分季度近地配套率</h2><div class="chart" id="chart-quarters" role="img" aria-label="分季度近地配套率与 40% 目标"></div>
        <table class="compact"><tbody>${d.quarters.map((q) => html`<tr><td><a href="${drill({ year: d.year, quarter: q.quarter })}">Q${q.quarter}</a></td><td>${pct(q.figures.rate)}</td></tr>`)}</tbody></table></section>
      <section class="card"><h2 class="first">对接漏斗</h2>
        <p class="meta">到达各阶段的商机数（已越过的阶段也计入）；丢单另计：${lost} 个。</p>
        <div class="chart" id="chart-funnel" role="img" aria-label="到达各阶段的商机数量"></div>
        <table class="compact"><tbody>${[...PIPELINE, 'lost' as const].map((s) => html`<tr><td><a href="/deals?stage=${s}">${STAGE_LABEL[s]}</a></td>
          <td>${d.funnel.find((f) => f.stage === s)?.deals ?? 0}</td></tr>`)}</tbody></table></section>
    </div>
    <h2>13 条产业链</h2>
    <div class="grid">${d.chains.map((ch) => html`<article class="card chain">
      <h3><a href="${drill({ year: d.year, chain: ch.id })}">${ch.name}</a></h3>
      ${rateBar(ch.nearSite)}
      <dl>
        <dt>采购总额</dt><dd>${formatWan(ch.nearSite.totalWan)}</dd>
        <dt>外采件</dt><dd><a href="/components?chain=${ch.id}">${ch.coverage.components}</a></dd>
        <dt>有本地候选</dt><dd><a href="/components?chain=${ch.id}&amp;status=candidates">${ch.coverage.withCandidate}</a></dd>
        <dt>已本地化</dt><dd><a href="/components?chain=${ch.id}&amp;status=localised">${ch.coverage.localised}</a></dd>
      </dl></article>`)}</div>
    <h2>区县</h2>
    <div class="grid">${d.counties.map((r) => html`<article class="card chain">
      <h3><a href="${drill({ year: d.year, region: r.code })}">${r.name}</a></h3>${rateBar(r.nearSite)}
      <dl><dt>链主企业</dt><dd>${r.nearSite.buyers}</dd><dt>采购总额</dt><dd>${formatWan(r.nearSite.totalWan)}</dd></dl></article>`)}</div>
    <h2>最大的本地配套缺口</h2>
    <p class="meta">年采购额最高、尚无合格本地候选的唯一来源外采件：招商引资的重点。</p>
    ${d.gaps.length === 0 ? html`<p>暂无缺口。</p>` : html`<div class="table-wrap"><table>
      <thead><tr><th>外采件</th><th>采购企业</th><th>年采购额</th><th>现供应地</th></tr></thead>
      <tbody>${d.gaps.map((g) => html`<tr><td><a href="/components/${encodeURIComponent(g.ref)}">${g.ref} ${g.name}</a></td><td>${g.buyerName}</td>
        <td class="n">${gapWan(g.annualValueWan)}</td><td>${g.currentSupplierRegion || '—'}</td></tr>`)}</tbody></table></div>`}
    <h2>链主企业</h2>
    <div class="table-wrap"><table class="keep">
      <thead><tr><th>链主企业</th><th class="n wide-only">采购总额</th><th class="n wide-only">本地采购额</th><th class="n wide-only">新增本地化</th><th class="n">近地配套率</th></tr></thead>
      <tbody>${d.leaders.map((l) => html`<tr><td><a href="${drill({ year: d.year, buyer_uscc: l.uscc })}">${l.name}</a></td><td class="n wide-only">${leaderWan(l.nearSite.totalWan)}</td>
        <td class="n wide-only">${leaderWan(l.nearSite.localWan)}</td><td class="n wide-only">${leaderWan(l.nearSite.localisedWan)}</td><td class="n">${pct(l.nearSite.rate)}</td></tr>`)}</tbody></table></div>
    <p class="meta phone-only">手机上只列近地配套率；点企业名看采购额与明细。</p>
  </div>`;
}

/** `years`: the ones the year picker offers. */
export function dashboardPage(d: DashboardData & { years: number[] }): Page {
  const { years } = d;
  return { title: '看板', nav: 'dashboard', body: html`
    <div class="page-head">
      <h1>产业链供需对接看板 · ${d.year} 年</h1>
      <form class="filters" method="get" action="/dashboard"><label>年度<select name="year">${years.map((y) => html`<option${y === d.year ? html` selected` : ''}>${y}</option>`)}</select></label><button type="submit">查看</button></form>
      <div class="actions"><a class="button secondary" href="/reports/quarterly.xlsx?year=${d.year}">下载季度报告（Excel）</a><a class="button secondary" href="/reports/quarterly.csv?year=${d.year}">CSV</a></div>
    </div>
    <p class="meta">近地配套率 = 链主企业本地采购额 ÷ 采购总额；导入的采购额加上已签约/批量供货的本地商机年合同额（每个外采件只计一次，丢单即扣除；季度按签约季度起每季计入四分之一）。</p>
    ${dashboardBody(d)}
    ${whatIfSlot(d.year)}
    <script src="/vendor/echarts.min.js" defer></script>
    <script src="/static/dashboard.js" defer></script>` };
}
