/**
 * What every write is given: the database and the change feed it announces on, who writes, when
 * (one clock reading) and from which address (for the audit log). The HTTP layer builds it once per
 * request (`request.writeContext`, plugins/write-context.ts); the demo and scripts build their own.
 */
import type Database from 'better-sqlite3';
import type { Actor } from './auth/policy.ts';
import type { ChangeFeed } from './changes.ts';

export interface WriteContext { sqlite: Database.Database; feed: ChangeFeed; actor: Actor; now: number; ip: string }
