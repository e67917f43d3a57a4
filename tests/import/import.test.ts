import { describe, expect, it, beforeEach } from 'vitest';
import iconv from 'iconv-lite';
import { memoryDatabase, usccFor, csv } from '../helpers.ts';
import { importFiles, formatProblem, type ImportFile } from '../../server/import/index.ts';
import { FILE_SPECS } from '../../server/import/columns.ts';
import { writeXlsx } from '../../server/export/xlsx.ts';
import type { Database_ } from '../../db/client.ts';

const NOW = Date.parse('2026-11-27T00:00:00Z');
const LEADER = usccFor(1);
const SUPPLIER = usccFor(2);

const ENTERPRISE_KEYS = ['uscc', 'name', 'region', 'chains', 'tier', 'processes', 'materials', 'certifications', 'annual_output_wan', 'employees', 'description'];
const enterpriseRows = () => [
  [LEADER, '襄阳测试汽车有限公司', '襄州区', '汽车产业链', '链主企业', '冲压', 'Q235', 'IATF16949', '500000', '8000', '整车制造'],
  [SUPPLIER, '襄阳精铸科技有限公司', '襄阳高新区', '汽车产业链；智能装备产业链', '专精特新', '高压铸造、CNC加工', 'ADC12', 'IATF 16949', '12000.5', '320', '公司专业从事压铸，另有熔模铸造产线'],
];
const chineseHeader = (kind: keyof typeof FILE_SPECS, keys: string[]) =>
  keys.map((k) => FILE_SPECS[kind].columns.find((c) => c.key === k)!.zh);

const LISTING_KEYS = ['ref', 'uscc', 'kind', 'title', 'description', 'chain', 'quantity', 'unit', 'region', 'valid_until'];
const listingRows = () => [
  ['L1', SUPPLIER, 'supply', '承接铝合金压铸加工', '年产能 50 万件', '汽车产业链', '500000', '件', '襄阳高新区', '2027-06-30'],
  ['L2', LEADER, '需求', '采购转向节', '', '汽车', '1200', '件', '', '2027/3/1'],
];
const COMPONENT_KEYS = ['ref', 'buyer_uscc', 'name', 'chain', 'materials', 'processes', 'certifications_required', 'annual_value_wan', 'criticality'];
const componentRows = () => [['C1', LEADER, '变速器壳体', '汽车产业链', 'ADC12', '压铸;CNC加工', 'IATF16949', '2400', '高']];
const PROCUREMENT_KEYS = ['buyer_uscc', 'year', 'total_wan', 'local_wan'];
const procurementRows = () => [[LEADER, '2026', '300000', '60000']];

const file = (name: string, text: string | Uint8Array): ImportFile =>
  ({ name, bytes: typeof text === 'string' ? Buffer.from(text, 'utf8') : text });

function worldFiles(): ImportFile[] {
  return [
    file('enterprises.csv', csv([ENTERPRISE_KEYS, ...enterpriseRows()])),
    file('components.csv', csv([COMPONENT_KEYS, ...componentRows()])),
    file('listings.csv', csv([LISTING_KEYS, ...listingRows()])),
    file('procurement.csv', csv([PROCUREMENT_KEYS, ...procurementRows()])),
  ];
}

function snapshot(db: Database_) {
  const q = (sql: string) => db.sqlite.prepare(sql).all() as Record<string, unknown>[];
  return {
    enterprises: q('select uscc, name, region_code, tier, processes, annual_output_wan, employees, version from enterprises order by uscc'),
    chains: q('select e.uscc, ec.chain_id from enterprise_chains ec join enterprises e on e.id = ec.enterprise_id order by 1, 2'),
    listings: q('select ref, kind, title, chain_id, quantity, region_code, valid_until, version from listings order by ref'),
    components: q('select ref, name, chain_id, annual_value_wan, criticality, version from components order by ref'),
    procurement: q('select year, quarter, total_wan, local_wan from procurement order by year'),
  };
}

function run(db: Database_, files: ImportFile[], skipInvalid = false) {
  const report = importFiles(db.sqlite, files, { now: NOW, skipInvalid });
  return { report, lines: report.problems.filter((p) => p.severity === 'error').map(formatProblem) };
}

let db: Database_;
beforeEach(() => { db = memoryDatabase(); });

