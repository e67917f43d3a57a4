import { CERTIFICATIONS, MATERIALS, PROCESSES, wordingsOf } from './concepts.ts';
import type { CertKey, MaterialKey, ProcessKey } from './concepts.ts';
import { INDUSTRY_CHAINS } from './chains-industry.ts';
import { OTHER_CHAINS } from './chains-other.ts';
import type { ChainVocab } from './types.ts';
import type { Rng } from '../prng.ts';

export type { ChainVocab, Family } from './types.ts';
export type { CertKey, MaterialKey, ProcessKey } from './concepts.ts';

const CHAINS: Record<string, ChainVocab> = { ...INDUSTRY_CHAINS, ...OTHER_CHAINS };

/**
 * Vocabulary for a lexicon chain id. A chain added to the lexicon later gets
 * the equipment vocabulary rather than stopping the generator.
 */
export function chainVocab(id: string): ChainVocab {
  return CHAINS[id] ?? CHAINS['equipment']!;
}

export function hasChainVocab(id: string): boolean {
  return id in CHAINS;
}

/** The common term about half the time, otherwise any other wording. */
function wordFrom(entry: string, rng: Rng): string {
  const list = wordingsOf(entry);
  if (list.length === 1 || rng.chance(0.45)) return list[0]!;
  return list[1 + Math.floor(rng.next() * (list.length - 1))]!;
}

export const processWord = (key: ProcessKey, rng: Rng): string => wordFrom(PROCESSES[key], rng);
export const materialWord = (key: MaterialKey, rng: Rng): string => wordFrom(MATERIALS[key], rng);
export const certWord = (key: CertKey, rng: Rng): string => wordFrom(CERTIFICATIONS[key], rng);

/** A wording other than `avoid`, so a description says it differently from the columns. */
export function otherProcessWord(key: ProcessKey, avoid: string, rng: Rng): string {
  const list = wordingsOf(PROCESSES[key]).filter((w) => w !== avoid);
  return list.length > 0 ? rng.pick(list) : avoid;
}

/** English wording when the concept has one: for the odd English description. */
export function englishProcessWord(key: ProcessKey): string {
  const list = wordingsOf(PROCESSES[key]);
  return list.find((w) => /^[A-Za-z][A-Za-z0-9 -]+$/.test(w)) ?? list[0]!;
}
