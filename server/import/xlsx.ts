import { Inflate } from 'fflate';

/** Any reason an uploaded table cannot be read; `message` is shown to the user as-is. */
export class TableReadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TableReadError';
  }
}

export interface XlsxReadLimits { maxUncompressedBytes?: number }

const DEFAULT_MAX_UNCOMPRESSED = 256 * 1024 * 1024;
// Sparse references (one cell at XFD on every row) would otherwise let a small sheet allocate billions of '' cells.
const MAX_CELLS = 30_000_000;
// Deflate can expand ~1000x, so small input steps keep the transient output of a single push small.
const INFLATE_STEP = 16 * 1024;
const CORRUPT = 'XLSX 文件已损坏或不是有效的 Excel 文件';
const SIZE_MISMATCH = 'XLSX 文件已损坏：压缩内容的实际大小与声明不符';

interface ZipEntry { name: string; flags: number; method: number; compSize: number; size: number; localOffset: number }

function fail(message: string = CORRUPT): never {
  throw new TableReadError(message);
}

function tooLarge(limit: number): never {
  const mb = limit / (1024 * 1024);
  fail(`XLSX 解压后超过 ${mb >= 1 ? `${Math.round(mb * 10) / 10} MB` : `${Math.round(limit / 1024)} KB`} 上限，拒绝处理`);
}

function listEntries(zip: Uint8Array): ZipEntry[] {
  const dv = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = -1;
  for (let i = zip.length - 22; i >= 0 && i >= zip.length - 22 - 0xffff; i--) {
    if (dv.getUint32(i, true) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) fail();
  let count = dv.getUint16(eocd + 10, true);
  let p = dv.getUint32(eocd + 16, true);
  if ((count === 0xffff || p === 0xffffffff) && eocd >= 20 && dv.getUint32(eocd - 20, true) === 0x07064b50) {
    const z = Number(dv.getBigUint64(eocd - 12, true));
    if (dv.getUint32(z, true) !== 0x06064b50) fail();
    count = Number(dv.getBigUint64(z + 32, true));
    p = Number(dv.getBigUint64(z + 48, true));
  }
  const names = new TextDecoder('utf-8');
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (dv.getUint32(p, true) !== 0x02014b50) fail();
    const [nameLen, extraLen] = [dv.getUint16(p + 28, true), dv.getUint16(p + 30, true)];
    const e: ZipEntry = {
      name: names.decode(zip.subarray(p + 46, p + 46 + nameLen)), flags: dv.getUint16(p + 8, true), method: dv.getUint16(p + 10, true),
      compSize: dv.getUint32(p + 20, true), size: dv.getUint32(p + 24, true), localOffset: dv.getUint32(p + 42, true),
    };
    // ZIP64 extra field holds, in order, only those values whose 32-bit slot is saturated.
    for (let x = p + 46 + nameLen, end = x + extraLen; x + 4 <= end; x += 4 + dv.getUint16(x + 2, true)) {
      if (dv.getUint16(x, true) !== 1) continue;
      let q = x + 4;
      const next = (): number => { const v = Number(dv.getBigUint64(q, true)); q += 8; return v; };
      if (e.size === 0xffffffff) e.size = next();
      if (e.compSize === 0xffffffff) e.compSize = next();
      if (e.localOffset === 0xffffffff) e.localOffset = next();
    }
    entries.push(e);
    p += 46 + nameLen + extraLen + dv.getUint16(p + 32, true);
  }
  return entries;
}