describe('import: a good world', () => {
  it('loads all four files with the values resolved', () => {
    const { report, lines } = run(db, worldFiles());
    expect(lines).toEqual([]);
    expect(report.loaded).toBe(true);
    const s = snapshot(db);
    expect(s.enterprises).toHaveLength(2);
    expect(s.enterprises[1]).toMatchObject({ uscc: SUPPLIER, tier: 'specialized', region_code: '420671', annual_output_wan: 12000.5, employees: 320 });
    expect(s.chains).toEqual([{ uscc: LEADER, chain_id: 'auto' }, { uscc: SUPPLIER, chain_id: 'auto' }, { uscc: SUPPLIER, chain_id: 'equipment' }].sort((a, b) => a.uscc.localeCompare(b.uscc) || a.chain_id.localeCompare(b.chain_id)));
    expect(s.listings).toEqual([
      { ref: 'L1', kind: 'supply', title: '承接铝合金压铸加工', chain_id: 'auto', quantity: 500000, region_code: '420671', valid_until: '2027-06-30', version: 1 },
      // an empty region falls back to the firm's; 2027/3/1 (Excel's way) becomes ISO
      { ref: 'L2', kind: 'demand', title: '采购转向节', chain_id: 'auto', quantity: 1200, region_code: '420607', valid_until: '2027-03-01', version: 1 },
    ]);
    expect(s.components).toEqual([{ ref: 'C1', name: '变速器壳体', chain_id: 'auto', annual_value_wan: 2400, criticality: 'high', version: 1 }]);
    expect(s.procurement).toEqual([{ year: 2026, quarter: 0, total_wan: 300000, local_wan: 60000 }]);
  });

  it('fills normalised capabilities from the columns and the description', () => {
    run(db, worldFiles());
    const ids = (db.sqlite.prepare(`select concept_id from enterprise_capabilities c join enterprises e on e.id = c.enterprise_id where e.uscc = ?`)
      .all(SUPPLIER) as { concept_id: string }[]).map((r) => r.concept_id);
    const lexiconIds = db.sqlite.prepare(`select concept_id, position from component_requirements order by position, concept_id`).all();
    expect(ids.some((id) => id.includes('die_casting'))).toBe(true);
    expect(ids.some((id) => id.includes('iatf'))).toBe(true);
    expect(ids.some((id) => id.includes('investment_casting'))).toBe(true); // only in the description
    expect(lexiconIds.length).toBeGreaterThanOrEqual(4);
  });

  it.each([
    ['utf-8', (t: string) => Buffer.from(t, 'utf8')],
    ['utf-8-bom', (t: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t, 'utf8')])],
    ['gb18030', (t: string) => iconv.encode(t, 'gb18030')],
    ['gb18030', (t: string) => iconv.encode(t, 'gbk')],
  ])('reads %s CSV with Chinese headers into the same rows', (encoding, encode) => {
    const reference = memoryDatabase();
    run(reference, worldFiles());
    const files = [
      file('企业名录.csv', encode(csv([chineseHeader('enterprises', ENTERPRISE_KEYS), ...enterpriseRows()]))),
      file('外采件.csv', encode(csv([chineseHeader('components', COMPONENT_KEYS), ...componentRows()]))),
      file('供需信息.csv', encode(csv([chineseHeader('listings', LISTING_KEYS), ...listingRows()]))),
      file('采购额.csv', encode(csv([chineseHeader('procurement', PROCUREMENT_KEYS), ...procurementRows()]))),
    ];
    const { report, lines } = run(db, files);
    expect(lines).toEqual([]);
    expect(report.files.map((f) => f.encoding)).toEqual([encoding, encoding, encoding, encoding]);
    expect(snapshot(db)).toEqual(snapshot(reference));
  });

  it('reads XLSX, recognising files by their header when the name says nothing', () => {
    const reference = memoryDatabase();
    run(reference, worldFiles());
    const files = [
      file('book1.xlsx', writeXlsx([{ name: 'Sheet1', rows: [ENTERPRISE_KEYS, ...enterpriseRows()] }])),
      file('book2.xlsx', writeXlsx([{ name: 'Sheet1', rows: [chineseHeader('components', COMPONENT_KEYS), ...componentRows()] }])),
      file('book3.xlsx', writeXlsx([{ name: 'Sheet1', rows: [LISTING_KEYS, ...listingRows()] }])),
      file('book4.xlsx', writeXlsx([{ name: 'Sheet1', rows: [PROCUREMENT_KEYS, ...procurementRows()] }])),
    ];
    const { report, lines } = run(db, files);
    expect(lines).toEqual([]);
    expect(report.files.map((f) => f.kind)).toEqual(['enterprises', 'components', 'listings', 'procurement']);
    expect(snapshot(db)).toEqual(snapshot(reference));
  });
});

