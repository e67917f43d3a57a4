/**
 * Reads a multipart form with the CSRF rule every upload needs: the token comes in the htmx
 * header or as the form's first field, before any file is read. Limit errors from
 * @fastify/multipart are rethrown with what was read so far as `partial` (callers turn them
 * into their own messages and can show the form again with the fields filled in).
 */
import type { FastifyRequest } from 'fastify';
import { HttpError } from './errors.ts';

export interface UploadedFile { fileName: string; bytes: Buffer }
export interface MultipartForm { fields: Record<string, string>; files: UploadedFile[] }
export interface MultipartLimits { fileSize?: number; files?: number; fields?: number; fieldSize?: number; parts?: number }

/** busboy's framing errors (no boundary, unexpected end, malformed part) and a stream cut short carry no status of their own. */
function brokenBody(err: { statusCode?: unknown; code?: unknown; message?: unknown }): boolean {
  if (err.statusCode !== undefined) return false;
  return err.code === 'ERR_STREAM_PREMATURE_CLOSE' || err.code === 'ECONNRESET'
    || /multipart|boundary|unexpected end|malformed|unsupported content type/i.test(String(err.message));
}

export async function readMultipartForm(request: FastifyRequest, limits?: MultipartLimits): Promise<MultipartForm> {
  // A Bearer token carries no ambient credential: such a client needs no CSRF token.
  let csrfChecked = request.viaBearer;
  const header = request.headers['x-csrf-token'];
  if (!csrfChecked && typeof header === 'string') { request.verifyCsrf(header); csrfChecked = true; }
  const fields: Record<string, string> = {};
  const files: UploadedFile[] = [];
  try {
    for await (const part of request.parts(limits ? { limits } : undefined)) {
      if (part.type === 'field' && part.fieldname === '_csrf') {
        if (!request.viaBearer) request.verifyCsrf(part.value);
        csrfChecked = true;
      } else if (!csrfChecked) {
        request.verifyCsrf(undefined);
      } else if (part.type === 'file') {
        const bytes = await part.toBuffer();
        // A file input left empty still sends a nameless, empty part.
        if (part.filename || bytes.length > 0) files.push({ fileName: part.filename, bytes });
      } else {
        if (part.valueTruncated) throw new HttpError(413, 'payload_too_large', `${part.fieldname}: 内容过长`);
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (err) {
    if (err instanceof HttpError || typeof err !== 'object' || err === null) throw err;
    // A body that breaks off or ignores the multipart framing is the client's fault: callers answer 400, not 500.
    if (brokenBody(err)) Object.assign(err, { statusCode: 400 });
    throw Object.assign(err, { partial: { fields, files } satisfies MultipartForm });
  }
  if (!csrfChecked) request.verifyCsrf(undefined);
  return { fields, files };
}
