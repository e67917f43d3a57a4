import type { LexiconChain, LexiconRegion, ScaleLexicon } from './lexicon.ts';
import { chainVocab, type ChainVocab, type Family } from './vocab/index.ts';

export type Tier = '链主企业' | '核心企业' | '专精特新' | '中小企业';

export interface ChainInfo extends LexiconChain {
  vocab: ChainVocab;
}

/** One product line a firm runs, in one of its chains. */
export interface FirmLine {
  chain: ChainInfo;
  family: Family;
}

/** What later files need to know about a generated enterprise. */
export interface Firm {
  uscc: string;
  name: string;
  region: LexiconRegion;
  chains: ChainInfo[];
  tier: Tier;
  trading: boolean;
  lines: FirmLine[];
  /** Material wordings from its row, reused in its listings. */
  materials: string[];
  output: number;
}

export interface ScaleContext {
  chains: ChainInfo[];
  local: LexiconRegion[];
  localWeights: number[];
  cluster: LexiconRegion[];
  outside: LexiconRegion[];
}

// Where industry concentrates in the city; regions the table does not know weigh 1.
const LOCAL_WEIGHT: Record<string, number> = {
  襄阳高新区: 3, 襄州区: 2, 樊城区: 1.5, 襄城区: 1.2, 枣阳市: 1.2, 东津新区: 1,
  谷城县: 0.9, 老河口市: 0.9, 宜城市: 0.8, 南漳县: 0.7, 鱼梁洲经济开发区: 0.6, 保康县: 0.4,
};

// Chains a firm plausibly also belongs to; chains missing here pair at random.
const RELATED: Record<string, string[]> = {
  auto: ['new_energy', 'equipment', 'electronics', 'recycling'],
  equipment: ['auto', 'ai', 'industrial_internet', 'rail'],
  rail: ['equipment', 'auto'],
  aerospace: ['equipment', 'new_energy'],
  textile: ['chemical', 'pharma', 'auto'],
  chemical: ['pharma', 'new_energy', 'textile'],
  electronics: ['auto', 'ai', 'big_data', 'industrial_internet'],
  pharma: ['chemical'],
  new_energy: ['auto', 'chemical', 'recycling'],
  recycling: ['auto', 'new_energy', 'chemical'],
  industrial_internet: ['big_data', 'ai', 'equipment'],
  big_data: ['industrial_internet', 'ai'],
  ai: ['big_data', 'industrial_internet', 'electronics'],
};

export function relatedChains(ctx: ScaleContext, chain: ChainInfo): ChainInfo[] {
  const ids = RELATED[chain.id] ?? [];
  const related = ctx.chains.filter((c) => ids.includes(c.id));
  return related.length > 0 ? related : ctx.chains.filter((c) => c !== chain);
}

export function buildContext(lexicon: ScaleLexicon): ScaleContext {
  const local = lexicon.regions.filter((r) => r.kind === 'local');
  return {
    chains: lexicon.chains.map((c) => ({ ...c, vocab: chainVocab(c.id) })),
    local,
    localWeights: local.map((r) => LOCAL_WEIGHT[r.name] ?? 1),
    cluster: lexicon.regions.filter((r) => r.kind === 'cluster'),
    outside: lexicon.regions.filter((r) => r.kind === 'outside'),
  };
}
