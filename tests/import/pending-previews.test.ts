import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../db/client.ts';
import { memoryDatabase } from '../helpers.ts';
import { filesHash, PendingPreviews, PREVIEW_TTL_MS, type PendingPreview } from '../../server/import/pending-previews.ts';

const entry = (actorKey: string, now: number, bytes = Buffer.from('uscc,name\n')): PendingPreview => {
  const files = [{ name: 'enterprises.csv', bytes }];
  return { files, filesHash: filesHash(files), choices: { skipInvalid: false, moveOwners: false, preferImport: false }, digest: 'd', actorKey, expiresAt: now + PREVIEW_TTL_MS };
};

describe('pending previews', () => {
  it('gives a preview back once, to the actor who made it, before it expires', () => {
    const store = new PendingPreviews(memoryDatabase().sqlite);
    const a = store.put(entry('user:1', 0), 0);
    expect(store.take(a, 'user:2', 10)).toBeNull();
    expect(store.take(a, 'user:1', 10)?.digest).toBe('d');
    expect(store.take(a, 'user:1', 20)).toBeNull();
    const b = store.put(entry('user:1', 0), 0);
    expect(store.take(b, 'user:1', PREVIEW_TTL_MS)).toBeNull();
  });

  it('refuses a preview whose files changed after it was made', () => {
    const { sqlite } = memoryDatabase();
    const store = new PendingPreviews(sqlite);
    const e = entry('user:1', 0);
    const t = store.put(e, 0);
    e.files[0]!.bytes[0] = 'X'.charCodeAt(0); // the caller's buffer: what was stored stays as it was
    const kept = store.put(entry('user:1', 0), 0);
    expect(store.take(t, 'user:1', 1)?.files[0]!.bytes[0]).toBe('u'.charCodeAt(0));
    // the stored bytes changed behind the store's back
    sqlite.prepare(`update import_previews set files = cast(replace(cast(files as text), 'uscc', 'xxxx') as blob) where token = ?`).run(kept);
    expect(store.take(kept, 'user:1', 1)).toBeNull();
  });

  it('keeps at most eight, dropping the oldest', () => {
    const store = new PendingPreviews(memoryDatabase().sqlite);
    const tokens = Array.from({ length: 9 }, () => store.put(entry('user:1', 0), 0));
    expect(store.take(tokens[0]!, 'user:1', 1)).toBeNull();
    expect(store.take(tokens[8]!, 'user:1', 1)).not.toBeNull();
    expect(store.take(tokens[1]!, 'user:1', 1)).not.toBeNull();
  });

  it('drops older previews when the files together pass 128 MB, never the newest', () => {
    const store = new PendingPreviews(memoryDatabase().sqlite);
    const big = () => Buffer.alloc(70 * 1024 * 1024);
    const first = store.put(entry('user:1', 0, big()), 0);
    const second = store.put(entry('user:1', 0, big()), 0);
    expect(store.take(first, 'user:1', 1)).toBeNull();
    expect(store.take(second, 'user:1', 1)).not.toBeNull();
  });

  it('is taken through another process than the one that stored it (WORKERS), once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cluster-previews-'));
    const one = openDatabase(join(dir, 'p.sqlite'));
    const two = openDatabase(join(dir, 'p.sqlite'));
    try {
      const token = new PendingPreviews(one.sqlite).put(entry('user:1', 0, Buffer.from('uscc,name\n911,甲\n')), 0);
      const taken = new PendingPreviews(two.sqlite).take(token, 'user:1', 1);
      expect(Buffer.from(taken!.files[0]!.bytes).toString('utf8')).toBe('uscc,name\n911,甲\n');
      expect(new PendingPreviews(one.sqlite).take(token, 'user:1', 2)).toBeNull();
    } finally {
      one.close();
      two.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
