/**
 * The one XLSX writer (reports, dispatch and cultivation exports, import templates). Kept here
 * rather than taken from a library: the workbooks are small and simple, and the few features
 * needed — a title row, a styled and frozen header, column widths, number formats, drop-down
 * validations, several (or hidden) sheets — fit in two short files with no dependency beyond
 * fflate, which the reader already uses. Reading uploads is server/import/xlsx.ts.
 */
import { strToU8, zipSync } from 'fflate';
import { columnName, escapeXml, NS_MAIN, NS_REL, sheetRef, sheetXml, STYLES_XML, XML_HEAD } from './xlsx-sheet.ts';
import type { Cell, ListValidation, Sheet } from './xlsx-types.ts';

export type { Cell, Column, ListValidation, NumberFormat, Sheet } from './xlsx-types.ts';
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
const LIST_SHEET = '_lists';

function sheetNames(names: string[]): string[] {
  const used = new Set<string>();
  return names.map((raw, i) => {
    const base = raw.replace(/[[\]:*?/\\\x00-\x1f]/g, '_').replace(/^'+|'+$/g, '').trim() || `Sheet${i + 1}`;
    let name = base.slice(0, 31);
    for (let n = 2; used.has(name.toLowerCase()) || name.toLowerCase() === 'history'; n++) {
      const suffix = ` (${n})`;
      name = base.slice(0, 31 - suffix.length) + suffix;
    }
    used.add(name.toLowerCase());
    return name;
  });
}

/** Validation lists: inline when Excel allows it, else a column of the hidden list sheet. */
class Lists {
  readonly columns: string[][] = [];

  formula(v: ListValidation): string {
    if (v.range) return `${sheetRef(v.range.sheet)}!${v.range.range}`;
    const values = v.values ?? [];
    const inline = values.join(',');
    if (inline.length <= 250 && !values.some((x) => /[,"]/.test(x))) return `"${inline}"`;
    this.columns.push(values);
    const col = columnName(this.columns.length - 1);
    return `${LIST_SHEET}!$${col}$1:$${col}$${Math.max(1, values.length)}`;
  }

  sheet(): Sheet | null {
    if (!this.columns.length) return null;
    const height = Math.max(...this.columns.map((c) => c.length));
    const rows: Cell[][] = Array.from({ length: height }, (_r, i) => this.columns.map((c) => c[i] ?? null));
    return { name: LIST_SHEET, rows, hidden: true };
  }
}

export function writeWorkbook(sheets: Sheet[]): Uint8Array {
  const given = sheets.length > 0 ? sheets : [{ name: 'Sheet1', rows: [] }];
  const lists = new Lists();
  const xml = given.map((s) => sheetXml(s, (v) => lists.formula(v)));
  const listSheet = lists.sheet();
  const all = listSheet ? [...given, listSheet] : given;
  if (listSheet) xml.push(sheetXml(listSheet, () => ''));
  const names = sheetNames(all.map((s) => s.name));
  if (listSheet) names[names.length - 1] = LIST_SHEET;
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(`${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="${CT}.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="${CT}.styles+xml"/>${all.map((_s, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${CT}.worksheet+xml"/>`).join('')}</Types>`),
    '_rels/.rels': strToU8(`${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    'xl/workbook.xml': strToU8(`${XML_HEAD}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><sheets>${names.map((n, i) =>
      `<sheet name="${escapeXml(n)}" sheetId="${i + 1}"${all[i]!.hidden ? ' state="hidden"' : ''} r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`),
    'xl/_rels/workbook.xml.rels': strToU8(`${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${all.map((_s, i) => `<Relationship Id="rId${i + 1}" Type="${NS_REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}<Relationship Id="rId${all.length + 1}" Type="${NS_REL}/styles" Target="styles.xml"/></Relationships>`),
    'xl/styles.xml': strToU8(STYLES_XML),
  };
  xml.forEach((x, i) => { files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(x); });
  return zipSync(files);
}

/** Rows as they are, one sheet each, no styling: fixtures and the simplest exports. */
export function writeXlsx(sheets: { name: string; rows: Cell[][] }[]): Uint8Array {
  return writeWorkbook(sheets.map((s) => ({ name: s.name, rows: s.rows })));
}
