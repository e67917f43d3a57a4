/**
 * npm run reindex
 * Rebuilds the configured search backend (embedded FTS5, or Meilisearch when MEILI_HOST is set)
 * from the database: every firm and listing, oldest first. Safe to run while the server is up;
 * writes made meanwhile reach the index through the usual path.
 */
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../db/client.ts';
import { createSearchIndex } from '../search/create-search-index.ts';
import { rebuildSearchIndex } from '../server/search/sync.ts';

async function main(): Promise<number> {
  const config = loadConfig();
  const database = openDatabase(config.databaseFile);
  const search = createSearchIndex(database.sqlite, config, { taskTimeoutMs: 300_000 });
  try {
    await search.start();
    const started = Date.now();
    const documents = await rebuildSearchIndex(database.sqlite, search);
    await search.flush();
    const stats = await search.stats();
    const where = search.backend === 'meilisearch' ? `Meilisearch ${config.meili?.host}` : '内置索引（SQLite FTS5）';
    console.log(`搜索索引已重建：${where}，${documents} 个文档，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒；索引中现有 ${stats.documents ?? '（无法读取）'} 个，待发送 ${stats.pending} 条。`);
    return 0;
  } catch (err) {
    console.error(`重建搜索索引失败：${(err as Error).message}`);
    return 1;
  } finally {
    await search.close();
    database.close();
  }
}

process.exitCode = await main();
