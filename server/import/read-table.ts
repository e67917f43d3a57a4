/**
 * Reads what people upload: CSV in the encodings Excel and web systems write, and XLSX. A CSV is
 * streamed — its bytes are read in chunks (from memory or straight from a file) and parsed record
 * by record with csv-parse's stream parser driven synchronously (write a chunk, read the records
 * it completed), so a file of a million rows never exists as one string or one array. An XLSX is
 * held compressed; each sheet's XML is inflated and parsed a step at a time (xlsx.ts).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { Parser } from 'csv-parse';
import { openXlsxSheets, TableReadError } from './xlsx.ts';

export { TableReadError };

export interface RawTable {
  headers: string[];
  rows: string[][];
  encoding: 'utf-8' | 'utf-8-bom' | 'gb18030' | 'utf-16le' | 'utf-16be' | 'xlsx';
}

type TextEncoding = Exclude<RawTable['encoding'], 'xlsx'>;

const EMPTY = '文件为空';
const NOT_A_TABLE = '文件不是文本表格（CSV）或 XLSX';
const CHUNK_BYTES = 1 << 20;

/** Bytes read in chunks, as often as asked: an upload held in memory, or a file on disk (the import command). */
export interface ByteSource {
  readonly size: number;
  chunks(): Generator<Uint8Array>;
}

export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    *chunks() { for (let at = 0; at < bytes.length; at += CHUNK_BYTES) yield bytes.subarray(at, at + CHUNK_BYTES); },
  };
}

export function fileSource(path: string): ByteSource {
  const fd = openSync(path, 'r');
  let size: number;
  try { size = fstatSync(fd).size; } finally { closeSync(fd); }
  return {
    size,
    *chunks() {
      const file = openSync(path, 'r');
      try {
        for (;;) {
          // a fresh buffer per chunk: a consumer may keep what it was given
          const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
          const n = readSync(file, buffer, 0, CHUNK_BYTES, null);
          if (n === 0) return;
          yield buffer.subarray(0, n);
        }
      } finally {
        closeSync(file);
      }
    },
  };
}

function firstChunk(source: ByteSource): Uint8Array {
  for (const chunk of source.chunks()) return chunk;
  return new Uint8Array(0);
}

