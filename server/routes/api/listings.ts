/**
 * Supply and demand listings: read any, a firm's list (its own users and admins see every
 * status, others the open ones), and a firm posting, editing, renewing and closing its own —
 * the same rules and version checks as its pages.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LISTING_KINDS, LISTING_STATUSES } from '../../../db/schema.ts';
import { enterpriseRecord } from '../../../db/repositories/enterprise-records.ts';
import { listingRecord, listingRecordsOf, type ListingRecord } from '../../../db/repositories/listing-records.ts';
import { canManageListingsOf } from '../../auth/policy.ts';
import { cityDate } from '../../vocabulary.ts';
import { changeListing, createListing, type ListingChange } from '../../marketplace/listings.ts';
import { HttpError, notFound } from '../../plugins/errors.ts';
import { sqlPage } from '../../paging.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { asField, ChainRef, chainRef, FirmRef, invalid, iso, saveFailed } from './present.ts';
import { isoDate, isoTime, pageOf, pageQuery, refParam, responses, usccParam, version } from './schemas.ts';

const Listing = z.object({
  ref: z.string(), owner: FirmRef, kind: z.enum(LISTING_KINDS).meta({ description: 'supply 供应、demand 需求' }), title: z.string(), description: z.string(),
  chain: ChainRef.nullable(), quantity: z.number().nullable(), unit: z.string(), region: z.object({ code: z.string(), name: z.string() }).nullable(),
  valid_until: isoDate.nullable(), status: z.enum(LISTING_STATUSES), version: z.number().int(), created_at: isoTime, updated_at: isoTime,
}).meta({ id: 'Listing' });

const text = (max: number) => z.string().max(max, { message: `不能超过 ${max} 个字符` });
const fields = {
  kind: z.enum(LISTING_KINDS, { message: 'kind 须为 supply 或 demand' }),
  title: text(200), description: text(5000).optional(),
  chain: text(40).optional().meta({ description: '产业链代码或名称' }),
  quantity: z.number().nonnegative().nullable().optional(), unit: text(20).optional(),
  valid_until: z.string().max(20).meta({ description: 'YYYY-MM-DD，不早于今天，最长两年' }),
};
const createBody = z.strictObject({ ...fields, uscc: z.string().trim().toUpperCase().length(18).optional().meta({ description: '发布企业；管理员必填，企业用户只能为本企业发布' }) });
const editBody = z.strictObject({ ...fields, version, kind: fields.kind.optional(), title: fields.title.optional(), valid_until: fields.valid_until.optional() })
  .meta({ description: '只给要改的字段；未给出的字段保持不变' });
const renewBody = z.strictObject({ version, valid_until: fields.valid_until });
const closeBody = z.strictObject({ version });
const listQuery = z.object(pageQuery);

export function present(l: ListingRecord): z.output<typeof Listing> {
  return {
    ref: l.ref, owner: { uscc: l.ownerUscc, name: l.ownerName }, kind: l.kind, title: l.title, description: l.description,
    chain: chainRef(l.chainId), quantity: l.quantity, unit: l.unit,
    region: l.regionCode && l.regionName ? { code: l.regionCode, name: l.regionName } : null,
    valid_until: l.validUntil, status: l.status, version: l.version, created_at: iso(l.createdAt), updated_at: iso(l.updatedAt),
  };
}

const formValues = (l: ListingRecord) => ({
  kind: l.kind, title: l.title, description: l.description, chain: l.chainId ?? '', quantity: asField(l.quantity), unit: l.unit, valid_until: l.validUntil ?? '',
});
const asForm = (body: Record<string, unknown>) => Object.fromEntries(Object.entries(body).map(([k, v]) => [k, asField(v as number | string | null)]));

export async function apiListingRoutes(app: FastifyInstance) {
  const { database, clock } = app.deps;
  const api = app.withTypeProvider<ZodTypeProvider>();
  const POSTERS = { access: ['enterprise', 'procurement', 'admin'] as const };
  const find = (ref: string) => {
    const l = listingRecord(database.db, ref);
    if (!l) throw notFound(`供需信息 ${ref} `);
    return l;
  };
  /** Edits, renews or closes the caller's own listing with the version it read; answers the listing as it now is. */
  const change = (request: FastifyRequest, ref: string, what: (l: ListingRecord) => ListingChange) => {
    const l = find(ref);
    if (!canManageListingsOf(request.actor, l.enterpriseId)) throw new HttpError(403, 'forbidden', '只能管理本企业的供需信息');
    const result = changeListing(request.writeContext, l.id, what(l));
    if (!result.ok) throw saveFailed(result);
    return present(find(l.ref));
  };

  api.get('/api/listings/:ref', {
    config: { access: 'public' },
    schema: { tags: ['listings'], summary: '一条供需信息', security: [], params: refParam, response: responses({ 200: Listing }, 404) },
  }, (request) => present(find(request.params.ref)));

  api.get('/api/enterprises/:uscc/listings', {
    config: { access: 'public' },
    schema: {
      tags: ['listings'], summary: '企业的供需信息', description: '本企业用户和管理员看到全部（含已关闭、已过期）；其他人只看到有效的。按编号顺序分页。',
      security: [], params: usccParam, querystring: listQuery, response: responses({ 200: pageOf(Listing) }, 404),
    },
  }, (request) => {
    const firm = enterpriseRecord(database.db, request.params.uscc);
    if (!firm) throw notFound(`企业 ${request.params.uscc} `);
    const { cursor, limit } = request.query;
    const scope = { uscc: firm.uscc };
    const publicOn = canManageListingsOf(request.actor, firm.id) ? undefined : cityDate(clock.now());
    const page = sqlPage(listingRecordsOf(database.db, firm.id, { publicOn }, decodeCursor(cursor, scope), limit + 1), limit);
    return { items: page.items.map(present), next: encodeCursor(page.next, scope) };
  });

  api.post('/api/listings', {
    config: POSTERS,
    schema: { tags: ['listings'], summary: '发布供需信息', body: createBody, response: responses({ 201: Listing }, 404, 422) },
  }, (request, reply) => {
    const { uscc, ...body } = request.body;
    const actor = request.actor;
    if (actor.kind === 'anonymous') throw new HttpError(401, 'unauthenticated', '请先登录');
    const named = uscc ? enterpriseRecord(database.db, uscc) : undefined;
    let posterId: number;
    if (actor.role === 'admin') {
      if (!named) throw invalid({ uscc: uscc ? `平台上没有企业 ${uscc}` : '管理员发布时须给出发布企业的统一社会信用代码' });
      posterId = named.id;
    } else {
      posterId = actor.enterpriseId ?? -1;
      if (uscc && named?.id !== posterId) throw new HttpError(403, 'forbidden', '只能为本企业发布供需信息');
    }
    if (!canManageListingsOf(actor, posterId)) throw new HttpError(403, 'forbidden', '只能为本企业发布供需信息');
    const result = createListing(request.writeContext, posterId, asForm(body));
    if (!result.ok) throw invalid(result.errors);
    reply.code(201);
    return present(find(result.ref));
  });

  api.patch('/api/listings/:ref', {
    config: POSTERS,
    schema: { tags: ['listings'], summary: '修改供需信息', params: refParam, body: editBody, response: responses({ 200: Listing }, 404, 409, 422) },
  }, (request) => {
    const { version: expected, ...changes } = request.body;
    return change(request, request.params.ref, (l) => ({ kind: 'edit', body: { ...formValues(l), ...asForm(changes), version: String(expected) } }));
  });

  api.post('/api/listings/:ref/renew', {
    config: POSTERS,
    schema: { tags: ['listings'], summary: '续期（重新打开已关闭或过期的信息）', params: refParam, body: renewBody, response: responses({ 200: Listing }, 404, 409, 422) },
  }, (request) => change(request, request.params.ref, () => ({ kind: 'renew', body: { valid_until: request.body.valid_until, version: String(request.body.version) } })));

  api.post('/api/listings/:ref/close', {
    config: POSTERS,
    schema: { tags: ['listings'], summary: '关闭（不再出现在列表和搜索中）', params: refParam, body: closeBody, response: responses({ 200: Listing }, 404, 409, 422) },
  }, (request) => change(request, request.params.ref, () => ({ kind: 'close', body: { version: String(request.body.version) } })));
}
