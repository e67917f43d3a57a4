import { describe, expect, it } from 'vitest';
import { readOffThread, ReadTimeout } from '../../server/import/read-off-thread.ts';
import { compactProblems, errorCount, LISTED_PROBLEMS, listProblems, moreLine, reportProblems, type OmittedProblems } from '../../server/import/problem-list.ts';
import type { Problem } from '../../server/import/validate.ts';
import { usccFor } from '../helpers.ts';

const csv = (rows: number) => Buffer.from(['uscc,name,region', ...Array.from({ length: rows }, (_, i) => `91420600MA${String(i).padStart(8, '0')},企业${i},樊城区`)].join('\n'));

describe('uploads are read off the event loop', () => {
  it('reads and checks every file in a worker thread, handing back the checked rows', async () => {
    const bytes = Buffer.from(`uscc,name,region\n${usccFor(1)},襄阳甲（测试）有限公司,樊城\n${usccFor(2)},襄阳乙有限公司,火星区\n`);
    const checked = await readOffThread([{ name: 'enterprises.csv', bytes }]);
    expect(checked.files).toEqual([{ file: 'enterprises.csv', kind: 'enterprises', encoding: 'utf-8', rows: 2, invalid: 1 }]);
    expect(checked.rows.enterprises.map((r) => [r.row, r.record.uscc, r.record.name, r.record.region])).toEqual([[2, usccFor(1), '襄阳甲（测试）有限公司', '樊城区']]);
    expect(checked.problems.map((p) => [p.row, p.severity])).toEqual([[2, 'warning'], [3, 'error']]);
  });

  it('refuses an upload over the row cap, saying the cap', async () => {
    const checked = await readOffThread([{ name: 'enterprises.csv', bytes: csv(120) }], { timeoutMs: 30_000, maxRows: 100, maxHeapMb: 256 });
    expect(checked.problems.filter((p) => p.row === null)).toEqual([
      { file: 'enterprises.csv', row: null, column: null, severity: 'error', message: '文件行数超过本账号单次导入上限 100 行，请拆分后分批导入（已读 100 行，其后未读取）' },
    ]);
  });

  it('says why a file cannot be read, as the reader does', async () => {
    const checked = await readOffThread([{ name: 'a.xlsx', bytes: Buffer.from('not a workbook') }]);
    expect(checked.problems).toEqual([{ file: 'a.xlsx', row: null, column: null, severity: 'error', message: '文件扩展名为 .xlsx，但内容不是有效的 Excel 文件' }]);
  });

  it('stops a read that runs past its time budget', async () => {
    await expect(readOffThread([{ name: 'enterprises.csv', bytes: csv(200_000) }], { timeoutMs: 5, maxRows: 1_000_000, maxHeapMb: 512 }))
      .rejects.toThrow(new ReadTimeout('读取文件超过 0 秒仍未完成，未导入任何数据；请拆分文件后分批导入'));
  });

});

describe('a report people can read', () => {
  it('lists the first problems and counts the rest per column', () => {
    const problems: Problem[] = Array.from({ length: 250 }, (_, i) => ({ file: 'e.csv', row: i + 2, column: i % 2 ? 'region' : 'uscc', message: 'x', severity: 'error' as const }));
    const list = listProblems(problems, 200);
    expect(list.listed).toHaveLength(200);
    expect(list.listed[199]!.row).toBe(201);
    expect(list.total).toBe(250);
    expect(list.more).toEqual([{ file: 'e.csv', column: 'uscc', severity: 'error', count: 25 }, { file: 'e.csv', column: 'region', severity: 'error', count: 25 }]);
    expect(moreLine({ file: 'e.csv', column: 'region', severity: 'error', count: 1234 })).toBe('另有 1,234 处错误未列出：e.csv 列「region」');
  });
});

describe('a report that crosses from the worker', () => {
  it('keeps the first problems and counts the rest per rule, so the page says the same', () => {
    const p = (row: number, column: string, severity: 'error' | 'warning') => ({ file: 'listings.csv', row, column, severity, message: `第${row}行` });
    const problems = [...Array.from({ length: 300 }, (_, i) => p(i + 2, 'region', 'error')), ...Array.from({ length: 50 }, (_, i) => p(i + 400, 'chain', 'warning'))];
    const whole: { problems: Problem[]; omittedProblems?: OmittedProblems } = { problems };
    const compact = compactProblems(whole);
    expect(compact.problems).toHaveLength(LISTED_PROBLEMS);
    expect(compact.omittedProblems).toMatchObject({ errors: 100, warnings: 50 });
    expect(errorCount(compact)).toBe(errorCount(whole));
    expect(reportProblems(compact)).toEqual(listProblems(problems));
    expect(compactProblems({ problems: problems.slice(0, 10) })).toEqual({ problems: problems.slice(0, 10) });
  });
});
