/**
 * Writes of the embedded index: search_docs (readable copy, facets, validity, location),
 * search_fts (pre-tokenised text, concept-group tokens, filter tags), search_geo (the R*Tree) and search_geo_firms
 * (the firms' points again, so firms by distance walk past no listings). Each call runs
 * in one SQLite transaction, nested as a savepoint inside the caller's when there is one, so
 * the index changes exactly when the data it describes does.
 */
import type Database from 'better-sqlite3';
import type { SearchDocument } from '../search-index.ts';
import { isGeoPoint } from '../geo.ts';
import { bigramForm, tokenTexts } from '../text/tokenize.ts';
import type { ConceptGroups } from '../text/concept-groups.ts';
import { documentTags } from './match-expression.ts';

interface StoredRow {
  id: number; type: string; ref: string; owner: string | null; title: string; body: string; facets: string;
  created_at: number; status: string; valid_until: string | null; lat: number | null; lng: number | null;
}

type RowValues = [string, string, string | null, string, string, string, number, string, string | null, number | null, number | null];

function unchanged(stored: StoredRow, v: RowValues): boolean {
  return stored.type === v[0] && stored.ref === v[1] && stored.owner === v[2] && stored.title === v[3] && stored.body === v[4]
    && stored.facets === v[5] && stored.created_at === v[6] && stored.status === v[7] && stored.valid_until === v[8]
    && stored.lat === v[9] && stored.lng === v[10];
}

export class EmbeddedStore {
  private readonly st;

  constructor(private readonly sqlite: Database.Database, private readonly groups: ConceptGroups) {
    const p = <Params extends unknown[] | {} = unknown[], Row = unknown>(sql: string) => sqlite.prepare<Params, Row>(sql);
    this.st = {
      find: p<[string], StoredRow>(`select id, type, ref, owner, title, body, facets, created_at, status, valid_until, lat, lng from search_docs where key = ?`),
      insert: p(`insert into search_docs (type, ref, owner, title, body, facets, created_at, status, valid_until, lat, lng, key)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      update: p(`update search_docs set type = ?, ref = ?, owner = ?, title = ?, body = ?, facets = ?, created_at = ?, status = ?,
        valid_until = ?, lat = ?, lng = ? where id = ?`),
      insertText: p(`insert into search_fts (rowid, title, body, title_bigrams, body_bigrams, title_groups, body_groups, tags)
        values (?, ?, ?, ?, ?, ?, ?, ?)`),
      deleteText: p(`delete from search_fts where rowid = ?`),
      insertPoint: p(`insert into search_geo (id, min_lat, max_lat, min_lng, max_lng) values (?, ?, ?, ?, ?)`),
      insertFirmPoint: p(`insert into search_geo_firms (id, min_lat, max_lat, min_lng, max_lng) values (?, ?, ?, ?, ?)`),
      deletePoint: p(`delete from search_geo where id = ?`),
      deleteFirmPoint: p(`delete from search_geo_firms where id = ?`),
      owned: p<{ keys: string }, number>(`select id from search_docs where key in (select value from json_each(@keys)) or owner in (select value from json_each(@keys))`).pluck(),
      deleteDoc: p(`delete from search_docs where id = ?`),
      count: p<[], number>(`select count(*) from search_docs`).pluck(),
    };
  }

  upsert(docs: readonly SearchDocument[]): void {
    if (docs.length === 0) return;
    // FTS5 writes its pending terms out as a new segment at every savepoint: a savepoint per call
    // inside the caller's transaction (an import: one call per 500 documents) made a segment per
    // call and the merges that follow. The caller's transaction already makes the call atomic:
    // every caller lets a throw escape it and so rolls the whole write back.
    if (this.sqlite.inTransaction) {
      for (const doc of docs) this.upsertOne(doc);
      return;
    }
    this.sqlite.transaction(() => {
      for (const doc of docs) this.upsertOne(doc);
    })();
  }

  private upsertOne(doc: SearchDocument): void {
    const point = isGeoPoint(doc.location) ? doc.location : null;
    const values: RowValues = [doc.type, doc.ref, doc.owner, doc.title, doc.body, JSON.stringify(doc.facets), doc.createdAt,
      doc.status, doc.validUntil, point?.lat ?? null, point?.lng ?? null];
    const found = this.st.find.get(doc.key);
    // Re-announced but unchanged (a firm's listings when only the firm changed): nothing to rewrite.
    if (found && unchanged(found, values)) return;
    let id: number;
    if (found) {
      id = found.id;
      this.st.update.run(...values, id);
      this.st.deleteText.run(id);
      this.deletePoints(id);
    } else {
      id = Number(this.st.insert.run(...values, doc.key).lastInsertRowid);
    }
    const title = tokenTexts(doc.title);
    const body = tokenTexts(doc.body);
    this.st.insertText.run(id, title.join(' '), body.join(' '), bigramForm(title).join(' '), bigramForm(body).join(' '),
      this.groups.tokensIn(title).join(' '), this.groups.tokensIn(body).join(' '), documentTags(doc));
    if (point) this.st.insertPoint.run(id, point.lat, point.lat, point.lng, point.lng);
    if (point && doc.type === 'enterprise') this.st.insertFirmPoint.run(id, point.lat, point.lat, point.lng, point.lng);
  }

  private deletePoints(id: number): void {
    this.st.deletePoint.run(id);
    this.st.deleteFirmPoint.run(id);
  }

  remove(keys: readonly string[]): void {
    if (keys.length === 0) return;
    this.sqlite.transaction(() => {
      const ids = this.st.owned.all({ keys: JSON.stringify(keys) });
      for (const id of ids) {
        this.st.deleteText.run(id);
        this.deletePoints(id);
        this.st.deleteDoc.run(id);
      }
    })();
  }

  /** Empties the index; ids start again from 1 so a rebuild's order is creation order. */
  clear(): void {
    this.sqlite.transaction(() => {
      this.sqlite.exec(`delete from search_docs; delete from search_geo; delete from search_geo_firms; insert into search_fts (search_fts) values ('delete-all');
        delete from sqlite_sequence where name = 'search_docs';`);
    })();
  }

  /** Merges the full-text segments after a bulk load: smaller and faster to query. */
  optimize(): void {
    this.sqlite.exec(`insert into search_fts (search_fts) values ('optimize')`);
  }

  count(): number {
    return this.st.count.get() ?? 0;
  }
}
