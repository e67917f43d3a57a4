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
import { checkRows, type CheckedRows } from './validate.ts';
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
  options: Omit<ImportOptions, 'feed' | 'afterWrite' | 'onProfileChanges' | 'onProgress' | 'checked' | 'maxRows'>;
  /** the upload's own audit entry (「导入」 with its counts), written in the import's transaction */
  auditUpload: boolean;
}
export interface WriteAnswer { report: ImportReport; profileChanges: ProfileChange[] }
export interface Progress { file: string; done: number; total: number; approximate?: true }

/** Reads every file and checks its rows, holding them (the in-memory database path: the server writes). */
export function readAndCheck(request: ReadRequest, onProgress?: (file: string, done: number, total: number) => void): CheckedRows {
  return checkRows(request.files, { onProgress, maxRows: request.maxRows });
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

/** Reads, checks and writes — the whole upload, here, as one stream (read-table.ts, validate.ts). */
export function readCheckAndWrite(request: ReadRequest, write: WriteRequest, progress: (p: Progress) => void): WriteAnswer {
  let last = 0;
  const report = (file: string, done: number, total: number, approximate?: boolean) => {
    const now = Date.now();
    if (now - last > 250 || done === total) { last = now; progress({ file: `导入 ${file}`, done, total, ...(approximate ? { approximate: true as const } : {}) }); }
  };
  const files = request.files;
  const { sqlite, feed } = writerFor(write.dbFile);
  const profileChanges: ProfileChange[] = [];
  const o = write.options;
  const names = files.map((f) => f.name).join(',');
  const result = importFiles(sqlite, files, {
    ...o, feed, maxRows: request.maxRows,
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
