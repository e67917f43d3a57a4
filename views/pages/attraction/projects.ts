/** 招商项目: the list with overdue flags, and the form that opens a project on a target or a capability gap. */
import { html, type Html } from '../../html.ts';
import type { Page } from '../../layout.ts';
import { formatWan } from '../../format.ts';
import { csrfField, field, formErrorSummary, select, textarea, type FieldErrors } from '../../partials/form.ts';
import { PROJECT_PIPELINE, PROJECT_STAGE_LABEL } from '../../../server/vocabulary.ts';
import type { ListedProject, ProjectFilter } from '../../../server/attraction/project-queries.ts';
import type { AttractionTarget } from '../../../server/attraction/targets.ts';
import { PROJECT_STAGES, type ProjectStage } from '../../../db/schema.ts';
import { attractionTabs, styles } from './common.ts';

type Option = { id: string; name: string };

export function stageTag(stage: ProjectStage): Html {
  return html`<span class="stage ${stage}">${PROJECT_STAGE_LABEL[stage]}</span>`;
}

export function overdueFlag(p: Pick<ListedProject, 'overdue'>): Html {
  return p.overdue ? html`<span class="flag">逾期：计划${p.overdue.label} ${p.overdue.date}</span>` : html``;
}

export interface ProjectsView { items: ListedProject[]; overdue: number; filter: ProjectFilter; chains: Option[]; canOpen: boolean }

export function projectTable(items: ListedProject[]): Html {
  return html`<div class="table-wrap"><table>
    <thead><tr><th>项目</th><th>招引对象 / 能力缺口</th><th>产业链</th><th>阶段</th><th>包保</th><th>计划投资</th><th>涉及外采件</th><th>计划投产</th></tr></thead>
    <tbody>${items.map((p) => html`<tr${p.overdue ? html` class="overdue"` : ''}>
      <td><a href="/attraction/projects/${p.ref}">${p.ref}</a> ${p.title}</td>
      <td>${p.targetSupplier || p.gapDescription.slice(0, 30) || '—'}${p.targetRegion ? html`（${p.targetRegion}）` : ''}</td>
      <td>${p.chainName}</td><td>${stageTag(p.stage)} ${overdueFlag(p)}</td>
      <td>${p.responsibleName} · ${p.departmentName}</td><td>${formatWan(p.plannedInvestmentWan)}</td>
      <td>${p.partCount} 件 · ${formatWan(p.valueWan)}</td><td>${p.plannedOperationDate ?? '—'}</td></tr>`)}</tbody>
  </table></div>`;
}

export function projectsPage(v: ProjectsView): Page {
  const f = v.filter;
  const opt = (value: string, label: string, selected: string | undefined) => html`<option value="${value}"${value === (selected ?? '') ? html` selected` : ''}>${label}</option>`;
  const byStage = (s: ProjectStage) => v.items.filter((p) => p.stage === s).length;
  return { title: '招商引资 · 招商项目', nav: 'attraction', body: html`${styles()}
    <h1>招商项目</h1>
    ${attractionTabs('projects', true)}
    <p class="meta">策划引进一批、开工建设一批、投产运营一批。项目投产运营后，其涉及的外采件从当季起计入本地采购。</p>
    <div class="stats">${PROJECT_PIPELINE.map((s) => html`<div class="stat"><div class="n">${byStage(s)}</div><div class="l">${PROJECT_STAGE_LABEL[s]}</div></div>`)}
      <div class="stat overdue"><div class="n"><a href="/attraction/projects?overdue=1">${v.overdue}</a></div><div class="l">逾期</div></div></div>
    <form class="filters" method="get" action="/attraction/projects">
      <label>产业链<select name="chain">${opt('', '全部', f.chain)}${v.chains.map((c) => opt(c.id, c.name, f.chain))}</select></label>
      <label>阶段<select name="stage">${opt('', '全部', f.stage)}${PROJECT_STAGES.map((s) => opt(s, PROJECT_STAGE_LABEL[s], f.stage))}</select></label>
      <label class="check"><span>只看逾期</span><input type="checkbox" name="overdue" value="1"${f.overdue ? html` checked` : ''}></label>
      <button type="submit">筛选</button>
      ${v.canOpen ? html`<a class="button secondary" href="/attraction/projects/new">按能力缺口发起项目</a>` : ''}
    </form>
    ${v.items.length ? projectTable(v.items) : html`<p>没有符合条件的招商项目。<a href="/attraction">从招引对象发起</a></p>`}` };
}

