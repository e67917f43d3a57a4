/**
 * The data model. Keys are camelCase in TypeScript and snake_case in SQL.
 * Timestamps are epoch milliseconds from the app's clock; dates (validity) are ISO 'YYYY-MM-DD'.
 * Rows loaded by the importer carry `importHash`, the fingerprint of the record they came
 * from, so loading the same file twice changes nothing.
 */
import { sql } from 'drizzle-orm';
import {
  sqliteTable, text, integer, real, blob, primaryKey, uniqueIndex, index, check,
} from 'drizzle-orm/sqlite-core';

export const TIERS = ['chain_leader', 'core', 'specialized', 'sme'] as const;
export type Tier = (typeof TIERS)[number];
export const REGION_KINDS = ['local', 'cluster', 'outside'] as const;
export type RegionKind = (typeof REGION_KINDS)[number];
export const LISTING_KINDS = ['supply', 'demand'] as const;
export type ListingKind = (typeof LISTING_KINDS)[number];
export const LISTING_STATUSES = ['open', 'closed'] as const;
export const CRITICALITIES = ['high', 'medium', 'low'] as const;
export type Criticality = (typeof CRITICALITIES)[number];
export const CAPABILITY_SOURCES = ['column', 'text'] as const;

export const chains = sqliteTable('chains', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  sortOrder: integer('sort_order').notNull(),
});

export const regions = sqliteTable('regions', {
  code: text('code').primaryKey(),
  name: text('name').notNull().unique(),
  kind: text('kind', { enum: REGION_KINDS }).notNull(),
  lat: real('lat'),
  lng: real('lng'),
}, (t) => [check('regions_kind_check', sql`${t.kind} in ('local','cluster','outside')`)]);

export const enterprises = sqliteTable('enterprises', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  uscc: text('uscc').notNull().unique(),
  name: text('name').notNull(),
  regionCode: text('region_code').references(() => regions.code),
  address: text('address').notNull().default(''),
  lat: real('lat'),
  lng: real('lng'),
  tier: text('tier', { enum: TIERS }).notNull().default('sme'),
  products: text('products').notNull().default(''),
  processes: text('processes').notNull().default(''),
  materials: text('materials').notNull().default(''),
  certifications: text('certifications').notNull().default(''),
  annualOutputWan: real('annual_output_wan'),
  employees: integer('employees'),
  contactName: text('contact_name').notNull().default(''),
  contactPhone: text('contact_phone').notNull().default(''),
  description: text('description').notNull().default(''),
  importHash: text('import_hash'),
  version: integer('version').notNull().default(1),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [
  index('enterprises_region_idx').on(t.regionCode),
  index('enterprises_tier_idx').on(t.tier),
  check('enterprises_tier_check', sql`${t.tier} in ('chain_leader','core','specialized','sme')`),
]);

export const enterpriseChains = sqliteTable('enterprise_chains', {
  enterpriseId: integer('enterprise_id').notNull().references(() => enterprises.id, { onDelete: 'cascade' }),
  chainId: text('chain_id').notNull().references(() => chains.id),
}, (t) => [
  primaryKey({ columns: [t.enterpriseId, t.chainId] }),
  index('enterprise_chains_chain_idx').on(t.chainId),
]);

/** Normalised capabilities (lexicon concept ids) read from the structured columns and free text. */
export const enterpriseCapabilities = sqliteTable('enterprise_capabilities', {
  enterpriseId: integer('enterprise_id').notNull().references(() => enterprises.id, { onDelete: 'cascade' }),
  conceptId: text('concept_id').notNull(),
  kind: text('kind').notNull(),
  confidence: real('confidence').notNull(),
  source: text('source', { enum: CAPABILITY_SOURCES }).notNull(),
  wording: text('wording').notNull(),
}, (t) => [
  primaryKey({ columns: [t.enterpriseId, t.conceptId] }),
  index('enterprise_capabilities_concept_idx').on(t.conceptId),
]);

