import { html, type Html } from '../html.ts';
import type { Page } from '../layout.ts';
import { csrfField, field, formErrorSummary, select, textarea, type FieldErrors } from '../partials/form.ts';

export interface ListingFormView {
  /** null for a new listing */
  ref: string | null;
  firmUscc: string;
  values: Record<string, unknown>;
  chains: { id: string; name: string }[];
  csrfToken: string;
  errors?: FieldErrors;
  message?: string;
  saved?: boolean;
}

const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));

export function listingForm(v: ListingFormView): Html {
  const e = v.errors;
  const val = v.values;
  const action = v.ref ? `/listings/${v.ref}/edit` : '/listings/new';
  return html`<form id="listing-form" class="card" method="post" action="${action}" hx-post="${action}" hx-target="this" hx-swap="outerHTML">
    ${csrfField(v.csrfToken)}
    ${v.ref ? html`<input type="hidden" name="version" value="${str(val.version)}">` : html`<input type="hidden" name="firm" value="${v.firmUscc}">`}
    ${v.saved ? html`<p class="notice ok" role="status">已保存（版本 ${str(val.version)}）。<a href="/listings/${v.ref}">查看</a></p>` : ''}
    ${formErrorSummary(e, v.message)}
    <div class="form-grid">
      ${select({ label: '类型', name: 'kind', options: [{ value: 'supply', label: '供应（产能、产品）' }, { value: 'demand', label: '需求（采购、配套）' }], value: str(val.kind) || 'supply', errors: e, required: true })}
      ${field({ label: '标题', name: 'title', value: str(val.title), errors: e, required: true, maxlength: 200, placeholder: '如：承接铝合金压铸加工' })}
      ${select({ label: '所属产业链', name: 'chain', options: [{ value: '', label: '—' }, ...v.chains.map((c) => ({ value: c.id, label: c.name }))], value: str(val.chain), errors: e })}
      ${field({ label: '数量', name: 'quantity', value: str(val.quantity), errors: e, maxlength: 20 })}
      ${field({ label: '单位', name: 'unit', value: str(val.unit), errors: e, maxlength: 20, placeholder: '件 / 吨 / 套' })}
      ${field({ label: '有效期至', name: 'valid_until', type: 'date', value: str(val.valid_until), errors: e, required: true })}
    </div>
    ${textarea({ label: '详情（工艺、材料、资质、产能等）', name: 'description', value: str(val.description), errors: e, rows: 5, maxlength: 5000 })}
    <div class="actions"><button type="submit">${v.ref ? '保存修改' : '发布'}</button><a href="/me">返回我的企业</a></div>
  </form>`;
}

export function listingFormPage(v: ListingFormView): Page {
  return { title: v.ref ? '编辑供需信息' : '发布供需信息', nav: 'me', body: html`
    <p class="meta"><a href="/me">我的企业</a> › ${v.ref ? html`<a href="/listings/${v.ref}">${String(v.values.title ?? '') || '供需信息'}</a> › 编辑` : '发布供需信息'}</p>
    <h1>${v.ref ? '编辑供需信息' : '发布供需信息'}</h1>
    ${listingForm(v)}` };
}
