/** The deals opened on a component or listing. */
import { html, type Html } from '../html.ts';
import { formatWan } from '../format.ts';
import { STAGE_LABEL } from '../../server/vocabulary.ts';
import type { DealSummary } from '../../server/components/queries.ts';
import type { DealStage } from '../../db/schema.ts';

export function dealTable(deals: DealSummary[]): Html {
  if (deals.length === 0) return html``;
  return html`<h2>对接商机（${deals.length}）</h2><div class="table-wrap"><table>
    <thead><tr><th>商机</th><th>供应方</th><th>阶段</th><th>年合同额</th></tr></thead>
    <tbody>${deals.map((d) => html`<tr><td><a href="/deals/${d.id}">#${d.id}</a></td><td><a href="/enterprises/${d.supplierUscc}">${d.supplierName}</a></td>
      <td><span class="stage ${d.stage}">${STAGE_LABEL[d.stage as DealStage]}</span></td><td>${formatWan(d.annualValueWan)}</td></tr>`)}</tbody>
  </table></div>`;
}
