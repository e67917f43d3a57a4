import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { readXlsxFirstSheet } from '../../server/import/xlsx.ts';
import { readTable } from '../../server/import/read-table.ts';
import { writeWorkbook, writeXlsx } from '../../server/export/xlsx.ts';

const part = (bytes: Uint8Array, name: string) => strFromU8(unzipSync(bytes)[name]!);

describe('writeXlsx', () => {
  it('round-trips strings, numbers, gaps and XML-special text', () => {
    const rows = [
      ['名称', '数值', null, '备注'],
      ['<tag> & "quote" \'apos\'', 266.4, undefined, ' 前后空格 '],
      [null, -0.5, '', '第一行\n第二行\r\n第三行'],
      ['_x0041_ literal', 1e-7, 12345678901234, 'ctrl\u0001char 😀'],
    ];
    expect(readXlsxFirstSheet(writeXlsx([{ name: 'Sheet', rows }]))).toEqual([
      ['名称', '数值', '', '备注'],
      ['<tag> & "quote" \'apos\'', '266.4', '', ' 前后空格 '],
      ['', '-0.5', '', '第一行\n第二行\r\n第三行'],
      ['_x0041_ literal', '1e-7', '12345678901234', 'ctrl\u0001char 😀'],
    ]);
  });

  it('round-trips a 1000-row sheet', () => {
    const rows = [['序号', '企业', '产值']];
    for (let i = 1; i <= 1000; i++) rows.push([String(i), `企业${i}`, (i * 0.1).toFixed(1)]);
    const got = readXlsxFirstSheet(writeXlsx([{ name: 'big', rows }]));
    expect(got).toHaveLength(1001);
    expect(got).toEqual(rows);
  });

  it('escapes what XML would lose or reject the way Excel does', () => {
    const xml = strFromU8(unzipSync(writeXlsx([{ name: 's', rows: [['a\r\nb\u0007 <&> _x0041_', ' pad ']] }]))['xl/worksheets/sheet1.xml']!);
    expect(xml).toContain('<c r="A1" t="inlineStr"><is><t>a_x000D_\nb_x0007_ &lt;&amp;&gt; _x005F_x0041_</t></is></c>');
    expect(xml).toContain('<t xml:space="preserve"> pad </t>');
  });

  it('reads back only the first of several sheets', () => {
    const bytes = writeXlsx([{ name: '第一', rows: [['a']] }, { name: '第二', rows: [['b']] }]);
    expect(readXlsxFirstSheet(bytes)).toEqual([['a']]);
  });

  it('writes the parts Excel needs, with sanitised unique sheet names', () => {
    const long = '一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三';
    const parts = unzipSync(writeXlsx([{ name: 'a/b:c*?[d]\\e', rows: [] }, { name: long, rows: [] }, { name: 'A_B_C___D__E', rows: [] }, { name: '', rows: [[1]] }]));
    expect(Object.keys(parts).sort()).toEqual([
      '[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml',
      'xl/workbook.xml', 'xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml', 'xl/worksheets/sheet3.xml', 'xl/worksheets/sheet4.xml',
    ]);
    const names = [...strFromU8(parts['xl/workbook.xml']!).matchAll(/<sheet name="([^"]*)"/g)].map((m) => m[1]);
    expect(names).toEqual(['a_b_c___d__e', long.slice(0, 31), 'A_B_C___D__E (2)', 'Sheet4']);
    expect(strFromU8(parts['xl/worksheets/sheet4.xml']!)).toContain('<c r="A1"><v>1</v></c>');
  });
});