export const listings = sqliteTable('listings', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  ref: text('ref').notNull().unique(),
  enterpriseId: integer('enterprise_id').notNull().references(() => enterprises.id, { onDelete: 'cascade' }),
  kind: text('kind', { enum: LISTING_KINDS }).notNull(),
  title: text('title').notNull(),
  description: text('description').notNull().default(''),
  chainId: text('chain_id').references(() => chains.id),
  quantity: real('quantity'),
  unit: text('unit').notNull().default(''),
  regionCode: text('region_code').references(() => regions.code),
  validUntil: text('valid_until'),
  status: text('status', { enum: LISTING_STATUSES }).notNull().default('open'),
  importHash: text('import_hash'),
  version: integer('version').notNull().default(1),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [
  // Lists read open listings newest first, optionally by kind, chain or region: each filter
  // has an index in that order, so a page is a short index walk instead of a sort.
  index('listings_enterprise_idx').on(t.enterpriseId, t.status, t.createdAt, t.id),
  index('listings_open_recent_idx').on(t.status, t.createdAt, t.id),
  index('listings_kind_recent_idx').on(t.kind, t.status, t.createdAt, t.id),
  index('listings_chain_recent_idx').on(t.chainId, t.status, t.createdAt, t.id),
  index('listings_region_recent_idx').on(t.regionCode, t.status, t.createdAt, t.id),
  check('listings_kind_check', sql`${t.kind} in ('supply','demand')`),
  check('listings_status_check', sql`${t.status} in ('open','closed')`),
]);

/** A chain leader's part, material or equipment bought from a single outside source. */
export const components = sqliteTable('components', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  ref: text('ref').notNull().unique(),
  buyerId: integer('buyer_id').notNull().references(() => enterprises.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  partNo: text('part_no').notNull().default(''),
  chainId: text('chain_id').references(() => chains.id),
  materials: text('materials').notNull().default(''),
  processes: text('processes').notNull().default(''),
  certificationsRequired: text('certifications_required').notNull().default(''),
  annualVolume: real('annual_volume'),
  unit: text('unit').notNull().default(''),
  annualValueWan: real('annual_value_wan'),
  currentSupplier: text('current_supplier').notNull().default(''),
  currentSupplierRegion: text('current_supplier_region').notNull().default(''),
  criticality: text('criticality', { enum: CRITICALITIES }),
  description: text('description').notNull().default(''),
  importHash: text('import_hash'),
  version: integer('version').notNull().default(1),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [
  index('components_buyer_idx').on(t.buyerId),
  index('components_chain_idx').on(t.chainId),
]);

/** What a component needs, as lexicon concepts; position 0 of the processes is the primary one. */
export const componentRequirements = sqliteTable('component_requirements', {
  componentId: integer('component_id').notNull().references(() => components.id, { onDelete: 'cascade' }),
  conceptId: text('concept_id').notNull(),
  kind: text('kind').notNull(),
  position: integer('position').notNull(),
  confidence: real('confidence').notNull(),
  wording: text('wording').notNull(),
}, (t) => [primaryKey({ columns: [t.componentId, t.conceptId] })]);

/** Procurement totals per buyer and period: the base of the near-site supporting rate. Quarter 0 is the whole year. */
export const procurement = sqliteTable('procurement', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  buyerId: integer('buyer_id').notNull().references(() => enterprises.id, { onDelete: 'cascade' }),
  year: integer('year').notNull(),
  quarter: integer('quarter').notNull().default(0),
  totalWan: real('total_wan').notNull(),
  localWan: real('local_wan').notNull(),
  importHash: text('import_hash'),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [
  uniqueIndex('procurement_buyer_period_idx').on(t.buyerId, t.year, t.quarter),
  check('procurement_quarter_check', sql`${t.quarter} between 0 and 4`),
  check('procurement_local_check', sql`${t.localWan} <= ${t.totalWan}`),
]);

/** One row per import run, for the admin page's history. */
export const importRuns = sqliteTable('import_runs', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  startedAt: integer('started_at').notNull(),
  source: text('source').notNull(),
  files: text('files').notNull(),
  ok: integer('ok', { mode: 'boolean' }).notNull(),
  summary: text('summary').notNull(),
  /** who uploaded (null for the command line and the demo) */
  userId: integer('user_id'),
  actorLabel: text('actor_label'),
});

