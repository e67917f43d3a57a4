/**
 * Reads of the embedded index. Candidates stream from FTS5 in rowid order (newest first) and
 * stop at the cap, so a query matching 190,000 documents costs about what one matching
 * 1,000 does. Visibility (closed, past its date) is checked on each streamed row, never stored,
 * so expiry needs no reindex.
 */
import type Database from 'better-sqlite3';
import type { FacetValues, SearchType } from '../search-index.ts';
import type { Box } from '../geo.ts';

/** What facets and an order by distance need of every candidate. */
export interface PlacedRow { id: number; facets: string; lat: number | null; lng: number | null }

/** What ranking and an order by date need besides: the short title, never the body (costly by the thousand). */
export interface CandidateRow extends PlacedRow { title: string; created_at: number; body_length: number }

/** What a hit shows: read for the page only. */
export interface DocumentRow { id: number; key: string; type: SearchType; ref: string; title: string; body: string }

/** A document's facets as the index stored them (store.ts writes them; read per candidate, on every search's hot path). */
export function storedFacets(json: string): FacetValues {
  return JSON.parse(json) as FacetValues;
}

export interface FilterRow { id: number; type: string; facets: string; status: string; valid_until: string | null }

export interface Streamed<Row extends PlacedRow = CandidateRow> { rows: Row[]; scanned: number; complete: boolean }

/** The smallest slice the stream reads after its first: a stretch of hidden matches costs a few reads, not one each. */
const MIN_SLICE = 32;

/**
 * A streamed match, visible or not (the stream counts the hidden ones it passes instead of counting the
 * stretch again), read as an array: better-sqlite3 builds an object a row through V8's API, ~0.9 ms per
 * 1,000 rows more than the same rows as arrays turned into objects here (1M world, 热处理's newest 1,056).
 * The placing columns first, so one reading serves both row kinds; a hidden match becomes no object.
 */
type StreamRow = [visible: 0 | 1, id: number, facets: string, lat: number | null, lng: number | null, title?: string, created_at?: number, body_length?: number];
const PLACING = `(d.status = 'open' and (d.valid_until is null or d.valid_until >= @today)) as visible, d.id, d.facets, d.lat, d.lng`;
/** `length(body)` reads the whole body to count its characters (~0.6 ms per 1,000): only a ranking asks for it. */
const RANKING = `${PLACING}, d.title, d.created_at, length(d.body) as body_length`;
const FROM = 'from search_fts f join search_docs d on d.id = f.rowid';

const placed = (r: StreamRow): PlacedRow => ({ id: r[1], facets: r[2], lat: r[3], lng: r[4] });
const ranked = (r: StreamRow): CandidateRow => ({ id: r[1], title: r[5]!, facets: r[2], created_at: r[6]!, lat: r[3], lng: r[4], body_length: r[7]! });

interface StreamStatements {
  first: Database.Statement<{ match: string; today: string; limit: number }, StreamRow>;
  before: Database.Statement<{ match: string; today: string; before: bigint; limit: number }, StreamRow>;
}

// Rowid bounds are bound as BigInt: FTS5 seeks on an INTEGER rowid constraint, while a JS
// number binds as REAL and makes it read every match (0.1 ms against 18 ms for 有限公司).

export function isVisible(row: { status: string; valid_until: string | null }, today: string): boolean {
  return row.status === 'open' && (row.valid_until === null || row.valid_until >= today);
}

export class CandidateReader {
  private readonly st;
  private readonly streams: { ranking: StreamStatements; placing: StreamStatements };

