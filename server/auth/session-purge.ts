/**
 * Expired sessions are deleted, not only refused: once when the server is ready and then every
 * `everyMs`, so the table holds live sessions only (a refused session is deleted on sight too).
 */
import type { FastifyInstance } from 'fastify';
import type { Accounts } from './accounts.ts';

export const SESSION_PURGE_MS = 15 * 60_000;

export function purgeSessions(app: FastifyInstance, accounts: Accounts, everyMs = SESSION_PURGE_MS): void {
  const purge = () => {
    try {
      const n = accounts.purgeExpiredSessions(app.deps.clock.now());
      if (n) app.log.info({ sessions: n }, 'expired sessions deleted');
    } catch (err) {
      app.log.error({ err }, 'deleting expired sessions failed');
    }
  };
  let timer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    purge();
    timer = setInterval(purge, everyMs);
    timer.unref();
  });
  app.addHook('onClose', async () => clearInterval(timer));
}
