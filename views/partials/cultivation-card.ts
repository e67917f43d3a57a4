/** On a firm's workbench: the steps that would let it supply the chain leaders (its own entries of the cultivation list, in words only). */
import { html, type Html } from '../html.ts';
import type { FirmStep } from '../../server/attraction/cultivation-service.ts';

export function cultivationCard(steps: FirmStep[]): Html {
  if (!steps.length) return html``;
  return html`<link rel="stylesheet" href="/static/attraction.css"><section class="card cultivation-card" aria-label="配套机会">
    <h2>配套机会：差一步即可为链主企业供货</h2>
    <ul>${steps.map((s) => html`<li class="step-sentence">${s.sentence}</li>`)}</ul>
    <p class="meta">依据链主企业登记的唯一来源外采件测算，采购额为约数。需要认证、技改或扩产支持，可在「问题协调」中<a href="/problems/new">提出问题</a>。</p>
  </section>`;
}
