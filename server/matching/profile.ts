/**
 * A firm's record (the enterprises row and its region) turned into the snapshot the engine
 * ranks: capabilities from the list columns first, then what the profile text adds, each with
 * how surely it was read. Also decides whether the firm is a trading house without production.
 */
import type { RegionKind, Tier } from '../../db/schema.ts';
import type { Lexicon } from '../../search/lexicon/types.ts';
import { NON_PRODUCTION_PROCESSES, TRADE_WORDS, WORK_VERB_END, impliedMaterials, ownTextOf, processesOfProducts, readDescription, readList, sendsWorkOut } from './profile-text.ts';
import type { CandidateProfile, GeoPoint, HeldCapability } from './types.ts';

/** The columns of an enterprise the engine reads (named as in the enterprises import file). */
export interface FirmRecord {
  id: number;
  uscc: string;
  name: string;
  regionCode: string | null;
  regionName: string;
  regionKind: RegionKind;
  lat: number | null;
  lng: number | null;
  regionLat: number | null;
  regionLng: number | null;
  tier: Tier;
  chainIds: string[];
  products: string;
  processes: string;
  materials: string;
  certifications: string;
  annualOutputWan: number | null;
  description: string;
}

/** Best evidence per concept; the first wording seen for it is kept when confidence ties. */
function strongest(items: HeldCapability[]): HeldCapability[] {
  const best = new Map<string, HeldCapability>();
  for (const item of items) {
    const prev = best.get(item.conceptId);
    if (!prev || item.confidence > prev.confidence) best.set(item.conceptId, item);
  }
  return [...best.values()];
}

export function pointOf(lat: number | null, lng: number | null): GeoPoint | null {
  return lat !== null && lng !== null && Number.isFinite(lat) && Number.isFinite(lng) ? { lat, lng } : null;
}

/**
 * A trading or agency firm: its name or profile speaks of trade, and it claims no production of
 * its own — no process in its process column beyond trade and logistics, none in its profile
 * outside sentences about selling. A maker named 「…供应链有限公司」 that lists 压铸 is a maker.
 */
export function isTradingFirm(lexicon: Lexicon, firm: Pick<FirmRecord, 'name' | 'processes' | 'description'>): boolean {
  const text = readDescription(lexicon, descriptionWithoutName(firm.name, firm.description));
  if (!TRADE_WORDS.test(firm.name) && !text.tradeClause) return false;
  return !hasOwnProcess(lexicon, firm.processes, text.ownProcess);
}

function hasOwnProcess(lexicon: Lexicon, processColumn: string, ownProcessInText: boolean): boolean {
  if (ownProcessInText) return true;
  return readList(lexicon, processColumn, 'process').some((p) =>
    !NON_PRODUCTION_PROCESSES.has(p.conceptId) && !TRADE_WORDS.test(p.wording) && ((!p.conceptId.startsWith('~') && p.evidence !== 'similar') || namesWork(p.wording)));
}

/**
 * An unknown wording in the process column (or one the lexicon only likened to a process: 「五金配件」
 * is no machining) that ends in a verb of making (「烘干」「预拉」「浸渍」) is
 * work the firm does, which a sentence about selling its output does not undo; goods listed there by a
 * trader (「轴承」「五金配件」) and services (「仓储」「配送」) end otherwise.
 */
function namesWork(wording: string): boolean {
  return WORK_VERB_END.test(wording.trim()) && !/销售|仓储|物流|配送|运输|报关|代购|采购|租赁|维修|安装/.test(wording);
}

/**
 * The profile text with the firm's own name taken out: 「襄阳某某复合材料有限公司成立于2001年」 says
 * nothing about working composites, yet its name would read as a material.
 */
export function descriptionWithoutName(name: string, description: string): string {
  let out = description;
  const short = name.replace(/(股份)?有限(责任)?公司$|集团$|\s*co\.?,?\s*ltd\.?$/i, '').trim();
  for (const n of [name, short]) if (n.length >= 4) out = out.split(n).join('本公司');
  return out;
}

export function buildCandidateProfile(lexicon: Lexicon, firm: FirmRecord): CandidateProfile {
  const description = descriptionWithoutName(firm.name, firm.description);
  const text = readDescription(lexicon, description, firm.materials.trim() !== '');
  const columnProcesses = readList(lexicon, firm.processes, 'process').filter((p) => !NON_PRODUCTION_PROCESSES.has(p.conceptId) && !TRADE_WORDS.test(p.wording));
  const trading = (TRADE_WORDS.test(firm.name) || text.tradeClause) && !hasOwnProcess(lexicon, firm.processes, text.ownProcess);
  const products = strongest([...readList(lexicon, firm.products, 'part'), ...text.products]);
  const processes = strongest([...columnProcesses, ...text.processes, ...processesOfProducts(lexicon, products)]);
  const materials = strongest([
    ...readList(lexicon, firm.materials, 'material'),
    ...text.materials,
    ...impliedMaterials(lexicon, [...columnProcesses, ...text.processes].map((p) => p.wording)),
  ]);
  return {
    enterpriseId: firm.id,
    uscc: firm.uscc,
    name: firm.name,
    regionCode: firm.regionCode,
    regionName: firm.regionName,
    regionKind: firm.regionKind,
    location: pointOf(firm.lat, firm.lng) ?? pointOf(firm.regionLat, firm.regionLng),
    tier: firm.tier,
    chainIds: firm.chainIds,
    annualOutputWan: firm.annualOutputWan,
    processes,
    materials,
    certifications: strongest([...readList(lexicon, firm.certifications, 'certification'), ...text.certifications]),
    products,
    trading,
    ownText: ownTextOf([firm.products, firm.processes, firm.materials, firm.certifications], description),
    sendsOut: sendsWorkOut([firm.products, firm.processes, firm.materials], description),
  };
}

/** The capabilities as the engine reads them, for storing beside the firm (profile page, search facets): one reading everywhere. */
export function readCapabilities(lexicon: Lexicon, firm: Pick<FirmRecord, 'name' | 'products' | 'processes' | 'materials' | 'certifications' | 'description'>): HeldCapability[] {
  const p = buildCandidateProfile(lexicon, {
    ...firm, id: 0, uscc: '', regionCode: null, regionName: '', regionKind: 'local', lat: null, lng: null,
    regionLat: null, regionLng: null, tier: 'sme', chainIds: [], annualOutputWan: null,
  });
  return [...p.processes, ...p.materials, ...p.certifications, ...p.products];
}