describe('import: problems are reported by file, row and column, and nothing is written', () => {
  const withEnterpriseRow = (row: string[]) => [file('enterprises.csv', csv([ENTERPRISE_KEYS, ...enterpriseRows(), row])), ...worldFiles().slice(1)];

  it('refuses a bad USCC check character', () => {
    const bad = usccFor(3).slice(0, 17) + (usccFor(3).endsWith('0') ? '1' : '0');
    const { report, lines } = run(db, withEnterpriseRow([bad, '襄阳坏码有限公司', '樊城区', '汽车产业链', '中小企业', '', '', '', '10', '5', '']));
    expect(report.loaded).toBe(false);
    expect(lines).toEqual(['enterprises.csv:4:uscc: 统一社会信用代码校验位错误（GB 32100-2015）']);
    expect(snapshot(db).enterprises).toEqual([]);
    expect(snapshot(db).listings).toEqual([]);
  });

  it('refuses a bad number, naming the Chinese column as written', () => {
    const files = [file('enterprises.csv', csv([chineseHeader('enterprises', ENTERPRISE_KEYS), ...enterpriseRows(),
      [usccFor(4), '襄阳数字有限公司', '樊城区', '汽车产业链', '中小企业', '', '', '', '十二万', '5', '']]))];
    const { lines } = run(db, files);
    expect(lines).toEqual(['enterprises.csv:4:年产值（万元）: 「十二万」不是有效金额（如 860、860万、1.2亿元）']);
    expect(snapshot(db).enterprises).toEqual([]);
  });

  it('refuses a missing required field and a missing required column', () => {
    const { lines } = run(db, withEnterpriseRow([usccFor(5), '', '樊城区', '', '', '', '', '', '', '', '']));
    expect(lines).toEqual(['enterprises.csv:4:name: 必填，不能为空']);
    const noTitle = run(db, [file('listings.csv', csv([LISTING_KEYS.filter((k) => k !== 'title'), ['L9', LEADER, 'supply', '', '', '', '', '', '']]))]);
    expect(noTitle.lines).toEqual(['listings.csv:1:标题: 缺少必需的列「标题」（title）']);
  });

  it('refuses an unknown reference, an enum outside its set and a bad date; an unknown chain is dropped with a warning', () => {
    const stranger = usccFor(99);
    const files = [...worldFiles().slice(0, 2), file('listings.csv', csv([LISTING_KEYS, ...listingRows(),
      ['L3', stranger, 'supply', '供应齿轮', '', '汽车产业链', '', '', '', '2027-01-01'],
      ['L4', SUPPLIER, '出租', '厂房出租', '', '房地产', '', '', '', '2027-02-30']]))];
    const { report, lines } = run(db, files);
    expect(report.loaded).toBe(false);
    expect(lines).toEqual([
      `listings.csv:4:uscc: 引用的企业 ${stranger} 不存在（须先在企业文件中导入）`,
      'listings.csv:5:kind: 「出租」不是允许的值（供应 / 需求）',
      'listings.csv:5:valid_until: 「2027-02-30」不是有效日期（应为 YYYY-MM-DD）',
    ]);
    expect(snapshot(db).enterprises).toEqual([]);
    expect(report.problems.filter((p) => p.severity === 'warning').map(formatProblem))
      .toContain('listings.csv:5:chain: 警告：未知产业链「房地产」，已忽略（应为 13 条产业链之一）');
  });

  it('refuses a key repeated within a file', () => {
    const { lines } = run(db, [worldFiles()[0]!, file('listings.csv', csv([LISTING_KEYS, ...listingRows(), listingRows()[0]!]))]);
    expect(lines).toEqual(['listings.csv:4:ref: 与listings.csv 第 2 行重复（同一编号只能出现一次）']);
  });

  it('refuses local procurement above the total', () => {
    const { lines } = run(db, [worldFiles()[0]!, file('procurement.csv', csv([PROCUREMENT_KEYS, [LEADER, '2025', '100', '120']]))]);
    expect(lines).toEqual(['procurement.csv:2:local_wan: 本地采购额不能大于采购总额']);
  });

  it('refuses a file that is not a table, and writes none of the good files beside it', () => {
    const { report, lines } = run(db, [...worldFiles(), file('broken.xlsx', Buffer.from('not a zip at all'))]);
    expect(report.loaded).toBe(false);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^broken\.xlsx:-:-: /);
    expect(snapshot(db).enterprises).toEqual([]);
  });

  it('with skipInvalid loads the good rows and reports the rest', () => {
    const bad = [usccFor(6), '襄阳半好有限公司', '樊城区', '汽车产业链', '大型企业', '', '', '', '10', '5', ''];
    const { report, lines } = run(db, withEnterpriseRow(bad), true);
    expect(report.loaded).toBe(true);
    expect(lines).toEqual(['enterprises.csv:4:tier: 「大型企业」不是允许的值（链主企业 / 链主 / 核心企业 / 核心 / 专精特新 / 专精特新企业 / 中小企业 / 中小）']);
    expect(snapshot(db).enterprises.map((e) => e.uscc)).toEqual([LEADER, SUPPLIER].sort());
    expect(snapshot(db).listings).toHaveLength(2);
  });
});

