/** The officials' dashboard, its drill-down and the quarterly report downloads. Officials see their scope; admins all. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { getLexicon } from '../../search/lexicon.ts';
import { cityDate } from '../vocabulary.ts';
import { buildDashboard, dashboardYears, enterpriseNameOf, enterpriseNames } from '../metrics/dashboard.ts';
import { loadNearSiteInput } from '../metrics/load.ts';
import { nearSite, nearSiteByBuyer } from '../metrics/near-site.ts';
import { quarterlyCsv, quarterlyFileName, quarterlyWorkbook } from '../metrics/report.ts';
import { sendDownload } from './download.ts';
import type { MetricScope } from '../metrics/coverage.ts';
import { signedIn } from '../plugins/auth.ts';
import { HttpError, parseInput } from '../plugins/errors.ts';
import { canViewComponent, officialScope } from '../auth/policy.ts';
import { componentAccessRows } from '../components/queries.ts';
import { chainId, optional, regionCode } from './query.ts';

const OFFICIALS = { config: { access: ['official', 'admin'] as const } };
const yearQuery = z.object({
  year: optional(z.coerce.number().int({ message: '年度须为整数' }).min(2000).max(2100)),
  quarter: optional(z.coerce.number().int().min(1, { message: '季度为 1–4' }).max(4, { message: '季度为 1–4' })),
});
const drillQuery = yearQuery.extend({ chain: chainId, region: regionCode, buyer_uscc: optional(z.string().trim().toUpperCase().max(18)) });

export async function dashboardRoutes(app: FastifyInstance) {
  const { database, clock } = app.deps;
  const { sqlite } = database;
  const scopeOf = (request: FastifyRequest): MetricScope => {
    const actor = signedIn(request);
    if (actor.role === 'admin') return { chains: [], regions: [] };
    const scope = officialScope(actor);
    if (!scope) throw new HttpError(403, 'forbidden', '没有权限查看看板');
    return scope;
  };
  const thisYear = () => Number(cityDate(clock.now()).slice(0, 4));
  const years = () => dashboardYears(sqlite, thisYear());

  app.get('/dashboard', OFFICIALS, (request, reply) => {
    const q = parseInput(yearQuery, request.query);
    const data = buildDashboard(sqlite, q.year ?? thisYear(), scopeOf(request));
    return request.wantsFragment ? reply.renderFragment('dashboardBody', data) : reply.render('dashboard', { ...data, years: years() });
  });

  app.get('/dashboard/near-site', OFFICIALS, (request, reply) => {
    const q = parseInput(drillQuery, request.query);
    const year = q.year ?? thisYear();
    const filter = { year, quarter: q.quarter, chain: q.chain, region: q.region, buyerUscc: q.buyer_uscc, scope: scopeOf(request) };
    const input = loadNearSiteInput(sqlite);
    const names = enterpriseNames(sqlite);
    const components = componentAccessRows(sqlite);
    const lexicon = getLexicon();
    const where = [q.chain && lexicon.chains().find((c) => c.id === q.chain)?.name, q.region && lexicon.regions().find((r) => r.code === q.region)?.name,
      q.buyer_uscc && enterpriseNameOf(sqlite, q.buyer_uscc)].filter(Boolean).join(' · ') || '全市';
    const title = `${where} ${year}年${q.quarter ? `第${q.quarter}季度` : ''}`;
    return reply.render('nearSiteDetail', {
      title, year, figures: nearSite(input, filter),
      buyers: nearSiteByBuyer(input, filter).map((b) => ({
        name: names.get(b.buyer.id) ?? b.buyer.uscc, uscc: b.buyer.uscc, totalWan: b.totalWan, baseLocalWan: b.baseLocalWan, localisedWan: b.localisedWan, reported: b.reported,
        // A buyer in the official's chain may also buy parts for other chains: each deal shows only when its component is visible.
        deals: b.deals.filter((d) => { const c = components.get(d.componentId); return c !== undefined && canViewComponent(request.actor, c); }).map((d) => ({ dealId: d.dealId, componentRef: components.get(d.componentId)?.ref ?? '', componentName: components.get(d.componentId)?.name ?? '', valueWan: d.valueWan, signed: `${d.signedYear}年Q${d.signedQuarter}` })),
      })),
    });
  });

  const report = (request: FastifyRequest) => {
    const q = parseInput(yearQuery, request.query);
    return buildDashboard(sqlite, q.year ?? thisYear(), scopeOf(request), q.quarter);
  };

  app.get('/reports/quarterly.xlsx', OFFICIALS, (request, reply) => {
    const data = report(request);
    return sendDownload(reply, quarterlyFileName(data, 'xlsx', clock.now()), quarterlyWorkbook(data));
  });

  app.get('/reports/quarterly.csv', OFFICIALS, (request, reply) => {
    const data = report(request);
    return sendDownload(reply, quarterlyFileName(data, 'csv', clock.now()), quarterlyCsv(data));
  });
}
