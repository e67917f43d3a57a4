import { html, type Html } from '../html.ts';
import { importTemplates, type TemplateView } from '../partials/import-templates.ts';
import type { Page } from '../layout.ts';
import { pager } from '../partials/pager.ts';
import { formatWan, CRITICALITY_LABEL } from '../format.ts';
import { csrfField, field, formErrorSummary, select, textarea, type FieldErrors } from '../partials/form.ts';
import type { RegisterRow } from '../../server/components/register.ts';
import type { ComponentDetail, DealSummary } from '../../server/components/queries.ts';
import type { ImportReportView } from '../../server/routes/import-report.ts';
import { dealTable } from '../partials/deal-table.ts';
import { matchList, type MatchListView } from '../partials/matches.ts';
import { importReport } from './import.ts';
import { COMPONENT_STATUSES, COMPONENT_STATUS_LABEL, type ComponentStatus } from '../../server/vocabulary.ts';

export type { ComponentDetail } from '../../server/components/queries.ts';

/** `rows`: every part the filter selects (the counts are over all of them); the table shows page `page` of `pageSize`. */
export interface RegisterView { rows: RegisterRow[]; chains: { id: string; name: string }[]; filter: { chain?: string; status?: ComponentStatus }; canCreate: boolean; canImport: boolean; showBuyer: boolean; page: number; pageSize: number }

export function statusTag(status: ComponentStatus): Html {
  return html`<span class="status ${status}">${COMPONENT_STATUS_LABEL[status]}</span>`;
}

export function registerPage(v: RegisterView): Page {
  const counts = Object.fromEntries(COMPONENT_STATUSES.map((s) => [s, v.rows.filter((r) => r.status === s).length]));
  const shown = v.rows.slice((v.page - 1) * v.pageSize, v.page * v.pageSize);
  const opt = (value: string, label: string, selected: string | undefined) => html`<option value="${value}"${value === (selected ?? '') ? html` selected` : ''}>${label}</option>`;
  return { title: '唯一来源外采件', nav: 'components', body: html`
    <h1>唯一来源外采件</h1>
    <p class="meta">链主企业向市外单一来源采购的零部件、材料和设备。匹配引擎为每一件排出本地候选供应商。</p>
    <div class="stats">${(['no_local', 'candidates', 'in_deal', 'localised'] as ComponentStatus[]).map((s) =>
      html`<div class="stat"><div class="n">${counts[s]}</div><div class="l">${COMPONENT_STATUS_LABEL[s]}</div></div>`)}</div>
    <form class="filters" method="get" action="/components">
      <label>产业链<select name="chain">${opt('', '全部', v.filter.chain)}${v.chains.map((c) => opt(c.id, c.name, v.filter.chain))}</select></label>
      <label>状态<select name="status">${opt('', '全部', v.filter.status)}${COMPONENT_STATUSES.map((s) => opt(s, COMPONENT_STATUS_LABEL[s], v.filter.status))}</select></label>
      <button type="submit">筛选</button>
      ${v.canCreate ? html`<a class="button secondary" href="/components/new">登记外采件</a>` : ''}
      ${v.canImport ? html`<a class="button secondary" href="/components/import">批量导入</a>` : ''}
    </form>
    ${v.rows.length === 0 ? html`<p>没有符合条件的外采件。</p>` : html`<div class="table-wrap"><table>
      <thead><tr><th>编号</th><th>名称</th>${v.showBuyer ? html`<th>采购企业</th>` : ''}<th>产业链</th><th>年采购额</th><th>关键程度</th><th>现供应地</th><th>状态</th></tr></thead>
      <tbody>${shown.map((r) => html`<tr>
        <td><a href="/components/${encodeURIComponent(r.ref)}">${r.ref}</a></td><td>${r.name}</td>${v.showBuyer ? html`<td>${r.buyerName}</td>` : ''}
        <td>${r.chainName ?? '—'}</td><td>${formatWan(r.annualValueWan)}</td><td>${r.criticality ? CRITICALITY_LABEL[r.criticality] : '—'}</td>
        <td>${r.currentSupplierRegion || '—'}</td><td>${statusTag(r.status)}${r.qualifiedLocal ? html` <span class="meta">${r.qualifiedLocal} 家</span>` : ''}</td></tr>`)}</tbody>
    </table></div>
    ${pager('/components', { chain: v.filter.chain, status: v.filter.status }, v.page, v.pageSize, v.rows.length)}`}` };
}

