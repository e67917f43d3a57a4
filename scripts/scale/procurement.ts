import type { Firm } from './context.ts';
import type { Rng } from './prng.ts';

export const PROCUREMENT_HEADER = ['buyer_uscc', 'year', 'total_wan', 'local_wan'] as const;
export const PROCUREMENT_YEARS = [2024, 2025, 2026] as const;

const round1 = (v: number): number => Math.round(v * 10) / 10;

/** Per chain leader and year; the local share creeps up over the years, as the programme intends. */
export function* procurementRows(firms: Firm[], rng: Rng): Generator<string[]> {
  const last = PROCUREMENT_YEARS.length - 1;
  for (const leader of firms) {
    if (leader.tier !== '链主企业') continue;
    const latest = leader.output * (0.45 + rng.next() * 0.25);
    const growth = 1.03 + rng.next() * 0.09;
    let share = 0.11 + rng.next() * 0.16;
    for (let i = 0; i <= last; i++) {
      const total = Math.max(100, round1(latest / growth ** (last - i)));
      // Kept inside 10%–35% after rounding too.
      const local = round1(total * Math.min(0.345, Math.max(0.105, share)));
      yield [leader.uscc, String(PROCUREMENT_YEARS[i]), total.toFixed(1), local.toFixed(1)];
      share += rng.next() * 0.035;
    }
  }
}
