/**
 * The project's own search (search/: the embedded FTS5 index with lexicon expansion) used as a
 * keyword baseline: the component's name, materials, processes and certifications typed into
 * the search box, firms only, local regions only. Its queries are an AND of terms, so a long
 * query often finds nothing — which is what a buyer typing the whole spec would see.
 */
import type Database from 'better-sqlite3';
import { EmbeddedSearchIndex } from '../../search/embedded/embedded-index.ts';
import { allSearchDocuments } from '../../server/search/sync.ts';

export interface ProjectSearch { search(text: string, excludeUscc: string, limit: number): string[] }

export async function projectSearch(sqlite: Database.Database, today: string): Promise<ProjectSearch> {
  const index = new EmbeddedSearchIndex(sqlite);
  await index.rebuild(allSearchDocuments(sqlite));
  const local = sqlite.prepare<[], string>(`select code from regions where kind = 'local'`).pluck().all();
  return {
    search(text, excludeUscc, limit) {
      const result = index.searchNow({ text, types: ['enterprise'], filters: { region: local }, limit: limit + 1, offset: 0, today });
      return result.hits.map((h) => h.ref).filter((uscc) => uscc !== excludeUscc).slice(0, limit);
    },
  };
}