/** `matches`: null when the part cannot be ranked. */
export interface ComponentPageView { component: ComponentDetail; matches: MatchListView | null; deals: DealSummary[]; canEdit: boolean }

export function componentPage({ component: c, ...opts }: ComponentPageView): Page {
  return { title: c.name, nav: 'components', body: html`
    <p class="meta"><a href="/components">唯一来源外采件</a> › ${c.name}</p>
    <h1>${c.name} ${statusTag(c.status)}</h1>
    ${opts.canEdit ? html`<p><a class="button secondary" href="/components/${encodeURIComponent(c.ref)}/edit">编辑</a></p>` : ''}
    <section class="card">
      <dl class="facts">
        <dt>采购企业</dt><dd><a href="/enterprises/${c.buyerUscc}">${c.buyerName}</a></dd>
        <dt>图号/料号</dt><dd>${c.partNo || '—'}</dd>
        <dt>产业链</dt><dd>${c.chainName ?? '—'}</dd>
        <dt>工艺要求</dt><dd>${c.processes || '—'}</dd>
        <dt>材料</dt><dd>${c.materials || '—'}</dd>
        <dt>资质要求</dt><dd>${c.certificationsRequired || '—'}</dd>
        <dt>年需求量</dt><dd>${c.annualVolume !== null ? `${c.annualVolume.toLocaleString('zh-CN')} ${c.unit}` : '—'}</dd>
        <dt>年采购额</dt><dd>${formatWan(c.annualValueWan)}</dd>
        <dt>现供应商</dt><dd>${c.currentSupplier || '—'}${c.currentSupplierRegion ? `（${c.currentSupplierRegion}）` : ''}</dd>
        <dt>关键程度</dt><dd>${c.criticality ? CRITICALITY_LABEL[c.criticality] : '—'}</dd>
      </dl>
      ${c.description ? html`<p>${c.description}</p>` : ''}
    </section>
    ${dealTable(opts.deals)}
    <h2>本地候选供应商</h2>
    ${opts.matches ? matchList(opts.matches.result, opts.matches) : ''}` };
}

export interface ComponentFormView { ref: string | null; values: Record<string, unknown>; chains: { id: string; name: string }[]; csrfToken: string; errors?: FieldErrors; message?: string; buyerUscc?: string | null }

const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));

