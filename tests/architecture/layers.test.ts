/**
 * The layers, checked as a reviewer would check them (STYLE.md habits 11 and 12): views read types and
 * the vocabulary, never running server code; on the server only the page registry runs views (routes render
 * by name); services know nothing of views or the HTTP plugins; routes run no SQL; the matcher reads the
 * lexicon it is given, not the global one; CSV has one writer; and no query row is cast to the type the code
 * hopes for.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf, ROOT, rowCasts, sourceFiles } from './source.ts';

const VOCABULARY = 'server/vocabulary.ts';
/** The page registry: the one file on the server that runs view code (routes call reply.render). */
const PAGE_RENDERING = 'server/plugins/pages.ts';

/** The HTTP layer: what may know of views, Fastify plugins and status codes. */
const HTTP_LAYER = [/^server\/routes\//, /^server\/plugins\//, /^server\/app\.ts$/, /^server\/main\.ts$/];

/** Casts on query rows still allowed, per file, at most this many (none: every statement is typed). */
const ROW_CASTS_ALLOWED: Record<string, number> = {};

/**
 * `JSON.parse(…) as T` left in place, and why; every other JSON read is checked (db/rows.ts stringList and
 * idList for list columns, or a zod schema).
 */
const JSON_CASTS_ALLOWED: Record<string, string> = {
  'server/log-format.ts': 'a log line read as any object; every field is checked before use',
  'server/routes/api/cursor.ts': 'a client cursor as a Partial; its fields are checked one by one right after',
  'search/lexicon.ts': 'the shipped lexicon file, checked by tests/search/lexicon.test.ts',
  'search/embedded/candidates.ts': 'facets the index itself wrote (store.ts); per candidate row, on the hot path of every search',
  'server/cluster/journal.ts': 'journal entries this module wrote (append) in the same database; read back by every process after each foreign commit',
  'search/meili/meili-index.ts': 'outbox bodies the same module wrote, sent on as they are',
};

/**
 * A `status:` field whose value holds an HTTP status number (`status: 409`, `status: 403 | 404`,
 * `status: x ? 409 : 422`): services say the kind of refusal (server/refusal.ts) and the HTTP layer picks the status.
 */
const STATUS_NUMBER = /\bstatus\??\s*:[^,;}\n]*?\b[1-5]\d\d\b/;

/** Each line of a source file that gives a status number, as `file:line …text`. */
function statusNumbers(file: string): string[] {
  return readFileSync(join(ROOT, file), 'utf8').split('\n').flatMap((text, i) => (STATUS_NUMBER.test(text) ? [`${file}:${i + 1} ${text.trim()}`] : []));
}

describe('layers', () => {
  it('views import from server/ only types and the vocabulary', () => {
    const wrong = sourceFiles('views').flatMap(importsOf)
      .filter((e) => e.to.startsWith('server/') && !e.typeOnly && e.to !== VOCABULARY)
      .map((e) => `${e.from} → ${e.to} { ${e.names.join(', ')} }`);
    expect(wrong).toEqual([]);
  });

  it('the vocabulary runs nothing of the server: it imports types only', () => {
    expect(importsOf(VOCABULARY).filter((e) => !e.typeOnly)).toEqual([]);
  });

  it('services import neither views/ nor the HTTP plugins', () => {
    const services = sourceFiles('server').filter((f) => !HTTP_LAYER.some((r) => r.test(f)));
    const wrong = services.flatMap(importsOf)
      .filter((e) => !e.typeOnly && (e.to.startsWith('views/') || e.to.startsWith('server/plugins/')))
      .map((e) => `${e.from} → ${e.to}`);
    expect(wrong).toEqual([]);
  });

  it('only the page-rendering plugin runs views: every other file in server/ imports their types only', () => {
    const others = sourceFiles('server').filter((f) => f !== PAGE_RENDERING);
    const wrong = others.flatMap(importsOf)
      .filter((e) => e.to.startsWith('views/') && !e.typeOnly)
      .map((e) => `${e.from} → ${e.to} { ${e.names.join(', ')} }`);
    const loaded = others.filter((f) => /\b(?:import|require)\(\s*['"`][^'"`]*\bviews\//.test(readFileSync(join(ROOT, f), 'utf8')));
    expect([...wrong, ...loaded.map((f) => `${f} loads a view at run time`)]).toEqual([]);
  });

  it('services give no HTTP status: no `status: <number>` outside the HTTP layer', () => {
    // The check itself must be able to fail: it sees the shapes services used to return.
    for (const line of [`return { ok: false, status: 409, message };`, `| { ok: false; status: 403 | 404; code: string }`,
      `{ ok: false, status: problem.code === 'forbidden_move' ? 409 : 422 }`]) expect(line).toMatch(STATUS_NUMBER);
    for (const line of [`{ status: 'open', version: 409 }`, `status: p.status,`, `status?: ProblemStatus;`]) expect(line).not.toMatch(STATUS_NUMBER);
    const wrong = sourceFiles('server').filter((f) => !HTTP_LAYER.some((r) => r.test(f))).flatMap(statusNumbers);
    expect(wrong).toEqual([]);
  });

  it('routes run no SQL: no prepare( in server/routes/', () => {
    const wrong = sourceFiles('server/routes').filter((f) => readFileSync(join(ROOT, f), 'utf8').includes('prepare('));
    expect(wrong).toEqual([]);
  });

  it('the matcher is given its lexicon: no file in server/matching calls getLexicon(', () => {
    const wrong = sourceFiles('server/matching').filter((f) => /\bgetLexicon\s*\(/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(wrong).toEqual([]);
  });

  it('CSV is written in one place: only server/export/ imports csv-stringify', () => {
    const wrong = ['server', 'scripts', 'db', 'search', 'views'].flatMap(sourceFiles)
      .filter((f) => !f.startsWith('server/export/') && /from 'csv-stringify/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(wrong).toEqual([]);
  });

  it('JSON read from the database is checked, not cast (but for the allowed few)', () => {
    const wrong = ['server', 'db', 'search', 'views'].flatMap(sourceFiles)
      .filter((f) => !f.startsWith('server/import/') && !(f in JSON_CASTS_ALLOWED))
      .filter((f) => /JSON\.parse\([^;]*?\)\)?\s+as\s/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(wrong).toEqual([]);
  });

  it('no query row is cast: statements are typed prepare<Params, Row>', () => {
    const casts = rowCasts(['server', 'db', 'search', 'scripts']);
    const perFile = new Map<string, number>();
    for (const c of casts) perFile.set(c.file, (perFile.get(c.file) ?? 0) + 1);
    const wrong = casts.filter((c) => (perFile.get(c.file) ?? 0) > (ROW_CASTS_ALLOWED[c.file] ?? 0)).map((c) => `${c.file}:${c.line} …${c.text}`);
    expect(wrong).toEqual([]);
  }, 60_000);
});
