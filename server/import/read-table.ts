import { parse } from 'csv-parse/sync';
import { readXlsxSheets, TableReadError } from './xlsx.ts';

export { TableReadError };

export interface RawTable {
  headers: string[];
  rows: string[][];
  encoding: 'utf-8' | 'utf-8-bom' | 'gb18030' | 'utf-16le' | 'utf-16be' | 'xlsx';
}

type TextEncoding = Exclude<RawTable['encoding'], 'xlsx'>;

const EMPTY = '文件为空';
const NOT_A_TABLE = '文件不是文本表格（CSV）或 XLSX';

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncoding } {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (startsWith(bytes, [0xff, 0xfe])) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  if (startsWith(bytes, [0xfe, 0xff])) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  }
  // No text encoding we accept (short of UTF-16, handled above) produces NUL bytes, so they mean a binary file.
  if (bytes.includes(0)) throw new TableReadError(NOT_A_TABLE);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // Excel on a Chinese Windows saves "CSV" in the ANSI code page; GB18030 is a superset of GBK/GB2312.
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

function detectDelimiter(text: string): string {
  // Quoted header cells may themselves contain commas or tabs, so only what lies outside quotes counts.
  const firstLine = (/^[^\r\n]*/.exec(text.replace(/^\s*[\r\n]/, ''))?.[0] ?? '').replace(/"[^"]*"/g, '');
  if (firstLine.includes(',')) return ',';
  if (firstLine.includes('\t')) return '\t';
  if (firstLine.includes(';')) return ';';
  return ',';
}

/** Finds the line where a quoted field was opened but never closed, which is where the user should look. */
function unclosedQuoteLine(text: string, delimiter: string): number | undefined {
  let line = 1;
  let openedAt: number | undefined;
  let fieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const newline = ch === '\n' || (ch === '\r' && text[i + 1] !== '\n');
    if (openedAt !== undefined) {
      if (ch === '"') {
        if (text[i + 1] === '"') i++;
        else openedAt = undefined;
      }
    } else if (ch === '"' && fieldStart) {
      openedAt = line;
      fieldStart = false;
    } else {
      fieldStart = ch === delimiter || newline || (ch === '\r' && text[i + 1] === '\n');
    }
    if (newline) line++;
  }
  return openedAt;
}

const CSV_ERRORS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: '引号未闭合',
  CSV_INVALID_CLOSING_QUOTE: '引号闭合后紧跟了多余的字符',
  CSV_INVALID_OPENING_QUOTE: '字段中间出现了引号',
  CSV_MAX_RECORD_SIZE: '单行内容过长',
};

function parseCsv(text: string, skipEmpty = true): string[][] {
  const delimiter = detectDelimiter(text);
  try {
    return parse(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: skipEmpty,
      bom: true,
    }) as string[][];
  } catch (err) {
    const e = err as { code?: string; lines?: number; message?: string };
    const reason = (e.code && CSV_ERRORS[e.code]) ?? e.message ?? String(err);
    const line = e.code === 'CSV_QUOTE_NOT_CLOSED' ? (unclosedQuoteLine(text, delimiter) ?? e.lines) : e.lines;
    throw new TableReadError(line ? `CSV 格式错误（第 ${line} 行）：${reason}` : `CSV 格式错误：${reason}`, { cause: err });
  }
}

function toTable(records: string[][], encoding: RawTable['encoding']): RawTable {
  const nonEmpty = records
    .map((r) => Array.from(r, (c) => (typeof c === 'string' ? c : String(c ?? ''))))
    .filter((r) => r.some((c) => c.trim() !== ''));
  const [first, ...rows] = nonEmpty;
  if (!first) throw new TableReadError(EMPTY);
  const headers = first.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, '') : h).trim());
  while (headers.length > 0 && headers[headers.length - 1] === '') headers.pop();
  return { headers, rows, encoding };
}

/** One sheet as read, every row in place (blank rows kept, so a row's index + 1 is its row number). */
export interface RawSheet { name: string | null; records: string[][]; encoding: RawTable['encoding'] }

/** Every sheet of a workbook, or the one table of a CSV file, unshaped (sheet-shape.ts finds the header). */
export function readSheets(bytes: Uint8Array, fileName: string): RawSheet[] {
  if (bytes.length === 0) throw new TableReadError(EMPTY);
  const ext = /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    return readXlsxSheets(bytes).map((sheet) => ({ name: sheet.name, records: sheet.rows, encoding: 'xlsx' as const }));
  }
  const { text, encoding } = readText(bytes, ext);
  return [{ name: null, records: parseCsv(text, false), encoding }];
}

function readText(bytes: Uint8Array, ext: string): { text: string; encoding: TextEncoding } {
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) {
    // Password-protected .xlsx files are OLE containers too, hence the second hint.
    throw new TableReadError('不支持旧版 Excel（.xls）或加密的 Excel 文件，请在 Excel 中另存为 .xlsx 或 CSV（UTF-8）后再上传');
  }
  if (ext === 'xlsx' || ext === 'xlsm') {
    throw new TableReadError(`文件扩展名为 .${ext}，但内容不是有效的 Excel 文件`);
  }
  const { text, encoding } = decodeText(bytes);
  if (text.trim() === '') throw new TableReadError(EMPTY);
  // Many web systems export an HTML table under a .xls name; parsed as CSV it would be silent garbage.
  if (/^\s*<(?:!doctype html|html|table)\b/i.test(text)) {
    throw new TableReadError('文件是网页（HTML）格式而非真正的表格，请在 Excel 中打开后另存为 .xlsx 或 CSV（UTF-8）');
  }
  return { text, encoding };
}

/** The first sheet with its first non-blank row as the header, as written (exports read back in tests). */
export function readTable(bytes: Uint8Array, fileName: string): RawTable {
  const [first] = readSheets(bytes, fileName);
  return toTable(first?.records ?? [], first?.encoding ?? 'utf-8');
}
