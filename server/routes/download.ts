/** Sending a file made by server/export: its type from the extension, its (Chinese) name in Content-Disposition. */
import type { FastifyReply } from 'fastify';
import { CSV_MIME } from '../export/csv.ts';
import { contentDisposition } from '../export/file-name.ts';
import { XLSX_MIME } from '../export/xlsx.ts';

export function sendDownload(reply: FastifyReply, fileName: string, body: Uint8Array | string): FastifyReply {
  return reply.header('content-disposition', contentDisposition(fileName))
    .type(fileName.endsWith('.csv') ? CSV_MIME : XLSX_MIME)
    .send(typeof body === 'string' ? body : Buffer.from(body));
}

/** A stored document (a problem's or a project's attachment), under its own type and name. */
export function sendStoredFile(reply: FastifyReply, file: { mimeType: string; fileName: string; data: Buffer }): FastifyReply {
  return reply.type(file.mimeType).header('content-disposition', contentDisposition(file.fileName)).send(file.data);
}
