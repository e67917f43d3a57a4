/**
 * The body of the worker thread that runs uploads (read-off-thread.ts starts it): XLSX inflating,
 * CSV parsing and checking every row are the CPU-heavy, memory-hungry part of an import, and the
 * write of a large file holds the database for seconds — so they run here, under the thread's own
 * heap limit and time budget, and never block the server's pages. Given only files it answers with
 * each file's sheets (or why it cannot be read) and the checked rows; given a database file too, it
 * also runs the import there on its own connection (WAL: pages keep reading) and answers with the
 * report; the server then tells its listeners (matching, caches, firms) what was committed.
 */
import { parentPort } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { readSheets, TableReadError, type RawSheet } from './read-table.ts';
import { checkRows, type CheckedRows, type ImportFile } from './validate.ts';
import { importFiles, type ImportOptions, type ImportReport } from './index.ts';
import type { ProfileChange } from './load.ts';
import { openDatabase } from '../../db/client.ts';
import { loadAdditions } from '../lexicon/additions.ts';
import { loadConfig } from '../config.ts';
import { createSearchIndex } from '../../search/create-search-index.ts';
import { searchFeed } from '../search/sync.ts';
import { uploadAudit } from './upload-audit.ts';
import { compactProblems } from './problem-list.ts';
import type { ChangeFeed } from '../changes.ts';

export interface ReadRequest { files: { name: string; bytes: Uint8Array }[]; maxRows: number }

/** What the worker writes with: the database file and the import's options that cross threads (no callbacks). */
export interface WriteRequest {
  dbFile: string;
  options: Omit<ImportOptions, 'feed' | 'afterWrite' | 'onProfileChanges' | 'onProgress' | 'checked'>;
  /** the upload's own audit entry (「导入」 with its counts), written in the import's transaction */
  auditUpload: boolean;
}
export interface WriteAnswer { report: ImportReport; profileChanges: ProfileChange[] }
export interface Progress { file: string; done: number; total: number }
export type ReadAnswer = { name: string; sheets: RawSheet[] } | { name: string; error: string };
export interface CheckAnswer { read: ReadAnswer[]; checked: CheckedRows }

/** Reads every file, then checks its rows (a file over the row cap is refused unread-further). */
export function readAndCheck(request: ReadRequest, onProgress?: (file: string, done: number, total: number) => void): CheckAnswer {
  const read = readAll(request);
  const files = request.files.map((f, i) => ({ name: f.name, bytes: new Uint8Array(0), read: read[i]! }));
  // the sheets travel back only as checked rows: strip them from the answer to halve what crosses threads
  const checked = checkRows(files, onProgress);
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

/** One connection and search feed per database file, kept while the thread lives. */
const writers = new Map<string, { sqlite: Database.Database; feed: ChangeFeed }>();
function writerFor(dbFile: string) {
  let w = writers.get(dbFile);
  if (!w) {
    const database = openDatabase(dbFile);
    w = { sqlite: database.sqlite, feed: searchFeed(database.sqlite, createSearchIndex(database.sqlite, loadConfig())) };
    writers.set(dbFile, w);
  }
  // what admins taught the lexicon, as of now
  loadAdditions(w.sqlite);
  return w;
}

/** Reads, checks and writes: the whole upload, here. */
export function readCheckAndWrite(request: ReadRequest, write: WriteRequest, progress: (p: Progress) => void): WriteAnswer {
  let last = 0;
  const report = (file: string, done: number, total: number) => {
    const now = Date.now();
    if (now - last > 250 || done === total) { last = now; progress({ file, done, total }); }
  };
  const answer = readAndCheck(request, (file, done, total) => report(`检查 ${file}`, done, total));
  const files: ImportFile[] = request.files.map((f, i) => ({ name: f.name, bytes: f.bytes, read: answer.read[i]! }));
  const { sqlite, feed } = writerFor(write.dbFile);
  const profileChanges: ProfileChange[] = [];
  const o = write.options;
  const names = files.map((f) => f.name).join(',');
  const result = importFiles(sqlite, files, {
    ...o, checked: answer.checked, feed,
    onProgress: report,
    onProfileChanges: (changes) => profileChanges.push(...changes),
    afterWrite: write.auditUpload ? (changes) => uploadAudit(sqlite, o, names, changes) : undefined,
  });
  return { report: compactProblems(result), profileChanges };
}

const port = parentPort;
port?.on('message', ({ id, request, write }: { id: number; request: ReadRequest; write?: WriteRequest }) => {
  try {
    if (write) port.postMessage({ id, written: readCheckAndWrite(request, write, (p) => port.postMessage({ id, progress: p })) });
    else port.postMessage({ id, answer: readAndCheck(request) });
  } catch (err) {
    port.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
});
