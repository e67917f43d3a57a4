/** Time as the app sees it; tests pass a fixed clock. Dates are the city's (UTC+8) calendar dates. */
export interface Clock { now(): number }

export const systemClock: Clock = { now: () => Date.now() };

export function fixedClock(at: string | number): Clock & { set(to: string | number): void } {
  let t = typeof at === 'number' ? at : Date.parse(at);
  return { now: () => t, set(to) { t = typeof to === 'number' ? to : Date.parse(to); } };
}

const CITY_OFFSET_MS = 8 * 3600 * 1000;

/** 'YYYY-MM-DD' in the city's time zone. */
export function cityDate(ms: number): string {
  return new Date(ms + CITY_OFFSET_MS).toISOString().slice(0, 10);
}

/** 'YYYY-MM-DD HH:MM' (or with seconds) in the city's time zone, for timelines and logs on pages. */
export function cityDateTime(ms: number, seconds = false): string {
  return new Date(ms + CITY_OFFSET_MS).toISOString().slice(0, seconds ? 19 : 16).replace('T', ' ');
}
