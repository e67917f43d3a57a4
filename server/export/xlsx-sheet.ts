/**
 * One worksheet's XML: an optional title row, a styled header row that stays in view (frozen),
 * column widths, number formats per column, and list validations (drop-downs). The element
 * order is the one the SpreadsheetML schema fixes; Excel refuses a sheet that breaks it.
 */
import type { Cell, Column, ListValidation, NumberFormat } from './xlsx-types.ts';

export const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
export const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
export const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Cell style ids (cellXfs positions in STYLES_XML). */
const STYLE = { plain: 0, header: 1, title: 2, integer: 3, decimal: 4, percent: 5, date: 6, text: 7 } as const;
const FORMAT_STYLE: Record<NumberFormat, number> = {
  general: STYLE.plain, integer: STYLE.integer, decimal: STYLE.decimal, wan: STYLE.decimal, percent: STYLE.percent, date: STYLE.date, text: STYLE.text,
};

export const STYLES_XML = `${XML_HEAD}<styleSheet xmlns="${NS_MAIN}">`
  + '<numFmts count="2"><numFmt numFmtId="164" formatCode="0.0%"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd"/></numFmts>'
  + '<fonts count="3"><font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>'
  + '<font><b/><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>'
  + '<font><b/><sz val="14"/><name val="等线"/><family val="2"/><charset val="134"/></font></fonts>'
  + '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
  + '<fill><patternFill patternType="solid"><fgColor rgb="FFDCE6F1"/><bgColor indexed="64"/></patternFill></fill></fills>'
  + '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
  + '<border><left style="thin"><color rgb="FF9BB0C8"/></left><right style="thin"><color rgb="FF9BB0C8"/></right><top style="thin"><color rgb="FF9BB0C8"/></top><bottom style="thin"><color rgb="FF9BB0C8"/></bottom><diagonal/></border></borders>'
  + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
  + '<cellXfs count="8">'
  + '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
  + '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>'
  + '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
  + '<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
  + '<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
  + '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
  + '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
  + '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
  + '</cellXfs><cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function escapeCellText(s: string): string {
  if (!/[&<>"_\x00-\x08\x0b-\x1f\ufffe\uffff]/.test(s)) return s;
  // Literal "_xHHHH_" text must not be read back as an escape.
  return escapeXml(s.replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1'))
    // XML 1.0 forbids most control characters and folds CR into LF; Excel's own escape carries them intact.
    .replace(/[\x00-\x08\x0b-\x1f\ufffe\uffff]/g, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
}

const COLUMN_NAMES: string[] = [];

export function columnName(i: number): string {
  let s = COLUMN_NAMES[i];
  if (s !== undefined) return s;
  s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return (COLUMN_NAMES[i] = s);
}

/** A sheet name as Excel allows it in a formula: quoted unless plain ASCII. */
export function sheetRef(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

const EPOCH = Date.UTC(1899, 11, 30);

/** 'YYYY-MM-DD' as an Excel day number (1900 system), or null for anything else. */
function dateSerial(iso: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(t) ? null : Math.round((t - EPOCH) / 86_400_000);
}

function cellXml(ref: string, v: Cell, style: number): string {
  const s = style ? ` s="${style}"` : '';
  if (typeof v === 'number' && Number.isFinite(v)) return `<c r="${ref}"${s}><v>${v}</v></c>`;
  if (style === STYLE.date && typeof v === 'string') {
    const serial = dateSerial(v);
    if (serial !== null) return `<c r="${ref}"${s}><v>${serial}</v></c>`;
  }
  const text = String(v);
  const space = /^\s|\s$/.test(text) ? ' xml:space="preserve"' : '';
  return `<c r="${ref}"${s} t="inlineStr"><is><t${space}>${escapeCellText(text)}</t></is></c>`;
}

function rowXml(r: number, cells: Cell[], style: (c: number) => number): string {
  const parts: string[] = [];
  cells.forEach((v, c) => {
    if (v === null || v === undefined || v === '') return;
    parts.push(cellXml(`${columnName(c)}${r}`, v, style(c)));
  });
  return parts.length ? `<row r="${r}">${parts.join('')}</row>` : '';
}

/** Display width of text in Excel's character units: CJK and full-width characters take two. */
function textWidth(v: Cell): number {
  if (v === null || v === undefined) return 0;
  let w = 0;
  for (const ch of typeof v === 'number' ? v.toLocaleString('en-US') : String(v).split('\n')[0]!) w += /[\u1100-\uffff]/.test(ch) ? 2 : 1;
  return w;
}

/** Widths from the header and the first rows' contents, within sensible bounds, unless a column fixes its own. */
function widths(columns: Column[], rows: Cell[][]): number[] {
  return columns.map((col, c) => {
    if (col.width) return col.width;
    let w = textWidth(col.header);
    for (let r = 0; r < rows.length && r < 500; r++) w = Math.max(w, textWidth(rows[r]![c]));
    return Math.min(60, Math.max(6, w + 2));
  });
}

export interface ResolvedValidation { sqref: string; formula: string; allowBlank: boolean; prompt?: string; error?: string }

function validationXml(v: ResolvedValidation): string {
  const msg = (attr: string, text?: string) => (text ? ` ${attr}="${escapeXml(text)}"` : '');
  return `<dataValidation type="list" allowBlank="${v.allowBlank ? 1 : 0}" showInputMessage="${v.prompt ? 1 : 0}" showErrorMessage="1"`
    + `${msg('prompt', v.prompt)}${msg('errorTitle', v.error ? '输入有误' : undefined)}${msg('error', v.error)} sqref="${v.sqref}">`
    + `<formula1>${escapeXml(v.formula)}</formula1></dataValidation>`;
}

export interface SheetLayout { headerRow: number | null; firstDataRow: number }

export function sheetLayout(title: string | undefined, columns: Column[] | undefined): SheetLayout {
  const headerRow = columns ? (title ? 2 : 1) : null;
  return { headerRow, firstDataRow: (headerRow ?? (title ? 1 : 0)) + 1 };
}

/** The worksheet XML for a sheet; `lists` resolves a validation's values to a formula (inline or a range). */
export function sheetXml(sheet: { title?: string; columns?: Column[]; rows: Cell[][]; validations?: ListValidation[] },
  lists: (v: ListValidation) => string): string {
  const { title, columns, rows } = sheet;
  const layout = sheetLayout(title, columns);
  const out: string[] = [];
  const width = Math.max(columns?.length ?? 0, ...rows.slice(0, 1).map((r) => r.length), 1);
  if (title) out.push(rowXml(1, [title], () => STYLE.title));
  if (columns && layout.headerRow) out.push(rowXml(layout.headerRow, columns.map((c) => c.header), () => STYLE.header));
  const styles = columns?.map((c) => FORMAT_STYLE[c.format ?? 'general']) ?? [];
  rows.forEach((cells, i) => out.push(rowXml(layout.firstDataRow + i, cells, (c) => styles[c] ?? STYLE.plain)));

  const parts = [`${XML_HEAD}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">`];
  if (layout.headerRow) {
    const top = `A${layout.headerRow + 1}`;
    parts.push(`<sheetViews><sheetView workbookViewId="0"><pane ySplit="${layout.headerRow}" topLeftCell="${top}" activePane="bottomLeft" state="frozen"/>`
      + `<selection pane="bottomLeft" activeCell="${top}" sqref="${top}"/></sheetView></sheetViews>`);
  }
  if (columns?.length) {
    parts.push(`<cols>${widths(columns, rows).map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>`);
  }
  parts.push(`<sheetData>${out.join('')}</sheetData>`);
  if (title && width > 1) parts.push(`<mergeCells count="1"><mergeCell ref="A1:${columnName(width - 1)}1"/></mergeCells>`);
  const validations = (sheet.validations ?? []).map((v): ResolvedValidation => {
    const first = v.firstRow ?? layout.firstDataRow;
    const last = v.lastRow ?? Math.max(first + 999, layout.firstDataRow + rows.length - 1);
    const col = columnName(v.column);
    return { sqref: `${col}${first}:${col}${last}`, formula: lists(v), allowBlank: v.allowBlank ?? true, prompt: v.prompt, error: v.error };
  });
  if (validations.length) parts.push(`<dataValidations count="${validations.length}">${validations.map(validationXml).join('')}</dataValidations>`);
  parts.push('<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/></worksheet>');
  return parts.join('');
}
