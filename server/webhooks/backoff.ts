/**
 * When a failed delivery is tried again: 30 s after the first failure, then four times longer
 * each time (2 min, 8 min, 32 min, about 2 h), at most every 4 h, with a last try when the day
 * is up; after 24 h without success the delivery has failed (an admin may replay it). Pure.
 */
export const RETRY_WINDOW_MS = 24 * 3_600_000;
const FIRST_DELAY_MS = 30_000;
const LONGEST_DELAY_MS = 4 * 3_600_000;

/** The next attempt after `failures` failed attempts, or null when the window is over. */
export function nextAttemptAt(createdAt: number, failures: number, now: number): number | null {
  const deadline = createdAt + RETRY_WINDOW_MS;
  if (now >= deadline) return null;
  const delay = Math.min(FIRST_DELAY_MS * 4 ** Math.max(0, failures - 1), LONGEST_DELAY_MS);
  return Math.min(now + delay, deadline);
}
