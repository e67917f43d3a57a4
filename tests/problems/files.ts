/** Sample uploads, real enough for the magic-byte check, and a multipart body builder for app.inject. */
import { strToU8, zipSync } from 'fflate';
import { writeXlsx } from '../../server/export/xlsx.ts';

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
export const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR-not-a-real-image')]);
export const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF-not-a-real-image')]);
export const XLSX = Buffer.from(writeXlsx([{ name: '清单', rows: [['件号', '名称'], ['A1', '壳体']] }]));
export const DOCX = Buffer.from(zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8('<w:document/>') }));
export const OTHER_ZIP = Buffer.from(zipSync({ 'readme.txt': strToU8('hello') }));
export const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64, 1)]);

export interface Upload { name: string; bytes: Buffer; type?: string }

/** multipart/form-data with the fields first (the CSRF token among them), then the files. */
export function multipart(fields: Record<string, string>, files: Upload[], field = 'attachments') {
  const boundary = `----vitest${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${f.name}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`));
    parts.push(f.bytes, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
