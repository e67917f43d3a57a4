/**
 * A firm posts, edits, renews and closes its own supply and demand listings. Every save
 * checks the version the form was loaded with; validity is at most two years ahead.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import * as f from '../domain/fields.ts';
import { listingFields } from '../import/records.ts';
import { recordAudit } from '../audit.ts';
import { MAX_VALID_DAYS } from '../clock.ts';
import { fieldErrors } from '../forms.ts';
import { staleMessage, type SaveResult } from './profile.ts';
import type { WriteContext } from '../write-context.ts';
import { expectedRow } from '../../db/rows.ts';
import { cityDate } from '../vocabulary.ts';

const listingForm = z.object({ ...listingFields, valid_until: f.isoDate({ required: true }) });

function validityProblem(validUntil: string | null, now: number): string | null {
  const today = cityDate(now);
  const latest = cityDate(now + MAX_VALID_DAYS * 86_400_000);
  if (validUntil === null) return null;
  if (validUntil < today) return '有效期不能早于今天';
  if (validUntil > latest) return `有效期最长两年（不晚于 ${latest}）`;
  return null;
}

const LISTING_COLUMNS = `ref, kind, title, description, chain_id as chainId, quantity, unit, valid_until as validUntil, status, version`;

export function createListing(ctx: WriteContext, enterpriseId: number, body: unknown): { ok: true; ref: string } | { ok: false; kind: 'invalid'; errors: Record<string, string> } {
  const parsed = listingForm.safeParse(body);
  if (!parsed.success) return { ok: false, kind: 'invalid', errors: fieldErrors(parsed.error) };
  const l = parsed.data;
  const problem = validityProblem(l.valid_until, ctx.now);
  if (problem) return { ok: false, kind: 'invalid', errors: { valid_until: problem } };
  const ref = `L${cityDate(ctx.now).replaceAll('-', '')}-${randomBytes(3).toString('hex').toUpperCase()}`;
  return ctx.feed.transaction(ctx.sqlite, (record) => {
    const region = ctx.sqlite.prepare<[number], string | null>('select region_code from enterprises where id = ?').pluck().get(enterpriseId) ?? null;
    const id = Number(ctx.sqlite.prepare(`insert into listings (ref, enterprise_id, kind, title, description, chain_id, quantity, unit, region_code, valid_until, created_at, updated_at)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(ref, enterpriseId, l.kind, l.title, l.description, l.chain?.id ?? null, l.quantity, l.unit, region, l.valid_until, ctx.now, ctx.now).lastInsertRowid);
    const after = ctx.sqlite.prepare(`select ${LISTING_COLUMNS} from listings where id = ?`).get(id);
    recordAudit(ctx.sqlite, { actor: ctx.actor, action: 'listing.create', objectType: 'listing', objectId: ref, enterpriseId, after, at: ctx.now, ip: ctx.ip });
    record({ listings: [id] });
    return { ok: true as const, ref };
  });
}

export type ListingChange = { kind: 'edit'; body: unknown } | { kind: 'renew'; body: unknown } | { kind: 'close'; body: unknown };

const versionOnly = z.object({ version: z.coerce.number().int().positive({ message: '缺少版本号，请刷新页面' }) });
const renewInput = versionOnly.extend({ valid_until: f.isoDate({ required: true }) });

/** Edit, renew (a new validity date, reopening a closed or expired listing) or close. */
export function changeListing(ctx: WriteContext, listingId: number, change: ListingChange): SaveResult {
  const schema = change.kind === 'edit' ? listingForm.extend(versionOnly.shape) : change.kind === 'renew' ? renewInput : versionOnly;
  const parsed = schema.safeParse(change.body);
  if (!parsed.success) return { ok: false, kind: 'invalid', errors: fieldErrors(parsed.error) };
  const input = parsed.data as z.output<typeof listingForm> & { version: number };
  if (change.kind !== 'close') {
    const problem = validityProblem(input.valid_until, ctx.now);
    if (problem) return { ok: false, kind: 'invalid', errors: { valid_until: problem } };
  }
  return ctx.feed.transaction(ctx.sqlite, (record): SaveResult => {
    const before = expectedRow(ctx.sqlite.prepare<[number], Record<string, unknown> & { version: number; enterpriseId: number; ref: string }>(
      `select ${LISTING_COLUMNS}, enterprise_id as enterpriseId from listings where id = ?`).get(listingId), `listing ${listingId}`);
    if (before.version !== input.version) return { ok: false, kind: 'conflict', message: staleMessage(before.version) };
    if (change.kind === 'edit') {
      ctx.sqlite.prepare(`update listings set kind = ?, title = ?, description = ?, chain_id = ?, quantity = ?, unit = ?, valid_until = ?,
        import_hash = null, version = version + 1, updated_at = ? where id = ?`).run(
        input.kind, input.title, input.description, input.chain?.id ?? null, input.quantity, input.unit, input.valid_until, ctx.now, listingId);
    } else if (change.kind === 'renew') {
      if (typeof before.validUntil === 'string' && input.valid_until !== null && input.valid_until < before.validUntil) {
        return { ok: false, kind: 'invalid', errors: { valid_until: `续期不能缩短有效期（当前有效期至 ${before.validUntil}）` } };
      }
      ctx.sqlite.prepare(`update listings set valid_until = ?, status = 'open', version = version + 1, updated_at = ? where id = ?`).run(input.valid_until, ctx.now, listingId);
    } else {
      ctx.sqlite.prepare(`update listings set status = 'closed', version = version + 1, updated_at = ? where id = ?`).run(ctx.now, listingId);
    }
    const after = ctx.sqlite.prepare(`select ${LISTING_COLUMNS} from listings where id = ?`).get(listingId);
    recordAudit(ctx.sqlite, { actor: ctx.actor, action: `listing.${change.kind}`, objectType: 'listing', objectId: before.ref, enterpriseId: before.enterpriseId, before, after, at: ctx.now, ip: ctx.ip });
    record({ listings: [listingId] });
    return { ok: true, version: input.version + 1 };
  });
}
