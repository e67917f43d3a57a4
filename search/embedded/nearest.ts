/**
 * Nearest matches first, through the R*Tree: take the points in a small box around the
 * origin, test them nearest first against the query, and widen the box until enough matches
 * lie within the circle it encloses (only those are certainly nearer than anything outside).
 * A broad query finds its nearest matches among the first few hundred points; a narrower one
 * is tested against its match set held in memory. Nothing scans every match.
 */
import { boundingBox, haversineKm } from '../geo.ts';
import type { GeoPoint } from '../search-index.ts';
import type { FieldFilter } from './match-expression.ts';
import { isVisible, storedFacets, type CandidateReader, type CandidateRow } from './candidates.ts';

export interface Placed { id: number; distanceKm?: number }

const FIRST_RADIUS_KM = 0.25;
const WORLD_KM = 20_050;
/** A box holding more points than this, or more single tests than that, gives up (the caller falls back). */
const BOX_LIMIT = 12_000;
const TEST_LIMIT = 6_000;
/**
 * Up to this many matches are held in memory and tested there instead of one seek each: reading a
 * word's doclist costs well under a microsecond a match, a seek several — and a broad word needs
 * about a thousand seeks to find its twenty nearest.
 */
export const MATCH_SET_LIMIT = 50_000;

function distanceOf(row: CandidateRow, from: GeoPoint): Placed {
  return row.lat === null || row.lng === null ? { id: row.id } : { id: row.id, distanceKm: haversineKm(from, { lat: row.lat, lng: row.lng }) };
}

const nearerFirst = (a: { distanceKm?: number; id: number }, b: { distanceKm?: number; id: number }) =>
  (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity) || b.id - a.id;

/** Rows in order of distance, unlocated ones last; among equals the newest first. */
export function byDistance(rows: readonly CandidateRow[], from: GeoPoint): Placed[] {
  return rows.map((r) => distanceOf(r, from)).sort(nearerFirst);
}

/**
 * How much wider the next box: enough to hold, at the density of matches seen so far, half as
 * many again as are needed (points grow with the square of the radius), within 1.3× and 4×.
 */
export function nextGrowth(found: number, inspected: number, inBox: number, needed: number): number {
  if (found === 0 || inspected === 0) return 4;
  const wantedPoints = (needed / (found / inspected)) * 1.5;
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
  const set = filter ? null : matchSet(reader, q);
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
    for (const p of inReach) {
      let ok = verdict.get(p.id);
      if (ok === undefined) {
        if (!set && ++tests > TEST_LIMIT) return null;
        ok = (set ? sortedHas(set, p.id) : reader.matches(q.match, p.id)) && reader.visible(p.id, q.today);
        verdict.set(p.id, ok);
      }
      if (ok) found.push(p);
      if (found.length >= q.needed) break;
    }
    if (found.length >= q.needed || everywhere) return found;
    radius *= nextGrowth(found.length, inReach.length, points.length, q.needed);
  }
}