function wholeBytes(source: ByteSource): Uint8Array {
  const parts = [...source.chunks()];
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/**
 * The text encoding of a CSV: a byte-order mark says it; otherwise UTF-8 when every byte of the file
 * decodes as UTF-8 (one pass, nothing kept), else GB18030 — Excel on a Chinese Windows saves "CSV" in
 * the ANSI code page, and GB18030 is a superset of GBK/GB2312.
 */
function detectEncoding(source: ByteSource, head: Uint8Array): TextEncoding {
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return 'utf-8-bom';
  if (startsWith(head, [0xff, 0xfe])) return 'utf-16le';
  if (startsWith(head, [0xfe, 0xff])) return 'utf-16be';
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let valid = true;
  for (const chunk of source.chunks()) {
    // No text encoding we accept (short of UTF-16, handled above) produces NUL bytes, so they mean a binary file.
    if (chunk.includes(0)) throw new TableReadError(NOT_A_TABLE);
    if (valid) {
      try { utf8.decode(chunk, { stream: true }); } catch { valid = false; }
    }
  }
  if (valid) {
    try { utf8.decode(); } catch { valid = false; }
  }
  return valid ? 'utf-8' : 'gb18030';
}

function decoderFor(encoding: TextEncoding): TextDecoder {
  return new TextDecoder(encoding === 'utf-8-bom' ? 'utf-8' : encoding);
}

/** The whole text (a problem's line number needs it; the error path only). */
function decodeAll(source: ByteSource, encoding: TextEncoding): string {
  const decoder = decoderFor(encoding);
  let text = '';
  for (const chunk of source.chunks()) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
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

const asCells = (record: unknown): string[] =>
  Array.isArray(record) ? Array.from(record, (c: unknown) => (typeof c === 'string' ? c : String(c ?? ''))) : [];

/** The records of a CSV, one at a time; `consumed` hears of every chunk's size as it is read. */
function* csvRecords(source: ByteSource, encoding: TextEncoding, delimiter: string, consumed: (bytes: number) => void): Generator<string[]> {
  const parser = new Parser({ delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, bom: true });
  // a parse error is read synchronously from `parser.errored` after each write
  parser.on('error', () => undefined);
  const decoder = encoding === 'utf-8' || encoding === 'utf-8-bom' ? null : decoderFor(encoding);
  const failed = (): TableReadError => {
    const e = parser.errored as { code?: string; lines?: number; message?: string };
    const reason = (e.code && CSV_ERRORS[e.code]) ?? e.message ?? String(e);
    const line = e.code === 'CSV_QUOTE_NOT_CLOSED' ? (unclosedQuoteLine(decodeAll(source, encoding), delimiter) ?? e.lines) : e.lines;
    return new TableReadError(line ? `CSV 格式错误（第 ${line} 行）：${reason}` : `CSV 格式错误：${reason}`, { cause: parser.errored });
  };
  for (const chunk of source.chunks()) {
    consumed(chunk.length);
    parser.write(decoder ? decoder.decode(chunk, { stream: true }) : chunk);
    if (parser.errored) throw failed();
    for (let r: unknown = parser.read(); r !== null; r = parser.read()) yield asCells(r);
  }
  const rest = decoder?.decode() ?? '';
  if (rest !== '') parser.write(rest);
  parser.end();
  if (parser.errored) throw failed();
  for (let r: unknown = parser.read(); r !== null; r = parser.read()) yield asCells(r);
}

/** One sheet, its records still to be read (every row in place: blank rows kept, so a row's index + 1 is its row number). */
export interface SheetStream {
  name: string | null;
  encoding: RawTable['encoding'];
  records: Iterable<string[]>;
  /** how much of the input has been read so far, 0 to 1 (for a progress display) */
  share(): number;
}

/** Every sheet of a workbook, or the one table of a CSV file, unshaped (sheet-shape.ts finds the header). */
export function openSheets(source: ByteSource, fileName: string): SheetStream[] {
  if (source.size === 0) throw new TableReadError(EMPTY);
  const head = firstChunk(source);
  const ext = /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    return openXlsxSheets(wholeBytes(source)).map((sheet) => ({ name: sheet.name, encoding: 'xlsx' as const, records: sheet.rows, share: sheet.share }));
  }
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0])) {
    // Password-protected .xlsx files are OLE containers too, hence the second hint.
    throw new TableReadError('不支持旧版 Excel（.xls）或加密的 Excel 文件，请在 Excel 中另存为 .xlsx 或 CSV（UTF-8）后再上传');
  }
  if (ext === 'xlsx' || ext === 'xlsm') {
    throw new TableReadError(`文件扩展名为 .${ext}，但内容不是有效的 Excel 文件`);
  }
  const encoding = detectEncoding(source, head);
  const headText = decoderFor(encoding).decode(head, { stream: true });
  if (source.size <= head.length && headText.trim() === '') throw new TableReadError(EMPTY);
  // Many web systems export an HTML table under a .xls name; parsed as CSV it would be silent garbage.
  if (/^\s*<(?:!doctype html|html|table)\b/i.test(headText)) {
    throw new TableReadError('文件是网页（HTML）格式而非真正的表格，请在 Excel 中打开后另存为 .xlsx 或 CSV（UTF-8）');
  }
  let read = 0;
  return [{
    name: null, encoding,
    records: csvRecords(source, encoding, detectDelimiter(headText), (n) => { read += n; }),
    share: () => (source.size === 0 ? 1 : read / source.size),
  }];
}

/** One sheet as read, every row in place (blank rows kept, so a row's index + 1 is its row number). */
export interface RawSheet { name: string | null; records: string[][]; encoding: RawTable['encoding'] }

/** Every sheet read into memory (small files: templates, exports read back, the in-memory upload path). */
export function readSheets(bytes: Uint8Array, fileName: string): RawSheet[] {
  return openSheets(bytesSource(bytes), fileName).map((s) => ({ name: s.name, records: [...s.records], encoding: s.encoding }));
}

function toTable(records: string[][], encoding: RawTable['encoding']): RawTable {
  const nonEmpty = records.filter((r) => r.some((c) => c.trim() !== ''));
  const [first, ...rows] = nonEmpty;
  if (!first) throw new TableReadError(EMPTY);
  const headers = first.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, '') : h).trim());
  while (headers.length > 0 && headers[headers.length - 1] === '') headers.pop();
  return { headers, rows, encoding };
}

/** The first sheet with its first non-blank row as the header, as written (exports read back in tests). */
export function readTable(bytes: Uint8Array, fileName: string): RawTable {
  const [first] = readSheets(bytes, fileName);
  return toTable(first?.records ?? [], first?.encoding ?? 'utf-8');
}
