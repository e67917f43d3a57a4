/**
 * Nearest matches first, through the R*Tree: take the points in a small box around the
 * origin, test them nearest first against the query, and widen the box until enough matches
 * lie within the circle it encloses (only those are certainly nearer than anything outside).
 * A broad query finds its nearest matches among the first few hundred points by seeks; a narrower
 * one is tested against its match set held in memory, or, when one box should do, in one pass over
 * its doclist inside SQLite. Nothing scans every match for a broad query.
 */
import { boundingBox, haversineKm } from '../geo.ts';
import type { GeoPoint } from '../search-index.ts';
import { intersects, type FieldFilter } from './match-expression.ts';
import { isVisible, storedFacets, type CandidateReader, type PlacedRow } from './candidates.ts';

export interface Placed { id: number; distanceKm?: number }

const FIRST_RADIUS_KM = 0.25;
const WORLD_KM = 20_050;
/** A box holding more points than this, or more single tests than that, gives up (the caller falls back). */
const BOX_LIMIT = 12_000;
const TEST_LIMIT = 6_000;
/** A box is meant to hold half as many matches again as are needed. */
const MARGIN = 1.5;
/**
 * Up to this many matches are tested by reading the words' doclists instead of one seek a point:
 * reading a doclist costs well under a microsecond a match, a seek several — and a broad word needs
 * about a thousand seeks to find its twenty nearest.
 */
export const MATCH_SET_LIMIT = 50_000;
/**
 * The points of a box that should end the walk are tested inside SQLite, in one pass over the word's
 * doclist (CandidateReader.matchesAmong): 热处理's 21,704 matches at 1M against 1,870 points in 1.7 ms,
 * where reading the match set into JavaScript takes 3.1–3.5. A walk that goes on past that box, or
 * whose box should not end it (fewer than half as many again as needed expected in its circle, at the
 * words' density over the whole index — the margin nextGrowth aims its boxes at), reads the match set and tests the rest in memory. An intersection (a word with
 * filters or a type) is evaluated whole either way, 8 ms for 热处理 and a chain tag: it reads the set.
 */
function worthAPass(q: NearestInput, pointsInReach: number, documents: number): boolean {
  return (pointsInReach * q.matchCount) / Math.max(documents, 1) >= q.needed * MARGIN;
}

function distanceOf(row: Pick<PlacedRow, 'id' | 'lat' | 'lng'>, from: GeoPoint): Placed {
  return row.lat === null || row.lng === null ? { id: row.id } : { id: row.id, distanceKm: haversineKm(from, { lat: row.lat, lng: row.lng }) };
}

const nearerFirst = (a: { distanceKm?: number; id: number }, b: { distanceKm?: number; id: number }) =>
  (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity) || b.id - a.id;

/** Rows in order of distance, unlocated ones last; among equals the newest first. */
export function byDistance(rows: readonly Pick<PlacedRow, 'id' | 'lat' | 'lng'>[], from: GeoPoint): Placed[] {
  return rows.map((r) => distanceOf(r, from)).sort(nearerFirst);
}

/**
 * How much wider the next box: enough to hold, at the density of matches seen so far, half as
 * many again as are needed (points grow with the square of the radius), within 1.3× and 4×.
 */
export function nextGrowth(found: number, inspected: number, inBox: number, needed: number): number {
  if (found === 0 || inspected === 0) return 4;
  const wantedPoints = (needed / (found / inspected)) * MARGIN;
  return Math.min(4, Math.max(1.3, Math.sqrt(wantedPoints / Math.max(inBox, 1))));
}

/**
 * `matchCount` may be an estimate: a match set read whole is checked to be whole. `byFields`, for a
 * query without words, tests a document's own type and facets (read for many points at once).
 * `firmsOnly`, for a query of firms alone: the walk reads the firms' points only (listings are ten
 * times as many at 1M, and each was read to be turned down); the match decides as before.
 */
export interface NearestInput {
  match: string; today: string; from: GeoPoint; needed: number; matchCount: number;
  byFields?: FieldFilter; firmsOnly?: boolean;
}

