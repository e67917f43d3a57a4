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

/** Problems past the first ones, as counts only: what crosses from the worker thread for a page. */
export interface OmittedProblems { errors: number; warnings: number; more: ProblemList['more'] }

interface WithProblems { problems: Problem[]; omittedProblems?: OmittedProblems }

/**
 * The report with only its first problems listed and the rest counted per rule: a file with 50,000
 * bad rows sends the page (and the thread boundary) 200 problems and a few counts, not 50,000 objects.
 */
export function compactProblems<T extends WithProblems>(report: T, limit = LISTED_PROBLEMS): T {
  if (report.problems.length <= limit) return report;
  const rest = report.problems.slice(limit);
  const errors = rest.filter((p) => p.severity === 'error').length;
  return { ...report, problems: report.problems.slice(0, limit), omittedProblems: { errors, warnings: rest.length - errors, more: listProblems(rest, 0).more } };
}

/** Every problem of a report, listed or counted (compacted or not). */
export function reportProblems(report: WithProblems): ProblemList {
  const list = listProblems(report.problems);
  const omitted = report.omittedProblems;
  if (!omitted) return list;
  const more = new Map(list.more.map((m) => [JSON.stringify([m.file, m.column, m.severity]), { ...m }]));
  for (const m of omitted.more) {
    const key = JSON.stringify([m.file, m.column, m.severity]);
    const entry = more.get(key);
    if (entry) entry.count += m.count; else more.set(key, { ...m });
  }
  return { listed: list.listed, more: [...more.values()].sort((a, b) => b.count - a.count), total: list.total + omitted.errors + omitted.warnings };
}

/** How many errors a report holds, listed or counted. */
export function errorCount(report: WithProblems): number {
  return report.problems.filter((p) => p.severity === 'error').length + (report.omittedProblems?.errors ?? 0);
}
