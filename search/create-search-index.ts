/**
 * The backend chosen by configuration: Meilisearch when a host is configured (MEILI_HOST),
 * the embedded SQLite FTS5 index otherwise. Both keep their state beside the data in the
 * same SQLite database (the embedded index itself; Meilisearch's outbox).
 */
import type Database from 'better-sqlite3';
import type { SearchIndex } from './search-index.ts';
import { EmbeddedSearchIndex } from './embedded/embedded-index.ts';
import { MeiliSearchIndex, type MeiliOptions } from './meili/meili-index.ts';

export interface SearchConfig {
  meili: { host: string; apiKey?: string } | null;
}

export function createSearchIndex(sqlite: Database.Database, config: SearchConfig, meiliOptions: Partial<MeiliOptions> = {}): SearchIndex {
  if (config.meili) return new MeiliSearchIndex(sqlite, { ...meiliOptions, host: config.meili.host, apiKey: config.meili.apiKey });
  return new EmbeddedSearchIndex(sqlite);
}
