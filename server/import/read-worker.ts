/**
 * The body of the worker thread that reads uploaded files (read-off-thread.ts starts it): XLSX
 * inflating, CSV parsing and checking every row are the CPU-heavy, memory-hungry part of an
 * import, so they run here, under the thread's own heap limit and time budget, and never block
 * the server's pages. It answers with each file's sheets (or why it cannot be read) and the
 * checked rows; the server checks references and writes.
 */
import { parentPort } from 'node:worker_threads';
import { readSheets, TableReadError, type RawSheet } from './read-table.ts';
import { checkRows, type CheckedRows } from './validate.ts';

export interface ReadRequest { files: { name: string; bytes: Uint8Array }[]; maxRows: number }
export type ReadAnswer = { name: string; sheets: RawSheet[] } | { name: string; error: string };
export interface CheckAnswer { read: ReadAnswer[]; checked: CheckedRows }

/** Reads every file, then checks its rows (a file over the row cap is refused unread-further). */
export function readAndCheck(request: ReadRequest): CheckAnswer {
  const read = readAll(request);
  const files = request.files.map((f, i) => ({ name: f.name, bytes: new Uint8Array(0), read: read[i]! }));
  // the sheets travel back only as checked rows: strip them from the answer to halve what crosses threads
  const checked = checkRows(files);
  return { read: read.map((r) => ('error' in r ? r : { name: r.name, sheets: [] })), checked };
}

function rowCount(sheets: RawSheet[]): number {
  return sheets.reduce((n, s) => n + s.records.length, 0);
}

export function readAll(request: ReadRequest): ReadAnswer[] {
  let rows = 0;
  return request.files.map((file): ReadAnswer => {
    try {
      const sheets = readSheets(file.bytes, file.name);
      rows += rowCount(sheets);
      if (rows > request.maxRows) {
        return { name: file.name, error: `文件行数超过本账号单次导入上限 ${request.maxRows.toLocaleString('zh-CN')} 行，请拆分后分批导入` };
      }
      return { name: file.name, sheets };
    } catch (err) {
      if (err instanceof TableReadError) return { name: file.name, error: err.message };
      throw err;
    }
  });
}

const port = parentPort;
port?.on('message', ({ id, request }: { id: number; request: ReadRequest }) => {
  try {
    port.postMessage({ id, answer: readAndCheck(request) });
  } catch (err) {
    port.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
});
