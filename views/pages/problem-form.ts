/** Raising a problem: category, title, description, what it concerns, attachments. A plain multipart form (files need no script). */
import { html } from '../html.ts';
import type { Page } from '../layout.ts';
import { csrfField, field, formErrorSummary, select, textarea, type FieldErrors } from '../partials/form.ts';
import { PROBLEM_CATEGORIES } from '../../db/schema.ts';
import { ACCEPT, CATEGORY_LABEL, MAX_ATTACHMENTS, MAX_ATTACHMENT_BYTES } from '../../server/vocabulary.ts';

export interface ProblemFormView {
  csrfToken: string;
  /** set when an admin records a problem for a firm: the firm is named by USCC */
  askFirm: boolean;
  firmName: string | null;
  chains: { id: string; name: string }[];
  deals: { id: number; label: string }[];
  components: { ref: string; label: string }[];
  values: Record<string, string>;
  errors?: FieldErrors;
}

export function problemFormPage(v: ProblemFormView): Page {
  const e = v.errors;
  const val = v.values;
  const none = { value: '', label: '—' };
  return { title: '提出问题', nav: 'problems', body: html`
    <p class="meta"><a href="/problems">问题协调</a> › 提出问题</p>
    <h1>提出问题</h1>
    <p class="meta spaced">${v.firmName ? html`以「${v.firmName}」的名义提出。` : ''}工作专班分办至责任部门并限期反馈，您可以在问题页面跟踪办理进度、确认或要求重新办理。</p>
    <form class="card" method="post" action="/problems" enctype="multipart/form-data">
      ${csrfField(v.csrfToken)}
      ${formErrorSummary(e)}
      <div class="form-grid">
        ${v.askFirm ? field({ label: '企业（统一社会信用代码）', name: 'firm', value: val.firm, errors: e, required: true, maxlength: 18 }) : ''}
        ${select({ label: '问题类别', name: 'category', options: [none, ...PROBLEM_CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABEL[c] }))], value: val.category, errors: e, required: true })}
        ${select({ label: '所属产业链', name: 'chain', options: [{ value: '', label: '—（按关联事项或企业所属产业链）' }, ...v.chains.map((c) => ({ value: c.id, label: c.name }))], value: val.chain, errors: e })}
        ${select({ label: '关联商机（可选）', name: 'deal', options: [none, ...v.deals.map((d) => ({ value: String(d.id), label: d.label }))], value: val.deal, errors: e })}
        ${select({ label: '关联外采件（可选）', name: 'component', options: [none, ...v.components.map((c) => ({ value: c.ref, label: c.label }))], value: val.component, errors: e })}
      </div>
      ${field({ label: '标题', name: 'title', value: val.title, errors: e, required: true, maxlength: 100, hint: '一句话说明问题，如：新增产线需要电力增容 2000 kVA' })}
      ${textarea({ label: '问题描述', name: 'description', value: val.description, errors: e, rows: 6, maxlength: 5000, hint: '现状、影响、希望政府协调解决的事项' })}
      <label class="${e?.attachments ? 'invalid' : ''}">附件（可选，最多 ${MAX_ATTACHMENTS} 个，每个不超过 ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB；PDF、JPG、PNG、XLSX、DOCX）
        <input type="file" name="attachments" multiple accept="${ACCEPT}"${e?.attachments ? html` aria-invalid="true" aria-describedby="attachments-error"` : ''}>
        ${e?.attachments ? html`<span class="field-error" id="attachments-error">${e.attachments}</span>` : ''}
      </label>
      <div class="actions"><button type="submit">提交</button><a href="/problems">取消</a></div>
    </form>` };
}
