/**
 * A report people can read: a file with a million bad cells must not answer with a million lines
 * (megabytes of page). The first problems are listed as they are; the rest are counted per rule —
 * the same column and severity — so the report still says where the trouble is and how much.
 */
import type { Problem } from './validate.ts';

export const LISTED_PROBLEMS = 200;

export interface ProblemList { listed: Problem[]; more: { file: string; column: string | null; severity: Problem['severity']; count: number }[]; total: number }

export function listProblems(problems: readonly Problem[], limit = LISTED_PROBLEMS): ProblemList {
  const listed = problems.slice(0, limit);
  const rest = new Map<string, ProblemList['more'][number]>();
  for (const p of problems.slice(limit)) {
    const key = JSON.stringify([p.file, p.column, p.severity]);
    const entry = rest.get(key) ?? { file: p.file, column: p.column, severity: p.severity, count: 0 };
    entry.count++;
    rest.set(key, entry);
  }
  return { listed, more: [...rest.values()].sort((a, b) => b.count - a.count), total: problems.length };
}

/** 「另有 1,234 处错误未列出：enterprises.csv 列「region」」 */
export function moreLine(m: ProblemList['more'][number]): string {
  return `另有 ${m.count.toLocaleString('zh-CN')} 处${m.severity === 'error' ? '错误' : '提示'}未列出：${m.file}${m.column ? ` 列「${m.column}」` : ''}`;
}
