/**
 * A firm's own pages: its profile and its supply and demand listings. Each route checks
 * on the server that the object belongs to the actor's firm (admins may act for any).
 */
import * as q from '../marketplace/self-service-queries.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { allChains } from '../../db/repositories/catalog.ts';
import { getLexicon } from '../../search/lexicon.ts';
import type { ProfileFormView } from '../../views/pages/profile-form.ts';
import type { ListingFormView } from '../../views/pages/listing-form.ts';
import { canEditProfile, canManageListingsOf } from '../auth/policy.ts';
import { renewalEnd } from '../clock.ts';
import { saveProfile } from '../marketplace/profile.ts';
import { changeListing, createListing } from '../marketplace/listings.ts';
import { signedIn } from '../plugins/auth.ts';
import { HttpError, httpStatusOf, notFound } from '../plugins/errors.ts';
import { cityDate } from '../vocabulary.ts';

const FIRM_USERS = { config: { access: ['enterprise', 'procurement'] as const } };
const POSTERS = { config: { access: ['enterprise', 'procurement', 'admin'] as const } };
const SIGNED_IN = { config: { access: 'signed-in' as const } };
const forbidden = () => new HttpError(403, 'forbidden', '只能管理本企业的信息');

export async function selfServiceRoutes(app: FastifyInstance) {
  const { database, clock } = app.deps;
  const { sqlite } = database;

  const firmByUscc = (uscc: string) => q.firmByUscc(sqlite, uscc);
  const firmById = (id: number) => q.firmById(sqlite, id);
  const listingByRef = (ref: string) => q.listingByRef(sqlite, ref);
  const ownListing = (request: FastifyRequest<{ Params: { ref: string } }>) => {
    const listing = listingByRef(request.params.ref);
    if (!listing) throw notFound('该供需信息');
    if (!canManageListingsOf(request.actor, listing.enterpriseId)) throw forbidden();
    return listing;
  };

  app.get<{ Querystring: { msg?: string } }>('/me', FIRM_USERS, (request, reply) => {
    const actor = signedIn(request);
    const firm = firmById(actor.enterpriseId!)!;
    const listings = q.ownListings(sqlite, firm.id);
    const messages: Record<string, string> = { renew: '已续期。', close: '已关闭，该信息不再出现在列表和搜索中。', created: '已发布。' };
    return reply.render('me', { firm, listings: listings.map((l) => ({ ...l, renewTo: renewalEnd(l.validUntil, clock.now()) })), today: cityDate(clock.now()),
      csrfToken: request.csrfToken(reply), message: messages[request.query.msg ?? ''] });
  });

  // ── profile ──
  const profileValues = (firmId: number) => q.profileValues(sqlite, firmId);
  const profileView = (request: FastifyRequest, reply: FastifyReply, uscc: string, values: Record<string, unknown>, extra: Partial<ProfileFormView> = {}): ProfileFormView => ({
    uscc, values, chains: allChains(database.db), csrfToken: request.csrfToken(reply),
    regions: getLexicon().regions().filter((r) => r.kind !== 'outside'), ...extra,
  });
  const editableFirm = (request: FastifyRequest<{ Params: { uscc: string } }>) => {
    const firm = firmByUscc(request.params.uscc);
    if (!firm) throw notFound('该企业');
    if (!canEditProfile(request.actor, firm.id)) throw forbidden();
    return firm;
  };

  app.get<{ Params: { uscc: string } }>('/enterprises/:uscc/edit', SIGNED_IN, (request, reply) => {
    const firm = editableFirm(request);
    return reply.render('profileEdit', { ...profileView(request, reply, firm.uscc, profileValues(firm.id)), firmName: firm.name });
  });

  app.post<{ Params: { uscc: string } }>('/enterprises/:uscc/edit', SIGNED_IN, (request, reply) => {
    const firm = editableFirm(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const result = saveProfile(request.writeContext, firm.id, body);
    const view = result.ok
      ? profileView(request, reply, firm.uscc, profileValues(firm.id), { saved: true })
      : profileView(request, reply, firm.uscc, result.kind === 'conflict' ? profileValues(firm.id) : body,
        result.kind === 'conflict' ? { message: result.message } : { errors: result.errors });
    reply.code(result.ok ? 200 : httpStatusOf(result.kind));
    return request.wantsFragment ? reply.renderFragment('profileForm', view) : reply.render('profileEdit', { ...view, firmName: firm.name });
  });

  // ── listings ──
  const listingView = (request: FastifyRequest, reply: FastifyReply, ref: string | null, firmUscc: string, values: Record<string, unknown>, extra: Partial<ListingFormView> = {}): ListingFormView =>
    ({ ref, firmUscc, values, chains: allChains(database.db), csrfToken: request.csrfToken(reply), ...extra });
  const respond = (request: FastifyRequest, reply: FastifyReply, status: number, view: ListingFormView) =>
    request.wantsFragment ? reply.code(status).renderFragment('listingForm', view) : reply.code(status).render('listingForm', view);

  /** Firm users post for their own firm; an admin names the firm. */
  const posterFirm = (request: FastifyRequest, firmField: unknown) => {
    const actor = signedIn(request);
    const firm = actor.role === 'admin' ? (typeof firmField === 'string' ? firmByUscc(firmField) : undefined) : firmById(actor.enterpriseId!);
    if (!firm) throw new HttpError(400, 'invalid_request', 'firm: 请指定发布企业的统一社会信用代码');
    if (!canManageListingsOf(actor, firm.id)) throw forbidden();
    return firm;
  };

  app.get<{ Querystring: { firm?: string } }>('/listings/new', POSTERS, (request, reply) => {
    const firm = posterFirm(request, request.query.firm);
    return reply.render('listingForm', listingView(request, reply, null, firm.uscc, { valid_until: cityDate(clock.now() + 180 * 86_400_000) }));
  });

  app.post('/listings/new', POSTERS, (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const firm = posterFirm(request, body.firm);
    const result = createListing(request.writeContext, firm.id, body);
    if (!result.ok) return respond(request, reply, 422, listingView(request, reply, null, firm.uscc, body, { errors: result.errors }));
    const target = `/listings/${result.ref}`;
    if (request.wantsFragment) return reply.header('hx-redirect', target).code(201).send('');
    return reply.redirect(target, 303);
  });

  app.get<{ Params: { ref: string } }>('/listings/:ref/edit', SIGNED_IN, (request, reply) => {
    const listing = ownListing(request);
    const firm = firmById(listing.enterpriseId)!;
    return reply.render('listingForm', listingView(request, reply, listing.ref, firm.uscc, listing));
  });

  app.post<{ Params: { ref: string } }>('/listings/:ref/edit', SIGNED_IN, (request, reply) => {
    const listing = ownListing(request);
    const firm = firmById(listing.enterpriseId)!;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const result = changeListing(request.writeContext, listing.id, { kind: 'edit', body });
    if (result.ok) return respond(request, reply, 200, listingView(request, reply, listing.ref, firm.uscc, listingByRef(listing.ref)!, { saved: true }));
    if (result.kind === 'conflict') return respond(request, reply, httpStatusOf(result.kind), listingView(request, reply, listing.ref, firm.uscc, listingByRef(listing.ref)!, { message: result.message }));
    return respond(request, reply, httpStatusOf(result.kind), listingView(request, reply, listing.ref, firm.uscc, body, { errors: result.errors }));
  });

  for (const kind of ['renew', 'close'] as const) {
    app.post<{ Params: { ref: string } }>(`/listings/:ref/${kind}`, SIGNED_IN, (request, reply) => {
      const listing = ownListing(request);
      const result = changeListing(request.writeContext, listing.id, { kind, body: request.body ?? {} });
      if (result.ok) return reply.redirect(request.actor.kind !== 'anonymous' && request.actor.role === 'admin' ? `/listings/${listing.ref}` : `/me?msg=${kind}`, 303);
      throw result.kind === 'conflict'
        ? new HttpError(httpStatusOf(result.kind), 'conflict', result.message)
        : new HttpError(httpStatusOf(result.kind), 'invalid_request', Object.values(result.errors).join('；'));
    });
  }
}
