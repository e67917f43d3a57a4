/**
 * Field rules shared by the importer, the forms and the API: each takes the text a person
 * typed (a spreadsheet cell, a form field) and either yields a clean value or says, in
 * Chinese, which rule it broke.
 */
import { z } from 'zod';
import { usccProblem } from './uscc.ts';
import { getLexicon, splitList } from '../../search/lexicon.ts';
import type { ChainRef } from '../../search/lexicon.ts';

/** A cell read for its value (numbers, codes, dates, choices): full-width forms fold to their ASCII keys. */
const cell = z.string().optional().transform((v) => (v ?? '').normalize('NFKC').trim());
/** Text stored and shown as the person typed it (「，；：（）」 stay full-width); only outer spaces go. */
const typed = z.string().optional().transform((v) => (v ?? '').trim());

export const text = (max = 2000) =>
  typed.pipe(z.string().max(max, { message: `不能超过 ${max} 个字符` }));

export const requiredText = (max = 200) =>
  typed.pipe(z.string().min(1, { message: '必填，不能为空' }).max(max, { message: `不能超过 ${max} 个字符` }));

export const uscc = cell
  .transform((v) => v.toUpperCase())
  .superRefine((v, ctx) => {
    if (v === '') { ctx.addIssue({ code: 'custom', message: '必填，不能为空' }); return; }
    const problem = usccProblem(v);
    if (problem === 'length') ctx.addIssue({ code: 'custom', message: `统一社会信用代码应为 18 位，实际 ${v.length} 位` });
    else if (problem === 'alphabet') ctx.addIssue({ code: 'custom', message: '统一社会信用代码含有不允许的字符（不使用 I、O、Z、S、V）' });
    else if (problem === 'check') ctx.addIssue({ code: 'custom', message: '统一社会信用代码校验位错误（GB 32100-2015）' });
  });

function parseNumber(v: string): number | null {
  const cleaned = v.replace(/[,，\s]/g, '');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(cleaned)) return null;
  const n = Number(cleaned);
  return Number.isFinite(n) ? n : null;
}

/** A non-negative number; empty gives null unless required. */
export const amount = (opts: { required?: boolean; max?: number } = {}) =>
  cell.transform((v, ctx): number | null => {
    if (v === '') {
      if (opts.required) ctx.addIssue({ code: 'custom', message: '必填，不能为空' });
      return null;
    }
    const n = parseNumber(v);
    if (n === null) { ctx.addIssue({ code: 'custom', message: `「${v}」不是有效数字` }); return null; }
    if (n < 0) { ctx.addIssue({ code: 'custom', message: '不能为负数' }); return null; }
    if (opts.max !== undefined && n > opts.max) { ctx.addIssue({ code: 'custom', message: `不能大于 ${opts.max}` }); return null; }
    return n;
  });

const MONEY_UNIT_TO_WAN: Record<string, number> = { 亿元: 10_000, 亿: 10_000, 万元: 1, 万: 1, 千元: 0.1, 元: 0.0001 };

/** An amount of money in 万元; a unit in the cell (「1.2亿元」, 「860万」, 「5000元」) is converted. */
export const moneyWan = (opts: { required?: boolean; max?: number } = {}) =>
  cell.transform((v, ctx): number | null => {
    if (v === '') {
      if (opts.required) ctx.addIssue({ code: 'custom', message: '必填，不能为空' });
      return null;
    }
    const m = /^(.*?)\s*(亿元|亿|万元|万|千元|元)$/.exec(v);
    const n = parseNumber(m ? m[1]! : v);
    if (n === null) { ctx.addIssue({ code: 'custom', message: `「${v}」不是有效金额（如 860、860万、1.2亿元）` }); return null; }
    const wan = Math.round(n * (m ? MONEY_UNIT_TO_WAN[m[2]!]! : 1) * 10_000) / 10_000;
    if (wan < 0) { ctx.addIssue({ code: 'custom', message: '不能为负数' }); return null; }
    if (opts.max !== undefined && wan > opts.max) { ctx.addIssue({ code: 'custom', message: `不能大于 ${opts.max} 万元` }); return null; }
    return wan;
  });

/** An Excel date serial (days since 1899-12-30) as 'YYYY-MM-DD', for plausible dates (1954–2119) only. */
export function excelSerialDate(v: string): string | null {
  if (!/^\d{5}(\.\d+)?$/.test(v)) return null;
  const n = Math.floor(Number(v));
  if (n < 20_000 || n > 80_000) return null;
  return new Date(Date.UTC(1899, 11, 30) + n * 86_400_000).toISOString().slice(0, 10);
}

