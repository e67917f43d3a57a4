/**
 * Where a place named in a spreadsheet lies: one of the city's districts and counties
 * (local), the 襄十随神 cluster, or outside (any other real place; a name that is none of these is an error, never silently outside).
 */
import { getLexicon, type RegionRef } from '../../search/lexicon.ts';

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

