/**
 * A chain leader's sole-source components: confidential to the buyer's procurement staff,
 * officials within their scope and admins (canViewComponent on every path). The buyer's staff
 * create and edit them with the form's rules, or load many at once with the import's rules.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CRITICALITIES } from '../../../db/schema.ts';
import { enterpriseRecord, enterpriseRecordById } from '../../../db/repositories/enterprise-records.ts';
import { actsFor, canManageComponentsOf, canViewComponent, hasRole, type Actor } from '../../auth/policy.ts';
import { COMPONENT_COLUMNS, upsertComponents } from '../../components/bulk-upsert.ts';
import { componentRecord, componentRecordsOf, type ComponentRecordRow } from '../../components/records.ts';
import { COMPONENT_STATUSES } from '../../vocabulary.ts';
import { createComponent, updateComponent } from '../../components/service.ts';
import { HttpError, notFound } from '../../plugins/errors.ts';
import { visiblePage } from '../../paging.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { asField, ChainRef, chainRef, FirmRef, invalid, iso, saveFailed } from './present.ts';
import { isoTime, pageOf, pageQuery, refParam, responses, usccParam, version } from './schemas.ts';

const READERS = { access: ['procurement', 'official', 'admin'] as const };
/** one component: department staff too, while a case assigned to their department links to it (canViewComponent) */
const ONE_READERS = { access: ['procurement', 'official', 'department', 'admin'] as const };
const EDITORS = { access: ['procurement', 'admin'] as const };
export const MAX_BULK = 5000;

const Component = z.object({
  ref: z.string(), buyer: FirmRef, name: z.string(), part_no: z.string(), chain: ChainRef.nullable(),
  materials: z.string(), processes: z.string().meta({ description: '工艺要求，第一项为主工艺' }), certifications_required: z.string(),
  annual_volume: z.number().nullable(), unit: z.string(), annual_value_wan: z.number().nullable().meta({ description: '年采购额（万元）' }),
  current_supplier: z.string(), current_supplier_region: z.string(), criticality: z.enum(CRITICALITIES).nullable(), description: z.string(),
  match_status: z.enum(COMPONENT_STATUSES).meta({ description: 'no_local 暂无本地候选、candidates 已有本地候选、in_deal 对接中、localised 已本地化、unranked 待匹配' }),
  qualified_local: z.number().int().nullable().meta({ description: '合格本地候选企业数（未匹配时为 null）' }),
  version: z.number().int(), updated_at: isoTime,
}).meta({ id: 'Component' });

const text = (max: number) => z.string().max(max, { message: `不能超过 ${max} 个字符` });
const list = z.union([text(2000), z.array(text(200)).max(50)]).meta({ description: '文本，或文本数组（以 ; 连接）' });
const amount = z.union([z.number(), text(40)]).nullable();
const fields = {
  name: text(200), part_no: text(100).optional(), chain: text(40).optional().meta({ description: '产业链代码或名称' }),
  materials: list.optional(), processes: list.optional(), certifications_required: list.optional(),
  annual_volume: amount.optional(), unit: text(20).optional(), annual_value_wan: amount.optional(),
  current_supplier: text(200).optional(), current_supplier_region: text(60).optional(),
  criticality: text(10).nullable().optional().meta({ description: '高 / 中 / 低（high / medium / low）' }), description: text(5000).optional(),
};
const createBody = z.strictObject({
  ...fields, ref: text(64).optional().meta({ description: '编号；不给则自动生成' }),
  buyer_uscc: z.string().trim().toUpperCase().length(18).optional().meta({ description: '采购企业（链主）；管理员必填，链主采购只能为本企业' }),
});
const editBody = z.strictObject({ ...fields, name: fields.name.optional(), version }).meta({ description: '只给要改的字段；未给出的字段保持不变' });
const bulkItem = z.strictObject({ ...fields, name: text(200).optional(), ref: text(64), buyer_uscc: text(40).optional() })
  .meta({ description: '导入文件（唯一来源外采件）的一行：同样的列、同样的规则' });
