/**
 * Expired sessions are deleted, not only refused: once when the background work starts and then
 * every `everyMs`, so the table holds live sessions only (a refused session is deleted on sight too).
 * A background job: with several workers, one process purges (cluster/background.ts).
 */
import type { Accounts } from './accounts.ts';
import { repeatingJob, type BackgroundJob } from '../cluster/background.ts';

export const SESSION_PURGE_MS = 15 * 60_000;

type Log = { info(obj: unknown, msg: string): void; error(obj: unknown, msg: string): void };

export function sessionPurgeJob(accounts: Accounts, now: () => number, log: Log, everyMs = SESSION_PURGE_MS): BackgroundJob {
  const purge = () => {
    try {
      const n = accounts.purgeExpiredSessions(now());
      if (n) log.info({ sessions: n }, 'expired sessions deleted');
    } catch (err) {
      log.error({ err }, 'deleting expired sessions failed');
    }
  };
  return repeatingJob('session purge', everyMs, purge);
}
