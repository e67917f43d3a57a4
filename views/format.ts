/** How numbers, dates and codes read in Chinese on the pages. */
export { TIER_LABEL, LISTING_KIND_LABEL, REGION_KIND_LABEL, CRITICALITY_LABEL } from '../server/vocabulary.ts';

/** 万元 amounts: 亿元 from 10,000 万元 up. */
export function formatWan(wan: number | null | undefined): string {
  if (wan === null || wan === undefined) return '—';
  if (Math.abs(wan) >= 10_000) return `${(wan / 10_000).toLocaleString('zh-CN', { maximumFractionDigits: 2 })} 亿元`;
  return `${wan.toLocaleString('zh-CN', { maximumFractionDigits: 1 })} 万元`;
}

/**
 * One unit for a whole table column: 亿元 when the column's largest value reaches 1 亿, else 万元,
 * so figures in a column compare at a glance (never 「1.2 亿元」 above 「860 万元」).
 */
export function wanColumn(values: readonly (number | null | undefined)[]): (wan: number | null | undefined) => string {
  const inYi = values.some((v) => v !== null && v !== undefined && Math.abs(v) >= 10_000);
  return (wan) => {
    if (wan === null || wan === undefined) return '—';
    return inYi ? `${(wan / 10_000).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 亿元`
      : `${wan.toLocaleString('zh-CN', { maximumFractionDigits: 1 })} 万元`;
  };
}

export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : n.toLocaleString('zh-CN');
}

export { cityDate as formatDate, cityDateTime as formatDateTime } from '../server/vocabulary.ts';
