/**
 * Where a part sits in its chain, read from the one lexicon: the part concept its name names (or
 * the name itself when the lexicon knows no such part), the assembly it belongs to (the broadest
 * family above it), and its material family (the broadest family of its first material that is
 * still a trade of its own — 铝合金 for ADC12, 结构钢 for 40Cr — not an umbrella such as 金属材料).
 */
import { getLexicon, onLexiconChanged, splitList } from '../../search/lexicon.ts';
import type { Label } from './chain-map.ts';

export interface PartPlace { part: Label; assembly: Label | null; material: Label | null }

const cache = new Map<string, PartPlace>();
onLexiconChanged(() => cache.clear());

export function placePart(name: string, materials: string): PartPlace {
  const cacheKey = `${name}\u0000${materials}`;
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  const lexicon = getLexicon();
  const label = (id: string): Label => ({ key: id, label: lexicon.label(id) });
  const known = [...lexicon.resolve(name, 'part'), ...lexicon.extract(name, ['part'])].find((m) => !m.id.startsWith('~'));
  const part: Label = known ? label(known.id) : { key: `~${name.normalize('NFKC').trim()}`, label: name.trim() };
  const ancestors = known ? lexicon.ancestors(known.id) : [];
  const assembly = ancestors.length ? label(ancestors[ancestors.length - 1]!) : null;
  const first = splitList(materials)[0];
  const found = first ? lexicon.resolve(first, 'material').find((m) => !m.id.startsWith('~')) : undefined;
  let material: Label | null = null;
  if (found) {
    const family = [found.id, ...lexicon.ancestors(found.id)].filter((id) => !lexicon.concept(id)?.umbrella);
    material = label(family[family.length - 1] ?? found.id);
  } else if (first) material = { key: `~${first.normalize('NFKC').trim()}`, label: first.trim() };
  const place = { part, assembly, material };
  if (cache.size > 50_000) cache.clear();
  cache.set(cacheKey, place);
  return place;
}
