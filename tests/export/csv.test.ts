import { describe, expect, it } from 'vitest';
import { blocksToCsv, toCsv } from '../../server/export/csv.ts';
import { contentDisposition, datedFileName, periodLabel } from '../../server/export/file-name.ts';
import { readTable } from '../../server/import/read-table.ts';

describe('CSV', () => {
  it('starts with a BOM, ends lines with CRLF, quotes only where needed, writes numbers as numbers', () => {
    const text = toCsv([['名称', '金额'], ['甲,乙', 1234.5], ['说"明"', -3], ['多\n行', null]]);
    expect(text.startsWith('\uFEFF名称,金额\r\n')).toBe(true);
    expect(text).toContain('"甲,乙",1234.5\r\n');
    expect(text).toContain('"说""明""",-3\r\n');
    expect(text).toContain('"多\n行",\r\n');
  });

  it('defuses text a spreadsheet would run as a formula, and reads back through the importer', () => {
    const text = toCsv([['a', 'b', 'c', 'd'], ['=HYPERLINK("http://x")', '+1', '@SUM(A1)', '-ok']]);
    const t = readTable(Buffer.from(text), 'x.csv');
    expect(t.encoding).toBe('utf-8-bom');
    expect(t.rows[0]).toEqual([`'=HYPERLINK("http://x")`, "'+1", "'@SUM(A1)", "'-ok"]);
  });

  it('writes several tables one after another, an empty line between them, one BOM', () => {
    const text = blocksToCsv([[['a'], ['1']], [['b'], ['2']]]);
    expect(text).toBe('\uFEFFa\r\n1\r\n\r\nb\r\n2\r\n');
  });
});

describe('download names', () => {
  it('name what, which period and which day, in Chinese', () => {
    const at = Date.parse('2026-12-03T01:00:00Z');
    expect(datedFileName({ title: '近地配套率季度报告', period: periodLabel(2026, 4), at, ext: 'xlsx' })).toBe('近地配套率季度报告_2026Q4_20261203.xlsx');
    expect(datedFileName({ title: '培育清单', at: Date.parse('2026-12-03T17:00:00Z'), ext: 'csv' })).toBe('培育清单_20261204.csv'); // the city's day (UTC+8)
    expect(datedFileName({ title: 'a/b:c', period: periodLabel(2026), at, ext: 'csv' })).toBe('a_b_c_2026_20261203.csv');
  });

  it('travel in Content-Disposition as an ASCII fallback and an RFC 5987 UTF-8 name', () => {
    expect(contentDisposition('用地 (1).pdf')).toBe(`attachment; filename="__ (1).pdf"; filename*=UTF-8''%E7%94%A8%E5%9C%B0%20%281%29.pdf`);
    expect(contentDisposition('近地配套率季度报告_2026Q4_20261203.xlsx')).toContain(`filename*=UTF-8''${encodeURIComponent('近地配套率季度报告_2026Q4_20261203.xlsx')}`);
  });
});
