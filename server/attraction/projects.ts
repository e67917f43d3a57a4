/**
 * Opening and working attraction projects. Each write is one transaction: the project row
 * (version + 1), its event, its parts, the audit entry; the change feed tells open dashboards
 * after commit. Reaching 投产运营 records when, and takes each part's annual value as the target
 * holds it then: from that quarter the parts count as local in the near-site rate.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { recordAudit } from '../audit.ts';
import { canManageProject, canOpenProjectIn, canViewComponent, type Actor } from '../auth/policy.ts';
import { PROJECT_STAGE_LABEL, cityDate } from '../vocabulary.ts';
import { fieldErrors } from '../forms.ts';
import { checkFiles, type IncomingFile } from '../problems/attachments.ts';
import { componentsByRef, getProject, getProjectById, type ProjectRow } from './project-queries.ts';
import { crossFieldErrors, moveInput, noteInput, projectInput } from './project-input.ts';
import { findTarget } from './service.ts';
import { checkProjectMove } from './stages.ts';
import type { WriteContext } from '../write-context.ts';
import { invalidFields, type Refusal } from '../refusal.ts';

export type ProjectResult =
  | { ok: true; project: ProjectRow }
  | ({ ok: false } & Refusal);

const invalid = (errors: Record<string, string>): ProjectResult =>
  ({ ok: false, ...invalidFields(errors) });
const label = (actor: Actor) => (actor.kind === 'anonymous' ? '匿名' : actor.label);

function snapshot(sqlite: Database.Database, id: number) {
  const p = getProjectById(sqlite, id)!;
  const parts = sqlite.prepare<[number], { ref: string; valueWan: number }>(`select c.ref, pp.value_wan as valueWan from attraction_project_parts pp
    join components c on c.id = pp.component_id where pp.project_id = ? order by c.ref`).all(id);
  return { ref: p.ref, title: p.title, targetSupplier: p.targetSupplier, chainId: p.chainId, siteRegionCode: p.siteRegionCode, stage: p.stage,
    terminatedReason: p.terminatedReason, responsibleName: p.responsibleName, departmentId: p.departmentId, plannedInvestmentWan: p.plannedInvestmentWan,
    plannedSignDate: p.plannedSignDate, plannedStartDate: p.plannedStartDate, plannedOperationDate: p.plannedOperationDate, operatingAt: p.operatingAt, version: p.version, parts };
}

function nextRef(sqlite: Database.Database, now: number): string {
  const year = cityDate(now).slice(0, 4);
  const last = sqlite.prepare<[string], { n: number | null }>(`select max(cast(substr(ref, 9) as integer)) as n from attraction_projects where ref like ?`).get(`ZS-${year}-%`)?.n;
  return `ZS-${year}-${String((last ?? 0) + 1).padStart(4, '0')}`;
}

/** An official opens a project on a target (its parts the viewer can see, or those picked) or on a capability gap. */
export function openProject(ctx: WriteContext, body: unknown): ProjectResult {
  const { sqlite, actor } = ctx;
  const parsed = projectInput.safeParse(body);
  const cross = crossFieldErrors(body, parsed.success ? parsed.data : null);
  if (!parsed.success) return invalid({ ...fieldErrors(parsed.error), ...cross });
  if (Object.keys(cross).length) return invalid(cross);
  const v = parsed.data;
  if (!canOpenProjectIn(actor, v.chain)) return { ok: false, kind: 'forbidden', code: 'forbidden', message: '只能在本人负责的产业链发起招商项目' };
  const errors: Record<string, string> = {};
  if (!sqlite.prepare<[string], { id: string }>('select id from departments where id = ?').get(v.department)) errors.department = '请选择包保单位';
  const target = v.target ? findTarget(sqlite, actor, v.target) : undefined;
  if (v.target && !target) errors.target = '该招引对象不存在，或其外采件均已本地化';
  // Parts: the ones picked, else all the target's; each must be one the official may see.
  const refs = v.components.length ? [...new Set(v.components)] : (target?.parts.map((p) => p.ref) ?? []);
  const found = componentsByRef(sqlite, refs);
  const visible = found.filter((c) => canViewComponent(actor, c));
  const missing = refs.filter((r) => !visible.some((c) => c.ref === r));
  if (missing.length) errors.components = `外采件 ${missing.slice(0, 5).join('、')} 不存在或无权查看`;
  if (Object.keys(errors).length) return invalid(errors);
  const probe = { chainId: v.chain, siteRegionCode: v.site_region ?? null, departmentId: v.department };
  if (!canManageProject(actor, probe)) return invalid({ site_region: '所选区县不在本人负责的范围内' });

  const id = ctx.feed.transaction(sqlite, (record) => {
    const ref = nextRef(sqlite, ctx.now);
    const created = Number(sqlite.prepare(`insert into attraction_projects (ref, title, target_supplier, target_key, target_region, gap_description, chain_id,
        site_region_code, responsible_name, department_id, planned_investment_wan, planned_sign_date, planned_start_date, planned_operation_date,
        created_by, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      ref, v.title, target?.supplier ?? '', target?.key ?? '', target?.region ?? '', v.gap_description, v.chain, v.site_region ?? null,
      v.responsible_name, v.department, v.planned_investment_wan, v.planned_sign_date, v.planned_start_date, v.planned_operation_date,
      actor.kind === 'user' ? actor.id : null, ctx.now, ctx.now).lastInsertRowid);
    const part = sqlite.prepare('insert into attraction_project_parts (project_id, component_id, value_wan) values (?, ?, ?)');
    for (const c of visible) part.run(created, c.id, c.valueWan ?? 0);
    sqlite.prepare(`insert into attraction_project_events (project_id, from_stage, to_stage, note, actor_label, at) values (?, null, 'planning', ?, ?, ?)`)
      .run(created, v.note, label(actor), ctx.now);
    recordAudit(sqlite, { actor, action: 'project.open', objectType: 'attraction_project', objectId: ref, after: snapshot(sqlite, created), at: ctx.now, ip: ctx.ip });
    record({ projects: [created] });
    return created;
  });
  return { ok: true, project: getProjectById(sqlite, id)! };
}

/** Finds the project and checks the actor may work it: not found for none, forbidden for one out of reach. */
function projectFor(ctx: WriteContext, ref: string): ProjectRow | Exclude<ProjectResult, { ok: true }> {
  const p = getProject(ctx.sqlite, ref);
  if (!p) return { ok: false, kind: 'not_found', code: 'not_found', message: `招商项目 ${ref} 不存在` };
  if (!canManageProject(ctx.actor, p)) return { ok: false, kind: 'forbidden', code: 'forbidden', message: '没有权限处理此招商项目' };
  return p;
}

const stale = (p: ProjectRow): ProjectResult => ({
  ok: false, kind: 'conflict', code: 'version_conflict', message: `其他人已先更新了此项目（当前阶段「${PROJECT_STAGE_LABEL[p.stage]}」，版本 ${p.version}），请刷新后再操作`,
});

/** One step of the pipeline, or 终止 with a reason. */
export function moveProject(ctx: WriteContext, ref: string, body: unknown): ProjectResult {
  const { sqlite } = ctx;
  const before = projectFor(ctx, ref);
  if ('ok' in before) return before;
  const parsed = moveInput.safeParse(body);
  if (!parsed.success) return invalid(fieldErrors(parsed.error));
  const m = parsed.data;
  if (m.version !== undefined && m.version !== before.version) return stale(before);
  const problem = checkProjectMove(before.stage, { to: m.to, reason: m.reason });
  if (problem) return problem.code === 'reason_required' ? invalid({ reason: problem.message }) : { ok: false, kind: 'conflict', ...problem };
  const operating = m.to === 'operating';
  const moved = ctx.feed.transaction(sqlite, (record) => {
    const was = snapshot(sqlite, before.id);
    const changed = sqlite.prepare(`update attraction_projects set stage = ?, terminated_reason = ?, operating_at = ?, version = version + 1, updated_at = ?
      where id = ? and version = ?`).run(m.to, m.to === 'terminated' ? m.reason : null, operating ? ctx.now : before.operatingAt, ctx.now, before.id, before.version).changes;
    if (changed !== 1) return false;
    // The value the target holds now is what the city gains (a part's value unknown today keeps the one recorded).
    if (operating) sqlite.prepare(`update attraction_project_parts set value_wan = coalesce((select c.annual_value_wan from components c where c.id = component_id), value_wan)
      where project_id = ?`).run(before.id);
    const note = m.to === 'terminated' ? [m.reason, m.note].filter(Boolean).join('\n') : m.note;
    sqlite.prepare(`insert into attraction_project_events (project_id, from_stage, to_stage, note, actor_label, at) values (?, ?, ?, ?, ?, ?)`)
      .run(before.id, before.stage, m.to, note, label(ctx.actor), ctx.now);
    recordAudit(sqlite, { actor: ctx.actor, action: `project.${m.to}`, objectType: 'attraction_project', objectId: before.ref, before: was, after: snapshot(sqlite, before.id), at: ctx.now, ip: ctx.ip });
    record({ projects: [before.id] });
    return true;
  });
  return moved ? { ok: true, project: getProjectById(sqlite, before.id)! } : stale(getProjectById(sqlite, before.id)!);
}

/** A progress note on the project's timeline (no stage change). */
export function addProjectNote(ctx: WriteContext, ref: string, body: unknown): ProjectResult {
  const { sqlite } = ctx;
  const p = projectFor(ctx, ref);
  if ('ok' in p) return p;
  const parsed = noteInput.safeParse(body);
  if (!parsed.success) return invalid(fieldErrors(parsed.error));
  sqlite.transaction(() => {
    sqlite.prepare(`insert into attraction_project_events (project_id, from_stage, to_stage, note, actor_label, at) values (?, null, null, ?, ?, ?)`)
      .run(p.id, parsed.data.note, label(ctx.actor), ctx.now);
    sqlite.prepare('update attraction_projects set updated_at = ? where id = ?').run(ctx.now, p.id);
    recordAudit(sqlite, { actor: ctx.actor, action: 'project.note', objectType: 'attraction_project', objectId: p.ref, after: { note: parsed.data.note }, at: ctx.now, ip: ctx.ip });
  })();
  return { ok: true, project: getProjectById(sqlite, p.id)! };
}

/** Documents (PDF, images, XLSX, DOCX) under the same rules as a problem's attachments. */
export function addProjectAttachments(ctx: WriteContext, ref: string, files: IncomingFile[]): ProjectResult {
  const { sqlite } = ctx;
  const p = projectFor(ctx, ref);
  if ('ok' in p) return p;
  if (files.length === 0) return invalid({ attachments: '请选择至少一个文件' });
  const existing = sqlite.prepare<[number], { n: number }>('select count(*) as n from attraction_project_attachments where project_id = ?').get(p.id)!.n;
  const checked = checkFiles(files, existing, '项目');
  if ('message' in checked) return invalid({ attachments: checked.message });
  sqlite.transaction(() => {
    const insert = sqlite.prepare(`insert into attraction_project_attachments (project_id, file_name, mime_type, size, sha256, data, created_at) values (?, ?, ?, ?, ?, ?, ?)`);
    const stored = checked.files.map((file) => {
      const sha256 = createHash('sha256').update(file.bytes).digest('hex');
      insert.run(p.id, file.fileName, file.mimeType, file.bytes.length, sha256, file.bytes, ctx.now);
      return { fileName: file.fileName, size: file.bytes.length, sha256 };
    });
    sqlite.prepare('update attraction_projects set updated_at = ? where id = ?').run(ctx.now, p.id);
    recordAudit(sqlite, { actor: ctx.actor, action: 'project.attach', objectType: 'attraction_project', objectId: p.ref, after: { attachments: stored }, at: ctx.now, ip: ctx.ip });
  })();
  return { ok: true, project: getProjectById(sqlite, p.id)! };
}
