/**
 * Where a place named in a spreadsheet lies: one of the city's districts and counties
 * (local), the 襄十随神 cluster, or outside (any other real place; a name that is none of these is an error, never silently outside).
 */
import { getLexicon, type RegionRef } from '../../search/lexicon.ts';
import { findChinaPlace } from './china-places.ts';

export interface PlacedRegion { code: string; name: string; kind: RegionRef['kind']; known: boolean }

export function placeRegion(text: string): PlacedRegion | null {
  const name = text.normalize('NFKC').trim();
  if (name === '') return null;
  const lexicon = getLexicon();
  const direct = lexicon.region(name);
  if (direct) return { code: direct.code, name: direct.name, kind: direct.kind, known: true };
  // A fuller address such as 襄阳市樊城区牛首镇 still names its district.
  let best: RegionRef | undefined;
  for (const r of lexicon.regions()) {
    if (name.includes(r.name) && (!best || r.name.length > best.name.length)) best = r;
  }
  if (best) return { code: best.code, name: best.name, kind: best.kind, known: true };
  return { code: `outside:${name}`, name, kind: 'outside', known: false };
}


export type RegionResolution =
  | { kind: 'empty' }
  | { kind: 'exact'; name: string }
  /** resolved through a short form or a near spelling; the import applies it with a warning that names it */
  | { kind: 'corrected'; name: string; how: 'short' | 'spelling' }
  | { kind: 'outside'; name: string }
  | { kind: 'unknown' };

const CITY_NAME = '襄阳市';
const CITY_PREFIX = /^(湖北省襄阳市|湖北省|襄阳市|襄阳)/;
const core = (s: string) => s.replace(CITY_PREFIX, '').replace(/(区|县|市)$/, '');

/** One character changed, added or removed. */
function oneEditApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/**
 * What a region cell names: one of the city's districts and counties or the cluster (exactly, by
 * a short form such as 樊城/樊城县, or by a near spelling such as 襄阳高兴区), a known place
 * elsewhere in China (市外), or nothing known — which the caller must refuse, never file as 市外.
 */
export function resolveRegion(text: string): RegionResolution {
  const name = text.normalize('NFKC').trim();
  if (name === '') return { kind: 'empty' };
  const placed = placeRegion(name);
  if (placed?.known) return placed.kind === 'outside' ? { kind: 'outside', name } : { kind: 'exact', name: placed.name };
  const regions = getLexicon().regions().filter((r) => r.kind !== 'outside');
  const wanted = core(name);
  if (wanted.length >= 2) {
    const short = regions.find((r) => core(r.name) === wanted);
    if (short) return { kind: 'corrected', name: short.name, how: 'short' };
  }
  // a real place elsewhere (宜昌 is not a misspelt 宜城) before any near spelling
  const place = findChinaPlace(name);
  if (place && place.name !== CITY_NAME) return { kind: 'outside', name };
  const near = regions.find((r) => (r.name.length >= 3 && oneEditApart(name, r.name)) || (wanted.length >= 3 && oneEditApart(wanted, core(r.name))));
  if (near) return { kind: 'corrected', name: near.name, how: 'spelling' };
  return { kind: 'unknown' };
}
