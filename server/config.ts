/**
 * The one configuration schema, parsed once at start.
 * Every key is listed in .env.example.
 */
import { z } from 'zod';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DEMO: booleanFlag.default(true),
  MEILI_HOST: z.url({ message: 'must be a URL such as http://127.0.0.1:7700' }).optional(),
  MEILI_API_KEY: z.string().min(1).optional(),
  SESSION_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  UPLOAD_LIMIT_MB: z.coerce.number().positive().max(512).default(50),
  API_RATE_LIMIT: z.coerce.number().int().min(0).max(1_000_000).default(600),
  WEBHOOK_DELIVERY: booleanFlag.default(true),
  WEBHOOK_ALLOW_HTTP: booleanFlag.default(false),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseFile: string;
  demo: boolean;
  meili: { host: string; apiKey?: string } | null;
  sessionSecret: string;
  logLevel: z.infer<typeof configSchema>['LOG_LEVEL'];
  uploadLimitBytes: number;
  /** /api requests per minute per token, session or (anonymous) address; 0 turns the limit off */
  apiRateLimit: number;
  /** this process runs the webhook delivery loop (exactly one process should) */
  webhookDelivery: boolean;
  /** webhook endpoints may use plain http to any host (otherwise https, or http to this machine only) */
  webhookAllowHttp: boolean;
}

export class ConfigError extends Error {}

/** Reads the environment; creates DATA_DIR and, when SESSION_SECRET is unset, a secret kept in it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const dataDir = resolve(c.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  return {
    port: c.PORT,
    host: c.HOST,
    dataDir,
    databaseFile: join(dataDir, 'lianliantong.sqlite'),
    demo: c.DEMO,
    meili: c.MEILI_HOST ? { host: c.MEILI_HOST, apiKey: c.MEILI_API_KEY } : null,
    sessionSecret: c.SESSION_SECRET ?? persistentSecret(dataDir),
    logLevel: c.LOG_LEVEL,
    uploadLimitBytes: Math.round(c.UPLOAD_LIMIT_MB * 1024 * 1024),
    apiRateLimit: c.API_RATE_LIMIT,
    webhookDelivery: c.WEBHOOK_DELIVERY,
    webhookAllowHttp: c.WEBHOOK_ALLOW_HTTP,
  };
}

function persistentSecret(dataDir: string): string {
  const file = join(dataDir, 'session-secret');
  if (existsSync(file)) {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length >= 32) return secret;
  }
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** A config for tests and tools that never touch the disk. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir: ':memory:',
    databaseFile: ':memory:',
    demo: false,
    meili: null,
    sessionSecret: 'test-secret-test-secret-test-secret-0123',
    logLevel: 'silent',
    uploadLimitBytes: 5 * 1024 * 1024,
    // Tests send many requests with one token; the rate-limit test turns it on.
    apiRateLimit: 0,
    // Tests deliver webhooks by calling the dispatcher; a running loop would race them.
    webhookDelivery: false,
    webhookAllowHttp: false,
    ...overrides,
  };
}