  constructor(sqlite: Database.Database) {
    const p = <Params extends unknown[] | {} = unknown[], Row = unknown>(sql: string) => sqlite.prepare<Params, Row>(sql);
    // a bound on the rowid costs the first slice a third of a millisecond: only the later ones carry it
    const streamOf = (columns: string): StreamStatements => ({
      first: p<{ match: string; today: string; limit: number }, StreamRow>(`select ${columns} ${FROM} where search_fts match @match
        order by f.rowid desc limit @limit`).raw(),
      before: p<{ match: string; today: string; before: bigint; limit: number }, StreamRow>(`select ${columns} ${FROM}
        where search_fts match @match and f.rowid < @before order by f.rowid desc limit @limit`).raw(),
    });
    this.streams = { ranking: streamOf(RANKING), placing: streamOf(PLACING) };
    this.st = {
      count: p<{ match: string; limit: number }, number>(`select count(*) from (select rowid from search_fts where search_fts match @match limit @limit)`).pluck(),
      oldestMatch: p<{ match: string }, number>(`select rowid from search_fts where search_fts match @match order by rowid asc limit 1`).pluck(),
      filterRows: p<{ ids: string; type: string | null }, FilterRow>(`select id, type, facets, status, valid_until from search_docs
        where id in (select value from json_each(@ids)) and (@type is null or type = @type) and status = 'open'`),
      ids: p<{ match: string; limit: number }, number>(`select rowid from search_fts where search_fts match @match order by rowid limit @limit`).pluck(),
      among: p<{ match: string; ids: string }, { count: number; matching: string }>(`select count(*) as count,
        json_group_array(rowid) filter (where +rowid in (select value from json_each(@ids))) as matching
        from search_fts where search_fts match @match`),
      lastId: p<[], number>(`select max(id) from search_docs`).pluck(),
      has: p<{ match: string; id: bigint }, number>(`select 1 from search_fts where search_fts match @match and rowid = @id`).pluck(),
      visibility: p<[number], { status: string; valid_until: string | null }>(`select status, valid_until from search_docs where id = ?`),
      byIds: p<[string], DocumentRow>(`select id, key, type, ref, title, body from search_docs where id in (select value from json_each(?))`),
      bodies: p<[string], [number, string]>(`select id, body from search_docs where id in (select value from json_each(?))`).raw(),
      between: p<{ match: string; from: bigint; to: bigint }, number>(`select rowid from search_fts where search_fts match @match and rowid between @from and @to`).pluck(),
      points: p<Box & { limit: number }, [number, number, number]>(`select id, min_lat, min_lng from search_geo
        where max_lat >= @minLat and min_lat <= @maxLat and max_lng >= @minLng and min_lng <= @maxLng limit @limit`).raw(),
      firmPoints: p<Box & { limit: number }, [number, number, number]>(`select id, min_lat, min_lng from search_geo_firms
        where max_lat >= @minLat and min_lat <= @maxLat and max_lng >= @minLng and min_lng <= @maxLng limit @limit`).raw(),
    };
  }

  /**
   * Up to `wanted` visible matches, newest first. `complete` when they are all there are;
   * `scanned` is how many matches (visible or not) lie in the stretch they came from.
   */
  stream(match: string, today: string, wanted: number): Streamed {
    return this.streamWith(this.streams.ranking, ranked, match, today, wanted);
  }

  /** The same matches with what facets and an order by distance need only (no title, date or body length). */
  streamPlaced(match: string, today: string, wanted: number): Streamed<PlacedRow> {
    return this.streamWith(this.streams.placing, placed, match, today, wanted);
  }

  private streamWith<Row extends PlacedRow>(st: StreamStatements, build: (r: StreamRow) => Row, match: string, today: string, wanted: number): Streamed<Row> {
    // One pass, hidden matches counted as they go by: counting the stretch afterwards evaluated the
    // whole MATCH over it a second time (5 of 18 ms for an intersection of common filter tags at 1M).
    // Read in slices (an iterator costs more a row than a slice read whole); the next slice seeks past the last.
    const rows: Row[] = [];
    let passed = 0;
    let before: bigint | null = null;
    for (;;) {
      // the first slice as many as wanted; then what is still missing at the share visible so far, and a tenth more
      const limit = before === null ? wanted : Math.max(MIN_SLICE, Math.ceil(((wanted - rows.length) * passed) / Math.max(rows.length, 1) * 1.1));
      const slice: StreamRow[] = before === null ? st.first.all({ match, today, limit }) : st.before.all({ match, today, before, limit });
      for (const row of slice) {
        passed++;
        if (row[0] === 1 && rows.push(build(row)) >= wanted) return { rows, scanned: passed, complete: false };
      }
      if (slice.length < limit) return { rows, scanned: rows.length, complete: true };
      before = BigInt(slice[slice.length - 1]![1]);
    }
  }

