/**
 * The lexicon grows without a developer (未识别词: an admin maps a wording in one step, audited,
 * stored, re-ranked, kept across restarts) and buyers' 「不合适」 marks lower that firm for that part.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { csv, signIn, testApp, usccFor, type Session, type TestCtx } from '../helpers.ts';
import { importFiles } from '../../server/import/index.ts';
import { getLexicon, setLexiconAdditions } from '../../search/lexicon.ts';
import { loadAdditions } from '../../server/lexicon/additions.ts';
import { readFileSync } from 'node:fs';
import { projectPath } from '../../db/paths.ts';
import { SUPPLIER, loadWorld } from './world.ts';

let ctx: TestCtx;
let w: ReturnType<typeof loadWorld>;
let admin: Session;
let buyer: Session;
const ODD = usccFor(150);

beforeEach(async () => {
  ctx = await testApp();
  w = loadWorld(ctx);
  // a die caster that writes its trade in a wording the lexicon does not know
  const firms = csv([['uscc', 'name', 'region', 'chains', 'tier', 'processes', 'materials', 'certifications', 'annual_output_wan'],
    [ODD, '襄阳奇特铸业有限公司', '樊城区', '汽车产业链', '中小企业', '铝液高压充型;CNC加工', 'ADC12', 'IATF16949', '30000']]);
  expect(importFiles(ctx.database.sqlite, [{ name: 'enterprises.csv', bytes: Buffer.from(firms) }], { now: ctx.clock.now() }).loaded).toBe(true);
  admin = await signIn(ctx, 'admin');
  buyer = await signIn(ctx, 'procurement', { enterpriseId: w.firmA });
  ctx.app.matching.queueStale();
  await ctx.app.matching.settled();
});
afterEach(async () => { await ctx.close(); setLexiconAdditions([]); });

const get = (url: string, s: Session) => ctx.app.inject({ method: 'GET', url, headers: s.headers });
const post = (url: string, payload: Record<string, unknown>, s: Session) => ctx.app.inject({ method: 'POST', url, headers: s.headers, payload });
const matchesOf = async (ref: string, s: Session = buyer) => (await get(`/api/components/${ref}/matches`, s)).json() as { matches: { uscc: string; grade: string; score: number; missing: string[] }[] };

describe('未识别词: teaching the matcher a wording', () => {
  it('lists the unknown wording with its count and where it was seen, and maps it in one step', async () => {
    const page = await get('/admin/lexicon', admin);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('铝液高压充型');
    expect(page.body).toContain('企业：襄阳奇特铸业有限公司');
    // before: the firm is not a die caster to the engine
    expect((await matchesOf('CA')).matches.find((m) => m.uscc === ODD)?.grade ?? 'absent').not.toBe('ready');

    const taught = await post('/admin/lexicon/terms', { kind: 'process', term: '铝液高压充型', concept: '压铸' }, admin);
    expect(taught.statusCode).toBe(303);
    expect(taught.headers.location).toContain('/admin/lexicon?taught=');
    await ctx.app.matching.settled();

    const after = await matchesOf('CA');
    expect(after.matches.find((m) => m.uscc === ODD)?.grade).toBe('ready');
    const audit = ctx.database.sqlite.prepare(`select actor_label, object_id, after from audit_log where action = 'lexicon.teach'`).get() as { object_id: string; after: string };
    expect(audit.object_id).toBe('铝液高压充型');
    expect(JSON.parse(audit.after)).toMatchObject({ kind: 'process', conceptId: 'process.die_casting' });
    const listed = await get('/admin/lexicon', admin);
    expect(listed.body).toMatch(/已加入词库的写法[\s\S]*铝液高压充型[\s\S]*压铸/);
    // it is known now: no longer among the unknown wordings
    expect(listed.body.split('已加入词库的写法')[0]).not.toContain('<strong>铝液高压充型</strong>');
  });

  it('creates a new concept inside a family, and the shipped lexicon file stays as it was', async () => {
    const res = await post('/admin/lexicon/terms', { kind: 'process', term: '铝液高压充型', newLabel: '高压充型', broader: '压铸' }, admin);
    expect(res.statusCode).toBe(303);
    const lexicon = getLexicon();
    const created = lexicon.concepts('process').find((c) => c.label === '高压充型');
    expect(created?.broader).toEqual(['process.die_casting']);
    expect(lexicon.resolve('铝液高压充型', 'process')[0]?.id).toBe(created?.id);
    expect(readFileSync(projectPath('search', 'lexicon.json'), 'utf8')).not.toContain('高压充型');
  });

  it('keeps what was taught across a restart (stored in the database, put in force at start)', async () => {
    await post('/admin/lexicon/terms', { kind: 'process', term: '铝液高压充型', concept: '压铸' }, admin);
    loadAdditions(ctx.database.sqlite);
    expect(getLexicon().resolve('铝液高压充型', 'process')[0]?.id).toBe('process.die_casting');
  });

  it('refuses bad teaching by field and rule, writing nothing', async () => {
    const count = () => ctx.database.sqlite.prepare('select count(*) from lexicon_additions').pluck().get();
    const both = await post('/admin/lexicon/terms', { kind: 'process', term: '铝液高压充型', concept: '压铸', newLabel: '新' }, admin);
    expect(both.statusCode).toBe(400);
    expect(both.body).toContain('concept');
    const unknown = await post('/admin/lexicon/terms', { kind: 'process', term: '铝液高压充型', concept: '没有这个概念' }, admin);
    expect(unknown.statusCode).toBe(422);
    expect(unknown.body).toContain('词库中没有这一类型的概念「没有这个概念」');
    const wrongKind = await post('/admin/lexicon/terms', { kind: 'process', term: '铝液高压充型', concept: 'ADC12' }, admin);
    expect(wrongKind.statusCode).toBe(422);
    const known = await post('/admin/lexicon/terms', { kind: 'process', term: '压铸', concept: '压铸' }, admin);
    expect(known.statusCode).toBe(422);
    expect(known.body).toContain('词库已认识');
    expect(count()).toBe(0);
    expect((await post('/admin/lexicon/terms', { kind: 'process', term: '铝液高压充型', concept: '压铸' }, buyer)).statusCode).toBe(403);
    expect(count()).toBe(0);
  });
});

describe('「不合适」: a buyer\'s verdict on a candidate', () => {
  it('lowers the marked firm for that part only, says why, and can be taken back', async () => {
    const before = (await matchesOf('CA')).matches.find((m) => m.uscc === SUPPLIER)!;
    expect(before.grade).toBe('ready');
    const marked = await post('/components/CA/marks', { uscc: SUPPLIER, reason: 'capacity', note: '月产能不足' }, buyer);
    expect(marked.statusCode).toBe(303);
    await ctx.app.matching.settled();
    const after = (await matchesOf('CA')).matches.find((m) => m.uscc === SUPPLIER)!;
    expect(after.grade).toBe('cultivate');
    expect(after.score).toBeLessThan(before.score);
    expect(after.missing[0]).toBe('采购方已标记不合适：规模太小（月产能不足）');
    const status = ctx.database.sqlite.prepare(`select qualified_local from component_match_status m join components c on c.id = m.component_id where c.ref = 'CA'`).pluck().get();
    expect(status).toBe(0);
    const page = await get('/components/CA', buyer);
    expect(page.body).toContain('撤销「不合适」标记');
    // another part of another buyer is untouched
    const other = await signIn(ctx, 'procurement', { enterpriseId: w.firmB, username: 'buyer.b' });
    expect((await matchesOf('CB', other)).matches.find((m) => m.uscc === SUPPLIER)?.grade).toBe('ready');

    expect((await post('/components/CA/marks/delete', { uscc: SUPPLIER }, buyer)).statusCode).toBe(303);
    expect((await matchesOf('CA')).matches.find((m) => m.uscc === SUPPLIER)?.grade).toBe('ready');
    const actions = ctx.database.sqlite.prepare(`select action from audit_log where object_id = 'CA' and action like '%mark%' order by id`).pluck().all();
    expect(actions).toEqual(['component.mark_unfit', 'component.unmark_unfit']);
  });

  it('a wrong process or material makes the firm no fit at all', async () => {
    await post('/components/CA/marks', { uscc: SUPPLIER, reason: 'material' }, buyer);
    expect((await matchesOf('CA')).matches.find((m) => m.uscc === SUPPLIER)?.grade).toBe('none');
  });

  it('only the part\'s buyer (or an admin) may mark, and a bad reason is refused by name', async () => {
    const other = await signIn(ctx, 'procurement', { enterpriseId: w.firmB, username: 'buyer.b' });
    expect((await post('/components/CA/marks', { uscc: SUPPLIER, reason: 'capacity' }, other)).statusCode).toBe(403);
    const bad = await post('/components/CA/marks', { uscc: SUPPLIER, reason: 'cheap' }, buyer);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('reason');
    expect(ctx.database.sqlite.prepare('select count(*) from candidate_marks').pluck().get()).toBe(0);
  });
});
