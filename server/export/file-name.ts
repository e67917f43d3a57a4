/**
 * Download names people can file: what it is, the period, the day it was made —
 * 「近地配套率季度报告_2026Q4_20261203.xlsx」 — and the header that carries a Chinese name
 * to every browser (an ASCII fallback plus the UTF-8 name, RFC 6266 / RFC 5987).
 */
import { cityDate } from '../vocabulary.ts';

/** Characters no file system or browser accepts in a name, and separators. */
const UNSAFE = /[\\/:*?"<>|\x00-\x1f\x7f]/g;

export interface FileNameParts {
  /** what the file is, in Chinese: 近地配套率季度报告, 汽车产业链调度 */
  title: string;
  /** the period it covers: 2026Q4, 2026, or nothing */
  period?: string;
  /** when it was made (epoch ms); the city's calendar date is used */
  at: number;
  ext: 'xlsx' | 'csv';
}

export function datedFileName(p: FileNameParts): string {
  const date = cityDate(p.at).replaceAll('-', '');
  const parts = [p.title, p.period, date].filter((x): x is string => !!x).map((x) => x.replace(UNSAFE, '_').trim());
  return `${parts.join('_')}.${p.ext}`;
}

/** 2026Q4 for a quarter, 2026 for a whole year. */
export function periodLabel(year: number, quarter?: number): string {
  return quarter ? `${year}Q${quarter}` : String(year);
}

/** Content-Disposition for a download: an ASCII fallback and the real (Chinese) name. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/[\\"]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
