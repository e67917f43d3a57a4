/**
 * buildApp(deps) assembles the Fastify app and never listens: main.ts listens, tests inject.
 * Order: ecosystem plugins → own plugins → routes.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import type { Config } from './config.ts';
import type { Database_ } from '../db/client.ts';
import type { Clock } from './clock.ts';
import { registerErrorHandling } from './plugins/errors.ts';
import { registerStaticAssets } from './plugins/static-assets.ts';
import { registerPageRendering } from './plugins/pages.ts';
import { homeRoutes } from './routes/home.ts';
import { enterpriseRoutes } from './routes/enterprises.ts';
import { listingRoutes } from './routes/listings.ts';
import { importRoutes } from './routes/import.ts';

export interface AppDeps {
  config: Config;
  database: Database_;
  clock: Clock;
}

declare module 'fastify' {
  interface FastifyInstance { deps: AppDeps }
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.config.logLevel === 'silent' ? false : { level: deps.config.logLevel },
    trustProxy: false,
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  app.decorate('deps', deps);

  await app.register(formbody);
  await app.register(multipart, {
    limits: { fileSize: deps.config.uploadLimitBytes, files: 10, fields: 10, fieldSize: 1024, parts: 20 },
  });
  registerErrorHandling(app);
  registerPageRendering(app);
  await registerStaticAssets(app);

  await app.register(homeRoutes);
  await app.register(enterpriseRoutes);
  await app.register(listingRoutes);
  await app.register(importRoutes);
  return app;
}
