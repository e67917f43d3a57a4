/** The API's own description: the OpenAPI 3.1 document generated from the route schemas, and a reference page for people. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

const OpenApiDocument = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});

export async function apiReferenceRoutes(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/api/openapi.json', {
    config: { access: 'public' },
    schema: { tags: ['reference'], summary: '本 API 的 OpenAPI 3.1 描述', security: [], response: { 200: OpenApiDocument } },
  }, (_request, reply) => {
    reply.header('cache-control', 'no-cache');
    return app.swagger() as z.output<typeof OpenApiDocument>;
  });

  api.get('/api/docs', {
    config: { access: 'public' },
    schema: {
      tags: ['reference'], summary: 'API 参考页面（HTML）', security: [],
      response: { 200: { description: 'HTML 页面', content: { 'text/html': { schema: z.string() } } } },
    },
  }, (_request, reply) => {
    reply.renderFragment('apiDocs');
  });
}
