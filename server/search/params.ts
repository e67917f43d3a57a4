/**
 * The search parameters shared by GET /api/search and the /search page,
 * validated with zod, and their translation into a SearchQuery. Filters may repeat
 * (`chain=auto&chain=rail`: either); an empty value means no filter.
 */
import { z } from 'zod';
import type Database from 'better-sqlite3';
import { LISTING_KINDS, TIERS, type ListingKind, type Tier } from '../../db/schema.ts';
import { FACET_FIELDS, type FacetValues, type SearchQuery, type SearchSort } from '../../search/search-index.ts';
import { getLexicon } from '../../search/lexicon.ts';
import { InvalidInput } from '../invalid-input.ts';
import { findFirm, firmLookupProblem } from '../marketplace/find-firm.ts';

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
/** One value or many (a repeated parameter), blanks dropped; a bad value is reported against the field itself. */
const many = <T extends string>(valid: (v: string) => boolean, message: string) => z.preprocess(
  (v) => (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(blank).filter((x) => x !== undefined),
  z.array(z.string().max(120, { message: '筛选值过长' }), { message }).max(20, { message: '同一筛选最多 20 个值' })
    .refine((values) => values.every(valid), { message })
    .transform((values) => values as T[]),
);

const chains = () => new Set(getLexicon().chains().map((c) => c.id));

export const searchParams = z.object({
  q: z.preprocess((v) => (Array.isArray(v) ? v.join(' ') : v ?? ''), z.string().max(2000, { message: '搜索词不能超过 2000 个字符' })),
  type: z.preprocess(blank, z.enum(['listing', 'enterprise'], { message: '类型须为 listing 或 enterprise' }).optional()),
  kind: many<ListingKind>((v) => (LISTING_KINDS as readonly string[]).includes(v), '供需类型须为 supply 或 demand'),
  chain: many<string>((v) => chains().has(v), '未知的产业链'),
  region: many<string>(() => true, '区域代码有误'),
  tier: many<Tier>((v) => (TIERS as readonly string[]).includes(v), '企业类型须为 chain_leader、core、specialized 或 sme'),
  cert: many<string>(() => true, '资质代码有误'),
  sort: z.preprocess(blank, z.enum(['relevance', 'newest', 'distance'], { message: '排序须为 relevance、newest 或 distance' }).optional()),
  near: z.preprocess(blank, z.string().trim().max(100, { message: '参照企业不能超过 100 个字符' }).optional()),
  lat: z.preprocess(blank, z.coerce.number({ message: '纬度须为数字' }).min(-90, { message: '纬度须在 -90 到 90 之间' }).max(90, { message: '纬度须在 -90 到 90 之间' }).optional()),
  lng: z.preprocess(blank, z.coerce.number({ message: '经度须为数字' }).min(-180, { message: '经度须在 -180 到 180 之间' }).max(180, { message: '经度须在 -180 到 180 之间' }).optional()),
  limit: z.preprocess(blank, z.coerce.number({ message: 'limit 须为整数' }).int({ message: 'limit 须为整数' }).min(1, { message: 'limit 须在 1 到 100 之间' }).max(100, { message: 'limit 须在 1 到 100 之间' }).default(20)),
  offset: z.preprocess(blank, z.coerce.number({ message: 'offset 须为整数' }).int({ message: 'offset 须为整数' }).min(0, { message: 'offset 不能为负' }).max(100_000, { message: 'offset 过大' }).default(0)),
}).superRefine((p, ctx) => {
  if ((p.lat === undefined) !== (p.lng === undefined)) ctx.addIssue({ code: 'custom', path: ['lat'], message: '纬度和经度须同时给出' });
  if (p.sort === 'distance' && !p.near && p.lat === undefined) {
    ctx.addIssue({ code: 'custom', path: ['near'], message: '按距离排序，请填写距离参照企业（企业名称或统一社会信用代码）' });
  }
});

export type SearchParams = z.output<typeof searchParams>;

export function facetFilters(p: SearchParams): FacetValues {
  const out: FacetValues = {};
  for (const field of FACET_FIELDS) if (p[field].length > 0) out[field] = [...p[field]];
  return out;
}

const nearProblem = (message: string) => new InvalidInput('near', message);

/** Where `near` stands: the firm named (find-firm.ts), at its coordinates, else its region's centre. */
function firmPoint(sqlite: Database.Database, ref: string): { lat: number; lng: number } {
  const lookup = findFirm(sqlite, ref);
  if (!('found' in lookup)) throw nearProblem(firmLookupProblem(ref, lookup));
  const { name, lat, lng } = lookup.found;
  if (lat === null || lng === null) throw nearProblem(`「${name}」没有位置信息`);
  return { lat, lng };
}

export function toSearchQuery(sqlite: Database.Database, p: SearchParams, today: string): SearchQuery {
  let sort: SearchSort | undefined;
  if (p.sort === 'distance') {
    const from = p.lat !== undefined && p.lng !== undefined ? { lat: p.lat, lng: p.lng } : firmPoint(sqlite, p.near!);
    sort = { by: 'distance', from };
  } else if (p.sort) {
    sort = { by: p.sort };
  }
  return {
    text: p.q, types: p.type ? [p.type] : [], filters: facetFilters(p), limit: p.limit, offset: p.offset, today,
    ...(sort ? { sort } : {}),
  };
}

