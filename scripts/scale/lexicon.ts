import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type RegionKind = 'local' | 'cluster' | 'outside';

export interface LexiconChain {
  id: string;
  name: string;
}

export interface LexiconRegion {
  code: string;
  name: string;
  kind: RegionKind;
  lat: number;
  lng: number;
}

export interface ScaleLexicon {
  chains: LexiconChain[];
  regions: LexiconRegion[];
}

export const DEFAULT_LEXICON_PATH = fileURLToPath(new URL('../../search/lexicon.json', import.meta.url));

function fail(path: string, what: string): never {
  throw new Error(`${path}: ${what}`);
}

/**
 * Reads only the chains and regions of the shared lexicon; it is read at run
 * time so the generator follows whatever the lexicon says today.
 */
export function loadLexicon(path: string = DEFAULT_LEXICON_PATH): ScaleLexicon {
  const raw: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (typeof raw !== 'object' || raw === null) fail(path, 'not a JSON object');
  const { chains, regions } = raw as { chains?: unknown; regions?: unknown };
  if (!Array.isArray(chains) || chains.length === 0) fail(path, 'no chains');
  if (!Array.isArray(regions) || regions.length === 0) fail(path, 'no regions');

  const outChains: LexiconChain[] = chains.map((c: unknown, i) => {
    const { id, name } = (c ?? {}) as { id?: unknown; name?: unknown };
    if (typeof id !== 'string' || typeof name !== 'string') fail(path, `chain ${i} lacks id or name`);
    return { id, name };
  });
  const outRegions: LexiconRegion[] = regions.map((r: unknown, i) => {
    const { code, name, kind, lat, lng } = (r ?? {}) as Record<string, unknown>;
    if (typeof code !== 'string' || !/^\d{6}$/.test(code)) fail(path, `region ${i} lacks a 6-digit code`);
    if (typeof name !== 'string') fail(path, `region ${i} lacks a name`);
    if (kind !== 'local' && kind !== 'cluster' && kind !== 'outside') fail(path, `region ${name} has kind ${String(kind)}`);
    if (typeof lat !== 'number' || typeof lng !== 'number') fail(path, `region ${name} lacks coordinates`);
    return { code, name, kind, lat, lng };
  });
  for (const kind of ['local', 'cluster', 'outside'] as const) {
    if (!outRegions.some((r) => r.kind === kind)) fail(path, `no ${kind} region`);
  }
  return { chains: outChains, regions: outRegions };
}
