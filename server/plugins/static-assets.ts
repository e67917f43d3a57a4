/** Stylesheets, scripts and vendor libraries, all from this project or node_modules (no CDN). */
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { createRequire } from 'node:module';
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

export async function registerStaticAssets(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, {
    root: fileURLToPath(new URL('../../views/static', import.meta.url)),
    prefix: '/static/',
    maxAge: '1h',
  });
  const vendor: Record<string, string> = {
    'htmx.min.js': require.resolve('htmx.org/dist/htmx.min.js'),
  };
  app.get<{ Params: { file: string } }>('/vendor/:file', (request, reply) => {
    const path = vendor[request.params.file];
    if (!path) return reply.callNotFound();
    return reply.header('cache-control', 'public, max-age=86400').sendFile(basename(path), dirname(path));
  });
}