/**
 * Who last set an enterprise field: a row exists once the firm edited the field itself. The import
 * overwrites a field only when the firm has not edited it since the field was last imported.
 */
export const enterpriseFieldSources = sqliteTable('enterprise_field_sources', {
  enterpriseId: integer('enterprise_id').notNull().references(() => enterprises.id, { onDelete: 'cascade' }),
  field: text('field').notNull(),
  /** the value (JSON) the last import brought, or the one the firm replaced */
  importedValue: text('imported_value'),
  importedAt: integer('imported_at'),
  firmEditedAt: integer('firm_edited_at'),
}, (t) => [primaryKey({ columns: [t.enterpriseId, t.field] })]);

export const CONFLICT_RESOLUTIONS = ['kept_firm', 'took_import'] as const;

/** A field an import did not overwrite because the firm had edited it; the admin decides. */
export const importConflicts = sqliteTable('import_conflicts', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  enterpriseId: integer('enterprise_id').notNull().references(() => enterprises.id, { onDelete: 'cascade' }),
  field: text('field').notNull(),
  oldValue: text('old_value'),
  firmValue: text('firm_value'),
  importedValue: text('imported_value'),
  createdAt: integer('created_at').notNull(),
  resolvedAt: integer('resolved_at'),
  resolution: text('resolution', { enum: CONFLICT_RESOLUTIONS }),
  resolvedBy: text('resolved_by'),
}, (t) => [index('import_conflicts_open_idx').on(t.resolvedAt, t.enterpriseId)]);

// ── Lexicon growth and buyers' verdicts on candidates ───────────────────────

/**
 * A wording an admin taught the matcher (the shipped lexicon.json stays the base): either a term for
 * an existing concept (`conceptId`) or a new concept of its own (`newLabel`, under `broaderId`).
 */
export const lexiconAdditions = sqliteTable('lexicon_additions', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  kind: text('kind', { enum: ['process', 'material', 'certification', 'part'] }).notNull(),
  /** the wording as typed */
  term: text('term').notNull(),
  /** its folded key (normalizeWording): one addition per wording and kind */
  termKey: text('term_key').notNull(),
  conceptId: text('concept_id'),
  newLabel: text('new_label'),
  broaderId: text('broader_id'),
  userId: integer('user_id'),
  createdAt: integer('created_at').notNull(),
}, (t) => [uniqueIndex('lexicon_additions_term_idx').on(t.kind, t.termKey)]);

export const MARK_REASONS = ['process', 'material', 'certification', 'capacity', 'other'] as const;
export type MarkReason = (typeof MARK_REASONS)[number];

/** A buyer's 「不合适」 on a candidate for one of its parts: that firm ranks lower for that part. */
export const candidateMarks = sqliteTable('candidate_marks', {
  componentId: integer('component_id').notNull().references(() => components.id, { onDelete: 'cascade' }),
  enterpriseId: integer('enterprise_id').notNull().references(() => enterprises.id, { onDelete: 'cascade' }),
  reason: text('reason', { enum: MARK_REASONS }).notNull(),
  note: text('note').notNull().default(''),
  userId: integer('user_id'),
  createdAt: integer('created_at').notNull(),
}, (t) => [primaryKey({ columns: [t.componentId, t.enterpriseId] })]);

// ── Accounts, sessions, tokens, audit ───────────────────────────────────────

