/** Ranked candidates with their reasons: used by the component page and the demand listing page. */
import { html, type Html } from '../html.ts';
import { csrfField } from './form.ts';
import type { MatchResult, RankedSupplier, Scope } from '../../server/matching/types.ts';
import { MARK_REASON_LABEL } from '../../server/vocabulary.ts';

export const GRADE_LABEL = { ready: '可立即供货', tight: '可供货·产能偏紧', cultivate: '可培育', none: '暂不匹配' } as const;
const SCOPE_LABEL: Record<Scope, string> = { local: '市内', cluster: '市内+襄十随神', all: '全部地区' };

export interface DealButton { action: string; csrfToken: string }
/** The buyer's 「不合适」 forms: mark with a reason, or take a mark back. */
export interface MarkForms { mark: string; unmark: string; csrfToken: string }

function markForm(s: RankedSupplier, forms: MarkForms): Html {
  if (s.mark) {
    return html`<form method="post" action="${forms.unmark}" class="inline">${csrfField(forms.csrfToken)}
      <input type="hidden" name="uscc" value="${s.uscc}"><button type="submit" class="secondary">撤销「不合适」标记</button></form>`;
  }
  return html`<details class="mark"><summary>不合适？</summary>
    <form method="post" action="${forms.mark}" class="stack">${csrfField(forms.csrfToken)}
      <input type="hidden" name="uscc" value="${s.uscc}">
      <label>原因<select name="reason" required>${(Object.keys(MARK_REASON_LABEL) as (keyof typeof MARK_REASON_LABEL)[]).map((r) =>
        html`<option value="${r}">${MARK_REASON_LABEL[r]}</option>`)}</select></label>
      <label>说明（可空）<input name="note" maxlength="200"></label>
      <button type="submit" class="secondary">标记为不合适</button>
    </form></details>`;
}

function candidate(s: RankedSupplier, rank: number, deal: DealButton | null, openDealWith: Set<number>, marks: MarkForms | null = null): Html {
  return html`<article class="result match ${s.grade}">
    <div class="match-head">
      <span class="rank">${rank}</span>
      <h3><a href="/enterprises/${s.uscc}">${s.name}</a></h3>
      <span class="tag ${s.regionKind}">${s.regionName}</span>
      <span class="grade ${s.grade}">${GRADE_LABEL[s.grade]}</span>
      <span class="score" title="匹配得分（0–100）"><meter min="0" max="100" value="${s.score}"></meter> ${Math.round(s.score)}</span>
    </div>
    ${s.reasons.length ? html`<p class="reasons">${s.reasons.join('；')}</p>` : ''}
    ${s.missing.length ? html`<p class="missing">不足：${s.missing.join('；')}</p>` : ''}
    ${deal ? openDealWith.has(s.enterpriseId)
      ? html`<p class="meta">已在对接中</p>`
      : html`<form method="post" action="${deal.action}">${csrfField(deal.csrfToken)}
          <input type="hidden" name="supplier_uscc" value="${s.uscc}"><input type="hidden" name="score" value="${s.score}">
          <button type="submit">发起对接</button></form>` : ''}
    ${marks ? markForm(s, marks) : ''}
  </article>`;
}

export interface MatchListOptions { scopeLinks: (scope: Scope) => string; deal: DealButton | null; openDealWith?: Set<number>; /** link to every candidate, when this is a page of them */ showAll?: string | null; marks?: MarkForms | null }
/** What a page's model carries for the list: the ranking and what the page links and offers around it. */
export interface MatchListView extends MatchListOptions { result: MatchResult }

export function matchList(result: MatchResult, opts: MatchListOptions): Html {
  const shownQualified = result.matches.filter((s) => s.grade === 'ready' || s.grade === 'tight').length;
  const open = opts.openDealWith ?? new Set<number>();
  return html`<section id="matches" aria-live="polite">
    <nav class="tabs" aria-label="范围">${(['local', 'cluster', 'all'] as Scope[]).map((s) =>
      html`<a href="${opts.scopeLinks(s)}"${s === result.scope ? html` aria-current="page"` : ''}>${SCOPE_LABEL[s]}</a>`)}</nav>
    <p class="notice ${result.qualifiedLocal ? 'ok' : 'warn'}">${result.summary}</p>
    ${result.matches.length === 0 ? html`<p class="meta">范围内没有具备相关工艺的企业。</p>`
      : html`<div class="results">${result.matches.map((s, i) => candidate(s, i + 1, opts.deal, open, opts.marks ?? null))}</div>`}
    ${opts.showAll && result.qualifiedCount > shownQualified
      ? html`<p class="more"><a href="${opts.showAll}">显示全部 ${result.qualifiedCount} 家可配套企业</a>（当前列出前 ${result.matches.length} 家）</p>` : ''}
    ${result.attractionTargets.length ? html`<h2>招引目标（城市群及市外）</h2>
      <p class="meta">本地暂无合格企业，以下企业可作为招商引资、设立本地工厂的对象。</p>
      <div class="results">${result.attractionTargets.map((s, i) => candidate(s, i + 1, null, open))}</div>` : ''}
  </section>`;
}