export interface ProjectFormView {
  target: AttractionTarget | null; values: Record<string, unknown>; errors?: FieldErrors; message?: string;
  chains: Option[]; departments: Option[]; regions: { code: string; name: string }[]; csrfToken: string;
}

const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));

export function projectFormPage(v: ProjectFormView): Page {
  const e = v.errors;
  const val = v.values;
  const t = v.target;
  const picked = new Set(Array.isArray(val.components) ? val.components.map(String) : val.components ? [String(val.components)] : t?.parts.map((p) => p.ref) ?? []);
  return { title: '发起招商项目', nav: 'attraction', body: html`${styles()}
    <p class="meta"><a href="/attraction/projects">招商项目</a> › 发起</p>
    <h1>${t ? html`发起招商项目：${t.supplier}` : '按能力缺口发起招商项目'}</h1>
    ${formErrorSummary(e, v.message)}
    <form class="card stack" method="post" action="/attraction/projects">
      ${csrfField(v.csrfToken)}
      ${t ? html`<input type="hidden" name="target" value="${t.key}">
        <p class="meta">招引对象：${t.supplier}（${t.region || '所在地未填'}），${t.parts.length} 个唯一来源外采件，年采购额 ${formatWan(t.annualValueWan)}。</p>` : ''}
      <div class="form-grid">
        ${field({ label: '项目名称', name: 'title', value: str(val.title), errors: e, required: true, maxlength: 100 })}
        ${select({ label: '所属产业链', name: 'chain', value: str(val.chain), errors: e, required: true, options: [{ value: '', label: '—' }, ...v.chains.map((c) => ({ value: c.id, label: c.name }))] })}
        ${field({ label: '包保责任人', name: 'responsible_name', value: str(val.responsible_name), errors: e, required: true, maxlength: 40, hint: '负责推进的领导或专班负责人' })}
        ${select({ label: '包保单位', name: 'department', value: str(val.department), errors: e, required: true, options: [{ value: '', label: '—' }, ...v.departments.map((d) => ({ value: d.id, label: d.name }))] })}
        ${select({ label: '拟落地区县', name: 'site_region', value: str(val.site_region), errors: e, options: [{ value: '', label: '待定' }, ...v.regions.map((r) => ({ value: r.code, label: r.name }))] })}
        ${field({ label: '计划投资（万元）', name: 'planned_investment_wan', value: str(val.planned_investment_wan), errors: e, type: 'text', maxlength: 20 })}
        ${field({ label: '计划签约日期', name: 'planned_sign_date', type: 'date', value: str(val.planned_sign_date), errors: e })}
        ${field({ label: '计划开工日期', name: 'planned_start_date', type: 'date', value: str(val.planned_start_date), errors: e })}
        ${field({ label: '计划投产日期', name: 'planned_operation_date', type: 'date', value: str(val.planned_operation_date), errors: e })}
      </div>
      ${textarea({ label: t ? '能力缺口说明（可选）' : '能力缺口说明', name: 'gap_description', value: str(val.gap_description), errors: e, rows: 2, maxlength: 2000, hint: t ? undefined : '没有具体招引企业时必填：本市缺少的工艺、材料或产能' })}
      ${t ? html`<fieldset class="${e?.components ? 'invalid' : ''}"><legend>涉及的外采件（投产运营后按原供应商的年采购额计入本地采购）</legend>
        <div class="part-picks">${t.parts.map((p) => html`<label><input type="checkbox" name="components" value="${p.ref}"${picked.has(p.ref) ? html` checked` : ''}>
          ${p.ref} ${p.name} <span class="meta">${p.buyerName} · ${formatWan(p.valueWan)}</span></label>`)}</div>
        ${e?.components ? html`<span class="field-error">${e.components}</span>` : ''}</fieldset>`
      : field({ label: '涉及的外采件编号（可选，多个用逗号分隔）', name: 'components', value: str(val.components), errors: e, maxlength: 2000 })}
      ${e?.target ? html`<p class="field-error">${e.target}</p>` : ''}
      ${textarea({ label: '备注（可选）', name: 'note', value: str(val.note), errors: e, rows: 2, maxlength: 2000 })}
      <div class="actions"><button type="submit">发起项目</button></div>
    </form>` };
}
