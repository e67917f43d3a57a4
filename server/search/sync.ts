/**
 * Keeps the search index in step with the data. Every write path calls
 * `sync.recordChanges({ enterprises, listings })` with the ids it wrote or deleted, inside its
 * transaction, after writing: the embedded index then changes in that same transaction and the
 * Meilisearch outbox is written in it, so neither can drift from the data.
 */
import type Database from 'better-sqlite3';
import { journalWrites } from '../cluster/journal.ts';
import type { SearchDocument, SearchIndex } from '../../search/search-index.ts';
import { ChangeFeed, type ChangeSet, type WrittenFacts } from '../changes.ts';
import { enterpriseDocuments, enterpriseKey, listingDocuments, listingKey } from './documents.ts';

export interface SearchSync {
  /**
   * Ids written or deleted by the current transaction; gone rows leave the index, with what they own.
   * Documents the writer already made (`facts.documents`, by key) are taken as they are; the rest are read.
   */
  recordChanges(changes: Partial<ChangeSet>, facts?: WrittenFacts): void;
}

const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function createSearchSync(sqlite: Database.Database, index: SearchIndex): SearchSync {
  const listingsOf = sqlite.prepare<[string], number>(`select id from listings where enterprise_id in (select value from json_each(?))`).pluck();
  return {
    recordChanges(changes, facts) {
      const known = facts?.documents;
      const firms = [...new Set(changes.enterprises ?? [])];
      // A listing's document carries its firm's name and place: a changed firm re-indexes its listings.
      const listings = new Set(changes.listings ?? []);
      for (const part of chunks(firms)) for (const id of listingsOf.all(JSON.stringify(part))) listings.add(id);
      const gone: string[] = [];
      for (const part of chunks(firms)) {
        const docs = withKnown(part, enterpriseKey, known, (ids) => enterpriseDocuments(sqlite, ids));
        index.upsert(docs);
        const found = new Set(docs.map((d) => d.key));
        for (const id of part) if (!found.has(enterpriseKey(id))) gone.push(enterpriseKey(id));
      }
      for (const part of chunks([...listings])) {
        const docs = withKnown(part, listingKey, known, (ids) => listingDocuments(sqlite, ids));
        index.upsert(docs);
        const found = new Set(docs.map((d) => d.key));
        for (const id of part) if (!found.has(listingKey(id))) gone.push(listingKey(id));
      }
      index.remove(gone);
    },
  };
}

/**
 * The documents of `ids` in their order: those the writer made, the others read (ids without a row
 * are absent). In the order of `ids`, as the read gives them, so the index's ids keep creation order.
 */
function withKnown(ids: readonly number[], keyOf: (id: number) => string, known: ReadonlyMap<string, SearchDocument> | undefined,
  read: (ids: readonly number[]) => SearchDocument[]): SearchDocument[] {
  if (!known || known.size === 0) return read(ids);
  const missing = ids.filter((id) => !known.has(keyOf(id)));
  if (missing.length === ids.length) return read(ids);
  const readDocs = new Map(read(missing).map((d) => [d.key, d]));
  return ids.flatMap((id) => known.get(keyOf(id)) ?? readDocs.get(keyOf(id)) ?? []);
}

/** Makes `feed` keep `index` in step: every transaction announcing changes through it re-indexes them. */
export function indexOnWrite(feed: ChangeFeed, sqlite: Database.Database, index: SearchIndex): ChangeFeed {
  const sync = createSearchSync(sqlite, index);
  feed.onWrite((changes, facts) => sync.recordChanges(changes, facts));
  return feed;
}

/**
 * A feed for writes made outside the app (the import command, the upload's worker thread, the demo
 * load before start): it indexes, and journals each change so running servers replay it (cluster/journal.ts).
 */
export function searchFeed(sqlite: Database.Database, index: SearchIndex): ChangeFeed {
  return journalWrites(indexOnWrite(new ChangeFeed(), sqlite, index), sqlite);
}

/** Every firm and listing, oldest first (so the rebuilt index's order is creation order), in batches. */
export function* allSearchDocuments(sqlite: Database.Database, batchSize = 1000) {
  const order = sqlite.prepare<[], { type: 'enterprise' | 'listing'; id: number }>(`select 'enterprise' as type, id, created_at from enterprises
    union all select 'listing', id, created_at from listings order by created_at, type, id`).all();
  for (const part of chunks(order, batchSize)) {
    const firms = part.filter((p) => p.type === 'enterprise').map((p) => p.id);
    const listings = part.filter((p) => p.type === 'listing').map((p) => p.id);
    yield [...enterpriseDocuments(sqlite, firms), ...listingDocuments(sqlite, listings)];
  }
}

/** Rebuilds the whole index from the database: `npm run reindex`, or at start when the index is stale. */
export async function rebuildSearchIndex(sqlite: Database.Database, index: SearchIndex): Promise<number> {
  return index.rebuild(allSearchDocuments(sqlite));
}

/**
 * At start: prepare the backend, and rebuild when it says its documents are stale or it is empty
 * while the database is not (a database created before search existed).
 */
export async function ensureSearchIndex(sqlite: Database.Database, index: SearchIndex): Promise<{ rebuilt: number | null }> {
  const { rebuildNeeded } = await index.start();
  const hasData = sqlite.prepare('select exists (select 1 from enterprises)').pluck().get() === 1;
  if (!hasData) return { rebuilt: null };
  const stats = await index.stats();
  if (!rebuildNeeded && ((stats.documents ?? 1) > 0 || stats.pending > 0)) return { rebuilt: null };
  return { rebuilt: await rebuildSearchIndex(sqlite, index) };
}
