/**
 * The embedded backend: SQLite FTS5 over pre-tokenised text, an R*Tree for distance, all in
 * the application's own database file, written in the same transactions as the data.
 *
 * A query streams up to CANDIDATE_CAP + 1 visible matches, newest first. When they fit under
 * the cap, everything (total, facets, ranking) is exact; beyond it, the newest CANDIDATE_CAP
 * are ranked and faceted, and the total is estimated (one term's matches counted up to COUNT_CAP,
 * an intersection's from the density of its newest matches; scaled by the share still visible) — the same bargain as Meilisearch's maxTotalHits and
 * estimatedTotalHits, flagged in the result (totalExact, facetsExact).
 */
import type Database from 'better-sqlite3';
import {
  emptyFacetCounts, FACET_FIELDS, type FacetCounts, type FacetValues, type GeoPoint, type SearchDocument, type SearchHit,
  type SearchIndex, type SearchQuery, type SearchResult, type SearchStats,
} from '../search-index.ts';
import { getLexicon } from '../lexicon.ts';
import { highlightFields, termMatcher } from '../text/highlight.ts';
import { planQuery, type QueryPlan } from '../text/query-plan.ts';
import { conceptGroupsFor, lexiconFingerprint, type ConceptGroups, type GroupLexicon } from '../text/concept-groups.ts';
import { CandidateReader, storedFacets, type PlacedRow, type Streamed } from './candidates.ts';
import { filterTest, intersects, matchExpression, type ReadFrom } from './match-expression.ts';
import { byDistance, nearestMatches, type Placed } from './nearest.ts';
import { byNewest, byRelevance } from './rank.ts';
import { EmbeddedStore } from './store.ts';

const FINGERPRINT_KEY = 'embedded.lexicon';

function readState(sqlite: Database.Database, key: string): string | undefined {
  return sqlite.prepare<[string], string>('select value from search_state where key = ?').pluck().get(key);
}

function writeState(sqlite: Database.Database, key: string, value: string): void {
  sqlite.prepare('insert into search_state (key, value) values (?, ?) on conflict(key) do update set value = excluded.value').run(key, value);
}

export const CANDIDATE_CAP = 1000;
export const COUNT_CAP = 10_000;

/** The candidates of a search (the newest visible matches, at most CANDIDATE_CAP), its total, and its matches (visible or not) as counted or estimated. */
interface Counted<Row extends PlacedRow> { candidates: Row[]; total: number; matchCount: number; complete: boolean }

/** `match` reads newest first, `fromOldest` the same documents from the other end (match-expression.ts, ReadFrom). */
interface OrderContext { plan: QueryPlan; fromOldest: string; matchCount: number; query: SearchQuery; wanted: number }

export class EmbeddedSearchIndex implements SearchIndex {
  readonly backend = 'embedded' as const;
  private storeInstance: EmbeddedStore | undefined;
  private readonly reader: CandidateReader;
  private fingerprintNoted = false;
  private readonly hasGroup = (token: string) => this.groups.has(token);

  constructor(private readonly sqlite: Database.Database, private readonly lexicon: GroupLexicon = getLexicon()) {
    this.reader = new CandidateReader(sqlite);
  }

  /** Built on first use: enumerating the lexicon's groups takes a moment (shared per process). */
  private get groups(): ConceptGroups {
    return conceptGroupsFor(this.lexicon);
  }

  private get store(): EmbeddedStore {
    this.storeInstance ??= new EmbeddedStore(this.sqlite, this.groups);
    return this.storeInstance;
  }

  /** The stored group tokens follow the lexicon they were made with: a changed lexicon asks for a rebuild. */
  async start(): Promise<{ rebuildNeeded: boolean }> {
    const stored = readState(this.sqlite, FINGERPRINT_KEY);
    const current = lexiconFingerprint(this.lexicon);
    if (this.store.count() === 0) {
      writeState(this.sqlite, FINGERPRINT_KEY, current);
      this.fingerprintNoted = true;
      return { rebuildNeeded: false };
    }
    return { rebuildNeeded: stored !== current };
  }