export function componentFormPage(v: ComponentFormView): Page {
  const e = v.errors;
  const val = v.values;
  const action = v.ref ? `/components/${encodeURIComponent(v.ref)}/edit` : '/components/new';
  return { title: v.ref ? `编辑 ${str(v.values.name) || v.ref}` : '登记外采件', nav: 'components', body: html`
    <p class="meta"><a href="/components">唯一来源外采件</a> › ${v.ref ? html`<a href="/components/${encodeURIComponent(v.ref)}">${str(v.values.name) || v.ref}</a> › 编辑` : '登记'}</p>
    <h1>${v.ref ? '编辑外采件' : '登记唯一来源外采件'}</h1>
    <form class="card" method="post" action="${action}">
      ${csrfField(v.csrfToken)}
      ${v.ref ? html`<input type="hidden" name="version" value="${str(val.version)}">` : ''}
      ${formErrorSummary(e, v.message)}
      <div class="form-grid">
        ${v.ref ? '' : field({ label: '编号（可留空自动生成）', name: 'ref', value: str(val.ref), errors: e, maxlength: 64 })}
        ${v.buyerUscc !== undefined && v.buyerUscc !== null ? '' : v.ref ? '' : field({ label: '采购企业信用代码（管理员填写）', name: 'buyer_uscc', value: str(val.buyer_uscc), errors: e, maxlength: 18 })}
        ${field({ label: '零部件名称', name: 'name', value: str(val.name), errors: e, required: true, maxlength: 200 })}
        ${field({ label: '图号/料号', name: 'part_no', value: str(val.part_no ?? val.partNo), errors: e, maxlength: 100 })}
        ${select({ label: '所属产业链', name: 'chain', options: [{ value: '', label: '—' }, ...v.chains.map((c) => ({ value: c.id, label: c.name }))], value: str(val.chain ?? val.chainId), errors: e, required: true })}
        ${field({ label: '年采购额（万元）', name: 'annual_value_wan', value: str(val.annual_value_wan ?? val.annualValueWan), errors: e, required: true, maxlength: 20 })}
        ${field({ label: '年需求量', name: 'annual_volume', value: str(val.annual_volume ?? val.annualVolume), errors: e, maxlength: 20 })}
        ${field({ label: '单位', name: 'unit', value: str(val.unit), errors: e, maxlength: 20 })}
        ${field({ label: '现供应商', name: 'current_supplier', value: str(val.current_supplier ?? val.currentSupplier), errors: e, maxlength: 200 })}
        ${field({ label: '现供应商所在地', name: 'current_supplier_region', value: str(val.current_supplier_region ?? val.currentSupplierRegion), errors: e, maxlength: 60 })}
        ${select({ label: '关键程度', name: 'criticality', options: [{ value: '', label: '—' }, { value: '高', label: '高' }, { value: '中', label: '中' }, { value: '低', label: '低' }], value: { high: '高', medium: '中', low: '低' }[str(val.criticality)] ?? str(val.criticality), errors: e })}
      </div>
      <div class="form-grid">
        ${textarea({ label: '工艺要求（第一项为主工艺，用；分隔）', name: 'processes', value: str(val.processes), errors: e, rows: 2, maxlength: 2000 })}
        ${textarea({ label: '材料', name: 'materials', value: str(val.materials), errors: e, rows: 2, maxlength: 2000 })}
        ${textarea({ label: '资质要求', name: 'certifications_required', value: str(val.certifications_required ?? val.certificationsRequired), errors: e, rows: 2, maxlength: 2000 })}
      </div>
      ${textarea({ label: '说明', name: 'description', value: str(val.description), errors: e, rows: 4, maxlength: 5000 })}
      <div class="actions"><button type="submit">保存</button></div>
    </form>` };
}

export function componentImportPage(o: { csrfToken: string; buyerName: string; report?: ImportReportView; error?: string; limitMb: number; template: TemplateView }): Page {
  return { title: '导入外采件', nav: 'components', body: html`
    <p class="meta"><a href="/components">唯一来源外采件</a> › 导入</p>
    <h1>导入本企业的唯一来源外采件</h1>
    <p>上传外采件文件（CSV：UTF-8 或 GBK；或 Excel .xlsx），格式与平台数据导入相同（编号、采购企业信用代码、零部件名称、工艺要求……）。
      只接受采购企业为「${o.buyerName}」的行；整批文件要么全部导入，要么一行也不写入。单次上限 ${o.limitMb} MB。</p>
    <form class="card" method="post" action="/components/import" enctype="multipart/form-data"
      hx-post="/components/import" hx-encoding="multipart/form-data" hx-target="#report" hx-select="#report" hx-swap="outerHTML">
      ${csrfField(o.csrfToken)}
      <p><label>选择文件<br><input type="file" name="files" multiple required accept=".csv,.tsv,.txt,.xlsx"></label></p>
      <button type="submit">上传并导入</button>
    </form>
    ${importTemplates([o.template])}
    ${o.error ? html`<section id="report"><div class="notice bad">${o.error}</div></section>` : o.report ? importReport(o.report) : html`<section id="report"></section>`}` };
}
