import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { zipSync, strToU8 } from 'fflate';
import { readTable, TableReadError, type RawTable } from '../../server/import/read-table.ts';
import { TableReadError as XlsxTableReadError } from '../../server/import/xlsx.ts';
import { writeXlsx } from '../../server/export/xlsx.ts';

const HEADERS = ['统一社会信用代码', '企业名称', '年产值（万元）', '备注'];
const ROWS = [
  ['91420600MA4F0XKJ5W', '襄阳宇金智能装备有限公司', '266.4', '汽车零部件,精密加工'],
  ['91420600MA49XYZ12Q', '湖北“汉江”机电有限公司', '1200', '第一行\n第二行'],
  ['91420600MA4A000003', '', '0.5', '襄阳市"老河口"配件厂'],
];

function delimited(rows: string[][], delimiter: string, eol = '\r\n'): string {
  const quote = (s: string) => (s.includes(delimiter) || /["\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return rows.map((r) => r.map(quote).join(delimiter)).join(eol) + eol;
}

const CSV_TEXT = delimited([HEADERS, ...ROWS], ',');
const TSV_TEXT = delimited([HEADERS, ...ROWS], '\t');
const utf8 = (s: string) => new TextEncoder().encode(s);

function utf16be(s: string): Uint8Array {
  const le = Buffer.from(s, 'utf16le');
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return le;
}

function failure(fn: () => unknown): TableReadError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(TableReadError);
    return err as TableReadError;
  }
  throw new Error('expected a TableReadError');
}

describe('readTable: the same table in every supported encoding', () => {
  const variants: [string, Uint8Array, string, RawTable['encoding']][] = [
    ['UTF-8', utf8(CSV_TEXT), 'a.csv', 'utf-8'],
    ['UTF-8 with BOM', utf8('\uFEFF' + CSV_TEXT), 'a.csv', 'utf-8-bom'],
    ['GB18030', iconv.encode(CSV_TEXT, 'gb18030'), 'a.csv', 'gb18030'],
    ['GBK', iconv.encode(CSV_TEXT, 'gbk'), 'a.csv', 'gb18030'],
    ['UTF-16LE with BOM, tab-separated', Buffer.from('\uFEFF' + TSV_TEXT, 'utf16le'), 'a.txt', 'utf-16le'],
    ['UTF-16BE with BOM, tab-separated', utf16be('\uFEFF' + TSV_TEXT), 'a.txt', 'utf-16be'],
    ['XLSX', writeXlsx([{ name: '企业', rows: [HEADERS, ...ROWS] }]), 'a.xlsx', 'xlsx'],
    ['XLSX named .csv (detected by content)', writeXlsx([{ name: 'x', rows: [HEADERS, ...ROWS] }]), 'a.csv', 'xlsx'],
  ];
  for (const [label, bytes, name, encoding] of variants) {
    it(label, () => {
      expect(readTable(bytes, name)).toEqual({ headers: HEADERS, rows: ROWS, encoding });
    });
  }

  it('GBK bytes really are not UTF-8 (so the fallback is exercised)', () => {
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(iconv.encode(CSV_TEXT, 'gbk'))).toThrow();
  });

  it('XLSX numbers come back as their shortest decimal text', () => {
    const bytes = writeXlsx([{ name: 's', rows: [['a', 'b', 'c'], [266.4, 0.1 + 0.2, 1200]] }]);
    expect(readTable(bytes, 'x.xlsx').rows).toEqual([['266.4', '0.30000000000000004', '1200']]);
  });
});