export const ROLES = ['enterprise', 'procurement', 'official', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** login name: lower-cased, unique */
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  /** null until an invitation is accepted */
  passwordHash: text('password_hash'),
  role: text('role', { enum: ROLES }).notNull(),
  /** the firm an enterprise or procurement user acts for */
  enterpriseId: integer('enterprise_id').references(() => enterprises.id),
  /** JSON arrays limiting an official to some chains / region codes; empty = everything */
  scopeChains: text('scope_chains').notNull().default('[]'),
  scopeRegions: text('scope_regions').notNull().default('[]'),
  /** an official who answers problems for a city department (department staff) */
  departmentId: text('department_id'),
  disabledAt: integer('disabled_at'),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [
  check('users_role_check', sql`${t.role} in ('enterprise','procurement','official','admin')`),
  check('users_firm_check', sql`${t.role} in ('official','admin') or ${t.enterpriseId} is not null`),
]);

/** Server-side sessions; the cookie holds a random token, the table only its SHA-256. */
export const sessions = sqliteTable('sessions', {
  tokenHash: text('token_hash').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  csrfToken: text('csrf_token').notNull(),
  createdAt: integer('created_at').notNull(),
  lastSeenAt: integer('last_seen_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
  ip: text('ip').notNull().default(''),
  userAgent: text('user_agent').notNull().default(''),
}, (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)]);

/** One-time links that let an invited user choose a password. */
export const invitations = sqliteTable('invitations', {
  tokenHash: text('token_hash').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: integer('created_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
  usedAt: integer('used_at'),
});

export const apiTokens = sqliteTable('api_tokens', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  tokenHash: text('token_hash').notNull().unique(),
  /** the first characters, shown so people can tell tokens apart */
  prefix: text('prefix').notNull(),
  name: text('name').notNull(),
  role: text('role', { enum: ROLES }).notNull(),
  enterpriseId: integer('enterprise_id').references(() => enterprises.id),
  /** JSON arrays limiting an official token to some chains / region codes, as for official users; empty = everything */
  scopeChains: text('scope_chains').notNull().default('[]'),
  scopeRegions: text('scope_regions').notNull().default('[]'),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: integer('created_at').notNull(),
  lastUsedAt: integer('last_used_at'),
  revokedAt: integer('revoked_at'),
}, (t) => [check('api_tokens_role_check', sql`${t.role} in ('enterprise','procurement','official','admin')`)]);

/** Every write: who, what, when, before and after. */
export const auditLog = sqliteTable('audit_log', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  at: integer('at').notNull(),
  actorUserId: integer('actor_user_id'),
  actorTokenId: integer('actor_token_id'),
  actorLabel: text('actor_label').notNull(),
  action: text('action').notNull(),
  objectType: text('object_type').notNull(),
  objectId: text('object_id').notNull(),
  /** the firm the object belongs to, for filtering */
  enterpriseId: integer('enterprise_id'),
  before: text('before'),
  after: text('after'),
  ip: text('ip').notNull().default(''),
}, (t) => [
  index('audit_object_idx').on(t.objectType, t.objectId),
  index('audit_enterprise_idx').on(t.enterpriseId, t.at),
  index('audit_at_idx').on(t.at),
]);

// ── Deals ───────────────────────────────────────────────────────────────────

export const DEAL_STAGES = ['recommended', 'contacted', 'sampling', 'quoting', 'signed', 'supplying', 'lost'] as const;
export type DealStage = (typeof DEAL_STAGES)[number];

