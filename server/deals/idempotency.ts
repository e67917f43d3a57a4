/**
 * Idempotent retries: the first answer to (client, Idempotency-Key) is stored and returned
 * again for a retry with the same request; the same key with a different request is refused.
 */
import type Database from 'better-sqlite3';
import { sha256 } from '../auth/secrets.ts';

export interface StoredAnswer { status: number; body: unknown }

export type IdempotentOutcome = { replay: StoredAnswer } | { mismatch: true } | { fresh: true };

const KEEP_MS = 7 * 86_400_000;

export function lookupIdempotent(sqlite: Database.Database, scope: string, key: string, request: unknown, now: number): IdempotentOutcome {
  sqlite.prepare('delete from idempotency_keys where created_at < ?').run(now - KEEP_MS);
  const row = sqlite.prepare<[string, string], { requestHash: string; status: number; body: string }>('select request_hash as requestHash, status, body from idempotency_keys where scope = ? and key = ?')
    .get(scope, key);
  if (!row) return { fresh: true };
  if (row.requestHash !== sha256(JSON.stringify(request))) return { mismatch: true };
  return { replay: { status: row.status, body: JSON.parse(row.body) } };
}

/** Stores the answer; called in the same transaction as the write it answers, when there is one. */
export function storeIdempotent(sqlite: Database.Database, scope: string, key: string, request: unknown, answer: StoredAnswer, now: number): void {
  sqlite.prepare('insert into idempotency_keys (scope, key, request_hash, status, body, created_at) values (?, ?, ?, ?, ?, ?)')
    .run(scope, key, sha256(JSON.stringify(request)), answer.status, JSON.stringify(answer.body), now);
}
