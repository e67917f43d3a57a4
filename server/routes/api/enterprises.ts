/**
 * Enterprises: the directory and a firm's profile (public; contact details for signed-in callers
 * only), and a firm updating its own profile with the same rules as its profile form.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { REGION_KINDS, TIERS } from '../../../db/schema.ts';
import { enterpriseRecord, enterpriseRecordsAfter, type EnterpriseRecord } from '../../../db/repositories/enterprise-records.ts';
import { canEditProfile, canSeeContacts, type Actor } from '../../auth/policy.ts';
import { saveProfile } from '../../marketplace/profile.ts';
import { HttpError, notFound } from '../../plugins/errors.ts';
import { chainId, optional, regionCode } from '../query.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { asField, ChainRef, chainRef, iso, saveFailed } from './present.ts';
import { isoTime, pageOf, pageQuery, responses, usccParam, version } from './schemas.ts';

const Enterprise = z.object({
  uscc: z.string(), name: z.string(), tier: z.enum(TIERS).meta({ description: 'chain_leader 链主企业、core 核心企业、specialized 专精特新、sme 中小企业' }),
  region: z.object({ code: z.string(), name: z.string(), kind: z.enum(REGION_KINDS) }).nullable(),
  address: z.string(), lat: z.number().nullable(), lng: z.number().nullable(), chains: z.array(ChainRef),
  products: z.string(), processes: z.string(), materials: z.string(), certifications: z.string(),
  annual_output_wan: z.number().nullable().meta({ description: '年产值（万元）' }), employees: z.number().int().nullable(),
  contact: z.object({ name: z.string(), phone: z.string() }).nullable().meta({ description: '仅对已登录的调用方提供' }),
  description: z.string(), version: z.number().int(), updated_at: isoTime,
}).meta({ id: 'Enterprise' });

const listQuery = z.object({
  ...pageQuery, chain: chainId.meta({ description: '产业链代码' }), region: regionCode.meta({ description: '区县代码' }),
  tier: optional(z.enum(TIERS, { message: '企业类型须为 chain_leader、core、specialized 或 sme' })),
});

const text = (max: number) => z.string().max(max, { message: `不能超过 ${max} 个字符` });
const profileBody = z.strictObject({
  version,
  name: text(200).optional(), region: text(60).optional().meta({ description: '所在区县名称（如 樊城区）' }), address: text(300).optional(),
  chains: z.array(text(40)).max(13).optional().meta({ description: '产业链代码或名称' }),
  products: text(2000).optional(), processes: text(2000).optional(), materials: text(2000).optional(), certifications: text(2000).optional(),
  annual_output_wan: z.number().nonnegative().nullable().optional(), employees: z.number().int().nonnegative().nullable().optional(),
  contact_name: text(60).optional(), contact_phone: text(60).optional(), description: text(5000).optional(),
}).meta({ description: '只给要改的字段；未给出的字段保持不变。企业类型、统一社会信用代码和坐标不能在此修改。' });

export function present(e: EnterpriseRecord, actor: Actor): z.output<typeof Enterprise> {
  return {
    uscc: e.uscc, name: e.name, tier: e.tier,
    region: e.regionCode && e.regionName && e.regionKind ? { code: e.regionCode, name: e.regionName, kind: e.regionKind } : null,
    address: e.address, lat: e.lat, lng: e.lng, chains: e.chainIds ? e.chainIds.split(',').map((id) => chainRef(id)!) : [],
    products: e.products, processes: e.processes, materials: e.materials, certifications: e.certifications,
    annual_output_wan: e.annualOutputWan, employees: e.employees,
    contact: canSeeContacts(actor) ? { name: e.contactName, phone: e.contactPhone } : null,
    description: e.description, version: e.version, updated_at: iso(e.updatedAt),
  };
}

/** The profile as its form holds it, for the fields the body leaves out. */
function formValues(e: EnterpriseRecord): Record<string, string | string[]> {
  return {
    name: e.name, region: e.regionName ?? '', address: e.address, chains: e.chainIds ? e.chainIds.split(',') : [],
    products: e.products, processes: e.processes, materials: e.materials, certifications: e.certifications,
    annual_output_wan: asField(e.annualOutputWan), employees: asField(e.employees),
    contact_name: e.contactName, contact_phone: e.contactPhone, description: e.description,
  };
}

export async function apiEnterpriseRoutes(app: FastifyInstance) {
  const { database } = app.deps;
  const api = app.withTypeProvider<ZodTypeProvider>();
  const firm = (uscc: string) => {
    const e = enterpriseRecord(database.db, uscc);
    if (!e) throw notFound(`企业 ${uscc} `);
    return e;
  };

  api.get('/api/enterprises', {
    config: { access: 'public' },
    schema: { tags: ['enterprises'], summary: '企业名录', description: '按统一编号顺序分页。', security: [], querystring: listQuery, response: responses({ 200: pageOf(Enterprise) }) },
  }, (request) => {
    const { cursor, limit, ...filters } = request.query;
    const rows = enterpriseRecordsAfter(database.db, filters, decodeCursor(cursor, filters), limit + 1);
    const items = rows.slice(0, limit);
    return { items: items.map((e) => present(e, request.actor)), next: rows.length > limit ? encodeCursor(items.at(-1)!.id, filters) : null };
  });

  api.get('/api/enterprises/:uscc', {
    config: { access: 'public' },
    schema: { tags: ['enterprises'], summary: '企业档案', security: [], params: usccParam, response: responses({ 200: Enterprise }, 404) },
  }, (request) => present(firm(request.params.uscc), request.actor));

  api.patch('/api/enterprises/:uscc', {
    config: { access: ['enterprise', 'admin'] },
    schema: {
      tags: ['enterprises'], summary: '企业更新本企业档案',
      description: '与企业自助编辑页面规则相同；须带上读取时的 version，他人已先保存则返回 409，不会覆盖。',
      params: usccParam, body: profileBody, response: responses({ 200: Enterprise }, 404, 409, 422),
    },
  }, (request) => {
    const e = firm(request.params.uscc);
    if (!canEditProfile(request.actor, e.id)) throw new HttpError(403, 'forbidden', '只能修改本企业的档案');
    const { version: expected, ...changes } = request.body;
    const body = { ...formValues(e), ...Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, Array.isArray(v) ? v : asField(v)])), version: String(expected) };
    const result = saveProfile(request.writeContext, e.id, body);
    if (!result.ok) throw saveFailed(result);
    return present(firm(e.uscc), request.actor);
  });
}