describe('readTable: delimiters, headers and rows', () => {
  it('uses tab when the header has tabs and no commas', () => {
    expect(readTable(utf8('名称\t金额\n甲\t1,5\n'), 'a.csv')).toMatchObject({ headers: ['名称', '金额'], rows: [['甲', '1,5']] });
  });

  it('ignores commas inside a quoted header cell when choosing tab', () => {
    expect(readTable(utf8('"名称,简称"\t代码\n甲\t1\n'), 'a.txt')).toMatchObject({ headers: ['名称,简称', '代码'], rows: [['甲', '1']] });
  });

  it('keeps comma when the header has both commas and tabs', () => {
    expect(readTable(utf8('a\tx,b\n1\t2,3\n'), 'a.csv').headers).toEqual(['a\tx', 'b']);
  });

  it('uses semicolon when the header has only semicolons', () => {
    expect(readTable(utf8('a;b;c\n1;2,5;3\n'), 'a.csv')).toMatchObject({ headers: ['a', 'b', 'c'], rows: [['1', '2,5', '3']] });
  });

  it('trims headers, drops empty trailing header cells, keeps rows as they are', () => {
    const t = readTable(utf8(' 名称 ,  代码\t,,\n 甲 ,1,,\n乙\n'), 'a.csv');
    expect(t.headers).toEqual(['名称', '代码']);
    expect(t.rows).toEqual([[' 甲 ', '1', '', ''], ['乙']]);
  });

  it('drops blank and whitespace-only rows, including leading ones', () => {
    const t = readTable(utf8('\r\n , \r\na,b\r\n\r\n1,2\r\n ,\t\r\n3,\r\n'), 'a.csv');
    expect(t).toEqual({ headers: ['a', 'b'], rows: [['1', '2'], ['3', '']], encoding: 'utf-8' });
  });

  it('handles CR-only line endings and a file without a trailing newline', () => {
    expect(readTable(utf8('a,b\r1,2\r3,4'), 'a.csv').rows).toEqual([['1', '2'], ['3', '4']]);
  });

  it('accepts a header-only file', () => {
    expect(readTable(utf8('a,b\n'), 'a.csv')).toEqual({ headers: ['a', 'b'], rows: [], encoding: 'utf-8' });
  });

  it('keeps a stray quote inside an unquoted field', () => {
    expect(readTable(utf8('a,b\n12" 管,2\n'), 'a.csv').rows).toEqual([['12" 管', '2']]);
  });
});

describe('readTable: refusals', () => {
  it('reports the line where an unclosed quote was opened', () => {
    const text = 'a,b\r\n"多行\r\n备注",1\r\n2,3\r\n4,"未闭合\r\n5,6\r\n7,8\r\n';
    expect(failure(() => readTable(utf8(text), 'a.csv')).message).toBe('CSV 格式错误（第 5 行）：引号未闭合');
  });

  it('counts lines the same way for a GB18030 file', () => {
    const text = '名称,代码\n甲,1\n乙,"2\n';
    expect(failure(() => readTable(iconv.encode(text, 'gb18030'), 'a.csv')).message).toBe('CSV 格式错误（第 3 行）：引号未闭合');
  });

  it('refuses empty files', () => {
    for (const bytes of [new Uint8Array(0), utf8('\r\n\r\n'), utf8('\uFEFF'), utf8(' , ,\n\t\n'), Buffer.from('\uFEFF', 'utf16le')]) {
      expect(failure(() => readTable(bytes, 'a.csv')).message).toBe('文件为空');
    }
  });

  it('refuses an empty XLSX sheet', () => {
    expect(failure(() => readTable(writeXlsx([{ name: 's', rows: [] }]), 'a.xlsx')).message).toBe('文件为空');
  });

  it('refuses a non-zip file named .xlsx', () => {
    const err = failure(() => readTable(utf8('a,b\n1,2\n'), '企业名单.XLSX'));
    expect(err.message).toBe('文件扩展名为 .xlsx，但内容不是有效的 Excel 文件');
  });

  it('refuses legacy .xls (OLE) files with advice', () => {
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    const err = failure(() => readTable(ole, '名单.xls'));
    expect(err.message).toContain('.xls');
    expect(err.message).toContain('另存为 .xlsx 或 CSV');
  });

  it('refuses binary garbage', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    expect(failure(() => readTable(png, 'a.csv')).message).toBe('文件不是文本表格（CSV）或 XLSX');
  });

  it('refuses a zip that is not a workbook', () => {
    const zip = zipSync({ 'word/document.xml': strToU8('<w:document/>') });
    expect(failure(() => readTable(zip, 'a.docx')).message).toBe('XLSX 文件已损坏或不是有效的 Excel 文件');
  });

  it('refuses an HTML page posing as a spreadsheet', () => {
    const err = failure(() => readTable(utf8('<html><body><table><tr><td>a</td></tr></table></body></html>'), 'export.xls'));
    expect(err.message).toContain('HTML');
  });

  it('has a single TableReadError class shared with the XLSX reader', () => {
    expect(TableReadError).toBe(XlsxTableReadError);
  });
});