/** Is `id` among these ascending ids? A binary search. */
export function sortedHas(ids: readonly number[], id: number): boolean {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = ids[mid]!;
    if (at === id) return true;
    if (at < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * The match set (ascending ids), when it is small enough to hold (checked, whatever the estimate
 * said); else null. Searched in place: a Set of 21,704 ids took 9 ms to build, longer than reading them.
 */
function matchSet(reader: CandidateReader, q: NearestInput): number[] | null {
  // `matchCount` is counted up to the search's cap only: past it, the set is read to find out
  if (q.matchCount > MATCH_SET_LIMIT) return null;
  const ids = reader.matchingIds(q.match, MATCH_SET_LIMIT + 1);
  return ids.length > MATCH_SET_LIMIT ? null : ids;
}

/** The `needed` nearest visible matches, nearest first; null when the walk would exceed its limits. */
export function nearestMatches(reader: CandidateReader, q: NearestInput): Placed[] | null {
  const filter = q.byFields;
  // Words are tested one of three ways (the same verdicts): a pass over their doclist in SQLite for the
  // points of one box (worthAPass), the match set held in memory, or one seek a point when there are more
  // than MATCH_SET_LIMIT matches (`matchCount` may be an estimate: a pass counts them all, and the set is
  // checked whole when it is read). Nothing is read before a box holds a point to test.
  let seeking = !filter && q.matchCount > MATCH_SET_LIMIT;
  let set: number[] | null = null;
  let probed: Set<number> | null = null;
  let mayPass = !filter && !seeking && !intersects(q.match);
  const verdict = new Map<number, boolean>();
  // a query without words: the points in reach judged by their documents' own fields, a few hundred per read
  const judgeByFields = (points: readonly { id: number }[], f: FieldFilter) => {
    const unjudged = points.filter((p) => !verdict.has(p.id)).map((p) => p.id);
    for (let at = 0; at < unjudged.length; at += 500) {
      const part = unjudged.slice(at, at + 500);
      for (const id of part) verdict.set(id, false);
      for (const row of reader.filterRows(part, f.type)) {
        verdict.set(row.id, isVisible(row, q.today) && f.accepts(storedFacets(row.facets)));
      }
    }
  };
  let tests = 0;
  for (let radius = FIRST_RADIUS_KM; ;) {
    const everywhere = radius >= WORLD_KM;
    const points = reader.points(boundingBox(q.from, Math.min(radius, WORLD_KM)), BOX_LIMIT + 1, q.firmsOnly);
    if (points.length > BOX_LIMIT && !everywhere) return null;
    const inReach = points.map(([id, lat, lng]) => ({ id, distanceKm: haversineKm(q.from, { lat, lng }) }))
      .filter((p) => everywhere || p.distanceKm <= radius).sort(nearerFirst);
    const found: { id: number; distanceKm: number }[] = [];
    if (filter) judgeByFields(inReach, filter);
    else if (!seeking && !set) {
      const unjudged = inReach.filter((p) => !verdict.has(p.id)).map((p) => p.id);
      if (unjudged.length > 0 && mayPass && worthAPass(q, inReach.length, reader.documentsUpTo())) {
        // every point a verdict may be asked of in this box is in the pass
        const among = reader.matchesAmong(q.match, unjudged);
        probed = among.matching;
        if (among.count > MATCH_SET_LIMIT) seeking = true;
      } else if (unjudged.length > 0) {
        set = matchSet(reader, q);
        if (!set) seeking = true;
      }
      mayPass &&= unjudged.length === 0;
    }
    for (const p of inReach) {
      let ok = verdict.get(p.id);
      if (ok === undefined) {
        if (seeking && ++tests > TEST_LIMIT) return null;
        ok = (seeking ? reader.matches(q.match, p.id) : set ? sortedHas(set, p.id) : probed!.has(p.id)) && reader.visible(p.id, q.today);
        verdict.set(p.id, ok);
      }
      if (ok) found.push(p);
      if (found.length >= q.needed) break;
    }
    if (found.length >= q.needed || everywhere) return found;
    radius *= nextGrowth(found.length, inReach.length, points.length, q.needed);
  }
}
