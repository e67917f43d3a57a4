/**
 * The /search page (GET /api/search, in routes/api/, runs the same search). One endpoint per form: the
 * page answers an htmx request with the results fragment and anything else (a plain GET form,
 * a shared link, the back button) with the whole page — the same results either way.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { SearchUnavailableError, type SearchResult } from '../../search/search-index.ts';
import type { SearchView } from '../../views/pages/search.ts';
import { cityDate } from '../vocabulary.ts';
import { HttpError, parseInput, type FieldProblem } from '../plugins/errors.ts';
import { facetLabeler, hitDetails } from '../search/present.ts';
import { searchParams, toSearchQuery, type SearchParams } from '../search/params.ts';
import { InvalidInput } from '../invalid-input.ts';
import { firmNamesLike } from '../marketplace/find-firm.ts';

export const SEARCH_PAGE_SIZE = 20;

const pageNumber = z.object({
  page: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number({ message: '页码须为整数' }).int({ message: '页码须为整数' })
    .min(1, { message: '页码从 1 开始' }).max(5000, { message: '页码过大' }).default(1)),
});

const unavailable = () => new HttpError(503, 'search_unavailable', '搜索服务暂时不可用，请稍后重试');

/** One search, answered from the read cache until the next write; an unreachable backend is a 503. */
export async function runSearch(app: FastifyInstance, params: SearchParams): Promise<SearchResult> {
  const { database, clock, search } = app.deps;
  try {
    const query = toSearchQuery(database.sqlite, params, cityDate(clock.now()));
    return await app.reads.getAsync(`search:${JSON.stringify(query)}`, () => search.search(query));
  } catch (err) {
    if (err instanceof SearchUnavailableError) throw unavailable();
    throw err;
  }
}

export async function searchRoutes(app: FastifyInstance) {
  const { database } = app.deps;
  const run = (params: SearchParams) => runSearch(app, params);

  // the reference firm of a distance search, suggested as it is typed
  app.get('/search/firm-names', { config: { access: 'public' } }, (request, reply) => {
    // whichever field asks: the search's reference (near) or the firm of an account, token or webhook (enterprise)
    const q = parseInput(z.object({ near: z.string().max(100, { message: '企业名称不能超过 100 个字符' }).optional(),
      enterprise: z.string().max(100, { message: '企业名称不能超过 100 个字符' }).optional() }), request.query);
    return reply.renderFragment('firmNameOptions', firmNamesLike(database.sqlite, q.near ?? q.enterprise ?? ''));
  });

  app.get('/search', { config: { access: 'public' } }, async (request, reply) => {
    const query = (request.query ?? {}) as Record<string, unknown>;
    const parsed = searchParams.safeParse({ ...query, limit: SEARCH_PAGE_SIZE, offset: undefined });
    const page = pageNumber.safeParse(query);
    const problems: FieldProblem[] = [
      ...(parsed.success ? [] : parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'q', message: i.message }))),
      ...(page.success ? [] : page.error.issues.map((i) => ({ field: 'page', message: i.message }))),
    ];
    const raw = typeof query.q === 'string' ? query.q : '';
    const view: SearchView = { params: parsed.success ? parsed.data : null, rawQuery: raw, page: page.success ? page.data.page : 1, problems, result: null };
    let status = problems.length > 0 ? 400 : 200;
    if (parsed.success && page.success) {
      try {
        const result = await run({ ...parsed.data, offset: (page.data.page - 1) * SEARCH_PAGE_SIZE });
        view.result = result;
        view.details = hitDetails(database.sqlite, result.hits);
        view.label = facetLabeler(database.sqlite);
      } catch (err) {
        if (err instanceof InvalidInput) {
          // a reference firm that cannot be found is told in the form, like any other field
          status = 400;
          problems.push({ field: err.field, message: err.rule });
        } else if (!(err instanceof HttpError)) throw err;
        else if (err.status === 400 && err.details) {
          // a reference firm that cannot be found is told in the form, like any other field
          status = 400;
          problems.push(...err.details);
        } else if (err.status === 503) {
          status = 503;
          view.unavailable = true;
        } else throw err;
      }
    }
    reply.code(status);
    return request.wantsFragment ? reply.renderFragment('searchResults', view) : reply.render('search', view);
  });
}
