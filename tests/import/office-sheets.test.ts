/**
 * Sheets as a city office makes them, built here cell by cell: a title and subtitle above the
 * header, a 序号 column, a header over two merged rows, units in headers and cells, Excel serial
 * dates, 合计 and 注 rows, one sheet per chain, region short forms and misspellings, unknown chains.
 */
import { describe, expect, it, beforeEach } from 'vitest';
import { memoryDatabase, usccFor, csv } from '../helpers.ts';
import { importFiles, formatProblem, type ImportFile } from '../../server/import/index.ts';
import { writeXlsx } from '../../server/export/xlsx.ts';
import { resolveRegion } from '../../server/domain/regions.ts';
import type { Database_ } from '../../db/client.ts';

const NOW = Date.parse('2026-11-27T00:00:00Z');
const LEADER = usccFor(1);
const OTHER_LEADER = usccFor(7);
const LOCAL = usccFor(2);
const FAR = usccFor(3);

let db: Database_;
beforeEach(() => { db = memoryDatabase(); });

const rowsOf = (sql: string) => db.sqlite.prepare(sql).all();
const run = (files: ImportFile[]) => importFiles(db.sqlite, files, { now: NOW });
const warnings = (r: ReturnType<typeof run>) => r.problems.filter((p) => p.severity === 'warning').map(formatProblem);
const errors = (r: ReturnType<typeof run>) => r.problems.filter((p) => p.severity === 'error').map(formatProblem);

const enterprisesSheet = () => csv([
  ['襄阳市重点企业名录（2026年）'],
  ['填报单位：市经信局', '', '', '', '', ''],
  ['序号', '统一社会信用代码', '企业名称', '所在县市区', '所属产业链', '企业类型', '年产值（亿元）'],
  ['1', LEADER, '襄阳甲汽车有限公司', '樊城', '汽车产业链;农产品加工产业链', '链主企业', '120'],
  ['2', LOCAL, '襄阳乙精密（压铸）有限公司', '襄阳高兴区', '汽车产业链', '专精特新', '1.5'],
  ['3', FAR, '苏州丙精工有限公司', '江苏省苏州市', '汽车产业链', '中小企业', '8600万'],
  ['4', OTHER_LEADER, '襄阳丁装备有限公司', '樊城县', '智能装备产业链', '链主企业', '30'],
  ['合计', '', '', '', '', '', '160.01'],
  ['注：年产值为2025年数据。'],
]);

describe('an office\'s enterprise sheet', () => {
  it('finds the header under the titles, ignores 序号, skips 合计 and 注 rows, converts 亿元, resolves regions and drops unknown chains with warnings', () => {
    const report = run([{ name: '重点企业名录.csv', bytes: Buffer.from(enterprisesSheet()) }]);
    expect(errors(report)).toEqual([]);
    expect(report.loaded).toBe(true);
    expect(rowsOf(`select e.name, r.name as region, e.annual_output_wan as wan from enterprises e left join regions r on r.code = e.region_code order by e.id`)).toEqual([
      { name: '襄阳甲汽车有限公司', region: '樊城区', wan: 1_200_000 },
      { name: '襄阳乙精密（压铸）有限公司', region: '襄阳高新区', wan: 15_000 },
      { name: '苏州丙精工有限公司', region: '苏州市', wan: 8600 },
      { name: '襄阳丁装备有限公司', region: '樊城区', wan: 300_000 },
    ]);
    expect(rowsOf(`select count(*) as n from enterprise_chains`)).toEqual([{ n: 4 }]);
    const w = warnings(report);
    expect(w).toContain('重点企业名录.csv:-:-: 警告：表头在第 3 行；已跳过表头上方 2 行标题、1 行合计/小计、1 行注释');
    expect(w).toContain('重点企业名录.csv:4:所属产业链: 警告：未知产业链「农产品加工产业链」，已忽略（应为 13 条产业链之一）');
    expect(w).toContain('重点企业名录.csv:4:所在县市区: 警告：区域「樊城」按「樊城区」导入（简称），请核对');
    expect(w).toContain('重点企业名录.csv:5:所在县市区: 警告：区域「襄阳高兴区」按「襄阳高新区」导入（疑似错别字），请核对');
    expect(w.some((l) => l.includes('序号'))).toBe(false);
    // the stored name keeps its full-width brackets
    expect(rowsOf(`select name from enterprises where uscc = '${LOCAL}'`)).toEqual([{ name: '襄阳乙精密（压铸）有限公司' }]);
  });

  it('refuses a row whose region is no known place, and never files it as 市外', () => {
    const text = csv([['统一社会信用代码', '企业名称', '所在区域'], [LOCAL, '襄阳乙精密有限公司', '火星基地']]);
    const report = run([{ name: 'enterprises.csv', bytes: Buffer.from(text) }]);
    expect(report.loaded).toBe(false);
    expect(errors(report)).toEqual(['enterprises.csv:2:所在区域: 未知区域「火星基地」：既不是本市区县，也不是已知的外地省市，请改正']);
    expect(rowsOf('select count(*) as n from enterprises')).toEqual([{ n: 0 }]);
  });
});

