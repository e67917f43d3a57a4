/**
 * The 13 chains and the regions, looked up from whatever a spreadsheet or an address says:
 * '汽车产业链', '汽车', 'automotive'; '襄阳高新区', '高新区', '湖北省襄阳市樊城区春园路'.
 */
import { normalizeWording } from './normalize.ts';
import type { ChainRef, RawChain, RawRegion, RegionRef } from './types.ts';

const CHAIN_SUFFIXES = ['产业链', '产业集群', '产业', '行业', '链', 'industrychain', 'industry', 'chain'];
const REGION_PREFIXES = ['湖北省襄阳市', '湖北襄阳', '湖北省', '湖北', '襄阳市', '襄阳'];
// Words every city has; inside an address they do not point at this city's district.
const GENERIC_REGION_WORDS = new Set(['高新区', '高新技术产业开发区', '开发区', '经济开发区', '新区'].map(normalizeWording));

export class Places {
  private readonly chainByKey = new Map<string, ChainRef>();
  private readonly regionByKey = new Map<string, RegionRef>();
  private readonly regionNeedles: [string, RegionRef][] = [];
  private readonly chainList: ChainRef[];
  private readonly regionList: RegionRef[];

  constructor(chains: RawChain[], regions: RawRegion[]) {
    this.chainList = chains.map((c) => ({ id: c.id, name: c.name }));
    chains.forEach((c, i) => {
      const ref = this.chainList[i] as ChainRef;
      for (const w of [c.id, c.name, ...(c.aliases ?? [])]) this.chainByKey.set(normalizeWording(w), ref);
    });
    this.regionList = regions.map(({ code, name, kind, lat, lng }) => ({ code, name, kind, lat, lng }));
    regions.forEach((r, i) => {
      const ref = this.regionList[i] as RegionRef;
      for (const w of [r.code, r.name, ...(r.aliases ?? [])]) {
        const key = normalizeWording(w);
        this.regionByKey.set(key, ref);
        if (key.length >= 2 && !/^\d+$/.test(key) && !GENERIC_REGION_WORDS.has(key)) this.regionNeedles.push([key, ref]);
      }
    });
    this.regionNeedles.sort((a, b) => b[0].length - a[0].length);
  }

  chains(): ChainRef[] { return this.chainList.map((c) => ({ ...c })); }
  regions(): RegionRef[] { return this.regionList.map((r) => ({ ...r })); }

  chain(text: string): ChainRef | undefined {
    const key = normalizeWording(text);
    if (key === '') return undefined;
    const direct = this.chainByKey.get(key);
    if (direct) return { ...direct };
    for (const suffix of CHAIN_SUFFIXES) {
      if (key.endsWith(suffix) && key.length > suffix.length) {
        const hit = this.chainByKey.get(key.slice(0, -suffix.length));
        if (hit) return { ...hit };
      }
    }
    // '汽车零部件' names one chain; '新能源汽车' names two and is left for a person to decide.
    const named = new Set<ChainRef>();
    for (const [alias, ref] of this.chainByKey) if (alias.length >= 2 && key.includes(alias)) named.add(ref);
    const [only] = named;
    return named.size === 1 && only ? { ...only } : undefined;
  }

  region(text: string): RegionRef | undefined {
    const key = normalizeWording(text);
    if (key === '') return undefined;
    const direct = this.regionByKey.get(key);
    if (direct) return { ...direct };
    for (const prefix of REGION_PREFIXES) {
      if (key.startsWith(prefix) && key.length > prefix.length) {
        const hit = this.regionByKey.get(key.slice(prefix.length));
        if (hit) return { ...hit };
      }
    }
    for (const [needle, ref] of this.regionNeedles) if (key.includes(needle)) return { ...ref };
    return undefined;
  }
}
