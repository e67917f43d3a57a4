/**
 * npm run import -- DIR_OR_FILE... [--dry-run] [--skip-invalid] [--move-owners] [--prefer-import]
 * --dry-run prints what the import would do (counts, each updated object's field changes, warnings, errors) and writes nothing.
 * --prefer-import overwrites fields a firm edited itself after the last import (otherwise they are kept and reported).
 * --move-owners lets a row hand a component or listing whose ref another firm holds to the firm the row names (audited).
 * Loads enterprises, components, listings and procurement files (CSV in UTF-8 or GB18030, or XLSX; by file name or header).
 * Prints every problem as file:row:column: message; exits 1 when nothing was loaded because of them.
 */
import { accessSync, constants, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../db/client.ts';
import { countsLine, formatProblem, importFiles, type ImportPath } from '../server/import/index.ts';
import { previewLines } from '../server/import/preview-lines.ts';
import { loadAdditions } from '../server/lexicon/additions.ts';
import { progressBar } from './progress.ts';
import { createSearchIndex } from '../search/create-search-index.ts';
import type { SearchIndex } from '../search/search-index.ts';
import { searchFeed } from '../server/search/sync.ts';
import { Notifier } from '../server/notifications.ts';
import { tellFirms } from '../server/import/profile-notices.ts';

const IMPORTABLE = /\.(csv|tsv|txt|xlsx|xls)$/i;

/** The files to import, read from disk as the import goes (never held whole). */
function collect(paths: string[]): ImportPath[] {
  const files: ImportPath[] = [];
  for (const path of paths) {
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).filter((n) => IMPORTABLE.test(n)).sort()) {
        const full = join(path, name);
        accessSync(full, constants.R_OK);
        files.push({ name: relative(process.cwd(), full), path: full, fromFolder: true });
      }
    } else {
      accessSync(path, constants.R_OK);
      files.push({ name: relative(process.cwd(), path) || path, path });
    }
  }
  return files;
}

/** Meilisearch gets the import's outbox now; if it is down, the server delivers it later (nothing is lost). */
async function deliverSearch(search: SearchIndex): Promise<void> {
  if (search.backend !== 'meilisearch') return;
  try {
    await search.flush();
  } catch (err) {
    const { pending } = await search.stats();
    console.error(`搜索服务暂不可用（${(err as Error).message}）：${pending} 条索引更新已保存，服务启动后自动补发。`);
  }
}

async function main(argv: string[]): Promise<number> {
  const skipInvalid = argv.includes('--skip-invalid');
  const moveOwners = argv.includes('--move-owners');
  const preferImport = argv.includes('--prefer-import');
  const dryRun = argv.includes('--dry-run');
  const paths = argv.filter((a) => !a.startsWith('--'));
  if (paths.length === 0) {
    console.error('usage: npm run import -- DIR_OR_FILE... [--dry-run] [--skip-invalid] [--move-owners] [--prefer-import]');
    return 2;
  }
  let files: ImportPath[];
  try {
    files = collect(paths);
  } catch (err) {
    console.error(`cannot read ${(err as NodeJS.ErrnoException).path ?? paths.join(' ')}: ${(err as Error).message}`);
    return 2;
  }
  const config = loadConfig();
  const database = openDatabase(config.databaseFile);
  loadAdditions(database.sqlite);
  const search = createSearchIndex(database.sqlite, config);
  try {
    const bar = progressBar(process.stderr);
    // The search index is written in the import's own transaction (Meilisearch: its outbox).
    const report = importFiles(database.sqlite, files, { now: Date.now(), dryRun, skipInvalid, moveOwners, preferImport, onProfileChanges: (changed) => tellFirms(new Notifier(database.sqlite, null), changed, Date.now()), source: 'cli', actor: { kind: 'system', label: '命令行导入' }, onProgress: bar.update, feed: searchFeed(database.sqlite, search) });
    bar.done();
    for (const p of report.problems) console.log(formatProblem(p));
    if (dryRun && report.preview) {
      for (const line of previewLines(report.preview)) console.log(line);
      console.log('（预览：未写入任何数据。去掉 --dry-run 再运行即写入。）');
      return 0;
    }
    if (!report.loaded) {
      const errors = report.problems.filter((p) => p.severity === 'error').length;
      console.error(`${dryRun ? '预览' : '导入失败'}：${errors} 个错误，未写入任何数据。（用 --skip-invalid 只导入有效行）`);
      return 1;
    }
    for (const line of countsLine(report.counts!)) console.log(line);
    await deliverSearch(search);
    return 0;
  } finally {
    await search.close();
    database.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