const bulkBody = z.strictObject({
  buyer_uscc: z.string().trim().toUpperCase().length(18).optional().meta({ description: '采购企业；管理员必填，链主采购缺省为本企业' }),
  skip_invalid: z.boolean().default(false).meta({ description: 'false（默认）：有任何一行出错则什么都不写；true：写入合格的行，报告其余' }),
  components: z.array(bulkItem).min(1).max(MAX_BULK, { message: `一次最多 ${MAX_BULK} 条` }),
});
const BulkReport = z.object({
  loaded: z.boolean().meta({ description: '是否写入（未出错，或 skip_invalid 时写入了合格的行）' }),
  counts: z.object({ inserted: z.number().int(), updated: z.number().int(), unchanged: z.number().int() }),
  problems: z.array(z.object({
    index: z.number().int().nullable().meta({ description: 'components 中的下标（从 0 起）；null 表示与整批有关' }),
    field: z.string().nullable(), message: z.string(), severity: z.enum(['error', 'warning']),
  })),
}).meta({ id: 'BulkReport' });

export function present(c: ComponentRecordRow): z.output<typeof Component> {
  return {
    ref: c.ref, buyer: { uscc: c.buyerUscc, name: c.buyerName }, name: c.name, part_no: c.partNo, chain: chainRef(c.chainId),
    materials: c.materials, processes: c.processes, certifications_required: c.certificationsRequired, annual_volume: c.annualVolume,
    unit: c.unit, annual_value_wan: c.annualValueWan, current_supplier: c.currentSupplier, current_supplier_region: c.currentSupplierRegion,
    criticality: c.criticality, description: c.description, match_status: c.status, qualified_local: c.qualifiedLocal,
    version: c.version, updated_at: iso(c.updatedAt),
  };
}

const visibleTo = (actor: Actor, c: ComponentRecordRow) => canViewComponent(actor, c);
const CRITICALITY_WORD = { high: '高', medium: '中', low: '低' } as const;
const formValues = (c: ComponentRecordRow) => ({
  name: c.name, part_no: c.partNo, chain: c.chainId ?? '', materials: c.materials, processes: c.processes, certifications_required: c.certificationsRequired,
  annual_volume: asField(c.annualVolume), unit: c.unit, annual_value_wan: asField(c.annualValueWan), current_supplier: c.currentSupplier,
  current_supplier_region: c.currentSupplierRegion, criticality: c.criticality ? CRITICALITY_WORD[c.criticality] : '', description: c.description,
});
const asForm = (body: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(body).map(([k, v]) => [k, Array.isArray(v) ? v.join(';') : asField(v as number | string | null)]));