  upsert(docs: SearchDocument[]): void {
    if (!this.fingerprintNoted) {
      this.fingerprintNoted = true;
      if (readState(this.sqlite, FINGERPRINT_KEY) === undefined) writeState(this.sqlite, FINGERPRINT_KEY, lexiconFingerprint(this.lexicon));
    }
    this.store.upsert(docs);
  }

  remove(keys: string[]): void {
    this.store.remove(keys);
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    return this.searchNow(query);
  }

  /** The FTS5 MATCH expression a query runs (the benchmark times it bare, as the floor). */
  matchFor(query: Pick<SearchQuery, 'text' | 'filters' | 'types'>, readFrom: ReadFrom = 'newest'): string | null {
    const plan = planQuery(query.text, this.lexicon);
    return plan.void ? null : matchExpression(plan, query.filters ?? {}, query.types ?? [], this.hasGroup, readFrom);
  }

  /** Synchronous, like every SQLite read here; the benchmark's in-process figure times this. */
  searchNow(query: SearchQuery): SearchResult {
    const plan = planQuery(query.text, this.lexicon);
    if (plan.void) return { total: 0, totalExact: true, facetsExact: true, maxOffset: 0, hits: [], facets: emptyFacetCounts() };
    const match = matchExpression(plan, query.filters ?? {}, query.types ?? [], this.hasGroup);
    const fromOldest = matchExpression(plan, query.filters ?? {}, query.types ?? [], this.hasGroup, 'oldest');
    const sort = query.sort ?? { by: plan.terms.length > 0 ? 'relevance' as const : 'newest' as const };
    const wanted = query.offset + query.limit;
    if (sort.by === 'distance') {
      // an order by distance needs no titles, dates or body lengths of its candidates
      const found = this.counted(this.reader.streamPlaced(match, query.today, CANDIDATE_CAP + 1), match, fromOldest, true);
      return this.result(found, this.byDistance(found, sort.from, { plan, fromOldest, matchCount: found.matchCount, query, wanted }), query, plan);
    }
    const found = this.counted(this.reader.stream(match, query.today, CANDIDATE_CAP + 1), match, fromOldest, false);
    const ordered = sort.by === 'relevance' && plan.terms.length > 0 ? byRelevance(this.reader, plan, found.candidates, wanted) : byNewest(found.candidates);
    return this.result(found, ordered, query, plan);
  }

  /** The newest CANDIDATE_CAP of the streamed matches, and the total. */
  private counted<Row extends PlacedRow>(streamed: Streamed<Row>, match: string, fromOldest: string, byDistance: boolean): Counted<Row> {
    const candidates = streamed.rows.slice(0, CANDIDATE_CAP);
    let total = candidates.length;
    let matchCount = streamed.rows.length;
    if (!streamed.complete) {
      // Like Meilisearch's estimatedTotalHits, scaled by the share still visible, capped: one
      // doclist is counted up to the cap (cheap); an intersection of several (a word and filters) is
      // estimated from the density of its newest stretch, as counting it means evaluating it whole.
      const estimated = intersects(match);
      matchCount = estimated ? this.reader.estimateMatches(fromOldest, streamed) : this.reader.countUpTo(fromOldest, COUNT_CAP + 1);
      total = Math.min(COUNT_CAP, Math.max(candidates.length, Math.round(matchCount * (streamed.rows.length / streamed.scanned))));
      // a count stops at its cap: the distance walk needs to know how far past (whether its match set is worth reading)
      if (!estimated && matchCount > COUNT_CAP && byDistance) matchCount = Math.max(matchCount, this.reader.estimateMatches(fromOldest, streamed));
    }
    return { candidates, total, matchCount, complete: streamed.complete };
  }

