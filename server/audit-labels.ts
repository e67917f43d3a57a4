/**
 * The audit log in words (the admin route turns each row into an AuditLine; the page prints it): what an action was, on what
 * kind of object, and which fields a change touched — instead of 'login.success', 'user #4'
 * and two JSON blobs. Actions are stored as codes (stable for exports and tools); only the
 * page translates them. An unknown code is shown as it is, never hidden.
 */
import type { AuditRow } from './audit.ts';
import { cityDateTime, OBJECT_TYPE_LABEL, PROJECT_STAGE_LABEL, STAGE_LABEL, STATUS_LABEL } from './vocabulary.ts';

const VERB: Record<string, string> = {
  create: '新建', update: '修改', import_create: '导入新建', import_update: '导入更新', open: '新建', close: '关闭', renew: '续期',
  raise: '提出', assign: '分办', answer: '答复', confirm: '确认销号', reopen: '重新办理', return: '退回', overdue: '逾期提醒', attach: '上传附件',
  note: '添加记录', invite: '邀请', accept: '接受邀请', revoke: '吊销', replay: '重新推送', disable: '停用', refused: '被拒绝',
  success: '成功', failure: '失败（密码错误）', blocked: '被限制（尝试过多）', conflict_keep_firm: '冲突：保留企业填写', conflict_take_import: '冲突：采用导入值',
};

const SUBJECT: Record<string, string> = { ...OBJECT_TYPE_LABEL, login: '登录', logout: '退出登录', token: '接口令牌', webhook: '事件推送', invitation: '邀请', project: '招商项目' };

/** 'deal.signed' → 「商机 → 签约」, 'login.failure' → 「登录失败（密码错误）」, 'problem.assign' → 「问题分办」. */
export function auditActionLabel(action: string): string {
  const [subject, verb] = action.split('.', 2) as [string, string | undefined];
  const who = SUBJECT[subject];
  if (!who) return action;
  if (verb === undefined) return who;
  if (subject === 'deal' && verb in STAGE_LABEL) return `${who} → ${STAGE_LABEL[verb as keyof typeof STAGE_LABEL]}`;
  if (subject === 'project' && verb in PROJECT_STAGE_LABEL) return `${who} → ${PROJECT_STAGE_LABEL[verb as keyof typeof PROJECT_STAGE_LABEL]}`;
  const done = VERB[verb];
  return done ? `${who}${done}` : action;
}

export function objectLabel(objectType: string, objectId: string): string {
  return `${OBJECT_TYPE_LABEL[objectType] ?? objectType} ${objectId}`;
}

/** Stored field names in words: the audit page and the import preview read the same list. */
export const FIELD_LABEL: Record<string, string> = {
  ref: '编号', name: '名称', title: '标题', status: '状态', stage: '阶段', category: '类别', chainId: '产业链', chain_id: '产业链',
  chainIds: '产业链', regionCode: '区县', region_code: '区县', departmentId: '承办部门', deadline: '办理期限', answer: '答复', closedAt: '销号时间', disabledAt: '停用时间',
  dealId: '商机', componentId: '外采件', enterpriseId: '企业', buyerId: '采购企业', processes: '工艺', materials: '材料', certifications: '资质认证',
  equipment: '主要设备', capacity: '产能', contactName: '联系人', contact_name: '联系人', contactPhone: '联系电话', contact_phone: '联系电话',
  description: '说明', validUntil: '有效期至', valid_until: '有效期至', annualValueWan: '年采购额（万元）', annual_value_wan: '年采购额（万元）',
  annualOutputWan: '年产值（万元）', annual_output_wan: '年产值（万元）', quantity: '数量', unit: '单位', kind: '类型', role: '角色',
  username: '用户名', displayName: '姓名', disabled: '已停用', scopeChains: '负责产业链', scopeRegions: '负责区县', version: '版本',
  currentSupplier: '现供应商', currentSupplierRegion: '现供应地', criticality: '关键程度',
  tier: '企业类型', lat: '纬度', lng: '经度', address: '地址', chains: '所属产业链', products: '主要产品', employees: '员工人数',
  partNo: '图号/料号', certificationsRequired: '资质要求', annualVolume: '年需求量', year: '年度', quarter: '季度',
  totalWan: '采购总额（万元）', localWan: '本地采购额（万元）', note: '备注', reason: '原因', url: '地址',
  rows: '行数', source: '来源', errors: '错误', warnings: '提示',
};
const HIDDEN = new Set(['version', 'updatedAt', 'updated_at', 'createdAt', 'created_at', 'searchKey', 'search_key']);

function value(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (Array.isArray(v)) return v.length ? v.map(value).join('、') : '—';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Codes stored in a field, in words where the object's vocabulary knows them. */
function fieldValue(objectType: string, key: string, v: unknown): string {
  if (typeof v === 'string') {
    if (objectType === 'problem' && key === 'status' && v in STATUS_LABEL) return STATUS_LABEL[v as keyof typeof STATUS_LABEL];
    if (objectType === 'deal' && key === 'stage' && v in STAGE_LABEL) return STAGE_LABEL[v as keyof typeof STAGE_LABEL];
    if (objectType === 'attraction_project' && key === 'stage' && v in PROJECT_STAGE_LABEL) return PROJECT_STAGE_LABEL[v as keyof typeof PROJECT_STAGE_LABEL];
  }
  if (typeof v === 'number' && /At$/.test(key)) return cityDateTime(v);
  return value(v);
}

function parse(text: string | null): Record<string, unknown> | null {
  if (text === null || text === '') return null;
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { 值: v };
  } catch {
    return { 值: text };
  }
}

export interface AuditChange { field: string; before: string; after: string }

/** The fields a change touched, by name, old and new value; a creation lists what it set, a removal what it held. */
export function auditChanges(objectType: string, before: string | null, after: string | null): AuditChange[] {
  const b = parse(before);
  const a = parse(after);
  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])].filter((k) => !HIDDEN.has(k));
  const changes: AuditChange[] = [];
  for (const k of keys) {
    const was = fieldValue(objectType, k, b?.[k]);
    const now = fieldValue(objectType, k, a?.[k]);
    if (b && a && was === now) continue;
    changes.push({ field: FIELD_LABEL[k] ?? k, before: b ? was : '', after: a ? now : '' });
  }
  return changes;
}

/** One audit row as the log page shows it: the action, the object and the changes already in words. */
export interface AuditLine {
  at: number; actorLabel: string; action: string; actionLabel: string; object: string; enterpriseName: string | null; ip: string;
  changes: AuditChange[];
}

export function auditLine(r: AuditRow): AuditLine {
  return {
    at: r.at, actorLabel: r.actorLabel, action: r.action, actionLabel: auditActionLabel(r.action), object: objectLabel(r.objectType, r.objectId),
    enterpriseName: r.enterpriseName, ip: r.ip, changes: auditChanges(r.objectType, r.before, r.after),
  };
}