describe('an office\'s workbook of sole-source parts, one sheet per chain', () => {
  it('reads every sheet by its own header (two merged header rows, units in headers and cells, serial dates) and lists the other sheets as skipped', () => {
    expect(run([{ name: 'enterprises.csv', bytes: Buffer.from(enterprisesSheet()) }]).loaded).toBe(true);
    const header = [['序号', '编号', '采购企业信用代码', '零部件名称', '所属产业链', '年需求', '', '年采购额（元）'], ['', '', '', '', '', '数量', '单位', '']];
    const workbook = writeXlsx([
      { name: '汽车', rows: [['襄阳市汽车产业链链主企业唯一来源外采件清单'], ...header,
        [1, 'A-01', LEADER, '变速器壳体', '汽车产业链', 12000, '件', 24_000_000],
        [2, 'A-02', LEADER, '转向节', '汽车产业链', 5000, '件', '1.2亿元'],
        ['小计', '', '', '', '', '', '', 144_000_000]] },
      { name: '智能装备', rows: [['智能装备产业链唯一来源外采件清单'], ...header,
        [1, 'E-01', OTHER_LEADER, '减速机壳体', '智能装备产业链', 800, '台', '860万']] },
      { name: '说明', rows: [['填表说明'], ['1. 每个产业链一个工作表。']] },
    ]);
    const report = run([{ name: '外采件清单.xlsx', bytes: workbook }]);
    expect(errors(report)).toEqual([]);
    expect(rowsOf('select ref, name, annual_volume as volume, unit, annual_value_wan as wan from components order by ref')).toEqual([
      { ref: 'A-01', name: '变速器壳体', volume: 12000, unit: '件', wan: 2400 },
      { ref: 'A-02', name: '转向节', volume: 5000, unit: '件', wan: 12000 },
      { ref: 'E-01', name: '减速机壳体', volume: 800, unit: '台', wan: 860 },
    ]);
    expect(report.files.map((f) => [f.file, f.kind, f.rows])).toEqual([
      ['外采件清单.xlsx › 汽车', 'components', 2], ['外采件清单.xlsx › 智能装备', 'components', 1], ['外采件清单.xlsx › 说明', null, 0],
    ]);
    expect(warnings(report)).toContain('外采件清单.xlsx › 说明:-:-: 警告：此工作表不是企业、外采件、供需或采购额表，已跳过');
  });

  it('reads validity dates as Excel writes them: serials, 2027年6月30日, 2027/6/30, 2027.6.30', () => {
    expect(run([{ name: 'enterprises.csv', bytes: Buffer.from(enterprisesSheet()) }]).loaded).toBe(true);
    const sheet = writeXlsx([{ name: '供需', rows: [
      ['编号', '发布企业信用代码', '类型', '标题', '有效期至'],
      ['L1', LOCAL, '供应', '承接压铸', 46568], ['L2', LOCAL, '供应', '承接机加工', '2027年6月30日'],
      ['L3', LOCAL, '需求', '采购铝锭', '2027/6/30'], ['L4', LOCAL, '需求', '采购模具钢', '2027.6.30'],
    ] }]);
    const report = run([{ name: 'listings.xlsx', bytes: sheet }]);
    expect(errors(report)).toEqual([]);
    expect(rowsOf('select ref, valid_until as until from listings order by ref')).toEqual([
      { ref: 'L1', until: '2027-06-30' }, { ref: 'L2', until: '2027-06-30' }, { ref: 'L3', until: '2027-06-30' }, { ref: 'L4', until: '2027-06-30' },
    ]);
  });
});

describe('region names', () => {
  it('resolves short forms and near spellings to the district, a real place elsewhere to 市外, and nothing else', () => {
    expect(resolveRegion('樊城')).toEqual({ kind: 'corrected', name: '樊城区', how: 'short' });
    expect(resolveRegion('樊城县')).toEqual({ kind: 'corrected', name: '樊城区', how: 'short' });
    expect(resolveRegion('襄阳高兴区')).toEqual({ kind: 'corrected', name: '襄阳高新区', how: 'spelling' });
    expect(resolveRegion('襄阳市樊城区牛首镇')).toEqual({ kind: 'exact', name: '樊城区' });
    expect(resolveRegion('苏州市')).toEqual({ kind: 'outside', name: '苏州市' });
    expect(resolveRegion('浙江省宁波市')).toEqual({ kind: 'outside', name: '浙江省宁波市' });
    expect(resolveRegion('宜昌')).toEqual({ kind: 'outside', name: '宜昌' });
    expect(resolveRegion('宜城')).toEqual({ kind: 'exact', name: '宜城市' });
    expect(resolveRegion('火星基地')).toEqual({ kind: 'unknown' });
  });
});
