/**
 * Schema-first HTTP for /api: every API route declares its params, query, headers, body and
 * responses as zod schemas. The framework validates input with them (a failure is a 400 that
 * names each field and rule, in Chinese — errors.ts sends it), checks every response body
 * against them (a body that drifts from its schema is a 500, so tests catch it), and
 * @fastify/swagger turns them into the OpenAPI 3.1 document served at /api/openapi.json.
 * Registered before any route: swagger collects routes as they are added. Descriptions come from
 * `.meta({ description })`; a schema given `.meta({ id })` becomes a named component of the document.
 */
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import swagger from '@fastify/swagger';
import { createJsonSchemaTransform, createJsonSchemaTransformObject, serializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { chineseMessage, type FieldRuleProblem } from './validation-messages.ts';

/** Marks the issues this compiler produced, so the error handler can tell them from others. */
const API_ISSUE = Symbol.for('llt.apiIssue');

interface ApiIssue extends FieldRuleProblem { [API_ISSUE]: true; instancePath: string; keyword: string }

const validatorCompiler: FastifySchemaCompiler<z.ZodType> = ({ schema, httpPart }) => (data) => {
  const result = schema.safeParse(data, { error: chineseMessage });
  if (result.success) return { value: result.data };
  const issues: ApiIssue[] = result.error.issues.map((i) => ({
    [API_ISSUE]: true, field: i.path.map(String).join('.') || (httpPart === 'body' ? '(body)' : String(httpPart)),
    rule: i.code, message: i.message, instancePath: `/${i.path.join('/')}`, keyword: i.code,
  }));
  return { error: issues as never };
};

/** The field problems of a request that failed its schema, or null when the failure came from elsewhere. */
export function apiValidationProblems(validation: unknown): FieldRuleProblem[] | null {
  if (!Array.isArray(validation) || !validation.every((v) => typeof v === 'object' && v !== null && API_ISSUE in v)) return null;
  return (validation as ApiIssue[]).map(({ field, rule, message }) => ({ field, rule, message }));
}

type JsonSchema = Record<string, unknown>;
interface OverrideContext { zodSchema: z.core.$ZodType; jsonSchema: JsonSchema }

/**
 * A preprocessed field (`z.preprocess(fn, schema)`: blank query values mean "not given") has
 * no JSON schema of its own input; the document shows the schema the value is checked against.
 */
function override(ctx: OverrideContext): void {
  const def = ctx.zodSchema._zod.def as { type: string; in?: z.core.$ZodType; out?: z.core.$ZodType; shape?: Record<string, z.core.$ZodType> };
  if (def.type === 'union' && Array.isArray(ctx.jsonSchema.anyOf)) {
    ctx.jsonSchema.anyOf = (ctx.jsonSchema.anyOf as JsonSchema[]).filter((s) => Object.keys(s).length > 0);
  }
  if (isPreprocessed(ctx.zodSchema) && def.out && Object.keys(ctx.jsonSchema).length === 0) {
    const { $schema: _drop, ...inner } = z.toJSONSchema(def.out, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any', override }) as JsonSchema;
    Object.assign(ctx.jsonSchema, inner);
  }
  // A preprocessed field that accepts being left out is optional, whatever its checked schema says.
  if (def.type === 'object' && def.shape && Array.isArray(ctx.jsonSchema.required)) {
    const shape = def.shape;
    ctx.jsonSchema.required = (ctx.jsonSchema.required as string[]).filter((key) => {
      const field = shape[key];
      return !(field && isPreprocessed(field) && z.safeParse(field, undefined).success);
    });
    if ((ctx.jsonSchema.required as string[]).length === 0) delete ctx.jsonSchema.required;
  }
}

function isPreprocessed(schema: z.core.$ZodType): boolean {
  const def = schema._zod.def as { type: string; in?: z.core.$ZodType };
  return def.type === 'pipe' && def.in?._zod.def.type === 'transform';
}

const RESPONSE_TEXT: Record<string, string> = {
  200: '成功', 201: '已创建', 400: '请求不合规：details 逐项给出字段、规则和说明', 401: '未认证：缺少令牌，或令牌无效、已吊销',
  403: '无权限：令牌的角色或所属企业不允许此操作', 404: '不存在', 409: '冲突：已被他人更新（版本不符）、状态不允许此操作或重复',
  413: '请求体过大', 415: '不支持的内容类型', 422: '内容不符合业务规则（details 或 report 逐项说明）', 429: '请求过于频繁：Retry-After 头给出需等待的秒数',
  503: '服务暂时不可用',
};

/** Each response of the document says in words what its status means. */
function describeResponses(schema: JsonSchema | undefined): void {
  const response = schema?.response as Record<string, JsonSchema> | undefined;
  if (!response) return;
  for (const [status, body] of Object.entries(response)) {
    if (body && typeof body === 'object' && !('content' in body) && RESPONSE_TEXT[status]) body.description ??= RESPONSE_TEXT[status];
  }
}

const zodToJsonConfig = { target: 'draft-2020-12' as const, override };

export const API_INFO = {
  title: '链链通 API',
  version: '1.0.0',
  description: [
    '襄阳产业链供需对接平台的集成接口：企业、供需信息、唯一来源外采件、对接商机、问题协调、近地配套率与 Webhook。',
    '',
    '认证：请求头 `Authorization: Bearer 令牌`（管理员在「API 令牌」页面或用 `npm run token` 创建）。令牌的角色和绑定企业决定能看、能改什么，与网页的规则相同。',
    '错误：`{ "error": 代码, "message": 说明, "details"?: [{ "field", "rule", "message" }] }`，状态码 400/401/403/404/409/422/429。',
    '列表：按稳定顺序分页，响应的 `next` 是下一页的游标（`?cursor=`），为 null 时已到末尾。',
    '限流：每个令牌每分钟有请求上限，超出时返回 429 和 `Retry-After`（秒）。',
  ].join('\n'),
};

export async function registerApiSchema(app: FastifyInstance): Promise<void> {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const transform = createJsonSchemaTransform({ zodToJsonConfig, skipList: [] });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: API_INFO,
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'API 令牌（管理员创建，只显示一次）' } } },
      security: [{ bearer: [] }],
      tags: [
        { name: 'search', description: '搜索' }, { name: 'enterprises', description: '企业' }, { name: 'listings', description: '供需信息' },
        { name: 'components', description: '唯一来源外采件（采购企业的保密信息）' }, { name: 'deals', description: '对接商机' },
        { name: 'problems', description: '问题协调' }, { name: 'metrics', description: '近地配套率' }, { name: 'attraction', description: '招商引资' },
        { name: 'webhooks', description: '事件推送（管理员）' }, { name: 'reference', description: '本文档' },
      ],
    },
    // Only /api is the integration surface; pages are not part of the document.
    transform: (doc) => {
      if (!doc.url.startsWith('/api/')) return { schema: { hide: true } as never, url: doc.url };
      const out = transform(doc);
      describeResponses(out.schema as JsonSchema | undefined);
      return out;
    },
    transformObject: createJsonSchemaTransformObject({ zodToJsonConfig }),
  });
}
