/** Stylesheets, scripts and vendor libraries, all from this project or node_modules (no CDN). */
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { createRequire } from 'node:module';
import { basename, dirname } from 'node:path';
import { projectPath } from '../../db/paths.ts';

const require = createRequire(import.meta.url);

/** Vendor files by the name pages ask for: only these leave node_modules (a Map: `constructor` or `__proto__` name nothing). */
const VENDOR = new Map<string, string>([
  ['htmx.min.js', require.resolve('htmx.org/dist/htmx.min.js')],
  ['echarts.min.js', require.resolve('echarts/dist/echarts.min.js')],
  // the API reference viewer (/api/docs)
  ['swagger-ui-bundle.js', require.resolve('swagger-ui-dist/swagger-ui-bundle.js')],
  ['swagger-ui.css', require.resolve('swagger-ui-dist/swagger-ui.css')],
]);

export async function registerStaticAssets(app: FastifyInstance): Promise<void> {
  await app.register(async (scope) => {
    // @fastify/static takes no route config: every route in this scope is a public asset.
    scope.addHook('onRoute', (route) => { route.config = { ...route.config, access: 'public' }; });
    await scope.register(fastifyStatic, {
      root: projectPath('views', 'static'),
      prefix: '/static/',
      maxAge: '1h',
    });
    scope.get<{ Params: { file: string } }>('/vendor/:file', (request, reply) => {
      const path = VENDOR.get(request.params.file);
      if (!path) return reply.callNotFound();
      return reply.header('cache-control', 'public, max-age=86400').sendFile(basename(path), dirname(path));
    });
  });
}
