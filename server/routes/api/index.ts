/** Every /api route, registered together (after registerApiSchema, so each one is in the document). */
import type { FastifyInstance } from 'fastify';
import { apiComponentRoutes } from './components.ts';
import { apiDealRoutes } from './deals.ts';
import { apiEnterpriseRoutes } from './enterprises.ts';
import { apiListingRoutes } from './listings.ts';
import { apiMatchRoutes } from './matches.ts';
import { apiMetricRoutes } from './metrics.ts';
import { apiProblemRoutes } from './problems.ts';
import { apiReferenceRoutes } from './reference.ts';
import { apiSearchRoutes } from './search.ts';
import { apiWebhookRoutes } from './webhooks.ts';
import { apiAttractionRoutes } from './attraction.ts';

export async function apiRoutes(app: FastifyInstance) {
  await app.register(apiReferenceRoutes);
  await app.register(apiSearchRoutes);
  await app.register(apiEnterpriseRoutes);
  await app.register(apiListingRoutes);
  await app.register(apiComponentRoutes);
  await app.register(apiMatchRoutes);
  await app.register(apiDealRoutes);
  await app.register(apiProblemRoutes);
  await app.register(apiMetricRoutes);
  await app.register(apiWebhookRoutes);
  await app.register(apiAttractionRoutes);
}
