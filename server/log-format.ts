/**
 * Logs for a person at a terminal: one short line per event in city time, request lines left out
 * unless the server failed one (5xx). When stdout is not a terminal (a service, a pipe, a log
 * collector) the logs stay pino's JSON lines; LOG_FORMAT=json|pretty overrides the choice.
 */
import { cityDateTime } from './vocabulary.ts';

const LEVEL: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const QUIET = new Set(['incoming request', 'request completed']);
const SKIP = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'reqId', 'v']);

function show(v: unknown): string {
  if (typeof v === 'string') return /\s/.test(v) ? JSON.stringify(v) : v;
  return JSON.stringify(v);
}

/** One pino JSON line → one readable line, or null for a line a person need not see. */
export function prettyLogLine(line: string): string | null {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.trimEnd() || null;
  }
  const msg = typeof entry.msg === 'string' ? entry.msg : '';
  const status = (entry.res as { statusCode?: number } | undefined)?.statusCode;
  if (QUIET.has(msg) && !(status !== undefined && status >= 500)) return null;
  const time = typeof entry.time === 'number' ? cityDateTime(entry.time, true).slice(11) : '';
  const level = LEVEL[Number(entry.level)] ?? String(entry.level);
  const err = entry.err as { message?: string; stack?: string } | undefined;
  const fields = Object.entries(entry).filter(([k]) => !SKIP.has(k) && k !== 'err').map(([k, v]) => `${k}=${show(v)}`);
  const head = [time, level, msg, ...fields].filter(Boolean).join(' ');
  return err?.stack ? `${head}\n${err.stack}` : err?.message ? `${head} ${err.message}` : head;
}

/** A pino destination that writes pretty lines to stdout. */
export const prettyLogStream = {
  write(chunk: string): void {
    const out = prettyLogLine(chunk);
    if (out !== null) process.stdout.write(`${out}\n`);
  },
};
