/** 培育清单: local firms one step from supplying high-value sole-source parts, by firm, with what each step would unlock. */
import { html } from '../../html.ts';
import type { Page } from '../../layout.ts';
import { formatWan } from '../../format.ts';
import type { CultivationFirm } from '../../../server/attraction/cultivation.ts';
import type { CultivationFilter } from '../../../server/attraction/cultivation-service.ts';
import { attractionTabs, styles } from './common.ts';

export interface CultivationView { list: CultivationFirm[]; filter: CultivationFilter; chains: { id: string; name: string }[]; minValueWan: number }

export function cultivationPage(v: CultivationView): Page {
  // Several firms may be one step from the same part: the total counts each part once.
  const parts = new Map(v.list.flatMap((f) => f.entries.flatMap((e) => e.parts)).map((p) => [p.componentId, p.valueWan]));
  const total = [...parts.values()].reduce((s, x) => s + x, 0);
  const opt = (value: string, label: string, selected: string | undefined) => html`<option value="${value}"${value === (selected ?? '') ? html` selected` : ''}>${label}</option>`;
  const q = v.filter.chain ? `?chain=${encodeURIComponent(v.filter.chain)}` : '';
  return { title: '招商引资 · 培育清单', nav: 'attraction', body: html`${styles()}
    <h1>培育清单</h1>
    ${attractionTabs('cultivation', true)}
    <p class="meta">差一步即可配套链主唯一来源外采件（年采购额 ${v.minValueWan} 万元以上、尚无本地合格企业）的本地企业：缺一项认证、缺一道次要工艺或产能不足。按可带动的年采购额排列，供扶持政策部门使用。</p>
    <div class="stats">
      <div class="stat"><div class="n">${v.list.length}</div><div class="l">家培育对象</div></div>
      <div class="stat"><div class="n">${parts.size}</div><div class="l">个外采件有差一步的本地企业</div></div>
      <div class="stat"><div class="n">${formatWan(total)}</div><div class="l">这些外采件的年采购额</div></div>
    </div>
    <form class="filters" method="get" action="/attraction/cultivation">
      <label>产业链<select name="chain">${opt('', '全部', v.filter.chain)}${v.chains.map((c) => opt(c.id, c.name, v.filter.chain))}</select></label>
      <button type="submit">筛选</button>
      <a class="button secondary" href="/attraction/cultivation.xlsx${q}">导出 Excel</a>
    </form>
    ${v.list.length === 0 ? html`<p>暂无差一步即可配套的本地企业。</p>` : html`<div class="firm-steps">${v.list.map((f) => html`<article class="card">
      <h3><a href="/enterprises/${f.uscc}">${f.name}</a></h3>
      <p class="meta">可带动 ${f.partCount} 个外采件，年采购额 ${formatWan(f.valueWan)}</p>
      ${f.entries.map((e) => html`<p class="step-sentence">${e.sentence}</p>
        <ul>${e.parts.map((p) => html`<li><a href="/components/${encodeURIComponent(p.ref)}">${p.ref} ${p.name}</a> <span class="meta">${p.buyerName} · ${formatWan(p.valueWan)}</span></li>`)}</ul>`)}
    </article>`)}</div>`}` };
}