/** The entry's bytes, inflated a step at a time: the real output is counted as it comes against the limits. */
function* inflateSteps(zip: Uint8Array, e: ZipEntry, limit: number): Generator<Uint8Array> {
  const dv = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  if (dv.getUint32(e.localOffset, true) !== 0x04034b50) fail();
  if (e.flags & 1) fail('XLSX 文件已加密，请先取消密码保护后再上传');
  const start = e.localOffset + 30 + dv.getUint16(e.localOffset + 26, true) + dv.getUint16(e.localOffset + 28, true);
  if (start + e.compSize > zip.length) fail();
  const data = zip.subarray(start, start + e.compSize);
  if (e.method === 0) {
    if (data.length !== e.size) fail(SIZE_MISMATCH);
    yield data;
    return;
  }
  if (e.method !== 8) fail();
  const pending: Uint8Array[] = [];
  let total = 0;
  // The central directory may lie, so the real output is counted as it is produced and inflation stops at the
  // first byte beyond the declared size (which the caller already held to the limit).
  const inflater = new Inflate((chunk) => {
    total += chunk.length;
    if (total > e.size || total > limit) fail(SIZE_MISMATCH);
    pending.push(chunk);
  });
  for (let off = 0; ; off += INFLATE_STEP) {
    const last = off + INFLATE_STEP >= data.length;
    inflater.push(data.subarray(off, off + INFLATE_STEP), last);
    for (const chunk of pending.splice(0)) yield chunk;
    if (last) break;
  }
  if (total !== e.size) fail(SIZE_MISMATCH);
}

function inflateEntry(zip: Uint8Array, e: ZipEntry, limit: number): Uint8Array {
  const chunks = [...inflateSteps(zip, e, limit)];
  return Buffer.concat(chunks);
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const ENTITY_RE = /&(?:#[xX]([0-9a-fA-F]+)|#([0-9]+)|(amp|lt|gt|quot|apos));/g;
const ESCAPE_RE = /_x([0-9A-Fa-f]{4})_/g;

function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY_RE, (m, hex?: string, dec?: string, name?: string) => {
    if (name) return NAMED[name] ?? m;
    const cp = hex ? parseInt(hex, 16) : parseInt(dec ?? '', 10);
    return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
  });
}

