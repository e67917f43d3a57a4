/**
 * Previews waiting for the admin's click: the uploaded files, the choices made, and the digest of
 * what the load would write. Kept in the database for half an hour (then the admin uploads again)
 * and capped, so abandoned previews cannot pile up. A token is taken once.
 */
import { createHash, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { ImportFile } from './validate.ts';

export interface PendingPreview {
  files: ImportFile[];
  /** sha-256 over the files' names and bytes, re-checked at commit */
  filesHash: string;
  choices: { skipInvalid: boolean; moveOwners: boolean; preferImport: boolean };
  digest: string;
  /** who previewed: only they may commit */
  actorKey: string;
  expiresAt: number;
}

export const PREVIEW_TTL_MS = 30 * 60 * 1000;
const MAX_PENDING = 8;
/** all pending files together; the newest preview is always kept, older ones go first */
const MAX_PENDING_BYTES = 128 * 1024 * 1024;
const sizeOf = (e: PendingPreview) => e.files.reduce((n, f) => n + f.bytes.length, 0);

export function filesHash(files: ImportFile[]): string {
  const h = createHash('sha256');
  for (const f of files) h.update(f.name).update('\0').update(f.bytes).update('\0');
  return h.digest('hex');
}

/** The files as one blob: a length-prefixed JSON header (names, sizes, folder flags), then the bytes in order. */
function packFiles(files: ImportFile[]): Buffer {
  const header = Buffer.from(JSON.stringify(files.map((f) => ({ name: f.name, size: f.bytes.length, fromFolder: f.fromFolder }))));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(header.length);
  return Buffer.concat([length, header, ...files.map((f) => f.bytes)]);
}

function unpackFiles(blob: Buffer): ImportFile[] {
  const headerLength = blob.readUInt32BE(0);
  const header = JSON.parse(blob.subarray(4, 4 + headerLength).toString('utf8')) as { name: string; size: number; fromFolder?: boolean }[];
  let at = 4 + headerLength;
  return header.map((h) => {
    const bytes = new Uint8Array(blob.subarray(at, at + h.size));
    at += h.size;
    return { name: h.name, bytes, ...(h.fromFolder ? { fromFolder: true } : {}) };
  });
}

interface Row { id: number; actorKey: string; filesHash: string; choices: string; digest: string; expiresAt: number; size: number; files: Buffer }

/**
 * Stored in the database (import_previews) rather than in this process's memory: with several
 * workers (WORKERS) the click that commits may reach another process than the upload did.
 */
export class PendingPreviews {
  constructor(private readonly sqlite: Database.Database) {}

  put(entry: PendingPreview, now: number): string {
    const token = randomBytes(18).toString('base64url');
    const files = packFiles(entry.files);
    const size = sizeOf(entry);
    this.sqlite.transaction(() => {
      this.sqlite.prepare<[number]>('delete from import_previews where expires_at <= ?').run(now);
      const waiting = this.sqlite.prepare<[], { id: number; size: number }>('select id, size from import_previews order by id').all();
      let count = waiting.length + 1;
      let bytes = waiting.reduce((n, w) => n + w.size, size);
      const drop = this.sqlite.prepare<[number]>('delete from import_previews where id = ?');
      for (const w of waiting) {
        if (count <= MAX_PENDING && bytes <= MAX_PENDING_BYTES) break;
        drop.run(w.id);
        count--;
        bytes -= w.size;
      }
      this.sqlite.prepare<[string, string, string, string, string, number, number, Buffer]>(`insert into import_previews
        (token, actor_key, files_hash, choices, digest, expires_at, size, files) values (?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(token, entry.actorKey, entry.filesHash, JSON.stringify(entry.choices), entry.digest, entry.expiresAt, size, files);
    })();
    return token;
  }

  /** The preview for this token and actor, removed from the store; null when unknown, expired, someone else's or its files changed. */
  take(token: string, actorKey: string, now: number): PendingPreview | null {
    const row = this.sqlite.transaction(() => {
      const r = this.sqlite.prepare<[string], Row>(`select id, actor_key as actorKey, files_hash as filesHash, choices, digest, expires_at as expiresAt, size, files
        from import_previews where token = ?`).get(token);
      if (!r || r.actorKey !== actorKey) return null;
      // Taken once: whoever deletes the row (in whichever process) has it.
      this.sqlite.prepare<[number]>('delete from import_previews where id = ?').run(r.id);
      return r;
    }).immediate();
    if (!row || row.expiresAt <= now) return null;
    const files = unpackFiles(row.files);
    if (filesHash(files) !== row.filesHash) return null;
    return { files, filesHash: row.filesHash, choices: JSON.parse(row.choices) as PendingPreview['choices'], digest: row.digest, actorKey: row.actorKey, expiresAt: row.expiresAt };
  }
}
