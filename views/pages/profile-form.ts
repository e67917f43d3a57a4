import { html, type Html } from '../html.ts';
import type { Page } from '../layout.ts';
import { csrfField, field, formErrorSummary, select, textarea, type FieldErrors } from '../partials/form.ts';

export interface ProfileFormView {
  uscc: string;
  values: Record<string, unknown>;
  chains: { id: string; name: string }[];
  regions: { code: string; name: string }[];
  csrfToken: string;
  errors?: FieldErrors;
  message?: string;
  saved?: boolean;
}

const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** The form alone: htmx posts it and swaps it in place with the result. */
export function profileForm(v: ProfileFormView): Html {
  const e = v.errors;
  const val = v.values;
  const selectedChains = Array.isArray(val.chains) ? (val.chains as string[]) : [];
  return html`<form id="profile-form" class="card" method="post" action="/enterprises/${v.uscc}/edit"
      hx-post="/enterprises/${v.uscc}/edit" hx-target="this" hx-swap="outerHTML">
    ${csrfField(v.csrfToken)}
    <input type="hidden" name="version" value="${str(val.version)}">
    ${v.saved ? html`<p class="notice ok" role="status">已保存（版本 ${str(val.version)}）。匹配引擎将按新的能力重新计算。</p>` : ''}
    ${formErrorSummary(e, v.message)}
    <div class="form-grid">
      ${field({ label: '企业名称', name: 'name', value: str(val.name), errors: e, required: true, maxlength: 200 })}
      ${select({ label: '所在区域', name: 'region', options: [{ value: '', label: '—' }, ...v.regions.map((r) => ({ value: r.name, label: r.name }))], value: str(val.region), errors: e })}
      ${field({ label: '详细地址', name: 'address', value: str(val.address), errors: e, maxlength: 300 })}
      ${select({ label: '所属产业链（可多选）', name: 'chains', multiple: true, options: v.chains.map((c) => ({ value: c.name, label: c.name })), selected: selectedChains, errors: e })}
      ${field({ label: '年产值（万元）', name: 'annual_output_wan', value: str(val.annual_output_wan), errors: e, maxlength: 20 })}
      ${field({ label: '员工人数', name: 'employees', value: str(val.employees), errors: e, maxlength: 10 })}
      ${field({ label: '联系人', name: 'contact_name', value: str(val.contact_name), errors: e, maxlength: 60 })}
      ${field({ label: '联系电话', name: 'contact_phone', value: str(val.contact_phone), errors: e, maxlength: 60 })}
    </div>
    <div class="form-grid">
      ${textarea({ label: '主要产品（用；或、分隔）', name: 'products', value: str(val.products), errors: e, rows: 2, maxlength: 2000 })}
      ${textarea({ label: '工艺能力（如：压铸；CNC加工；热处理）', name: 'processes', value: str(val.processes), errors: e, rows: 2, maxlength: 2000 })}
      ${textarea({ label: '加工材料（如：ADC12；6061-T6）', name: 'materials', value: str(val.materials), errors: e, rows: 2, maxlength: 2000 })}
      ${textarea({ label: '资质认证（如：IATF 16949；ISO 9001）', name: 'certifications', value: str(val.certifications), errors: e, rows: 2, maxlength: 2000 })}
    </div>
    ${textarea({ label: '企业简介', name: 'description', value: str(val.description), errors: e, rows: 5, maxlength: 5000 })}
    <div class="actions"><button type="submit">保存</button><a href="/enterprises/${v.uscc}">返回企业主页</a></div>
  </form>`;
}

export function profileEditPage(v: ProfileFormView & { firmName: string }): Page {
  return { title: `编辑 ${v.firmName}`, nav: 'me', body: html`
    <p class="meta"><a href="/me">我的企业</a> › 编辑资料</p>
    <h1>编辑企业资料</h1>
    <p class="meta">工艺、材料、资质可以用任何常见写法填写，平台词库会识别为标准化能力并用于匹配。</p>
    ${profileForm(v)}` };
}