  /**
   * Matches (visible or not), estimated from the stretch of newest matches without counting them all:
   * as dense between the oldest match and the stretch as in it. Rowids run in creation order; the span
   * runs from the oldest match (one seek from the other end), so firms loaded in a block before the
   * listings are not spread over the listings' rowids.
   */
  estimateMatches(match: string, streamed: Streamed<PlacedRow>): number {
    const newest = streamed.rows[0]?.id;
    const lowest = streamed.rows[streamed.rows.length - 1]?.id;
    if (streamed.complete || newest === undefined || lowest === undefined) return streamed.scanned;
    const oldest = this.st.oldestMatch.get({ match }) ?? lowest;
    return Math.round(streamed.scanned * ((newest - oldest + 1) / Math.max(1, newest - lowest + 1)));
  }

  /** Matches (visible or not) counted up to `limit`. */
  countUpTo(match: string, limit: number): number {
    return this.st.count.get({ match, limit }) ?? 0;
  }

  /** The first `limit` matches' ids, in ascending order. */
  matchingIds(match: string, limit: number): number[] {
    return this.st.ids.all({ match, limit });
  }

  /**
   * Which of `ids` match, and how many matches there are in all: one pass over the doclists in SQLite,
   * each match tested against the ids (`+rowid`: not handed to FTS5, which would seek once per id, ~4 µs
   * each). Counting and testing 热处理's 21,704 matches against 1,870 points at 1M: 1.7 ms, where reading
   * the match set into JavaScript takes 3.1–3.5.
   */
  matchesAmong(match: string, ids: readonly number[]): { matching: Set<number>; count: number } {
    const row = this.st.among.get({ match, ids: JSON.stringify(ids) })!;
    return { matching: new Set(JSON.parse(row.matching) as number[]), count: row.count };
  }

  /** The highest document id: about how many documents the index holds (creation order; removals leave gaps), in one seek. */
  documentsUpTo(): number {
    return this.st.lastId.get() ?? 0;
  }

  /** Does this one document match? A seek in each doclist: cheap per call, not per match. */
  matches(match: string, id: number): boolean {
    return this.st.has.get({ match, id: BigInt(id) }) === 1;
  }

  /** What a filter needs of each open document (of `type`, when given) among `ids`, and its validity, in one read. */
  filterRows(ids: readonly number[], type: string | null = null): FilterRow[] {
    return this.st.filterRows.all({ ids: JSON.stringify(ids), type });
  }

  visible(id: number, today: string): boolean {
    const row = this.st.visibility.get(id);
    return row !== undefined && isVisible(row, today);
  }

  byIds(ids: readonly number[]): DocumentRow[] {
    return this.st.byIds.all(JSON.stringify(ids));
  }

  bodies(ids: readonly number[]): Map<number, string> {
    return new Map(this.st.bodies.all(JSON.stringify(ids)));
  }

  /** Matches among ids from..to: a range seek in each doclist, cheap over a window of candidates. */
  matchingBetween(match: string, from: number, to: number): Set<number> {
    return new Set(this.st.between.all({ match, from: BigInt(from), to: BigInt(to) }));
  }

  /**
   * Located documents inside the box, as [id, lat, lng], at most `limit`; `firmsOnly`, the firms' alone
   * (search_geo_firms: the same points, so a walk for firms passes over no listing).
   */
  points(box: Box, limit: number, firmsOnly = false): [number, number, number][] {
    return (firmsOnly ? this.st.firmPoints : this.st.points).all({ ...box, limit });
  }
}
