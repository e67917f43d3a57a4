import { describe, expect, it } from 'vitest';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { readXlsxFirstSheet, TableReadError } from '../../server/import/xlsx.ts';
import { writeXlsx } from '../../server/export/xlsx.ts';

const DAY_MS = 86_400_000;
const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** Day count from a calendar epoch, computed independently of the reader. */
function isoFrom(epochUtc: number, days: number): string {
  return new Date(epochUtc + days * DAY_MS).toISOString().slice(0, 10);
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

/** Overwrites the (uncompressed or compressed) size an entry declares, in both its local and central headers. */
function lieAboutSize(zip: Uint8Array, name: string, size: number, field: 'size' | 'compressed' = 'size'): Uint8Array {
  const out = zip.slice();
  const dv = new DataView(out.buffer);
  let patched = 0;
  for (let p = 0; p + 46 <= out.length; p++) {
    const sig = dv.getUint32(p, true);
    const [nameAt, sizeAt] = sig === 0x04034b50 ? [30, 22] : sig === 0x02014b50 ? [46, 24] : [0, 0];
    const at = field === 'size' ? sizeAt : sizeAt - 4;
    if (!nameAt) continue;
    const nameLen = dv.getUint16(p + (sig === 0x04034b50 ? 26 : 28), true);
    if (strFromU8(out.subarray(p + nameAt, p + nameAt + nameLen)) !== name) continue;
    dv.setUint32(p + at, size, true);
    patched++;
  }
  expect(patched).toBe(2);
  return out;
}

interface HandBuilt { sheetXml: string; shared?: string; styles?: string; workbookPr?: string }

/** A workbook whose first sheet is not sheet1.xml, so resolution through workbook.xml + rels is exercised. */
function handBuilt(opts: HandBuilt): Uint8Array {
  const files: Zippable = {
    '[Content_Types].xml': strToU8('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    'xl/workbook.xml': strToU8(`<?xml version="1.0"?><workbook ${NS} ${NS_R}>${opts.workbookPr ?? ''}<sheets><sheet name="数据" sheetId="7" r:id="rId9"/><sheet name="其他" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    'xl/_rels/workbook.xml.rels': strToU8(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId9" Type="${REL}/worksheet" Target="/xl/worksheets/data.xml"/><Relationship Id="rId3" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId4" Type="${REL}/styles" Target="styles.xml"/></Relationships>`),
    'xl/worksheets/sheet1.xml': strToU8(`<worksheet ${NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>wrong sheet</t></is></c></row></sheetData></worksheet>`),
    'xl/worksheets/data.xml': strToU8(`<?xml version="1.0"?><worksheet ${NS}><dimension ref="A1:F9"/><sheetData>${opts.sheetXml}</sheetData><mergeCells count="0"/></worksheet>`),
  };
  if (opts.shared) files['xl/sharedStrings.xml'] = strToU8(`<sst ${NS}>${opts.shared}</sst>`);
  if (opts.styles) files['xl/styles.xml'] = strToU8(`<styleSheet ${NS}>${opts.styles}</styleSheet>`);
  return zipSync(files);
}

const STYLES = [
  '<numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>',
  '<numFmt numFmtId="165" formatCode="[Red]0.00&quot;d&quot;"/><numFmt numFmtId="166" formatCode="h:mm"/></numFmts>',
  '<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164"/>',
  '<xf numFmtId="165"/><xf numFmtId="4"/><xf numFmtId="166"/></cellXfs>',
].join('');

describe('readXlsxFirstSheet on a hand-built workbook', () => {
  const shared = [
    '<si><t>统一社会信用代码</t></si>',
    '<si><r><rPr><b/><sz val="11"/></rPr><t>襄阳</t></r><r><t xml:space="preserve"> 宇金</t></r><r><t/></r><r><t>智能</t></r></si>',
    '<si><t>漢字</t><rPh sb="0" eb="2"><t>カンジ</t></rPh></si>',
    '<si/>',
    '<si><t>literal\r\nCRLF&#13;</t></si>',
    '<si><t>A &amp; B &lt;c&gt; &quot;q&quot; &apos;s&apos; &#20013;&#x6587; line_x000D__x000A_two _x005F_x0041_</t></si>',
  ].join('');
  const sheet = [
    '<row r="1" spans="1:6"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c><c r="F1" t="s"><v>2</v></c></row>',
    // row 2 is missing entirely
    '<row r="3"><c r="A3" t="s"><v>5</v></c><c r="B3" t="s"><v>3</v></c><c r="C3" t="inlineStr"><is><r><t>内</t></r><r><t>联</t></r></is></c><c r="D3" t="s"><v>4</v></c></row>',
    '<row r="4"><c r="A4" t="b"><v>1</v></c><c r="B4" t="b"><v>0</v></c><c r="C4"><f>1+1</f><v>2</v></c><c r="D4" t="str"><f>A1</f><v>公式文本</v></c><c r="E4" t="e"><v>#N/A</v></c></row>',
    '<row r="5"><c r="A5"><v>266.39999999999998</v></c><c r="B5" s="4"><v>1234.5</v></c><c r="C5" s="3"><v>7</v></c><c r="D5"><v>-1.5E-3</v></c></row>',
    '<row r="6"><c r="A6" s="1"><v>46000</v></c><c r="B6" s="2"><v>46000.75</v></c><c r="C6" s="1"><v>59</v></c><c r="D6" s="1"><v>61</v></c><c r="E6" s="5"><v>0.5</v></c></row>',
    '<row><c t="inlineStr"><is><t>no refs</t></is></c><c><v>3</v></c></row>',
    '<row r="9"><c r="A9" s="1"/><c r="B9" t="inlineStr"><is><t></t></is></c></row>',
    '<row r="12"/>',
  ].join('');
  const rows = readXlsxFirstSheet(handBuilt({ sheetXml: sheet, shared, styles: STYLES }));
  const epoch1900 = Date.UTC(1899, 11, 30);

  it('reads the first sheet listed in workbook.xml, placing cells by reference', () => {
    expect(rows[0]).toEqual(['统一社会信用代码', '', '襄阳 宇金智能', '', '', '漢字']);
    expect(rows[1]).toEqual([]);
  });

  it('decodes entities and _xHHHH_ escapes in shared strings, inline rich text, empty <si/>', () => {
    expect(rows[2]).toEqual(['A & B <c> "q" \'s\' 中文 line\r\ntwo _x0041_', '', '内联', 'literal\nCRLF\r']);
  });

  it('reads booleans, formula cached values, formula strings and errors', () => {
    expect(rows[3]).toEqual(['TRUE', 'FALSE', '2', '公式文本', '#N/A']);
  });

  it('renders numbers as shortest decimals, non-date formats untouched', () => {
    expect(rows[4]).toEqual(['266.4', '1234.5', '7', '-0.0015']);
  });

  it('converts date-styled serials (built-in and custom formats, the 1900 leap-year bug)', () => {
    expect(isoFrom(epoch1900, 46000)).toBe('2025-12-09');
    expect(rows[5]).toEqual([isoFrom(epoch1900, 46000), '2025-12-09', '1900-02-28', '1900-03-01', '0.5']);
  });

  it('falls back to sequential columns/rows when r attributes are missing, and drops trailing empty rows', () => {
    expect(rows[6]).toEqual(['no refs', '3']);
    expect(rows).toHaveLength(7);
  });

  it('uses the 1904 date system when workbook.xml says so', () => {
    const sheetXml = '<row r="1"><c r="A1" s="1"><v>44538</v></c><c r="B1" s="2"><v>0</v></c><c r="C1"><v>44538</v></c></row>';
    const got = readXlsxFirstSheet(handBuilt({ sheetXml, styles: STYLES, workbookPr: '<workbookPr date1904="1"/>' }));
    expect(isoFrom(Date.UTC(1904, 0, 1), 44538)).toBe('2025-12-09');
    expect(got).toEqual([['2025-12-09', '1904-01-01', '44538']]);
  });

  it('falls back to xl/worksheets/sheet1.xml without a workbook part, and accepts prefixed SpreadsheetML', () => {
    const zip = zipSync({
      'xl/worksheets/sheet1.xml': strToU8(`<x:worksheet xmlns:x="urn:x"><x:sheetData><x:row r="2"><x:c r="B2" t="inlineStr"><x:is><x:t>前缀</x:t></x:is></x:c><x:c r="C2"><x:v>1.5</x:v></x:c></x:row></x:sheetData></x:worksheet>`),
    });
    expect(readXlsxFirstSheet(zip)).toEqual([[], ['', '前缀', '1.5']]);
  });
});

describe('zip safety', () => {
  const zeros = new Uint8Array(1024 * 1024);
  const bomb = (extra: Zippable = {}) => zipSync({
    'xl/worksheets/sheet1.xml': strToU8(`<worksheet ${NS}><sheetData/></worksheet>`),
    'xl/sharedStrings.xml': zeros,
    ...extra,
  });

  it('refuses an entry whose declared size exceeds the limit, before inflating', () => {
    expect(bomb().length).toBeLessThan(20_000);
    expect(failure(() => readXlsxFirstSheet(bomb(), { maxUncompressedBytes: 100 * 1024 })).message)
      .toBe('XLSX 解压后超过 100 KB 上限，拒绝处理');
  });

  it('refuses when the declared sizes together exceed the limit', () => {
    const parts = { 'xl/worksheets/sheet1.xml': new Uint8Array(60 * 1024), 'xl/styles.xml': new Uint8Array(60 * 1024) };
    expect(failure(() => readXlsxFirstSheet(zipSync(parts), { maxUncompressedBytes: 100 * 1024 })).message)
      .toBe('XLSX 解压后超过 100 KB 上限，拒绝处理');
  });

  it('stops inflating an entry whose central directory understates its size', () => {
    const liar = lieAboutSize(bomb(), 'xl/sharedStrings.xml', 1000);
    expect(failure(() => readXlsxFirstSheet(liar, { maxUncompressedBytes: 100 * 1024 })).message)
      .toBe('XLSX 文件已损坏：压缩内容的实际大小与声明不符');
  });

  it('stops a lying entry at the first excess output, long before the end of its data', () => {
    const name = 'xl/worksheets/sheet1.xml';
    const big = zipSync({ [name]: new Uint8Array(32 * 1024 * 1024) });
    const compressed = big.length - 200;
    expect(compressed).toBeGreaterThan(30_000);
    // The stream is also cut short: reaching its end would surface as a corrupt-file error instead.
    const liar = lieAboutSize(lieAboutSize(big, name, 100), name, Math.floor(compressed * 0.75), 'compressed');
    expect(failure(() => readXlsxFirstSheet(liar)).message).toBe('XLSX 文件已损坏：压缩内容的实际大小与声明不符');
    expect(failure(() => readXlsxFirstSheet(lieAboutSize(big, name, Math.floor(compressed * 0.75), 'compressed'))).message)
      .toBe('XLSX 文件已损坏或不是有效的 Excel 文件');
  });

  it('refuses an entry that overstates its size', () => {
    const liar = lieAboutSize(bomb(), 'xl/sharedStrings.xml', 2 * 1024 * 1024);
    expect(failure(() => readXlsxFirstSheet(liar)).message).toBe('XLSX 文件已损坏：压缩内容的实际大小与声明不符');
  });

  it('refuses truncated or garbage zips', () => {
    const good = writeXlsx([{ name: 's', rows: [['a']] }]);
    for (const bytes of [good.subarray(0, good.length - 30), good.subarray(0, 200), strToU8('PK\u0003\u0004 not a zip at all')]) {
      expect(failure(() => readXlsxFirstSheet(bytes)).message).toBe('XLSX 文件已损坏或不是有效的 Excel 文件');
    }
  });

  it('refuses a sheet whose sparse references would explode into too many cells', () => {
    let sheetXml = '';
    for (let r = 1; r <= 2000; r++) sheetXml += `<row r="${r}"><c r="XFD${r}"><v>1</v></c></row>`;
    expect(failure(() => readXlsxFirstSheet(handBuilt({ sheetXml }))).message).toBe('XLSX 表格单元格过多，拒绝处理');
  });
});
