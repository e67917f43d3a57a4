/**
 * Reading a problem form that may carry files (multipart/form-data) or not (urlencoded/JSON).
 * These routes check CSRF themselves (config.csrf 'field-in-handler'): the htmx header, or the
 * form's `_csrf` field, which the form puts first so it is checked before any file is read.
 * Limits are the attachment rules' own (5 MB a file, 5 files), so an oversized or extra file
 * is refused by name while it streams rather than buffered whole.
 */
import type { FastifyRequest } from 'fastify';
import { HttpError } from '../plugins/errors.ts';
import { readMultipartForm, type MultipartForm } from '../plugins/multipart-form.ts';
import { cleanFileName, type IncomingFile } from '../problems/attachments.ts';
import { MAX_ATTACHMENTS, MAX_ATTACHMENT_BYTES } from '../vocabulary.ts';

export interface ProblemForm { fields: Record<string, string>; files: IncomingFile[]; fileError?: string }

const MAX_FIELD_BYTES = 64 * 1024;

export async function readProblemForm(request: FastifyRequest): Promise<ProblemForm> {
  const header = request.headers['x-csrf-token'];
  if (!request.isMultipart()) {
    const body = (request.body ?? {}) as Record<string, unknown>;
    request.verifyCsrf(typeof header === 'string' ? header : body._csrf);
    const fields = Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string' || typeof v === 'number').map(([k, v]) => [k, String(v)]));
    return { fields, files: [] };
  }
  try {
    const form = await readMultipartForm(request, { fileSize: MAX_ATTACHMENT_BYTES, files: MAX_ATTACHMENTS, fields: 20, fieldSize: MAX_FIELD_BYTES, parts: 30 });
    return { fields: form.fields, files: form.files };
  } catch (err) {
    if (err instanceof HttpError) throw err;
    const e = err as { code?: string; part?: { filename?: string }; statusCode?: number; message?: string; partial?: MultipartForm };
    const { fields, files } = e.partial ?? { fields: {}, files: [] };
    if (e.code === 'FST_REQ_FILE_TOO_LARGE') return { fields, files, fileError: `「${cleanFileName(e.part?.filename ?? '')}」超过 ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB 上限` };
    if (e.code === 'FST_FILES_LIMIT') return { fields, files, fileError: `每个问题最多 ${MAX_ATTACHMENTS} 个附件` };
    if (e.statusCode && e.statusCode < 500) throw new HttpError(400, 'invalid_request', `上传内容无法解析：${e.message ?? ''}`);
    throw err;
  }
}