describe('writeWorkbook', () => {
  const sheet = {
    name: '报告', title: '近地配套率季度报告 · 2026年',
    columns: [{ header: '范围' }, { header: '采购总额（万元）', format: 'wan' as const }, { header: '链主企业数', format: 'integer' as const },
      { header: '占比', format: 'percent' as const }, { header: '签约日期', format: 'date' as const }, { header: '信用代码', format: 'text' as const }],
    rows: [['汽车产业链', 1234.5, 3, 0.351, '2026-10-02', '914206001234567890'], ['医药产业链', 80, 1, null, '', '91420600ABCDEFGH12']],
  };

  it('puts a merged title above a styled header the sheet keeps in view, then the rows', () => {
    const bytes = writeWorkbook([sheet]);
    const xml = part(bytes, 'xl/worksheets/sheet1.xml');
    expect(xml).toContain('<mergeCell ref="A1:F1"/>');
    expect(xml).toContain('<pane ySplit="2" topLeftCell="A3" activePane="bottomLeft" state="frozen"/>');
    expect(xml).toMatch(/<row r="2"><c r="A2" s="1" t="inlineStr"><is><t>范围<\/t>/);
    expect(xml.indexOf('<sheetViews>')).toBeLessThan(xml.indexOf('<cols>'));
    expect(xml.indexOf('<cols>')).toBeLessThan(xml.indexOf('<sheetData>'));
    expect(xml.indexOf('</sheetData>')).toBeLessThan(xml.indexOf('<mergeCells'));
    const rows = readXlsxFirstSheet(bytes);
    expect(rows[0]).toEqual(['近地配套率季度报告 · 2026年']);
    expect(rows[1]).toEqual(sheet.columns.map((c) => c.header));
    // numbers stay numbers, dates come back as the same ISO day, codes as text
    expect(rows[2]).toEqual(['汽车产业链', '1234.5', '3', '0.351', '2026-10-02', '914206001234567890']);
    expect(rows[3]).toEqual(['医药产业链', '80', '1', '', '', '91420600ABCDEFGH12']);
  });

  it('gives each column a number format and a width from its contents (CJK counts double)', () => {
    const bytes = writeWorkbook([sheet]);
    const xml = part(bytes, 'xl/worksheets/sheet1.xml');
    expect(xml).toMatch(/<c r="B3" s="4"><v>1234.5<\/v><\/c>/);
    expect(xml).toMatch(/<c r="C3" s="3"><v>3<\/v><\/c>/);
    expect(xml).toMatch(/<c r="D3" s="5"><v>0.351<\/v><\/c>/);
    expect(xml).toMatch(/<c r="E3" s="6"><v>46297<\/v><\/c>/); // 2026-10-02 as an Excel day number
    const styles = part(bytes, 'xl/styles.xml');
    expect(styles).toContain('formatCode="0.0%"');
    expect(styles).toContain('formatCode="yyyy-mm-dd"');
    const widths = [...xml.matchAll(/<col min="(\d+)" max="\d+" width="(\d+)"/g)].map((m) => Number(m[2]));
    expect(widths[1]).toBe(2 * 8 + 2); // 采购总额（万元）: eight wide characters
    expect(widths[5]).toBe(18 + 2); // an 18-character code
  });

  it('adds a drop-down: inline when short, from a hidden list sheet when long or holding commas', () => {
    const long = Array.from({ length: 60 }, (_v, i) => `选项${i}号较长的名称`);
    const bytes = writeWorkbook([{
      name: '企业', columns: [{ header: '企业类型' }, { header: '所在区域' }, { header: '说明' }], rows: [],
      validations: [{ column: 0, values: ['链主企业', '核心企业', '专精特新', '中小企业'], error: '请从列表中选择' }, { column: 1, values: long }, { column: 2, values: ['a,b', 'c'] }],
    }]);
    const xml = part(bytes, 'xl/worksheets/sheet1.xml');
    expect(xml).toContain('sqref="A2:A1001"><formula1>&quot;链主企业,核心企业,专精特新,中小企业&quot;</formula1>');
    expect(xml).toContain('error="请从列表中选择"');
    expect(xml).toContain('sqref="B2:B1001"><formula1>_lists!$A$1:$A$60</formula1>');
    expect(xml).toContain('sqref="C2:C1001"><formula1>_lists!$B$1:$B$2</formula1>');
    expect(part(bytes, 'xl/workbook.xml')).toContain('<sheet name="_lists" sheetId="2" state="hidden" r:id="rId2"/>');
    const lists = part(bytes, 'xl/worksheets/sheet2.xml');
    expect(lists).toContain('<t>选项59号较长的名称</t>');
    expect(lists).toContain('<t>a,b</t>');
  });

  it('points a drop-down at a range of another sheet of the workbook', () => {
    const bytes = writeWorkbook([
      { name: '模板', columns: [{ header: '所属产业链' }], rows: [], validations: [{ column: 0, range: { sheet: '选项', range: '$A$2:$A$14' } }] },
      { name: '选项', columns: [{ header: '产业链' }], rows: [['汽车产业链'], ['医药产业链']] },
    ]);
    expect(part(bytes, 'xl/worksheets/sheet1.xml')).toContain("<formula1>'选项'!$A$2:$A$14</formula1>");
    expect(Object.keys(unzipSync(bytes))).not.toContain('xl/worksheets/sheet3.xml');
  });

  it('keeps a plain sheet plain: no title, no frozen pane, no widths', () => {
    const xml = part(writeXlsx([{ name: 's', rows: [['a', 1]] }]), 'xl/worksheets/sheet1.xml');
    expect(xml).not.toContain('<pane');
    expect(xml).not.toContain('<cols>');
    expect(xml).toContain('<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1"><v>1</v></c></row>');
  });

  it('is read back by the import reader, header first when there is no title', () => {
    const t = readTable(writeWorkbook([{ name: 'x', columns: [{ header: '名称' }, { header: '数值', format: 'decimal' }], rows: [['甲', 1.5]] }]), 'x.xlsx');
    expect(t.headers).toEqual(['名称', '数值']);
    expect(t.rows).toEqual([['甲', '1.5']]);
  });
});
