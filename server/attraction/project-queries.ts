/**
 * Reading attraction projects for pages, the dispatch and the what-ifs. Lists are filtered by the
 * one policy rule (canViewProject) in code, so a list never shows a project its page would refuse.
 */
import type Database from 'better-sqlite3';
import type { ProjectStage } from '../../db/schema.ts';
import { canViewProject, type Actor } from '../auth/policy.ts';

export interface ProjectRow {
  id: number; ref: string; title: string; targetSupplier: string; targetKey: string; targetRegion: string; gapDescription: string;
  chainId: string; chainName: string; siteRegionCode: string | null; siteRegionName: string | null;
  stage: ProjectStage; terminatedReason: string | null; responsibleName: string; departmentId: string; departmentName: string;
  plannedInvestmentWan: number | null; plannedSignDate: string | null; plannedStartDate: string | null; plannedOperationDate: string | null;
  operatingAt: number | null; version: number; createdAt: number; updatedAt: number;
  /** the parts it would localise: how many, and their annual value as the target held it */
  partCount: number; valueWan: number;
}

const SELECT = `select p.id, p.ref, p.title, p.target_supplier as targetSupplier, p.target_key as targetKey, p.target_region as targetRegion,
    p.gap_description as gapDescription, p.chain_id as chainId, ch.name as chainName, p.site_region_code as siteRegionCode, r.name as siteRegionName,
    p.stage, p.terminated_reason as terminatedReason, p.responsible_name as responsibleName, p.department_id as departmentId, d.name as departmentName,
    p.planned_investment_wan as plannedInvestmentWan, p.planned_sign_date as plannedSignDate, p.planned_start_date as plannedStartDate,
    p.planned_operation_date as plannedOperationDate, p.operating_at as operatingAt, p.version, p.created_at as createdAt, p.updated_at as updatedAt,
    (select count(*) from attraction_project_parts pp where pp.project_id = p.id) as partCount,
    coalesce((select sum(pp.value_wan) from attraction_project_parts pp where pp.project_id = p.id), 0) as valueWan
  from attraction_projects p join chains ch on ch.id = p.chain_id join departments d on d.id = p.department_id
  left join regions r on r.code = p.site_region_code`;

export function getProject(sqlite: Database.Database, ref: string): ProjectRow | undefined {
  return sqlite.prepare<[string], ProjectRow>(`${SELECT} where p.ref = ?`).get(ref);
}

export function getProjectById(sqlite: Database.Database, id: number): ProjectRow | undefined {
  return sqlite.prepare<[number], ProjectRow>(`${SELECT} where p.id = ?`).get(id);
}

/** Every project the actor may see, largest value first (a chain's only when one is given). */
export function visibleProjects(sqlite: Database.Database, actor: Actor, chainId?: string): ProjectRow[] {
  const rows = chainId
    ? sqlite.prepare<[string], ProjectRow>(`${SELECT} where p.chain_id = ? order by valueWan desc, p.id`).all(chainId)
    : sqlite.prepare<[], ProjectRow>(`${SELECT} order by valueWan desc, p.id`).all();
  return rows.filter((p) => canViewProject(actor, p));
}

export interface ProjectPart {
  componentId: number; ref: string; name: string; chainId: string | null; buyerId: number; buyerName: string; buyerRegionCode: string | null;
  /** the annual value as the target held it (the project's own record) */
  valueWan: number;
}

export function projectParts(sqlite: Database.Database, projectId: number): ProjectPart[] {
  return sqlite.prepare<[number], ProjectPart>(`select c.id as componentId, c.ref, c.name, c.chain_id as chainId, c.buyer_id as buyerId, b.name as buyerName,
      b.region_code as buyerRegionCode, pp.value_wan as valueWan
    from attraction_project_parts pp join components c on c.id = pp.component_id join enterprises b on b.id = c.buyer_id
    where pp.project_id = ? order by pp.value_wan desc, c.ref`).all(projectId);
}

/** Open projects' parts (not yet operating nor terminated), for the what-ifs: the value each would localise. */
export function openProjectParts(sqlite: Database.Database): { projectId: number; componentId: number; buyerId: number; valueWan: number }[] {
  return sqlite.prepare<[], { projectId: number; componentId: number; buyerId: number; valueWan: number }>(`select pp.project_id as projectId, pp.component_id as componentId,
      c.buyer_id as buyerId, pp.value_wan as valueWan
    from attraction_project_parts pp join attraction_projects p on p.id = pp.project_id join components c on c.id = pp.component_id
    where p.stage not in ('operating','terminated')`).all();
}

export interface ProjectEvent { fromStage: ProjectStage | null; toStage: ProjectStage | null; note: string; actorLabel: string; at: number }

export function projectEvents(sqlite: Database.Database, projectId: number): ProjectEvent[] {
  return sqlite.prepare<[number], ProjectEvent>(`select from_stage as fromStage, to_stage as toStage, note, actor_label as actorLabel, at
    from attraction_project_events where project_id = ? order by id`).all(projectId);
}

export interface ProjectAttachment { id: number; fileName: string; mimeType: string; size: number; createdAt: number }

export function projectAttachments(sqlite: Database.Database, projectId: number): ProjectAttachment[] {
  return sqlite.prepare<[number], ProjectAttachment>(`select id, file_name as fileName, mime_type as mimeType, size, created_at as createdAt
    from attraction_project_attachments where project_id = ? order by id`).all(projectId);
}

export function projectAttachmentFile(sqlite: Database.Database, projectId: number, id: number): (ProjectAttachment & { data: Buffer }) | undefined {
  return sqlite.prepare<[number, number], ProjectAttachment & { data: Buffer }>(`select id, file_name as fileName, mime_type as mimeType, size, created_at as createdAt, data
    from attraction_project_attachments where project_id = ? and id = ?`).get(projectId, id);
}

/** Components by ref with what access to them depends on. */
export function componentsByRef(sqlite: Database.Database, refs: string[]): { id: number; ref: string; buyerId: number; chainId: string | null; buyerRegionCode: string | null; valueWan: number | null }[] {
  if (refs.length === 0) return [];
  return sqlite.prepare<string[], { id: number; ref: string; buyerId: number; chainId: string | null; buyerRegionCode: string | null; valueWan: number | null }>(
    `select c.id, c.ref, c.buyer_id as buyerId, c.chain_id as chainId, b.region_code as buyerRegionCode, c.annual_value_wan as valueWan
     from components c join enterprises b on b.id = c.buyer_id where c.ref in (${refs.map(() => '?').join(',')})`).all(...refs);
}

export interface ProjectFilter { chain?: string; stage?: ProjectStage; overdue?: boolean }
export interface ListedProject extends ProjectRow { overdue: { label: string; date: string } | null }
