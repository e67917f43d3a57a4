/**
 * The one configuration schema, parsed once at start.
 * Every key is listed in .env.example.
 */
import { z } from 'zod';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { isIP } from 'node:net';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** A proxy address or CIDR block (IPv4 or IPv6), as proxy-addr accepts them. */
const proxyAddress = (s: string) => {
  const [ip, bits, ...rest] = s.split('/');
  if (rest.length || !ip || !isIP(ip)) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (isIP(ip) === 4 ? 32 : 128));
};

/**
 * Off, a hop count (how many proxies in front of the server to believe), or the proxies' own
 * addresses; never "trust everyone", which would let any client choose its address.
 */
const trustProxy = z.string().trim().transform((v, ctx): false | number | string[] => {
  if (v === '' || v === 'false' || v === '0') return false;
  if (/^\d+$/.test(v)) return Number(v);
  const list = v.split(',').map((a) => a.trim()).filter(Boolean);
  const bad = list.filter((a) => !proxyAddress(a));
  if (bad.length) ctx.addIssue({ code: 'custom', message: `must be false, a hop count or a comma list of proxy IP addresses/CIDR blocks (not: ${bad.join(', ')})` });
  return list;
});

export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DEMO: booleanFlag.default(true),
  MEILI_HOST: z.url({ message: 'must be a URL such as http://127.0.0.1:7700' }).optional(),
  MEILI_API_KEY: z.string().min(1).optional(),
  SESSION_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  UPLOAD_LIMIT_MB: z.coerce.number().positive().max(512).default(50),
  TRUST_PROXY: trustProxy.default(false),
  PUBLIC_ORIGIN: z.url({ message: 'must be an origin such as https://llt.example.gov.cn' })
    .refine((u) => /^https?:\/\/[^/?#]+\/?$/.test(u), { message: 'must be an origin only: scheme and host, no path (https://llt.example.gov.cn)' })
    .transform((u) => u.replace(/\/$/, '').toLowerCase()).optional(),
  PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  API_RATE_LIMIT: z.coerce.number().int().min(0).max(1_000_000).default(600),
  WEBHOOK_DELIVERY: booleanFlag.default(true),
  WEBHOOK_ALLOW_HTTP: booleanFlag.default(false),
  WORKERS: z.coerce.number({ message: 'must be a whole number of processes (1 = one process, as before)' })
    .int({ message: 'must be a whole number of processes' }).min(1, { message: 'must be at least 1' }).max(32, { message: 'must be at most 32' }).default(1),
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
  /** pretty one-line logs for a terminal, pino JSON lines otherwise */
  logFormat: 'json' | 'pretty';
  uploadLimitBytes: number;
  /** Fastify's trustProxy: false, a hop count, or the proxies' addresses */
  trustProxy: false | number | string[];
  /** the https origin users reach the server at through a reverse proxy, e.g. https://llt.example.gov.cn */
  publicOrigin: string | null;
  /** password hashes (scrypt) computed at once; more wait in a short queue, the rest are told to retry */
  passwordHashConcurrency: number;
  /** /api requests per minute per token, session or (anonymous) address; 0 turns the limit off */
  apiRateLimit: number;
  /** this process runs the webhook delivery loop (exactly one process should) */
  webhookDelivery: boolean;
  /** webhook endpoints may use plain http to any host (otherwise https, or http to this machine only) */
  webhookAllowHttp: boolean;
  /** server processes over the one database file (node:cluster); 1 runs the single process of old */
  workers: number;
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
    logFormat: c.LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json'),
    uploadLimitBytes: Math.round(c.UPLOAD_LIMIT_MB * 1024 * 1024),
    trustProxy: c.TRUST_PROXY,
    publicOrigin: c.PUBLIC_ORIGIN ?? null,
    passwordHashConcurrency: c.PASSWORD_HASH_CONCURRENCY,
    apiRateLimit: c.API_RATE_LIMIT,
    webhookDelivery: c.WEBHOOK_DELIVERY,
    webhookAllowHttp: c.WEBHOOK_ALLOW_HTTP,
    workers: c.WORKERS,
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
    logFormat: 'json',
    uploadLimitBytes: 5 * 1024 * 1024,
    trustProxy: false,
    publicOrigin: null,
    passwordHashConcurrency: 2,
    // Tests send many requests with one token; the rate-limit test turns it on.
    apiRateLimit: 0,
    // Tests deliver webhooks by calling the dispatcher; a running loop would race them.
    webhookDelivery: false,
    webhookAllowHttp: false,
    workers: 1,
    ...overrides,
  };
}