  private result(found: Counted<PlacedRow>, ordered: readonly Placed[], query: SearchQuery, plan: QueryPlan): SearchResult {
    const { total, complete } = found;
    return {
      total, totalExact: complete, facetsExact: complete, maxOffset: complete ? total : CANDIDATE_CAP,
      hits: this.hits(ordered.slice(query.offset, query.offset + query.limit), plan),
      facets: countFacets(found.candidates),
    };
  }

  private byDistance({ candidates, complete }: Counted<PlacedRow>, from: GeoPoint, c: OrderContext): Placed[] {
    const { plan, query } = c;
    if (complete) return byDistance(candidates, from);
    if (c.wanted > CANDIDATE_CAP) return [];
    const byFields = plan.terms.length === 0 ? filterTest(query.filters ?? {}, query.types ?? []) : undefined;
    const firmsOnly = (query.types ?? []).length > 0 && (query.types ?? []).every((t) => t === 'enterprise');
    const nearest = nearestMatches(this.reader, { match: c.fromOldest, today: query.today, from, needed: c.wanted, matchCount: c.matchCount, byFields, firmsOnly });
    // Past its limits (a point far from everything) the walk gives way to the candidates by distance.
    if (!nearest) return byDistance(candidates, from);
    return nearest.length >= c.wanted ? nearest : [...nearest, ...candidates.filter((r) => r.lat === null)];
  }

  /** The page's documents, read now, with their highlights. */
  private hits(page: readonly Placed[], plan: QueryPlan): SearchHit[] {
    if (page.length === 0) return [];
    const rows = new Map(this.reader.byIds(page.map((p) => p.id)).map((r) => [r.id, r]));
    const matcher = termMatcher(plan);
    return page.flatMap((p) => {
      const row = rows.get(p.id);
      if (!row) return [];
      const hit: SearchHit = { key: row.key, type: row.type, ref: row.ref, title: row.title, highlight: highlightFields([row.body, row.title], plan, matcher) };
      if (p.distanceKm !== undefined) hit.distanceKm = Math.round(p.distanceKm * 10) / 10;
      return [hit];
    });
  }

  async flush(): Promise<void> {}

  async rebuild(batches: Iterable<SearchDocument[]>): Promise<number> {
    let count = 0;
    this.sqlite.transaction(() => {
      this.store.clear();
      for (const batch of batches) {
        this.store.upsert(batch);
        count += batch.length;
      }
    })();
    this.store.optimize();
    writeState(this.sqlite, FINGERPRINT_KEY, lexiconFingerprint(this.lexicon));
    return count;
  }

  async stats(): Promise<SearchStats> {
    return { backend: 'embedded', documents: this.store.count(), pending: 0 };
  }

  async close(): Promise<void> {}
}

/**
 * Each candidate counts once per value it carries (a value listed twice still counts once). Candidates
 * share few facet combinations (146 distinct among 1,001 for 压铸 at 1M): each stored string is parsed
 * once and counted as often as it occurs, instead of a JSON.parse per candidate, whose garbage made a
 * young-generation collection land on every third request or so (docs/scaling.md, search over HTTP).
 */
export function countFacets(rows: readonly Pick<PlacedRow, 'facets'>[]): FacetCounts {
  const occurrences = new Map<string, number>();
  for (const row of rows) occurrences.set(row.facets, (occurrences.get(row.facets) ?? 0) + 1);
  const counts = emptyFacetCounts();
  for (const [json, times] of occurrences) {
    const facets = storedFacets(json);
    for (const field of FACET_FIELDS) {
      const values = facets[field];
      if (!values) continue;
      const tally = counts[field];
      // a few values a field: a look back instead of a Set per field per candidate
      for (let i = 0; i < values.length; i++) {
        const value = values[i]!;
        if (values.indexOf(value) === i) tally[value] = (tally[value] ?? 0) + times;
      }
    }
  }
  return counts;
}