/** Cell text: XML entities plus Excel's `_xHHHH_` escapes for characters XML cannot carry. */
function decodeText(s: string): string {
  // XML parsers normalise literal line ends; only _x000D_ or &#13; stand for a real carriage return.
  if (s.includes('\r')) s = s.replace(/\r\n?/g, '\n');
  s = decodeEntities(s);
  // A left-to-right scan makes `_x005F_x0041_` come out as the literal text `_x0041_`, which is Excel's intent.
  if (s.includes('_x')) s = s.replace(ESCAPE_RE, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  return s;
}

const ATTR_RES = new Map<string, RegExp>();

function attr(attrs: string, name: string): string | undefined {
  let re = ATTR_RES.get(name);
  if (!re) ATTR_RES.set(name, (re = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`)));
  const m = re.exec(attrs);
  return m ? decodeEntities(m[1] ?? m[2] ?? '') : undefined;
}

const TAG = '(?:[\\w.-]+:)?';
const T_RE = new RegExp(`<${TAG}t(?:\\s[^>]*)?(?<!/)>([\\s\\S]*?)</${TAG}t>`, 'g');
const PHONETIC_RE = new RegExp(`<${TAG}rPh\\b[\\s\\S]*?</${TAG}rPh>`, 'g');

/** Concatenates the `<t>` runs of a string item, leaving out phonetic guides which Excel does not display. */
function richText(xml: string): string {
  if (xml.includes('rPh')) xml = xml.replace(PHONETIC_RE, '');
  let out = '';
  for (const m of xml.matchAll(T_RE)) out += m[1] ?? '';
  return decodeText(out);
}

function parseSharedStrings(xml: string): string[] {
  const re = new RegExp(`<${TAG}si\\b[^>]*?(?:/>|>([\\s\\S]*?)</${TAG}si>)`, 'g');
  return Array.from(xml.matchAll(re), (m) => richText(m[1] ?? ''));
}

// Built-in date formats; 27–31, 36 and 50–58 are the East Asian locale dates a Chinese Excel writes without a numFmt entry.
const BUILTIN_DATE_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

function isDateFormatCode(code: string): boolean {
  const bare = code.replace(/"[^"]*"|\[[^\]]*\]|\\.|[_*]./g, '');
  // Without y or d, an `m` is only a month when no hour/second sits next to it (h:mm, mm:ss are times).
  return /[yd]/i.test(bare) || (/m/i.test(bare) && !/[hs]/i.test(bare));
}

function parseDateStyles(xml: string): boolean[] {
  const custom = new Map<number, string>();
  for (const m of xml.matchAll(new RegExp(`<${TAG}numFmt\\b([^>]*)>`, 'g'))) {
    custom.set(Number(attr(m[1] ?? '', 'numFmtId')), attr(m[1] ?? '', 'formatCode') ?? '');
  }
  const section = new RegExp(`<${TAG}cellXfs\\b[^>]*>([\\s\\S]*?)</${TAG}cellXfs>`).exec(xml)?.[1] ?? '';
  return Array.from(section.matchAll(new RegExp(`<${TAG}xf\\b([^>]*)>`, 'g')), (m) => {
    const id = Number(attr(m[1] ?? '', 'numFmtId') ?? 0);
    const code = custom.get(id);
    return code === undefined ? BUILTIN_DATE_IDS.has(id) : isDateFormatCode(code);
  });
}

function serialToIsoDate(serial: number, date1904: boolean): string | undefined {
  // Rounding to the millisecond first keeps 45999.99999999999 (float noise for midnight) on the right day.
  let days = Math.floor(Math.round(serial * 86_400_000) / 86_400_000);
  if (!Number.isFinite(days) || days < 0 || days > 2_958_465) return undefined;
  if (date1904) days += 1462;
  else if (days === 60) return '1900-02-29'; // Lotus 1-2-3's phantom leap day, shown by Excel as such
  else if (days < 60) days += 1;
  return new Date(Date.UTC(1899, 11, 30) + days * 86_400_000).toISOString().slice(0, 10);
}

function columnIndex(ref: string): number {
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i) | 0x20;
    if (c < 97 || c > 122) break;
    col = col * 26 + (c - 96);
  }
  return col - 1;
}

const INNER_RES = { v: new RegExp(`<${TAG}v(?:\\s[^>]*)?(?<!/)>([\\s\\S]*?)</${TAG}v>`), is: new RegExp(`<${TAG}is(?:\\s[^>]*)?(?<!/)>([\\s\\S]*?)</${TAG}is>`) };

function innerOf(xml: string, tag: 'v' | 'is'): string | undefined {
  // Plain unprefixed tags are the norm, and indexOf is much cheaper than a regex per cell.
  const open = xml.indexOf(`<${tag}>`);
  const close = open < 0 ? -1 : xml.indexOf(`</${tag}>`, open);
  return close > open ? xml.slice(open + tag.length + 2, close) : INNER_RES[tag].exec(xml)?.[1];
}

interface SheetContext { shared: string[]; dateStyles: boolean[]; date1904: boolean }

function cellValue(attrs: string, body: string, ctx: SheetContext): string {
  const type = attr(attrs, 't') ?? 'n';
  if (type === 'inlineStr') {
    const is = innerOf(body, 'is');
    return is === undefined ? '' : richText(is);
  }
  const raw = innerOf(body, 'v');
  if (raw === undefined) return '';
  const v = decodeText(raw);
  switch (type) {
    case 's': return ctx.shared[Number(v)] ?? '';
    case 'b': return v.trim() === '1' ? 'TRUE' : 'FALSE';
    case 'str': case 'e': return v;
    case 'd': return /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : v;
  }
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) return v;
  const style = Number(attr(attrs, 's') ?? 0);
  if (ctx.dateStyles[style]) return serialToIsoDate(n, ctx.date1904) ?? String(n);
  return String(n);
}

/** Where the text's last complete row ends (after its `</row>`), or 0 when no row is complete. */
function lastRowEnd(text: string): number {
  for (let i = text.lastIndexOf('row>'); i >= 0; i = text.lastIndexOf('row>', i - 1)) {
    const open = text.lastIndexOf('<', i);
    if (open >= 0 && text[open + 1] === '/' && /^(?:[\w.-]+:)?$/.test(text.slice(open + 2, i))) return i + 4;
  }
  return 0;
}

/**
 * A worksheet's rows, one at a time, from its XML a step at a time: the text is cut after the last
 * complete row and only those rows are parsed, so the sheet is never held whole. Rows keep their
 * places (a row the sheet skips comes out blank), and trailing blank rows are left out.
 */
function* sheetRows(steps: Iterable<Uint8Array>, declaredSize: number, ctx: SheetContext): Generator<string[]> {
  const re = new RegExp(`<(${TAG})(row|c)(?=[\\s/>])([^>]*)>`, 'g');
  const startRe = new RegExp(`<${TAG}sheetData\\b`);
  let phase = 'before' as 'before' | 'in' | 'after';
  let emitted = 0;
  let blanks = 0;
  let row: string[] | undefined;
  let col = -1;
  let cells = 0;
  // Generous for real sparse sheets (a few cells per byte of XML), yet it stops amplification early.
  const budget = Math.min(MAX_CELLS, 1_000_000 + 4 * declaredSize);
  const grow = (n: number): void => {
    if ((cells += n) > budget) fail('XLSX 表格单元格过多，拒绝处理');
  };
  const out: string[][] = [];
  // a row is handed on when the next begins or its text ends; blank rows wait for a row with cells
  const finish = () => {
    if (row === undefined) return;
    if (row.length === 0) blanks++;
    else {
      for (; blanks > 0; blanks--) out.push([]);
      out.push(row);
    }
    emitted++;
    row = undefined;
  };
  const parse = (xml: string) => {
    let from = 0;
    if (phase === 'before') {
      const start = xml.search(startRe);
      if (start < 0) return;
      phase = 'in';
      from = start;
    }
    if (phase !== 'in') return;
    const stopAt = xml.indexOf('sheetData>', from + 10);
    re.lastIndex = from;
    for (let m = re.exec(xml); m && (stopAt < 0 || m.index < stopAt); m = re.exec(xml)) {
      const [, prefix = '', tag, rawAttrs = ''] = m;
      const selfClosing = rawAttrs.endsWith('/');
      const attrs = selfClosing ? rawAttrs.slice(0, -1) : rawAttrs;
      if (tag === 'row') {
        finish();
        const r = Number(attr(attrs, 'r'));
        const index = Number.isInteger(r) && r >= 1 && r <= 1_048_576 && r - 1 > emitted ? r - 1 : emitted;
        grow(index - emitted + 1);
        blanks += index - emitted;
        emitted = index;
        row = [];
        col = -1;
        continue;
      }
      let body = '';
      if (!selfClosing) {
        const close = xml.indexOf(`</${prefix}c>`, re.lastIndex);
        if (close < 0) fail();
        body = xml.slice(re.lastIndex, close);
        re.lastIndex = close;
      }
      if (!row) { row = []; col = -1; grow(1); }
      const ref = attr(attrs, 'r');
      col = ref ? columnIndex(ref) : col + 1;
      if (col < 0 || col >= 16_384) fail();
      const value = cellValue(attrs, body, ctx);
      if (value === '') continue;
      if (col >= row.length) {
        grow(col + 1 - row.length);
        while (row.length < col) row.push('');
      }
      row[col] = value;
    }
    finish();
    if (stopAt >= 0) phase = 'after';
  };
  const decoder = new TextDecoder('utf-8');
  let text = '';
  for (const step of steps) {
    text += decoder.decode(step, { stream: true });
    const cut = lastRowEnd(text);
    if (cut === 0) continue;
    parse(text.slice(0, cut));
    text = text.slice(cut);
    yield* out.splice(0);
    if (phase === 'after') return;
  }
  parse(text + decoder.decode());
  yield* out.splice(0);
}

function resolveTarget(target: string, baseDir: string): string {
  const out: string[] = [];
  for (const p of (target.startsWith('/') ? target : baseDir + target).split('/')) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

export interface XlsxSheet { name: string; rows: string[][] }

/** A worksheet whose rows are read as they are asked for; `share` is how much of its XML has been inflated. */
export interface XlsxSheetStream { name: string; rows: Iterable<string[]>; share(): number }

/** Every worksheet of the workbook, in tab order, with its name (offices keep one sheet per chain or per firm). */
export function readXlsxSheets(bytes: Uint8Array, limits?: XlsxReadLimits): XlsxSheet[] {
  try {
    return openXlsxSheets(bytes, limits).map((s) => ({ name: s.name, rows: [...s.rows] }));
  } catch (err) {
    if (err instanceof TableReadError) throw err;
    throw new TableReadError(CORRUPT, { cause: err });
  }
}

/**
 * Every worksheet of the workbook, its rows streamed: shared strings and styles are read at once
 * (every row may need them), each sheet's XML only as its rows are read. A damaged sheet fails
 * when its rows are read, with a TableReadError.
 */
export function openXlsxSheets(bytes: Uint8Array, limits?: XlsxReadLimits): XlsxSheetStream[] {
  const limit = limits?.maxUncompressedBytes ?? DEFAULT_MAX_UNCOMPRESSED;
  try {
    const entries = listEntries(bytes);
    let declared = 0;
    for (const e of entries) {
      declared += e.size;
      if (e.size > limit || declared > limit) tooLarge(limit);
    }
    const byName = new Map(entries.map((e) => [e.name.replace(/\\/g, '/').replace(/^\//, '').toLowerCase(), e]));
    const text = (name: string): string | undefined => {
      const e = byName.get(name.toLowerCase());
      return e && new TextDecoder('utf-8').decode(inflateEntry(bytes, e, limit));
    };
    const workbook = text('xl/workbook.xml') ?? '';
    const rels = new Map<string, { type: string; target: string }>();
    for (const m of (text('xl/_rels/workbook.xml.rels') ?? '').matchAll(new RegExp(`<${TAG}Relationship\\b([^>]*)>`, 'g'))) {
      const a = m[1] ?? '';
      rels.set(attr(a, 'Id') ?? '', { type: attr(a, 'Type') ?? '', target: resolveTarget(attr(a, 'Target') ?? '', 'xl/') });
    }
    const byType = (suffix: string): string | undefined => [...rels.values()].find((r) => r.type.endsWith(suffix))?.target;
    const shared = text(byType('/sharedStrings') ?? 'xl/sharedStrings.xml');
    const styles = text(byType('/styles') ?? 'xl/styles.xml');
    const pr = new RegExp(`<${TAG}workbookPr\\b([^>]*)>`).exec(workbook)?.[1] ?? '';
    const d1904 = attr(pr, 'date1904');
    const ctx: SheetContext = {
      shared: shared ? parseSharedStrings(shared) : [],
      dateStyles: styles ? parseDateStyles(styles) : [],
      date1904: d1904 === '1' || d1904 === 'true',
    };
    const sheet = (name: string, e: ZipEntry): XlsxSheetStream => {
      let inflated = 0;
      const steps = function* () { for (const step of inflateSteps(bytes, e, limit)) { inflated += step.length; yield step; } };
      const rows = function* () {
        try {
          yield* sheetRows(steps(), e.size, ctx);
        } catch (err) {
          if (err instanceof TableReadError) throw err;
          throw new TableReadError(CORRUPT, { cause: err });
        }
      };
      return { name, rows: rows(), share: () => (e.size === 0 ? 1 : inflated / e.size) };
    };
    const declaredSheets = [...workbook.matchAll(new RegExp(`<${TAG}sheet\\b([^>]*)>`, 'g'))].map((m) => m[1] ?? '');
    const sheets: XlsxSheetStream[] = [];
    declaredSheets.forEach((a, i) => {
      const relId = /\s[\w.-]+:id\s*=\s*["']([^"']*)["']/.exec(a)?.[1];
      const path = (relId && rels.get(relId)?.target) || `xl/worksheets/sheet${i + 1}.xml`;
      const e = byName.get(path.toLowerCase());
      if (e === undefined) return;
      sheets.push(sheet(decodeText(attr(a, 'name') ?? `Sheet${i + 1}`), e));
    });
    if (sheets.length === 0) {
      const only = byName.get('xl/worksheets/sheet1.xml');
      if (only === undefined) fail();
      sheets.push(sheet('Sheet1', only));
    }
    return sheets;
  } catch (err) {
    if (err instanceof TableReadError) throw err;
    throw new TableReadError(CORRUPT, { cause: err });
  }
}

export function readXlsxFirstSheet(bytes: Uint8Array, limits?: XlsxReadLimits): string[][] {
  return readXlsxSheets(bytes, limits)[0]?.rows ?? [];
}
