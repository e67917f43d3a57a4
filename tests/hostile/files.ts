/** Hostile files: multipart bodies built by hand (so they can be broken), zip bombs posing as XLSX, text in the wrong encoding. */
import { zipSync } from 'fflate';
import iconv from 'iconv-lite';
import { writeXlsx } from '../../server/export/xlsx.ts';
import { csv } from '../helpers.ts';
import { FIRM_A } from '../server/world.ts';

export interface Part { name: string; filename?: string; contentType?: string; data: string | Buffer }

export const BOUNDARY = '----hostile-boundary-7MA4YWxkTrZu0gW';

export function multipart(parts: Part[], boundary = BOUNDARY): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.contentType ? `Content-Type: ${p.contentType}\r\n` : ''}\r\n`));
    chunks.push(Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

/** A listings sheet the import accepts (firm A of the test world). */
export const GOOD_ROWS = [
  ['ref', 'uscc', 'kind', 'title', 'chain', 'valid_until'],
  ['HX1', FIRM_A, 'supply', '承接铝合金压铸加工', '汽车产业链', '2027-06-30'],
  ['HX2', FIRM_A, 'demand', '采购变速器壳体', '汽车产业链', '2027-06-30'],
];
export const GOOD_CSV = Buffer.from(csv(GOOD_ROWS));
export const GOOD_XLSX = Buffer.from(writeXlsx([{ name: 'listings', rows: GOOD_ROWS }]));

/** Sets the uncompressed size of every entry (local header and central directory) to `size`: a zip that lies about itself. */
function declareSize(zip: Uint8Array, size: number): Buffer {
  const out = Buffer.from(zip);
  for (let i = 0; i + 4 <= out.length; i++) {
    const sig = out.readUInt32LE(i);
    if (sig === 0x04034b50) out.writeUInt32LE(size, i + 22);
    else if (sig === 0x02014b50) out.writeUInt32LE(size, i + 24);
  }
  return out;
}

const workbookParts = (sheet: Uint8Array) => ({
  '[Content_Types].xml': Buffer.from('<Types/>'),
  'xl/workbook.xml': Buffer.from('<workbook><sheets><sheet name="s" r:id="rId1"/></sheets></workbook>'),
  'xl/worksheets/sheet1.xml': sheet,
});

/** Two bombs: one honest about expanding to 3 GB (refused from the directory), one claiming 1 kB while it inflates to 4 MB. */
export function zipBombs(): { honest: Buffer; lying: Buffer } {
  const small = zipSync(workbookParts(new Uint8Array(4 << 20)), { level: 9 });
  return { honest: declareSize(small, 3_000_000_000), lying: declareSize(small, 1000) };
}

/** The good sheet in encodings the reader must refuse or read without falling over. */
export function wrongEncodings(): Record<string, Buffer> {
  const text = csv(GOOD_ROWS);
  return {
    'utf16le-no-bom': iconv.encode(text, 'utf16le'),
    'utf16be-bom': iconv.encode(text, 'utf16be', { addBOM: true }),
    'utf32': Buffer.from([0xff, 0xfe, 0, 0, ...iconv.encode(text, 'utf16le')]),
    'gbk': iconv.encode(text, 'gbk'),
    'big5': iconv.encode(text, 'big5'),
    'shift_jis': iconv.encode(text, 'shift_jis'),
    'latin1-mojibake': Buffer.from(Buffer.from(text, 'utf8').toString('latin1'), 'utf8'),
    'bom-then-gbk': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), iconv.encode(text, 'gbk')]),
  };
}

export const BROKEN_CSV: Record<string, string> = {
  'unclosed quote': `ref,uscc,kind,title,chain,valid_until\r\nHX3,${FIRM_A},supply,"未闭合的引号,汽车产业链,2027-06-30\r\n`,
  'ragged rows': `ref,uscc,kind,title,chain,valid_until\r\nHX3,${FIRM_A}\r\nHX4,${FIRM_A},supply,a,b,c,d,e,f,g\r\n`,
  'only quotes': '"""""""""""""""""""""""""\r\n""\r\n"',
  'huge cell': `ref,uscc,kind,title,chain,valid_until\r\nHX3,${FIRM_A},supply,${'压'.repeat(400_000)},汽车产业链,2027-06-30\r\n`,
};

/** Odd but readable: loaded as written (a formula is text to us) or refused by rule, never half-loaded. */
export const ODD_CSV: Record<string, string> = {
  'bare CR lines': `ref,uscc,kind,title,chain,valid_until\rHX3,${FIRM_A},supply,压铸,汽车产业链,2027-06-30\r`,
  'formula injection': `ref,uscc,kind,title,chain,valid_until\r\nHX3,${FIRM_A},supply,=HYPERLINK("http://evil"),汽车产业链,2027-06-30\r\n`,
};
