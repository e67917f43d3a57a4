/**
 * What a problem may carry as attachments: PDF, JPEG, PNG, XLSX and DOCX, each at most 5 MB,
 * at most 5 per problem. The type is read from the bytes (magic numbers; for the Office formats
 * the ZIP's own part names), never trusted from the file name or the browser's declared type,
 * and the name's extension must agree with it — a renamed executable is refused either way.
 */
import { unzipSync } from 'fflate';
import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, type AttachmentType } from '../vocabulary.ts';

const ALLOWED_WORDS = 'PDF、JPG、PNG、XLSX、DOCX';

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/** The Office format inside a ZIP, from its part names; only the central directory is read. */
function officeKind(bytes: Uint8Array): 'xlsx' | 'docx' | null {
  const names: string[] = [];
  try {
    unzipSync(bytes, { filter: (f) => { names.push(f.name); return false; } });
  } catch {
    return null;
  }
  if (!names.includes('[Content_Types].xml')) return null;
  if (names.includes('xl/workbook.xml')) return 'xlsx';
  if (names.includes('word/document.xml')) return 'docx';
  return null;
}

export function detectType(bytes: Uint8Array): AttachmentType | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return officeKind(bytes);
  return null;
}

export interface IncomingFile { fileName: string; bytes: Buffer; truncated?: boolean }
export interface CheckedFile { fileName: string; mimeType: string; bytes: Buffer }

/** A file that may be stored, or the reason (in words for the person who uploaded it) it may not. */
export function checkAttachment(f: IncomingFile): { ok: true; file: CheckedFile } | { ok: false; message: string } {
  const name = cleanFileName(f.fileName);
  if (f.truncated || f.bytes.length > MAX_ATTACHMENT_BYTES) return { ok: false, message: `「${name}」超过 ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB 上限` };
  if (f.bytes.length === 0) return { ok: false, message: `「${name}」是空文件` };
  const type = detectType(f.bytes);
  if (!type) return { ok: false, message: `「${name}」的内容不是允许的文件类型（只接受 ${ALLOWED_WORDS}）` };
  const ext = /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
  const allowed: readonly string[] = ATTACHMENT_TYPES[type].extensions;
  if (!allowed.includes(ext)) return { ok: false, message: `「${name}」的扩展名与内容不符（内容是 ${type.toUpperCase()} 文件）` };
  return { ok: true, file: { fileName: name, mimeType: ATTACHMENT_TYPES[type].mime, bytes: f.bytes } };
}

/** The name as stored and offered back: no path, no control characters, a sane length. */
export function cleanFileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\x00-\x1f\x7f"]/g, '').trim();
  if (clean.length <= 120) return clean || '附件';
  const ext = /\.[^.]{1,8}$/.exec(clean)?.[0] ?? '';
  return clean.slice(0, 120 - ext.length) + ext;
}

/** Checks every file and the count (the limit is per case or per project: `what` names it); the first problem found, or the files to store. */
export function checkFiles(files: IncomingFile[], existing: number, what = '问题'): { files: CheckedFile[] } | { message: string } {
  if (existing + files.length > MAX_ATTACHMENTS) {
    return { message: existing ? `每个${what}最多 ${MAX_ATTACHMENTS} 个附件（已有 ${existing} 个）` : `每个${what}最多 ${MAX_ATTACHMENTS} 个附件` };
  }
  const checked: CheckedFile[] = [];
  for (const file of files) {
    const result = checkAttachment(file);
    if (!result.ok) return { message: result.message };
    checked.push(result.file);
  }
  return { files: checked };
}
