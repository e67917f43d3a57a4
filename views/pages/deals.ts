import { html } from '../html.ts';
import type { Page } from '../layout.ts';
import { pager } from '../partials/pager.ts';
import { formatDate, formatWan, formatDateTime } from '../format.ts';
import { csrfField } from '../partials/form.ts';
import { DEAL_STAGES, type DealStage } from '../../db/schema.ts';
import type { DealEvent, DealListRow, DealParty } from '../../server/deals/queries.ts';
import { PIPELINE, STAGE_LABEL } from '../../server/vocabulary.ts';

const contact = (p: DealParty) => (p.contactName || p.contactPhone
  ? html`<span class="meta">联系人 ${p.contactName || '—'}${p.contactPhone ? html` · <a href="tel:${p.contactPhone}">${p.contactPhone}</a>` : ''}</span>`
  : html`<span class="meta">未留联系方式</span>`);

const subjectHref = (kind: 'component' | 'listing', ref: string) => (kind === 'component' ? `/components/${encodeURIComponent(ref)}` : `/listings/${encodeURIComponent(ref)}`);

/** What to do when there is no deal yet, by who is looking. */
function emptyHint(role: string | null) {
  if (role === 'enterprise') return html`<p>暂无商机。采购方在外采件或需求信息的候选供应商中选中贵企业并「发起对接」后，商机会出现在这里。
    <a href="/me">完善企业资料、发布供应信息</a>，能让更多采购方找到您；也可以在<a href="/listings?kind=demand">需求信息</a>中寻找机会。</p>`;
  if (role === 'procurement') return html`<p>暂无商机。在<a href="/components">外采件</a>页面查看候选供应商，点「发起对接」即可开始。</p>`;
  return html`<p>暂无商机。</p>`;
}

/** `deals`: every deal the filter selects (the pager counts them); the table shows page `paging.page`. `role` picks the hint shown when there are none. */
export interface DealsView { deals: DealListRow[]; stage: DealStage | undefined; role: string | null; paging: { page: number; pageSize: number } }

export function dealsPage({ deals: all, stage, role, paging }: DealsView): Page {
  const rows = all.slice((paging.page - 1) * paging.pageSize, paging.page * paging.pageSize);
  const opt = (value: string, label: string) => html`<option value="${value}"${value === (stage ?? '') ? html` selected` : ''}>${label}</option>`;
  return { title: '对接商机', nav: 'deals', body: html`
    <h1>对接商机</h1>
    <form class="filters" method="get" action="/deals">
      <label>阶段<select name="stage">${opt('', '全部')}${DEAL_STAGES.map((s) => opt(s, STAGE_LABEL[s]))}</select></label>
      <button type="submit">筛选</button>
    </form>
    ${all.length === 0 ? emptyHint(role) : html`<div class="table-wrap"><table>
      <thead><tr><th>商机</th><th>对接事项</th><th>采购方</th><th>供应方</th><th>产业链</th><th>阶段</th><th>年合同额</th><th>更新</th></tr></thead>
      <tbody>${rows.map((d) => html`<tr><td><a href="/deals/${d.id}">#${d.id}</a></td>
        <td>${d.subjectVisible ? html`<a href="${subjectHref(d.subjectKind, d.subjectRef)}">${d.subjectName}</a>` : d.subjectName}</td><td>${d.buyerName}</td><td>${d.supplierName}</td>
        <td>${d.chainName ?? '—'}</td><td><span class="stage ${d.stage}">${STAGE_LABEL[d.stage]}</span></td><td>${formatWan(d.annualValueWan)}</td><td>${formatDate(d.updatedAt)}</td></tr>`)}</tbody>
    </table></div>
    ${pager('/deals', { stage }, paging.page, paging.pageSize, all.length)}`}` };
}

export interface DealView {
  id: number; stage: DealStage; version: number; annualValueWan: number | null; lostReason: string | null; matchScore: number | null;
  subject: { kind: 'component' | 'listing'; ref: string; name: string; annualValueWan: number | null };
  buyer: DealParty; supplier: DealParty;
  events: DealEvent[];
  /** the stages this deal may move to next (deals/stages.ts decides) */
  moves: DealStage[];
}