/** A buyer and a supplier working toward a contract for a component or a demand listing. */
export const deals = sqliteTable('deals', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  componentId: integer('component_id').references(() => components.id, { onDelete: 'cascade' }),
  listingId: integer('listing_id').references(() => listings.id, { onDelete: 'cascade' }),
  buyerId: integer('buyer_id').notNull().references(() => enterprises.id),
  supplierId: integer('supplier_id').notNull().references(() => enterprises.id),
  stage: text('stage', { enum: DEAL_STAGES }).notNull().default('recommended'),
  /** the localised annual value (万元) agreed at signing; defaults to the component's purchase value */
  annualValueWan: real('annual_value_wan'),
  lostReason: text('lost_reason'),
  /** the match score when opened from a ranking, for the record */
  matchScore: real('match_score'),
  signedAt: integer('signed_at'),
  version: integer('version').notNull().default(1),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [
  index('deals_component_idx').on(t.componentId),
  index('deals_listing_idx').on(t.listingId),
  index('deals_buyer_idx').on(t.buyerId, t.stage),
  index('deals_supplier_idx').on(t.supplierId),
  index('deals_stage_idx').on(t.stage, t.signedAt),
  check('deals_subject_check', sql`(${t.componentId} is null) != (${t.listingId} is null)`),
  check('deals_stage_check', sql`${t.stage} in ('recommended','contacted','sampling','quoting','signed','supplying','lost')`),
]);

/** Every move of a deal: who, when, from where to where, and why. */
export const dealEvents = sqliteTable('deal_events', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  dealId: integer('deal_id').notNull().references(() => deals.id, { onDelete: 'cascade' }),
  fromStage: text('from_stage'),
  toStage: text('to_stage').notNull(),
  note: text('note').notNull().default(''),
  reason: text('reason'),
  annualValueWan: real('annual_value_wan'),
  actorLabel: text('actor_label').notNull(),
  at: integer('at').notNull(),
}, (t) => [index('deal_events_deal_idx').on(t.dealId, t.id)]);

/** The first answer to a request sent with an Idempotency-Key, returned again on a retry. */
export const idempotencyKeys = sqliteTable('idempotency_keys', {
  /** who sent it (actor kind and id), so two clients' keys never collide */
  scope: text('scope').notNull(),
  key: text('key').notNull(),
  requestHash: text('request_hash').notNull(),
  status: integer('status').notNull(),
  body: text('body').notNull(),
  createdAt: integer('created_at').notNull(),
}, (t) => [primaryKey({ columns: [t.scope, t.key] })]);

// ── Notifications ───────────────────────────────────────────────────────────

/** The in-app inbox; the same events go out live over WebSocket. */
export const notifications = sqliteTable('notifications', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  kind: text('kind').notNull(),
  title: text('title').notNull(),
  body: text('body').notNull(),
  href: text('href'),
  createdAt: integer('created_at').notNull(),
  readAt: integer('read_at'),
}, (t) => [index('notifications_user_idx').on(t.userId, t.readAt)]);

// ── Problem coordination ────────────────────────────────────────────────────

/** City departments that answer problems; department staff are officials bound to one. */
export const departments = sqliteTable('departments', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  sortOrder: integer('sort_order').notNull(),
});

export const PROBLEM_CATEGORIES = ['land', 'energy', 'finance', 'talent', 'approvals', 'logistics', 'market', 'technology', 'other'] as const;
export type ProblemCategory = (typeof PROBLEM_CATEGORIES)[number];
export const PROBLEM_STATUSES = ['submitted', 'assigned', 'answered', 'reopened', 'confirmed', 'closed'] as const;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];