describe('import: idempotent', () => {
  it('the same files twice change nothing; a changed row updates', () => {
    run(db, worldFiles());
    const first = snapshot(db);
    const again = run(db, worldFiles()).report;
    expect(again.counts!.enterprises).toEqual({ inserted: 0, updated: 0, unchanged: 2 });
    expect(again.counts!.listings).toEqual({ inserted: 0, updated: 0, unchanged: 2 });
    expect(again.counts!.components).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
    expect(again.counts!.procurement).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
    expect(snapshot(db)).toEqual(first);

    const changed = listingRows();
    changed[0]![3] = '承接铝合金高压铸造加工';
    const third = run(db, [file('listings.csv', csv([LISTING_KEYS, ...changed]))]).report;
    expect(third.counts!.listings).toEqual({ inserted: 0, updated: 1, unchanged: 1 });
    const l1 = snapshot(db).listings.find((l) => l.ref === 'L1');
    expect(l1).toMatchObject({ title: '承接铝合金高压铸造加工', version: 2 });
  });
});

describe('import: dry run (the preview)', () => {
  it('reports creates, updates with field changes, and writes nothing at all', () => {
    expect(run(db, worldFiles()).report.loaded).toBe(true);
    const tables = ['enterprises', 'enterprise_chains', 'enterprise_capabilities', 'components', 'component_requirements', 'listings', 'procurement', 'audit_log', 'import_runs', 'regions'];
    const counts = () => Object.fromEntries(tables.map((t) => [t, db.sqlite.prepare(`select count(*) from ${t}`).pluck().get()]));
    const before = { counts: counts(), snap: snapshot(db) };
    const changed = [
      file('components.csv', csv([COMPONENT_KEYS, ['C1', LEADER, '变速器壳体', '汽车产业链', 'ADC12', '压铸;CNC加工', 'IATF16949', '3100', '中'], ['C2', LEADER, '转向节', '汽车产业链', '球墨铸铁', '铸造', '', '900', '低']])),
      file('procurement.csv', csv([PROCUREMENT_KEYS, [LEADER, '2026', '300000', '75000']])),
    ];
    const report = importFiles(db.sqlite, changed, { now: NOW, dryRun: true });
    expect(report.loaded).toBe(false);
    expect(report.counts?.components).toEqual({ inserted: 1, updated: 1, unchanged: 0 });
    expect(report.counts?.procurement).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    expect(report.preview?.created).toEqual([{ kind: 'components', key: 'C2', name: '转向节' }]);
    const c1 = report.preview?.updated.find((u) => u.key === 'C1');
    expect(c1?.fields).toEqual([
      { field: 'annualValueWan', label: '年采购额（万元）', before: '2400', after: '3100' },
      { field: 'criticality', label: '关键程度', before: '高', after: '中' },
    ]);
    expect(report.preview?.updated.find((u) => u.kind === 'procurement')?.fields).toEqual([{ field: 'localWan', label: '本地采购额（万元）', before: '60000', after: '75000' }]);
    expect({ counts: counts(), snap: snapshot(db) }).toEqual(before);
    // the commit that expects this preview writes it; one that expects another is refused and writes nothing
    const refused = importFiles(db.sqlite, changed, { now: NOW, expectDigest: 'not-this-one' });
    expect(refused).toMatchObject({ loaded: false, stale: true });
    expect(snapshot(db)).toEqual(before.snap);
    const done = importFiles(db.sqlite, changed, { now: NOW, expectDigest: report.preview!.digest });
    expect(done.loaded).toBe(true);
    expect(snapshot(db).components.map((c) => [c.ref, c.annual_value_wan, c.criticality])).toEqual([['C1', 3100, 'medium'], ['C2', 900, 'low']]);
  });
});
