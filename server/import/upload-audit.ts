/** The upload's own audit entry (「导入」 with its counts), written inside the import's transaction, in the worker or here. */
import type Database from 'better-sqlite3';
import { recordAudit } from '../audit.ts';
import type { ImportOptions } from './index.ts';

export function uploadAudit(sqlite: Database.Database, o: Pick<ImportOptions, 'actor' | 'now' | 'ip'>, names: string,
  changes: { enterprises: unknown[]; listings: unknown[]; components: unknown[] }): void {
  if (!o.actor) return;
  recordAudit(sqlite, {
    actor: o.actor, action: 'import', objectType: 'import', objectId: names, at: o.now, ip: o.ip,
    enterpriseId: o.actor.kind === 'user' || o.actor.kind === 'token' ? o.actor.enterpriseId : null,
    after: { enterprises: changes.enterprises.length, listings: changes.listings.length, components: changes.components.length },
  });
}