/** A problem a firm raised, through the closed loop: collect, assign, feedback, close (问题收集、分办、反馈、销号). */
export const problems = sqliteTable('problems', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  ref: text('ref').notNull().unique(),
  enterpriseId: integer('enterprise_id').notNull().references(() => enterprises.id),
  raisedBy: integer('raised_by').references(() => users.id),
  category: text('category', { enum: PROBLEM_CATEGORIES }).notNull(),
  title: text('title').notNull(),
  description: text('description').notNull(),
  chainId: text('chain_id').references(() => chains.id),
  dealId: integer('deal_id').references(() => deals.id),
  componentId: integer('component_id').references(() => components.id),
  status: text('status', { enum: PROBLEM_STATUSES }).notNull().default('submitted'),
  departmentId: text('department_id').references(() => departments.id),
  /** the department's deadline, a city date 'YYYY-MM-DD' */
  deadline: text('deadline'),
  answer: text('answer'),
  overdueNotifiedAt: integer('overdue_notified_at'),
  closedAt: integer('closed_at'),
  version: integer('version').notNull().default(1),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [
  index('problems_enterprise_idx').on(t.enterpriseId),
  index('problems_status_idx').on(t.status, t.deadline),
  index('problems_department_idx').on(t.departmentId, t.status),
  index('problems_chain_idx').on(t.chainId, t.status),
  check('problems_category_check', sql`${t.category} in ('land','energy','finance','talent','approvals','logistics','market','technology','other')`),
  check('problems_status_check', sql`${t.status} in ('submitted','assigned','answered','reopened','confirmed','closed')`),
]);

export const problemEvents = sqliteTable('problem_events', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  problemId: integer('problem_id').notNull().references(() => problems.id, { onDelete: 'cascade' }),
  fromStatus: text('from_status'),
  toStatus: text('to_status').notNull(),
  note: text('note').notNull().default(''),
  departmentId: text('department_id'),
  deadline: text('deadline'),
  actorLabel: text('actor_label').notNull(),
  at: integer('at').notNull(),
}, (t) => [index('problem_events_problem_idx').on(t.problemId, t.id)]);

export const problemAttachments = sqliteTable('problem_attachments', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  problemId: integer('problem_id').notNull().references(() => problems.id, { onDelete: 'cascade' }),
  fileName: text('file_name').notNull(),
  mimeType: text('mime_type').notNull(),
  size: integer('size').notNull(),
  sha256: text('sha256').notNull(),
  data: blob('data', { mode: 'buffer' }).notNull(),
  createdAt: integer('created_at').notNull(),
});

// ── Matching results ────────────────────────────────────────────────────────

/**
 * The latest ranking's summary per component, kept by re-ranking after every change: what
 * the register, coverage figures and gap lists read, and what "a new qualified local
 * candidate appeared" is measured against.
 */
export const componentMatchStatus = sqliteTable('component_match_status', {
  componentId: integer('component_id').primaryKey().references(() => components.id, { onDelete: 'cascade' }),
  qualifiedLocal: integer('qualified_local').notNull(),
  /** JSON array of the enterprise ids of the qualified local candidates */
  qualifiedLocalIds: text('qualified_local_ids').notNull().default('[]'),
  bestScore: real('best_score'),
  bestEnterpriseId: integer('best_enterprise_id'),
  computedAt: integer('computed_at').notNull(),
});

// ── Investment attraction (招商引资) ─────────────────────────────────────────

export const PROJECT_STAGES = ['planning', 'negotiating', 'signed', 'construction', 'operating', 'terminated'] as const;
export type ProjectStage = (typeof PROJECT_STAGES)[number];

/**
 * An attraction project (招商项目): bringing an outside supplier (or a missing capability) to the
 * city, with the official and department responsible for it (包保), planned investment and dates.
 */
