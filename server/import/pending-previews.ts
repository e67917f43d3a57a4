/**
 * Previews waiting for the admin's click: the uploaded files, the choices made, and the digest of
 * what the load would write. Kept in memory (a restart or half an hour forgets them; the admin
 * uploads again) and capped, so abandoned previews cannot pile up. A token is taken once.
 */
import { createHash, randomBytes } from 'node:crypto';
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

export class PendingPreviews {
  private readonly entries = new Map<string, PendingPreview>();

  put(entry: PendingPreview, now: number): string {
    for (const [token, e] of this.entries) if (e.expiresAt <= now) this.entries.delete(token);
    let bytes = [...this.entries.values()].reduce((n, e) => n + sizeOf(e), sizeOf(entry));
    for (const [token, e] of this.entries) {
      if (this.entries.size < MAX_PENDING && bytes <= MAX_PENDING_BYTES) break;
      this.entries.delete(token);
      bytes -= sizeOf(e);
    }
    const token = randomBytes(18).toString('base64url');
    this.entries.set(token, entry);
    return token;
  }

  /** The preview for this token and actor, removed from the store; null when unknown, expired, someone else's or its files changed. */
  take(token: string, actorKey: string, now: number): PendingPreview | null {
    const e = this.entries.get(token);
    if (!e || e.actorKey !== actorKey) return null;
    this.entries.delete(token);
    if (e.expiresAt <= now || filesHash(e.files) !== e.filesHash) return null;
    return e;
  }
}
