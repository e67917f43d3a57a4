/** Time as the app sees it; tests pass a fixed clock. Dates are the city's (UTC+8) calendar dates. */
import { cityDate } from './vocabulary.ts';

// How a date is written lives in vocabulary.ts; server/import/ still reads cityDate from here.
export { cityDate };

export interface Clock { now(): number }

export const systemClock: Clock = { now: () => Date.now() };

export function fixedClock(at: string | number): Clock & { set(to: string | number): void } {
  let t = typeof at === 'number' ? at : Date.parse(at);
  return { now: () => t, set(to) { t = typeof to === 'number' ? to : Date.parse(to); } };
}

/** The calendar date `days` after a 'YYYY-MM-DD' date. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export const RENEWAL_DAYS = 180;
/** A listing is valid for at most two years ahead. */
export const MAX_VALID_DAYS = 730;

/**
 * The end of validity a renewal gives: it extends from the later of today and the current end,
 * so renewing never shortens a listing; it never goes past the two-year limit (nor below the current end).
 */
export function renewalEnd(currentEnd: string | null, now: number, days = RENEWAL_DAYS): string {
  const today = cityDate(now);
  const from = currentEnd !== null && currentEnd > today ? currentEnd : today;
  const limit = addDays(today, MAX_VALID_DAYS);
  const end = addDays(from, days);
  return end <= limit ? end : from > limit ? from : limit;
}