export const attractionProjects = sqliteTable('attraction_projects', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  ref: text('ref').notNull().unique(),
  title: text('title').notNull(),
  /** the outside firm as the buyers named it (empty for a capability gap with no named firm) */
  targetSupplier: text('target_supplier').notNull().default(''),
  /** the grouping key of targetSupplier (normalised); what people typed stays in targetSupplier */
  targetKey: text('target_key').notNull().default(''),
  targetRegion: text('target_region').notNull().default(''),
  /** the capability the city lacks, for a project on a gap with no named firm */
  gapDescription: text('gap_description').notNull().default(''),
  chainId: text('chain_id').notNull().references(() => chains.id),
  /** the county where the plant is planned */
  siteRegionCode: text('site_region_code').references(() => regions.code),
  stage: text('stage', { enum: PROJECT_STAGES }).notNull().default('planning'),
  terminatedReason: text('terminated_reason'),
  /** 包保: the responsible official as written, and the responsible department */
  responsibleName: text('responsible_name').notNull(),
  departmentId: text('department_id').notNull().references(() => departments.id),
  plannedInvestmentWan: real('planned_investment_wan'),
  /** city dates 'YYYY-MM-DD' */
  plannedSignDate: text('planned_sign_date'),
  plannedStartDate: text('planned_start_date'),
  plannedOperationDate: text('planned_operation_date'),
  /** when it reached 投产运营: its parts count as local from that quarter */
  operatingAt: integer('operating_at'),
  createdBy: integer('created_by').references(() => users.id),
  version: integer('version').notNull().default(1),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [
  index('attraction_projects_chain_idx').on(t.chainId, t.stage),
  index('attraction_projects_target_idx').on(t.targetKey),
  index('attraction_projects_department_idx').on(t.departmentId),
  check('attraction_projects_stage_check', sql`${t.stage} in ('planning','negotiating','signed','construction','operating','terminated')`),
]);

/** The parts a project would localise, with the annual value the target held (taken again when it starts operating). */
export const attractionProjectParts = sqliteTable('attraction_project_parts', {
  projectId: integer('project_id').notNull().references(() => attractionProjects.id, { onDelete: 'cascade' }),
  componentId: integer('component_id').notNull().references(() => components.id, { onDelete: 'cascade' }),
  valueWan: real('value_wan').notNull(),
}, (t) => [
  primaryKey({ columns: [t.projectId, t.componentId] }),
  index('attraction_project_parts_component_idx').on(t.componentId),
]);

/** Every move, note and document of a project: who, when, what. */
export const attractionProjectEvents = sqliteTable('attraction_project_events', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  projectId: integer('project_id').notNull().references(() => attractionProjects.id, { onDelete: 'cascade' }),
  fromStage: text('from_stage'),
  toStage: text('to_stage'),
  note: text('note').notNull().default(''),
  actorLabel: text('actor_label').notNull(),
  at: integer('at').notNull(),
}, (t) => [index('attraction_project_events_project_idx').on(t.projectId, t.id)]);

export const attractionProjectAttachments = sqliteTable('attraction_project_attachments', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  projectId: integer('project_id').notNull().references(() => attractionProjects.id, { onDelete: 'cascade' }),
  fileName: text('file_name').notNull(),
  mimeType: text('mime_type').notNull(),
  size: integer('size').notNull(),
  sha256: text('sha256').notNull(),
  data: blob('data', { mode: 'buffer' }).notNull(),
  createdAt: integer('created_at').notNull(),
});

// ── Webhooks ────────────────────────────────────────────────────────────────

export const WEBHOOK_EVENTS = ['deal.stage_changed', 'component.match_status_changed', 'problem.status_changed', 'listing.expiring'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * An address outside systems registered (by an admin) to hear of events. It hears what an API
 * token of the same role and firm could read; the signing secret is stored sealed with the
 * server's secret, since signing needs it back (it is shown once, when created).
 */
export const webhookEndpoints = sqliteTable('webhook_endpoints', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  url: text('url').notNull(),
  description: text('description').notNull().default(''),
  /** JSON array of event types */
  events: text('events').notNull(),
  role: text('role', { enum: ROLES }).notNull(),
  enterpriseId: integer('enterprise_id').references(() => enterprises.id),
  secretSealed: text('secret_sealed').notNull(),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: integer('created_at').notNull(),
  disabledAt: integer('disabled_at'),
}, (t) => [check('webhook_endpoints_role_check', sql`${t.role} in ('enterprise','procurement','official','admin')`)]);