export interface DealPageView { deal: DealView; canMove: boolean; csrfToken: string; error?: string }

export function dealPage({ deal: d, ...opts }: DealPageView): Page {
  const { moves } = d;
  const next = moves.find((m) => m !== 'lost');
  const reached = d.stage === 'lost' ? -1 : PIPELINE.indexOf(d.stage);
  return { title: `商机 #${d.id}`, nav: 'deals', body: html`
    <p class="meta"><a href="/deals">对接商机</a> › #${d.id}</p>
    <h1>${d.subject.name} <span class="stage ${d.stage}">${STAGE_LABEL[d.stage]}</span></h1>
    <ol class="pipeline">${PIPELINE.map((s, i) => html`<li class="${i <= reached ? 'done' : ''}${s === d.stage ? ' current' : ''}">${STAGE_LABEL[s]}</li>`)}</ol>
    ${opts.error ? html`<p class="notice bad" role="alert">${opts.error}</p>` : ''}
    <section class="card"><dl class="facts">
      <dt>对接事项</dt><dd><a href="${subjectHref(d.subject.kind, d.subject.ref)}">${d.subject.kind === 'component' ? '外采件' : '需求信息'} ${d.subject.ref}</a></dd>
      <dt>采购方</dt><dd><a href="/enterprises/${d.buyer.uscc}">${d.buyer.name}</a><br>${contact(d.buyer)}</dd>
      <dt>供应方</dt><dd><a href="/enterprises/${d.supplier.uscc}">${d.supplier.name}</a><br>${contact(d.supplier)}</dd>
      <dt>年合同额</dt><dd>${formatWan(d.annualValueWan ?? d.subject.annualValueWan)}</dd>
      ${d.matchScore !== null ? html`<dt>推荐时匹配分</dt><dd>${Math.round(d.matchScore)}</dd>` : ''}
      ${d.lostReason ? html`<dt>丢单原因</dt><dd>${d.lostReason}</dd>` : ''}
    </dl></section>
    ${opts.canMove && moves.length ? html`<h2>推进商机</h2>
      ${next ? html`<form class="card form-grid" method="post" action="/deals/${d.id}/move">
        ${csrfField(opts.csrfToken)}<input type="hidden" name="version" value="${d.version}"><input type="hidden" name="to" value="${next}">
        ${next === 'signed' ? html`<label>年合同额（万元）<input name="annual_value_wan" inputmode="decimal" value="${d.subject.annualValueWan ?? ''}"></label>` : ''}
        <label class="wide">备注（可选）<input name="note" maxlength="2000" placeholder="如：已寄送样品 20 件"></label>
        <div class="actions"><button type="submit">推进到「${STAGE_LABEL[next]}」</button></div>
      </form>` : ''}
      ${moves.includes('lost') ? html`<details class="confirm"><summary>丢单…</summary>
        <form class="form-grid" method="post" action="/deals/${d.id}/move">
          ${csrfField(opts.csrfToken)}<input type="hidden" name="version" value="${d.version}"><input type="hidden" name="to" value="lost">
          <label class="wide">丢单原因<span class="req" aria-hidden="true">*</span><input name="reason" maxlength="500" required placeholder="如：价格高于现供应商 8%"></label>
          <div class="actions"><button class="danger" type="submit">确认丢单</button></div>
        </form></details>` : ''}` : ''}
    <h2>过程记录</h2>
    <ol class="timeline">${d.events.map((e) => html`<li><strong>${e.fromStage ? `${STAGE_LABEL[e.fromStage]} → ` : ''}${STAGE_LABEL[e.toStage]}</strong>
      <span class="meta">${e.actorLabel} · ${formatDateTime(e.at)}</span>${e.note ? html`<div>${e.note}</div>` : ''}${e.reason ? html`<div class="missing">原因：${e.reason}</div>` : ''}
      ${e.annualValueWan !== null && e.toStage === 'signed' ? html`<div>年合同额 ${formatWan(e.annualValueWan)}</div>` : ''}</li>`)}</ol>` };
}
