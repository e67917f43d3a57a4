/**
 * What a hostile client sends: field and query names the routes read, with values that are
 * too long, of the wrong type, in odd scripts, half-valid, or plausible enough to get past the
 * first check; bodies in JSON, form encoding or raw bytes under a lying content type; headers
 * that the routes look at.
 */
import fc from 'fast-check';
import { FIRM_A, SUPPLIER } from '../server/world.ts';

const FIELDS = [
  'username', 'password', 'confirm', 'next', 'name', 'displayName', 'role', 'enterprise', 'scopeChains', 'scopeRegions', 'department',
  'kind', 'title', 'description', 'chain', 'chains', 'quantity', 'unit', 'valid_until', 'version', 'to', 'note', 'reason',
  'annual_value_wan', 'component_ref', 'listing_ref', 'supplier_uscc', 'buyer_uscc', 'score', 'category', 'firm', 'action', 'deadline',
  'region', 'address', 'products', 'processes', 'materials', 'certifications', 'certifications_required', 'annual_output_wan',
  'employees', 'contact_name', 'contact_phone', 'status', 'skipInvalid', '__proto__', 'constructor', 'prototype', '_csrf',
];

const QUERY_KEYS = [
  'q', 'page', 'type', 'kind', 'chain', 'region', 'tier', 'cert', 'sort', 'lat', 'lng', 'limit', 'offset', 'scope', 'year', 'quarter',
  'format', 'next', 'stage', 'status', 'category', 'department', 'overdue', 'enterprise', 'objectType', 'objectId', 'buyer_uscc', 'msg',
  'firm', 'name', '__proto__', 'constructor',
];

/** Values a form would hold, so some requests get past the first rule and reach deeper ones. */
const PLAUSIBLE = [
  'supply', 'demand', '2027-01-01', '2026-11-27', '1999-02-30', 'auto', 'equipment', '汽车产业链', FIRM_A, SUPPLIER, 'CA', 'LA', 'LB',
  'contacted', 'signed', 'lost', 'official', 'admin', 'enterprise', 'procurement', 'assign', 'land', 'jxj', '1', '2', '0', '-1',
  '1e309', 'NaN', 'Infinity', '0x10', 'true', 'false', 'null', '[]', '{}', '420607', '襄州区', 'IATF16949', 'ADC12', '压铸', 'distance',
  'listing', 'enterprise', 'csv', 'xlsx', 'local', 'all', '/admin', '//evil.example', '/\\evil', 'javascript:alert(1)',
  '/\t/evil.example/x', '/\n/evil.example', '/%09/evil.example',
];

const NASTY = [
  '', ' ', '\u0000', '\uFFFF', '\uD800', '𠀀𠀁', '‮evil', '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "' or 1=1 --",
  '%00', '%ZZ', '../../etc/passwd', '..\\..\\boot.ini', '${7*7}', '{{7*7}}', 'A'.repeat(70_000), '钢'.repeat(5000), '9'.repeat(400),
  '-0', '1.7976931348623157e308', '4294967296', '9007199254740993', '\r\nSet-Cookie: x=y', 'a\u0301\u0301\u0301',
];

export const text: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...PLAUSIBLE), fc.constantFrom(...NASTY), fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }), fc.integer().map(String), fc.double().map(String),
);

const jsonLeaf = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const jsonValue = fc.oneof(jsonLeaf, fc.array(jsonLeaf, { maxLength: 3 }), fc.dictionary(text, jsonLeaf, { maxKeys: 3 }));

export interface Payload { payload?: string | Buffer | object; contentType?: string }

const fields = fc.dictionary(fc.constantFrom(...FIELDS), jsonValue, { maxKeys: 8 });
const formFields = fc.dictionary(fc.constantFrom(...FIELDS), fc.oneof(text, fc.array(text, { maxLength: 3 })), { maxKeys: 8 });

const CONTENT_TYPES = [
  'application/json', 'application/x-www-form-urlencoded', 'multipart/form-data', 'multipart/form-data; boundary=x', 'text/plain',
  'application/xml', 'application/json; charset=gbk', 'application/octet-stream', 'text/csv', '*/*', ';;;', 'application/json; charset=utf-16',
];

function urlencoded(record: Record<string, string | string[]>): string {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(record)) for (const item of Array.isArray(v) ? v : [v]) s.append(k, item);
  return s.toString();
}

export const body: fc.Arbitrary<Payload> = fc.oneof(
  fields.map((f) => ({ payload: JSON.stringify(f), contentType: 'application/json' })),
  jsonValue.map((v) => ({ payload: JSON.stringify(v), contentType: 'application/json' })),
  formFields.map((f) => ({ payload: urlencoded(f), contentType: 'application/x-www-form-urlencoded' })),
  fc.tuple(fc.oneof(fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)), text), fc.constantFrom(...CONTENT_TYPES))
    .map(([payload, contentType]) => ({ payload, contentType })),
  fc.constant({}),
);

export const query: fc.Arbitrary<string> = fc.oneof(
  fc.dictionary(fc.constantFrom(...QUERY_KEYS), fc.oneof(text, fc.array(text, { maxLength: 3 })), { maxKeys: 5 }).map((q) => (Object.keys(q).length ? `?${urlencoded(q)}` : '')),
  fc.constantFrom('?%ZZ', '?a[b]=c&a[b]=d', '?__proto__[x]=1', '?&&=&', '?q', `?page=${'9'.repeat(500)}`, '?q=%E9%92%A2%FF'),
);

const ascii = (s: string) => s.replace(/[^\x20-\x7e]/g, '?');
const HEADERS = ['hx-request', 'hx-history-restore-request', 'if-match', 'idempotency-key', 'accept', 'accept-language', 'origin', 'referer', 'x-forwarded-for', 'range', 'x-csrf-token'];
export const headers: fc.Arbitrary<Record<string, string>> = fc.oneof(
  fc.constant<Record<string, string>>({}),
  fc.dictionary(fc.constantFrom(...HEADERS), fc.oneof(fc.constantFrom('true', '"3"', '1', 'bytes=0-', 'http://evil.example', 'http://localhost:80'), text.map(ascii)), { maxKeys: 4 }),
  fc.constantFrom<Record<string, string>>({ authorization: 'Bearer not-a-token' }, { authorization: 'Basic YWRtaW46YWRtaW4=' }, { authorization: '' }, { cookie: 'llt_session=forged' }),
);

/** Lone surrogates replaced, as a browser does before percent-encoding. */
const wellFormed = (s: string) => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

/** A URL segment: the real value or something else, percent-encoded as a browser would. */
export const segment: fc.Arbitrary<string | null> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: text.map((t) => encodeURIComponent(wellFormed(t.slice(0, 300))) || '%20') },
  { weight: 1, arbitrary: fc.constantFrom('0', '-1', '99999999999999999999', '1.5', '%2e%2e', '..%2F..%2Fetc', 'CA%00', 'LA', 'WT-2026-9999',
    // not valid percent-encoding, and names every object inherits
    '%ff', '%E9%92', '%', 'constructor', '__proto__', 'toString', 'hasOwnProperty') },
);