/** The outbox: one row per event, written in the transaction of the change it reports. */
export const webhookEvents = sqliteTable('webhook_events', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  type: text('type').notNull(),
  /** the exact JSON body sent (and signed) */
  payload: text('payload').notNull(),
  createdAt: integer('created_at').notNull(),
});

/** One event to one endpoint: retried with back-off for a day, or until it is delivered. */
export const webhookDeliveries = sqliteTable('webhook_deliveries', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  endpointId: integer('endpoint_id').notNull().references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
  eventId: integer('event_id').notNull().references(() => webhookEvents.id, { onDelete: 'cascade' }),
  status: text('status', { enum: DELIVERY_STATUSES }).notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  /** when the next attempt is due (pending only); a sender leases a delivery by moving this forward */
  nextAttemptAt: integer('next_attempt_at'),
  lastAttemptAt: integer('last_attempt_at'),
  lastStatus: integer('last_status'),
  lastError: text('last_error'),
  deliveredAt: integer('delivered_at'),
  /** the delivery an admin replayed to make this one */
  replayOf: integer('replay_of'),
  createdAt: integer('created_at').notNull(),
}, (t) => [
  index('webhook_deliveries_due_idx').on(t.status, t.nextAttemptAt),
  index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.id),
  check('webhook_deliveries_status_check', sql`${t.status} in ('pending','delivered','failed')`),
]);

export const webhookAttempts = sqliteTable('webhook_attempts', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  deliveryId: integer('delivery_id').notNull().references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
  at: integer('at').notNull(),
  /** the receiver's HTTP status; null when no answer came (refused, timed out) */
  status: integer('status'),
  error: text('error'),
  durationMs: integer('duration_ms').notNull(),
}, (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId, t.id)]);

/** The localisation status last reported per component, so a change of status is told once. */
export const componentStatusSeen = sqliteTable('component_status_seen', {
  componentId: integer('component_id').primaryKey().references(() => components.id, { onDelete: 'cascade' }),
  status: text('status').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/** Listings whose coming expiry was reported, for the validity date it was reported for. */
export const listingExpiryNotices = sqliteTable('listing_expiry_notices', {
  listingId: integer('listing_id').primaryKey().references(() => listings.id, { onDelete: 'cascade' }),
  validUntil: text('valid_until').notNull(),
  notifiedAt: integer('notified_at').notNull(),
});

// ── Several server processes over one file (WORKERS) ────────────────────────

/**
 * What each committed write changed, in the write's own transaction: every other process (another
 * worker, the import command) replays the rows after the last one it saw, so its caches, matching
 * index and lexicon follow at once. `origin` names the writing process, which skips its own rows.
 * Pruned by age (server/cluster/journal.ts).
 */
export const changeLog = sqliteTable('change_log', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  at: integer('at').notNull(),
  origin: text('origin').notNull(),
  /** a ChangeSet (server/changes.ts) as JSON */
  changes: text('changes').notNull(),
}, (t) => [index('change_log_at_idx').on(t.at)]);

/** Who holds a named job (the background work): a holder renews before `expiresAt`, a crashed one's lease lapses. */
export const leases = sqliteTable('leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: integer('expires_at').notNull(),
});

/**
 * Import previews waiting for the admin's click (server/import/pending-previews.ts): in the database,
 * not in memory, because with several workers the click may reach another process than the upload.
 */
export const importPreviews = sqliteTable('import_previews', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  token: text('token').notNull().unique(),
  actorKey: text('actor_key').notNull(),
  filesHash: text('files_hash').notNull(),
  /** the choices made with the upload, as JSON */
  choices: text('choices').notNull(),
  digest: text('digest').notNull(),
  expiresAt: integer('expires_at').notNull(),
  /** the files' bytes together, for the cap on what may wait */
  size: integer('size').notNull(),
  /** the files: a JSON header (names, sizes) and their bytes */
  files: blob('files', { mode: 'buffer' }).notNull(),
});
