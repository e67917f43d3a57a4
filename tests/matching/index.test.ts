import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database_ } from '../../db/client.ts';
import { importFiles } from '../../server/import/index.ts';
import { loadListingRequest, loadMatchingIndex, refreshComponents, refreshEnterprises } from '../../server/matching/load.ts';
import type { MatchingIndex } from '../../server/matching/matching-index.ts';
import { csv, memoryDatabase, usccFor } from '../helpers.ts';
import { getLexicon } from '../../search/lexicon.ts';

const lexicon = getLexicon();

const HEAD = ['uscc', 'name', 'region', 'lat', 'lng', 'chains', 'tier', 'products', 'processes', 'materials', 'certifications', 'annual_output_wan', 'description'];
const BUYER = usccFor(1);
const firms = [
  [BUYER, '襄阳测试汽车有限公司', '襄州区', 32.087, 112.211, '汽车产业链', '链主企业', '', '冲压', '', 'IATF16949', 900000, ''],
  [usccFor(2), '襄阳甲压铸有限公司', '老河口市', 32.359, 111.675, '汽车产业链', '专精特新', '变速器壳体', '压铸;CNC加工', 'ADC12', 'IATF16949', 10000, ''],
  [usccFor(3), '襄阳乙压铸有限公司', '襄州区', 32.09, 112.2, '汽车产业链', '中小企业', '变速器壳体', '压铸;CNC加工', 'ADC12', 'ISO 9001', 20000, ''],
  [usccFor(4), '襄阳丙锻造有限公司', '枣阳市', 32.129, 112.771, '汽车产业链', '中小企业', '车轮螺栓', '锻造;热处理', '40Cr', 'IATF16949', 8000, ''],
  [usccFor(5), '十堰丁压铸有限公司', '十堰市', 32.629, 110.798, '汽车产业链', '中小企业', '变速器壳体', '压铸;CNC加工', 'ADC12', 'IATF16949', 50000, ''],
];
const COMPONENTS = [
  ['ref', 'buyer_uscc', 'name', 'chain', 'materials', 'processes', 'certifications_required', 'annual_value_wan'],
  ['K1', BUYER, '变速器壳体', '汽车产业链', 'ADC12', '压铸;CNC加工', 'IATF16949', 1000],
  ['K2', BUYER, '车轮螺栓', '汽车产业链', '40Cr', '锻造;热处理', 'IATF16949', 500],
];
const LISTINGS = [
  ['ref', 'uscc', 'kind', 'title', 'description', 'chain'],
  ['LX1', BUYER, 'demand', '求购变速器壳体', '寻找本地变速器壳体配套供应商。', '汽车产业链'],
  ['LX2', BUYER, 'demand', '求购铝合金压铸件', '需ADC12铝合金压铸加工，要求IATF16949。', '汽车产业链'],
];

let database: Database_;
let index: MatchingIndex;
const load = (name: string, rows: (string | number)[][]) =>
  importFiles(database.sqlite, [{ name, bytes: Buffer.from(csv(rows)) }], { now: Date.parse('2026-11-27T00:00:00Z') });
const idOf = (uscc: string) => database.sqlite.prepare('select id from enterprises where uscc = ?').pluck().get(uscc) as number;
const componentId = (ref: string) => database.sqlite.prepare('select id from components where ref = ?').pluck().get(ref) as number;
const ranked = (ref: string) => index.rank(index.component(componentId(ref))!, { scope: 'local' }).map((s) => [s.uscc, s.grade]);

beforeEach(() => {
  database = memoryDatabase();
  expect(load('enterprises.csv', [HEAD, ...firms]).loaded).toBe(true);
  expect(load('components.csv', COMPONENTS).loaded).toBe(true);
  expect(load('listings.csv', LISTINGS).loaded).toBe(true);
  index = loadMatchingIndex(database.sqlite, lexicon);
});
afterEach(() => database.close());

