/**
 * Runs uploads in a worker thread (read-worker.ts) with a time budget, a heap limit and a row cap,
 * so that one upload — an XLSX that inflates to hundreds of MB, a CSV of a million rows — cannot
 * stall every other request. For a database file the worker reads, checks and writes as one stream;
 * for an in-memory one (tests) it hands back the checked rows and importFiles (`checked`) writes them.
 * The CLI and the demo read in place (nothing else is waiting on them).
 *
 * From the sources (tsx, tests) the worker registers tsx's loader and imports read-worker.ts; from the
 * bundle `npm start` runs, it is dist/read-worker.mjs, built beside dist/server.mjs.
 */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import type { ImportFile } from './validate.ts';
import type { Progress, ReadRequest, WriteAnswer, WriteRequest } from './read-worker.ts';
import type { CheckedRows } from './validate.ts';

export interface OffThreadLimits {
  /** wall-clock budget for reading every file of the upload */
  timeoutMs: number;
  /** rows (all sheets of all files) one upload may hold */
  maxRows: number;
  /**
   * the worker's heap ceiling: a backstop only — the row cap and the XLSX reader's inflate limits
   * bound the work, and everything the worker held is freed when it exits. (A ceiling far below
   * what the work needs can bring V8 down with the whole process, so it is never set low.)
   */
  maxHeapMb: number;
}

export const UPLOAD_LIMITS: OffThreadLimits = { timeoutMs: 120_000, maxRows: 1_000_000, maxHeapMb: 2048 };
/** A buyer uploads its own parts: a few thousand rows at most in any real list. */
export const BUYER_UPLOAD_LIMITS: OffThreadLimits = { ...UPLOAD_LIMITS, maxRows: 20_000 };

export class ReadTimeout extends Error {}

/** The bundled worker, or a two-line bootstrap that registers tsx's loader and imports the TypeScript one. */
function workerSource(): { source: URL | string; eval: boolean } {
  if (import.meta.url.endsWith('.mjs')) return { source: new URL('./read-worker.mjs', import.meta.url), eval: false };
  // the ESM build of tsx's API (its `require` condition points at a CommonJS build that cannot load here)
  const tsx = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs')).href;
  const body = new URL('./read-worker.ts', import.meta.url).href;
  return { source: `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(body)}); });`, eval: true };
}

type WorkerAnswer = { id: number; answer: CheckedRows } | { id: number; written: WriteAnswer } | { id: number; progress: Progress } | { id: number; error: string };

/**
 * One reader thread, started on the first upload and kept for the next ones (starting a thread
 * with its modules costs more than reading a small file); uploads take turns, and the thread is
 * let go after a minute idle, with everything it held. A read past its budget ends the thread.
 */
let reader: Worker | null = null;
let idle: NodeJS.Timeout | null = null;
let turn: Promise<unknown> = Promise.resolve();
let nextId = 0;

function startReader(): Worker {
  if (idle) { clearTimeout(idle); idle = null; }
  if (reader) return reader;
  const { source, eval: isCode } = workerSource();
  const worker = new Worker(source, { eval: isCode, resourceLimits: { maxOldGenerationSizeMb: UPLOAD_LIMITS.maxHeapMb } });
  worker.unref();
  worker.once('exit', () => { if (reader === worker) reader = null; });
  reader = worker;
  return worker;
}

function stopReader(worker: Worker): void {
  if (reader === worker) reader = null;
  void worker.terminate();
}

/** Reads and checks the files in the worker; the checked rows come back (problems include files that cannot be read). */
export function readOffThread(files: ImportFile[], limits: OffThreadLimits = UPLOAD_LIMITS): Promise<CheckedRows> {
  const run = turn.then(() => ask(files, limits).then((m) => {
    if (!('answer' in m)) throw new Error('file reader answered without rows');
    return m.answer;
  }));
  turn = run.catch(() => undefined);
  return run;
}

/**
 * The whole upload in the worker: read, check and write to the database file on the worker's own
 * connection, so a large write does not hold the event loop. The caller tells its listeners after.
 * A write past the time budget is cut off with the thread; its transaction never commits.
 */
export function importOffThread(files: ImportFile[], write: WriteRequest, limits: OffThreadLimits = UPLOAD_LIMITS,
  onProgress?: (p: Progress) => void): Promise<WriteAnswer> {
  const run = turn.then(() => ask(files, limits, write, onProgress).then((m) => {
    if (!('written' in m)) throw new Error('import worker answered without a report');
    return m.written;
  }));
  turn = run.catch(() => undefined);
  return run;
}

type Final = Extract<WorkerAnswer, { answer: CheckedRows } | { written: WriteAnswer }>;

function ask(files: ImportFile[], limits: OffThreadLimits, write?: WriteRequest, onProgress?: (p: Progress) => void): Promise<Final> {
  const worker = startReader();
  const id = ++nextId;
  const request: ReadRequest = { files: files.map((f) => ({ name: f.name, bytes: f.bytes })), maxRows: limits.maxRows };
  return new Promise<Final>((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const timer = setTimeout(() => {
      done();
      stopReader(worker);
      reject(new ReadTimeout(`读取文件超过 ${Math.round(limits.timeoutMs / 1000)} 秒仍未完成，未导入任何数据；请拆分文件后分批导入`));
    }, limits.timeoutMs);
    const onMessage = (m: WorkerAnswer) => {
      if (m.id !== id) return;
      if ('progress' in m) { onProgress?.(m.progress); return; }
      done();
      idle = setTimeout(() => stopReader(worker), 60_000);
      idle.unref();
      if ('error' in m) reject(new Error(`file reader failed: ${m.error}`));
      else resolve(m);
    };
    const onError = (err: Error) => {
      done();
      stopReader(worker);
      const heap = (err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
      reject(heap ? new ReadTimeout(`文件展开后超过 ${limits.maxHeapMb} MB 内存上限，未导入任何数据；请拆分文件后分批导入`) : err);
    };
    const onExit = (code: number) => { done(); reject(new Error(`file reader stopped (exit ${code})`)); };
    worker.on('message', onMessage);
    worker.once('error', onError);
    worker.once('exit', onExit);
    worker.postMessage({ id, request, write });
  });
}
