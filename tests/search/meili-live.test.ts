/**
 * The shared behaviour suite against a real Meilisearch server. It runs when MEILI_HOST
 * (and MEILI_API_KEY, if the server has one) is set; each run uses throwaway indexes.
 */
import { describe } from 'vitest';
import { Meilisearch } from 'meilisearch';
import { memoryDatabase } from '../helpers.ts';
import { MeiliSearchIndex } from '../../search/meili/meili-index.ts';
import { searchBehaviour } from './search-behaviour.ts';

const host = process.env.MEILI_HOST;
const apiKey = process.env.MEILI_API_KEY || undefined;
let n = 0;

describe.skipIf(!host)('Meilisearch behaviour (skipped: set MEILI_HOST to run it against a real server)', () => {
  searchBehaviour('Meilisearch', async () => {
    const database = memoryDatabase();
    const uid = `llt_test_${process.pid}_${Date.now()}_${n++}`;
    const index = new MeiliSearchIndex(database.sqlite, { host: host!, apiKey, indexUid: uid, taskTimeoutMs: 60_000 });
    await index.start();
    return {
      index,
      async dispose() {
        await index.close();
        await new Meilisearch({ host: host!, apiKey }).deleteIndexIfExists(uid);
        database.close();
      },
    };
  });
});