describe('MatchingIndex', () => {
  it('loads firms and components from the database and ranks only plausible, eligible firms', () => {
    expect(index.size).toEqual({ enterprises: 5, components: 2 });
    expect(ranked('K1')).toEqual([[usccFor(2), 'ready'], [usccFor(3), 'cultivate']]);
    expect(ranked('K2')).toEqual([[usccFor(4), 'ready']]);
    expect(index.candidatesFor(index.component(componentId('K1'))!).map((p) => p.uscc).sort()).toEqual([usccFor(2), usccFor(3), usccFor(5)]);
  });

  it('re-ranks after a profile edit refreshed incrementally, and says which components may move', () => {
    database.sqlite.prepare(`update enterprises set certifications = 'IATF 16949:2016' where uscc = ?`).run(usccFor(3));
    const result = refreshEnterprises(index, database.sqlite, [idOf(usccFor(3))]);
    expect(result.affectedComponentIds).toEqual([componentId('K1')]);
    // 乙 is now ready too, and nearer the buyer than 甲: it moves to the top.
    expect(ranked('K1')).toEqual([[usccFor(3), 'ready'], [usccFor(2), 'ready']]);
  });

  it('counts a capability lost as well as one gained, and drops a deleted firm', () => {
    database.sqlite.prepare(`update enterprises set processes = '注塑' where uscc = ?`).run(usccFor(4));
    expect(refreshEnterprises(index, database.sqlite, [idOf(usccFor(4))]).affectedComponentIds).toEqual([componentId('K2')]);
    // Still shown (it works the material) but no longer able to supply.
    expect(ranked('K2')).toEqual([[usccFor(4), 'none']]);
    const gone = idOf(usccFor(2));
    database.sqlite.prepare('delete from enterprises where id = ?').run(gone);
    const result = refreshEnterprises(index, database.sqlite, [gone]);
    expect(result.removed).toEqual([gone]);
    expect(result.affectedComponentIds).toEqual([componentId('K1')]);
    expect(ranked('K1')).toEqual([[usccFor(3), 'cultivate']]);
  });

  it('takes in firms from a later import', () => {
    const report = load('enterprises.csv', [HEAD, [usccFor(6), '襄阳戊精密铸造有限公司', '樊城区', 32.045, 112.135, '汽车产业链', '核心企业', '', '铝合金压铸;数控加工', 'ADC12', 'IATF16949', 30000, '']]);
    const result = refreshEnterprises(index, database.sqlite, report.changes!.enterprises);
    expect(result.affectedComponentIds).toEqual([componentId('K1')]);
    // in, and ready; 甲, which names the very part among its products, still leads on likeness of words
    expect(ranked('K1')).toContainEqual([usccFor(6), 'ready']);
    expect(ranked('K1').slice(0, 2).map(([u]) => u).sort()).toEqual([usccFor(2), usccFor(6)].sort());
  });

  it('lists the buyer\'s components as affected when the buyer itself changes (its place moves every distance)', () => {
    expect(index.affectedComponents([idOf(BUYER)])).toEqual([componentId('K1'), componentId('K2')].sort((a, b) => a - b));
    expect(index.affectedComponents([idOf(usccFor(4))])).toEqual([componentId('K2')]);
  });

  it('refreshes a changed component', () => {
    database.sqlite.prepare(`update components set certifications_required = 'ISO9001' where ref = 'K1'`).run();
    refreshComponents(index, database.sqlite, [componentId('K1')]);
    expect(ranked('K1')).toEqual([[usccFor(3), 'ready'], [usccFor(2), 'ready']]);
  });
});

describe('demand listings', () => {
  const listingId = (ref: string) => database.sqlite.prepare('select id from listings where ref = ?').pluck().get(ref) as number;

  it('read their needs from the text, and rank the same way', () => {
    const request = loadListingRequest(database.sqlite, lexicon, listingId('LX2'))!;
    expect(request.requirements.map((r) => r.conceptId)).toEqual(expect.arrayContaining(['process.die_casting', 'material.adc12', 'certification.iatf16949']));
    expect(index.match(request).matches.map((s) => [s.uscc, s.grade])).toEqual([[usccFor(2), 'ready'], [usccFor(3), 'cultivate']]);
  });

  it('borrow the needs of the buyer\'s own component when they only name the part', () => {
    const request = loadListingRequest(database.sqlite, lexicon, listingId('LX1'))!;
    expect(request.requirements.filter((r) => r.kind === 'process').map((r) => r.conceptId)).toEqual(['process.die_casting', 'process.cnc_machining']);
    expect(request.annualValueWan).toBe(1000);
    expect(index.match(request).qualifiedCount).toBe(1);
  });
});
