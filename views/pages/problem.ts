/** One case: its facts, attachments, the timeline of every step, and the forms for the moves the viewer may make. */
import { html, type Html } from '../html.ts';
import type { Page } from '../layout.ts';
import { formatDateTime } from '../format.ts';
import { csrfField, field, select, textarea, type FieldErrors } from '../partials/form.ts';
import { statusTag } from './problems.ts';
import { attachmentList } from '../partials/attachments.ts';
import type { AttachmentInfo, ProblemEvent, ProblemItem } from '../../server/problems/queries.ts';
import type { ProblemAction } from '../../server/problems/statuses.ts';
import { CATEGORY_LABEL, PROBLEM_ACTION_LABEL, STATUS_LABEL } from '../../server/vocabulary.ts';

export interface ProblemView {
  problem: ProblemItem; events: ProblemEvent[]; attachments: AttachmentInfo[]; today: string; defaultDeadline: string;
  actions: ProblemAction[]; canAttach: boolean; departments: { id: string; name: string }[]; csrfToken: string;
  /** after a refused move: which form, its values and errors, or a message for the whole case */
  failed?: { action: ProblemAction | 'attach'; values: Record<string, string>; errors: FieldErrors };
  message?: { ok: boolean; text: string };
}

const NOTE_LABEL: Record<ProblemAction, { label: string; required: boolean }> = {
  assign: { label: '分办意见（可选）', required: false },
  return: { label: '退回原因', required: true },
  answer: { label: '办理结果', required: true },
  confirm: { label: '备注（可选）', required: false },
  reopen: { label: '不满意的原因', required: true },
  close: { label: '销号说明', required: false },
};

function actionForm(v: ProblemView, action: ProblemAction): Html {
  const p = v.problem;
  const mine = v.failed?.action === action;
  const e = mine ? v.failed!.errors : undefined;
  const val = mine ? v.failed!.values : {};
  const note = NOTE_LABEL[action];
  const closeUnconfirmed = action === 'close' && p.status === 'answered';
  return html`<form class="card action-form" method="post" action="/problems/${p.ref}/transitions" hx-post="/problems/${p.ref}/transitions" hx-target="#problem" hx-swap="outerHTML">
    ${csrfField(v.csrfToken)}
    <input type="hidden" name="action" value="${action}"><input type="hidden" name="version" value="${p.version}">
    <h3>${PROBLEM_ACTION_LABEL[action]}</h3>
    ${action === 'assign' ? html`<div class="form-grid">
      ${select({ label: '承办部门', name: 'department', options: [{ value: '', label: '—' }, ...v.departments.map((d) => ({ value: d.id, label: d.name }))], value: val.department ?? p.departmentId ?? '', errors: e, required: true })}
      ${field({ label: '办理期限', name: 'deadline', type: 'date', value: val.deadline ?? v.defaultDeadline, errors: e, required: true })}
    </div>` : ''}
    ${textarea({ label: closeUnconfirmed ? '销号说明（企业尚未确认，必填）' : note.label, name: 'note', value: val.note, errors: e, rows: action === 'answer' ? 5 : 2, maxlength: 2000 })}
    <div class="actions"><button type="submit"${action === 'reopen' || action === 'return' ? html` class="secondary"` : ''}>${PROBLEM_ACTION_LABEL[action]}</button></div>
  </form>`;
}

function timeline(events: ProblemEvent[]): Html {
  return html`<ol class="timeline">${events.map((ev) => html`<li>
    <div class="meta"><time>${formatDateTime(ev.at)}</time><span>${ev.actorLabel}</span></div>
    <div>${ev.fromStatus ? html`${STATUS_LABEL[ev.fromStatus]} → ` : '提出问题 → '}<strong>${STATUS_LABEL[ev.toStatus]}</strong>
      ${ev.departmentName ? html`（${ev.departmentName}，期限 ${ev.deadline}）` : ''}</div>
    ${ev.note ? html`<p class="note">${ev.note}</p>` : ''}
  </li>`)}</ol>`;
}

function attachmentBlock(v: ProblemView): Html {
  const e = v.failed?.action === 'attach' ? v.failed.errors : undefined;
  return attachmentList({ files: v.attachments, base: `/problems/${v.problem.ref}`, canUpload: v.canAttach, csrfToken: v.csrfToken, error: e?.attachments });
}

/** The part htmx swaps after a move. */
export function problemDetail(v: ProblemView): Html {
  const p = v.problem;
  return html`<section id="problem">
    ${v.message ? html`<p class="notice ${v.message.ok ? 'ok' : 'bad'}" role="${v.message.ok ? 'status' : 'alert'}">${v.message.text}</p>` : ''}
    <div class="meta spaced">${statusTag(p)}<span class="tag">${CATEGORY_LABEL[p.category]}</span>${p.chainName ? html`<span>${p.chainName}</span>` : ''}</div>
    <div class="two">
      <div>
        <section class="card">
          <dl class="facts">
            <dt>提出企业</dt><dd><a href="/enterprises/${p.firmUscc}">${p.firmName}</a>${p.regionName ? html`（${p.regionName}）` : ''}</dd>
            <dt>提出时间</dt><dd>${formatDateTime(p.createdAt)}</dd>
            <dt>承办部门</dt><dd>${p.departmentName ?? '—'}</dd>
            <dt>办理期限</dt><dd${p.overdue ? html` class="overdue-text"` : ''}>${p.deadline ?? '—'}</dd>
            ${p.componentRef ? html`<dt>关联外采件</dt><dd>${p.componentRef} ${p.componentName}</dd>` : ''}
            ${p.dealId ? html`<dt>关联商机</dt><dd>#${p.dealId}</dd>` : ''}
            ${p.closedAt ? html`<dt>销号时间</dt><dd>${formatDateTime(p.closedAt)}</dd>` : ''}
          </dl>
          <h2>问题描述</h2><p class="prewrap">${p.description}</p>
          ${p.answer ? html`<h2>部门反馈</h2><p class="prewrap">${p.answer}</p>` : ''}
          ${attachmentBlock(v)}
        </section>
        ${v.actions.length ? html`<div class="no-print">${v.actions.map((a) => actionForm(v, a))}</div>` : ''}
      </div>
      <section class="card"><h2 class="first">办理记录</h2>${timeline(v.events)}</section>
    </div>
  </section>`;
}

export function problemPage(v: ProblemView): Page {
  return { title: `${v.problem.ref} ${v.problem.title}`, nav: 'problems', body: html`
    <p class="meta"><a href="/problems">问题协调</a> › ${v.problem.title}</p>
    <h1>${v.problem.title}</h1>
    ${problemDetail(v)}` };
}
