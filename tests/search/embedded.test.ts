import { searchBehaviour } from './search-behaviour.ts';
import { memoryDatabase } from '../helpers.ts';
import { EmbeddedSearchIndex } from '../../search/embedded/embedded-index.ts';

searchBehaviour('embedded FTS5 index', async () => {
  const database = memoryDatabase();
  return { index: new EmbeddedSearchIndex(database.sqlite), async dispose() { database.close(); } };
});
