/** One attraction project: its facts and 包保, the stage pipeline, the parts it localises, the timeline, notes, documents and the next move. */
import { html, type Html } from '../../html.ts';
import type { Page } from '../../layout.ts';
import { formatDate, formatDateTime, formatWan } from '../../format.ts';
import { csrfField, select, textarea, type FieldErrors } from '../../partials/form.ts';
import { attachmentList } from '../../partials/attachments.ts';
import { PROJECT_PIPELINE, PROJECT_STAGE_LABEL } from '../../../server/vocabulary.ts';
import type { ListedProject, ProjectAttachment, ProjectEvent, ProjectPart } from '../../../server/attraction/project-queries.ts';
import type { ProjectStage } from '../../../db/schema.ts';
import { overdueFlag, stageTag } from './projects.ts';
import { styles } from './common.ts';

export interface ProjectView {
  project: ListedProject; parts: ProjectPart[]; events: ProjectEvent[]; attachments: ProjectAttachment[];
  moves: ProjectStage[]; csrfToken: string;
  /** after a refused write: which form, its values and errors; or a notice */
  failed?: { form: 'move' | 'note' | 'attach'; values: Record<string, string>; errors: FieldErrors };
  message?: { ok: boolean; text: string };
}

function pipeline(stage: ProjectStage): Html {
  const at = PROJECT_PIPELINE.indexOf(stage);
  return html`<ol class="pipeline" aria-label="项目阶段">${PROJECT_PIPELINE.map((s, i) =>
    html`<li class="${i < at ? 'done' : i === at ? 'current' : ''}"${i === at ? html` aria-current="step"` : ''}>${PROJECT_STAGE_LABEL[s]}</li>`)}
    ${stage === 'terminated' ? html`<li class="current" aria-current="step">${PROJECT_STAGE_LABEL.terminated}</li>` : ''}</ol>`;
}

function timeline(events: ProjectEvent[]): Html {
  return html`<ol class="timeline">${events.map((ev) => html`<li>
    <div class="meta"><time>${formatDateTime(ev.at)}</time><span>${ev.actorLabel}</span></div>
    <div>${ev.toStage ? html`${ev.fromStage ? html`${PROJECT_STAGE_LABEL[ev.fromStage]} → ` : '发起项目 → '}<strong>${PROJECT_STAGE_LABEL[ev.toStage]}</strong>` : html`<strong>进展记录</strong>`}</div>
    ${ev.note ? html`<p class="note">${ev.note}</p>` : ''}</li>`)}</ol>`;
}

function moveForm(v: ProjectView): Html {
  const p = v.project;
  if (!v.moves.length) return html``;
  const mine = v.failed?.form === 'move';
  const e = mine ? v.failed!.errors : undefined;
  const val = mine ? v.failed!.values : {};
  return html`<form class="card action-form no-print" id="move-form" method="post" action="/attraction/projects/${p.ref}/transitions">
    ${csrfField(v.csrfToken)}<input type="hidden" name="version" value="${p.version}">
    <h3>推进项目</h3>
    ${select({ label: '转到阶段', name: 'to', value: val.to ?? v.moves[0], errors: e, options: v.moves.map((s) => ({ value: s, label: PROJECT_STAGE_LABEL[s] })) })}
    ${v.moves.includes('operating') ? html`<p class="hint">转为「投产运营」后，本项目涉及的外采件从本季度起按原供应商的年采购额计入本地采购。</p>` : ''}
    ${textarea({ label: '终止原因（终止时必填）', name: 'reason', value: val.reason, errors: e, rows: 2, maxlength: 500 })}
    ${textarea({ label: '说明（可选）', name: 'note', value: val.note, errors: e, rows: 2, maxlength: 2000 })}
    <div class="actions"><button type="submit">提交</button></div>
  </form>`;
}

function noteForm(v: ProjectView): Html {
  const mine = v.failed?.form === 'note';
  return html`<form class="card action-form no-print" method="post" action="/attraction/projects/${v.project.ref}/notes">
    ${csrfField(v.csrfToken)}<h3>记录进展</h3>
    ${textarea({ label: '进展情况', name: 'note', value: mine ? v.failed!.values.note : '', errors: mine ? v.failed!.errors : undefined, rows: 3, maxlength: 2000 })}
    <div class="actions"><button class="secondary" type="submit">保存</button></div>
  </form>`;
}

function attachmentBlock(v: ProjectView): Html {
  return attachmentList({ files: v.attachments, base: `/attraction/projects/${v.project.ref}`, canUpload: true, csrfToken: v.csrfToken,
    error: v.failed?.form === 'attach' ? v.failed.errors.attachments : undefined, label: '上传协议、方案等（PDF、图片、XLSX、DOCX，每个不超过 5 MB）' });
}

export function projectPage(v: ProjectView): Page {
  const p = v.project;
  const fact = (label: string, value: Html | string) => html`<div><dt>${label}</dt><dd>${value}</dd></div>`;
  return { title: `${p.ref} ${p.title}`, nav: 'attraction', body: html`${styles()}
    <p class="meta no-print"><a href="/attraction/projects">招商项目</a> › ${p.ref}</p>
    <h1>${p.title} ${stageTag(p.stage)}</h1>
    ${v.message ? html`<p class="notice ${v.message.ok ? 'ok' : 'bad'}" role="${v.message.ok ? 'status' : 'alert'}">${v.message.text}</p>` : ''}
    ${pipeline(p.stage)}
    ${p.overdue ? html`<p class="notice bad">${overdueFlag(p)}（当前阶段「${PROJECT_STAGE_LABEL[p.stage]}」）</p>` : ''}
    <div class="two project-layout">
      <div>
        <section class="card">
          <dl class="project-facts">
            ${fact('招引对象', p.targetSupplier ? `${p.targetSupplier}${p.targetRegion ? `（${p.targetRegion}）` : ''}` : '能力缺口（无具体企业）')}
            ${fact('产业链', p.chainName)}
            ${fact('包保责任人', p.responsibleName)}
            ${fact('包保单位', p.departmentName)}
            ${fact('拟落地区县', p.siteRegionName ?? '待定')}
            ${fact('计划投资', formatWan(p.plannedInvestmentWan))}
            ${fact('计划签约', p.plannedSignDate ?? '—')}
            ${fact('计划开工', p.plannedStartDate ?? '—')}
            ${fact('计划投产', p.plannedOperationDate ?? '—')}
            ${p.operatingAt ? fact('投产运营', formatDate(p.operatingAt)) : ''}
            ${p.terminatedReason ? fact('终止原因', p.terminatedReason) : ''}
          </dl>
          ${p.gapDescription ? html`<h2>能力缺口</h2><p class="prewrap">${p.gapDescription}</p>` : ''}
          <h2>涉及的外采件（${v.parts.length}，年采购额 ${formatWan(p.valueWan)}）</h2>
          ${v.parts.length ? html`<div class="table-wrap"><table><thead><tr><th>外采件</th><th>采购企业</th><th>年采购额（原供应商）</th></tr></thead>
            <tbody>${v.parts.map((x) => html`<tr><td><a href="/components/${encodeURIComponent(x.ref)}">${x.ref} ${x.name}</a></td><td>${x.buyerName}</td><td>${formatWan(x.valueWan)}</td></tr>`)}</tbody></table></div>`
            : html`<p class="meta">未关联外采件：投产运营后不影响近地配套率。</p>`}
          ${attachmentBlock(v)}
        </section>
        ${moveForm(v)}
        ${noteForm(v)}
      </div>
      <section class="card"><h2 class="first">项目记录</h2>${timeline(v.events)}</section>
    </div>` };
}