export const integer = (opts: { required?: boolean; min?: number; max?: number } = {}) =>
  cell.transform((v, ctx): number | null => {
    if (v === '') {
      if (opts.required) ctx.addIssue({ code: 'custom', message: '必填，不能为空' });
      return null;
    }
    const n = parseNumber(v);
    if (n === null || !Number.isInteger(n)) { ctx.addIssue({ code: 'custom', message: `「${v}」不是整数` }); return null; }
    if (opts.min !== undefined && n < opts.min) { ctx.addIssue({ code: 'custom', message: `不能小于 ${opts.min}` }); return null; }
    if (opts.max !== undefined && n > opts.max) { ctx.addIssue({ code: 'custom', message: `不能大于 ${opts.max}` }); return null; }
    return n;
  });

export const coordinate = (min: number, max: number) =>
  cell.transform((v, ctx): number | null => {
    if (v === '') return null;
    const n = parseNumber(v);
    if (n === null || n < min || n > max) { ctx.addIssue({ code: 'custom', message: `应为 ${min} 到 ${max} 之间的数字` }); return null; }
    return n;
  });

/** ISO date; also the forms Excel writes on a Chinese PC (2027/7/28, 2027.7.28, 2027年7月28日) and Excel serials. */
export const isoDate = (opts: { required?: boolean } = {}) =>
  cell.transform((v, ctx): string | null => {
    if (v === '') {
      if (opts.required) ctx.addIssue({ code: 'custom', message: '必填，不能为空' });
      return null;
    }
    const serial = excelSerialDate(v);
    if (serial !== null) return serial;
    const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(v);
    const iso = m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : '';
    const date = new Date(`${iso}T00:00:00Z`);
    if (!m || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) {
      ctx.addIssue({ code: 'custom', message: `「${v}」不是有效日期（应为 YYYY-MM-DD）` });
      return null;
    }
    return iso;
  });

/** One of a fixed set of values, each accepted in English or Chinese. */
export function choice<T extends string>(words: Record<string, T>, opts: { required?: boolean; fallback?: T } = {}) {
  const allowed = [...new Set(Object.keys(words).filter((w) => /[^\x00-\x7f]/.test(w)))].join(' / ');
  return cell.transform((v, ctx): T | null => {
    if (v === '') {
      if (opts.required) ctx.addIssue({ code: 'custom', message: '必填，不能为空' });
      return opts.fallback ?? null;
    }
    const hit = words[v] ?? words[v.toLowerCase()];
    if (hit === undefined) { ctx.addIssue({ code: 'custom', message: `「${v}」不是允许的值（${allowed}）` }); return null; }
    return hit;
  });
}

export const TIER_WORDS = {
  链主企业: 'chain_leader', 链主: 'chain_leader', chain_leader: 'chain_leader',
  核心企业: 'core', 核心: 'core', core: 'core',
  专精特新: 'specialized', 专精特新企业: 'specialized', specialized: 'specialized',
  中小企业: 'sme', 中小: 'sme', sme: 'sme',
} as const;
export const LISTING_KIND_WORDS = { 供应: 'supply', 需求: 'demand', supply: 'supply', demand: 'demand' } as const;
export const CRITICALITY_WORDS = { 高: 'high', 中: 'medium', 低: 'low', high: 'high', medium: 'medium', low: 'low' } as const;

export const chain = (opts: { required?: boolean } = {}) =>
  cell.transform((v, ctx): ChainRef | null => {
    if (v === '') {
      if (opts.required) ctx.addIssue({ code: 'custom', message: '必填，不能为空' });
      return null;
    }
    const hit = getLexicon().chain(v);
    if (!hit) ctx.addIssue({ code: 'custom', message: `未知产业链「${v}」（应为 13 条产业链之一）` });
    return hit ?? null;
  });

export const chainList = cell.transform((v, ctx): ChainRef[] => {
  const out: ChainRef[] = [];
  for (const name of splitList(v)) {
    const hit = getLexicon().chain(name);
    if (hit) { if (!out.some((c) => c.id === hit.id)) out.push(hit); }
    else ctx.addIssue({ code: 'custom', message: `未知产业链「${name}」（应为 13 条产业链之一）` });
  }
  return out;
});
