/**
 * One way to run an upload (the admin's import page and a buyer's parts import): the files are
 * read, checked and — when the database is a file — written in the worker thread on its own
 * connection, so neither a large file nor a long write holds the pages; the server's listeners
 * (matching, caches, live pages) and the firms whose profiles changed hear of it after the commit,
 * as they would of any write. An in-memory database (tests) cannot be shared with a thread: there
 * the worker reads and checks, and the write runs here.
 */
import type Database from 'better-sqlite3';
import { importFiles, type ImportFile, type ImportReport } from './index.ts';
import { importOffThread, readOffThread, type OffThreadLimits } from './read-off-thread.ts';
import type { Progress, WriteRequest } from './read-worker.ts';
import { uploadAudit } from './upload-audit.ts';
import type { ChangeFeed } from '../changes.ts';
import type { ProfileChange } from './load.ts';

export type UploadOptions = WriteRequest['options'] & {
  /** the app's feed: told after the commit */
  feed: ChangeFeed;
  onProfileChanges?: (changes: ProfileChange[]) => void;
  onProgress?: (p: Progress) => void;
};

export async function runUpload(sqlite: Database.Database, files: ImportFile[], limits: OffThreadLimits, opts: UploadOptions): Promise<ImportReport> {
  const { feed, onProfileChanges, onProgress, ...options } = opts;
  const names = files.map((f) => f.name).join(',');
  if (sqlite.memory) {
    const checked = await readOffThread(files, limits);
    return importFiles(sqlite, files, {
      ...options, checked, feed, onProfileChanges, afterWrite: (changes) => uploadAudit(sqlite, options, names, changes),
      onProgress: onProgress ? (file, done, total) => onProgress({ file, done, total }) : undefined,
    });
  }
  const { report, profileChanges } = await importOffThread(files, { dbFile: sqlite.name, options, auditUpload: true }, limits, onProgress);
  if (report.loaded && report.changes) feed.committed(report.changes);
  if (report.loaded && profileChanges.length > 0) onProfileChanges?.(profileChanges);
  return report;
}