export async function apiComponentRoutes(app: FastifyInstance) {
  const { database } = app.deps;
  const { sqlite } = database;
  const api = app.withTypeProvider<ZodTypeProvider>();

  const find = (request: FastifyRequest, ref: string) => {
    const c = componentRecord(sqlite, ref);
    if (!c) throw notFound(`外采件 ${ref} `);
    if (!visibleTo(request.actor, c)) throw new HttpError(403, 'forbidden', '外采件信息仅对采购企业、主管部门和管理员可见');
    return c;
  };
  /** The chain leader a write is for: the caller's own firm, or for an admin the one named. */
  const buyerFor = (request: FastifyRequest, named: string | undefined) => {
    const actor = request.actor;
    if (actor.kind === 'anonymous') throw new HttpError(401, 'unauthenticated', '请先登录');
    if (actor.role === 'admin') {
      const firm = named ? enterpriseRecord(database.db, named) : undefined;
      if (!firm || firm.tier !== 'chain_leader') {
        const message = '须为平台上一家链主企业的统一社会信用代码';
        throw new HttpError(400, 'invalid_request', `buyer_uscc: ${message}`, [{ field: 'buyer_uscc', rule: 'chain_leader', message }]);
      }
      return firm;
    }
    const own = actor.enterpriseId === null ? undefined : enterpriseRecordById(database.db, actor.enterpriseId);
    if (named && own?.uscc !== named) throw new HttpError(403, 'forbidden', '只能为本企业登记外采件');
    if (!own || !canManageComponentsOf(actor, own.id)) throw new HttpError(403, 'forbidden', '只有链主企业的采购人员可以登记外采件');
    return own;
  };

  api.get('/api/enterprises/:uscc/components', {
    config: READERS,
    schema: {
      tags: ['components'], summary: '链主企业登记的唯一来源外采件', description: '本企业链主采购看到全部；主管部门看到负责范围内的；按编号顺序分页。',
      params: usccParam, querystring: z.object(pageQuery), response: responses({ 200: pageOf(Component) }, 404),
    },
  }, (request) => {
    const buyer = enterpriseRecord(database.db, request.params.uscc);
    if (!buyer) throw notFound(`企业 ${request.params.uscc} `);
    if (hasRole(request.actor, 'procurement') && !actsFor(request.actor, buyer.id)) throw new HttpError(403, 'forbidden', '只能查看本企业的外采件');
    const { cursor, limit } = request.query;
    const scope = { uscc: buyer.uscc };
    const page = visiblePage((after, count) => componentRecordsOf(sqlite, buyer.id, after, count), (c) => visibleTo(request.actor, c), decodeCursor(cursor, scope), limit);
    return { items: page.items.map(present), next: encodeCursor(page.next, scope) };
  });

  api.get('/api/components/:ref', {
    config: ONE_READERS,
    schema: { tags: ['components'], summary: '一个外采件及其本地化状态', params: refParam, response: responses({ 200: Component }, 404) },
  }, (request) => present(find(request, request.params.ref)));

  api.post('/api/components', {
    config: EDITORS,
    schema: { tags: ['components'], summary: '登记一个外采件', description: '与外采件表单规则相同。', body: createBody, response: responses({ 201: Component }, 422) },
  }, (request, reply) => {
    const { buyer_uscc, ...body } = request.body;
    const buyer = buyerFor(request, buyer_uscc);
    const result = createComponent(request.writeContext, buyer.id, asForm(body));
    if (!result.ok) throw invalid(result.errors);
    reply.code(201);
    return present(componentRecord(sqlite, result.ref)!);
  });

  api.patch('/api/components/:ref', {
    config: EDITORS,
    schema: { tags: ['components'], summary: '修改外采件', params: refParam, body: editBody, response: responses({ 200: Component }, 404, 409, 422) },
  }, (request) => {
    const c = find(request, request.params.ref);
    if (!canManageComponentsOf(request.actor, c.buyerId)) throw new HttpError(403, 'forbidden', '只有采购企业可以修改外采件');
    const { version: expected, ...changes } = request.body;
    const result = updateComponent(request.writeContext, c.id, { ...formValues(c), ...asForm(changes), version: String(expected) });
    if (!result.ok) throw saveFailed(result);
    return present(componentRecord(sqlite, c.ref)!);
  });

  api.post('/api/components/bulk', {
    config: EDITORS,
    bodyLimit: app.deps.config.uploadLimitBytes,
    schema: {
      tags: ['components'], summary: '批量登记或更新外采件（ERP 同步）',
      description: [
        `按编号（ref）新增或更新，一次最多 ${MAX_BULK} 条；与导入文件的列（${COMPONENT_COLUMNS.join('、')}）和规则完全相同。`,
        '只能写本企业的外采件；编号已属于其他企业的行报错。相同内容再次提交不会改变任何数据（unchanged）。',
        '有错误且未设 skip_invalid 时什么都不写，返回 422 和逐行的问题。',
      ].join(''),
      body: bulkBody, response: responses({ 200: BulkReport, 422: BulkReport }, 413),
    },
  }, (request, reply) => {
    const buyer = buyerFor(request, request.body.buyer_uscc);
    const report = upsertComponents(request.writeContext, { id: buyer.id, uscc: buyer.uscc }, request.body.components, { skipInvalid: request.body.skip_invalid });
    reply.code(report.loaded ? 200 : 422);
    return report;
  });
}
