import type { LexiconRegion } from './lexicon.ts';
import { relatedChains, type ChainInfo, type Firm, type FirmLine, type ScaleContext, type Tier } from './context.ts';
import { manufacturerDescription, tradingDescription } from './describe.ts';
import { address, brand, companySuffix, contactName, mobilePhone, namePrefix, uniqueUscc } from './names.ts';
import type { Rng } from './prng.ts';
import { certWord, materialWord, otherProcessWord, processWord } from './vocab/index.ts';
import type { CertKey, MaterialKey, ProcessKey } from './vocab/index.ts';

export const ENTERPRISE_HEADER = [
  'uscc', 'name', 'region', 'address', 'lat', 'lng', 'chains', 'tier', 'products', 'processes', 'materials',
  'certifications', 'annual_output_wan', 'employees', 'contact_name', 'contact_phone', 'description',
] as const;

const TIERS: Tier[] = ['核心企业', '专精特新', '中小企业'];
// Shares among firms that are not chain leaders (≈3% / 15% / rest overall).
const TIER_WEIGHTS = [3, 15, 81.7];
// Median output in 万元 and spread per tier: firm sizes are roughly log-normal.
const OUTPUT: Record<Tier, [number, number]> = {
  链主企业: [600000, 0.7], 核心企业: [50000, 0.8], 专精特新: [12000, 0.8], 中小企业: [1800, 1.1],
};
// Output per employee in 万元: big plants are far more productive than workshops.
const PER_HEAD: Record<Tier, number> = { 链主企业: 130, 核心企业: 80, 专精特新: 60, 中小企业: 40 };
const MAIN_CERT_CHANCE: Record<Tier, number> = { 链主企业: 0.95, 核心企业: 0.8, 专精特新: 0.7, 中小企业: 0.4 };
const TRADING_SUFFIXES = ['贸易有限公司', '商贸有限公司', '供应链管理有限公司', '物资有限公司'];

/** Chain leaders: ≈0.3% of firms, at least one per chain so every chain has a buyer. */
export function leaderCount(total: number, chains: number): number {
  return Math.min(total, Math.max(chains, Math.round(total * 0.003)));
}

function uniq<T>(items: T[]): T[] {
  return [...new Set(items)];
}

function pickCount(rng: Rng, max: number): number {
  const n = rng.weighted([1, 2, 3, 4, 5], [30, 35, 20, 10, 5]);
  return Math.max(1, Math.min(n, max));
}

function otherChain(ctx: ScaleContext, primary: ChainInfo, rng: Rng): ChainInfo {
  const others = relatedChains(ctx, primary);
  return others.length > 0 ? rng.pick(others) : primary;
}

function firmLines(ctx: ScaleContext, primary: ChainInfo, rng: Rng, leader: boolean): FirmLine[] {
  const own = rng.sample(primary.vocab.families, rng.weighted([1, 2, 3], [65, 30, 5]));
  const lines = own.map((family) => ({ chain: primary, family }));
  // A leader's other chain shows in its chains column only, not as a product line.
  if (!leader && rng.chance(0.12)) {
    const second = otherChain(ctx, primary, rng);
    lines.push({ chain: second, family: rng.pick(second.vocab.families) });
  }
  return lines;
}

interface Columns {
  products: string[];
  processWords: string[];
  processKeys: ProcessKey[];
  hiddenProcesses: string[];
  materialWords: string[];
  certWords: string[];
  hiddenCerts: string[];
}

function columns(lines: FirmLine[], tier: Tier, trading: boolean, rng: Rng): Columns {
  const families = lines.map((l) => l.family);
  // The first product comes from the line the firm is named after.
  const first = rng.pick(families[0]!.products);
  const others = uniq(families.flatMap((f) => f.products)).filter((p) => p !== first);
  const products = tier !== '链主企业' && rng.chance(0.12) ? [] : [first, ...rng.sample(others, rng.weighted([0, 1, 2], [55, 35, 10]))];

  const materialKeys = uniq(families.flatMap((f) => f.materials));
  const chosenMaterials: MaterialKey[] = rng.chance(0.05) ? [] : rng.sample(materialKeys, rng.weighted([1, 2, 3], [60, 32, 8]));
  const materialWords = chosenMaterials.map((k) => materialWord(k, rng));

  let processKeys: ProcessKey[] = [];
  const hiddenProcesses: string[] = [];
  if (!trading) {
    const keys = uniq(families.flatMap((f) => f.processes));
    const primary = families[0]!.processes[0]!;
    processKeys = [primary, ...rng.sample(keys.filter((k) => k !== primary), pickCount(rng, keys.length) - 1)];
    if (rng.chance(0.08)) processKeys.push(rng.pick(rng.pick(lines).chain.vocab.families).processes[0]!);
    processKeys = uniq(processKeys);
  }
  let processWords = processKeys.map((k) => processWord(k, rng));
  // Real registers often keep a capability only in the free-text profile.
  if (processWords.length >= 2 && rng.chance(0.18)) {
    const i = rng.int(1, processWords.length - 1);
    hiddenProcesses.push(otherProcessWord(processKeys[i]!, processWords[i]!, rng));
    processWords = processWords.filter((_, j) => j !== i);
    processKeys = processKeys.filter((_, j) => j !== i);
  } else if (processWords.length > 0 && rng.chance(0.04)) {
    hiddenProcesses.push(...processWords);
    processWords = [];
    processKeys = [];
  }

  const certs = lines[0]!.chain.vocab.certs;
  const certKeys: CertKey[] = [];
  if (rng.chance(trading ? 0.2 : MAIN_CERT_CHANCE[tier])) certKeys.push(certs[0]!);
  if (certs[0] !== 'iso9001' && rng.chance(0.45)) certKeys.push('iso9001');
  for (const extra of certs.slice(1)) if (extra !== 'iso9001' && rng.chance(0.1)) certKeys.push(extra);
  let certWords = uniq(certKeys).map((k) => certWord(k, rng));
  const hiddenCerts: string[] = [];
  if (certWords.length > 0 && rng.chance(0.15)) {
    hiddenCerts.push(certWords[0]!);
    certWords = certWords.slice(1);
  }
  return { products, processWords, processKeys, hiddenProcesses, materialWords, certWords, hiddenCerts };
}

function firmName(prefix: string, trade: string, rng: Rng, tier: Tier, trading: boolean, names: Set<string>): string {
  for (let attempt = 0; ; attempt++) {
    const b = brand(rng);
    const name = trading
      ? `${prefix}${b}${rng.chance(0.5) ? trade : ''}${rng.pick(TRADING_SUFFIXES)}`
      : `${prefix}${b}${trade}${companySuffix(trade, rng, tier === '链主企业')}`;
    // A long run of clashes only happens in huge worlds; a numbered branch keeps names unique.
    const unique = attempt < 20 ? name : name.replace(/有限公司$/, `第${attempt}分公司`);
    if (!names.has(unique)) {
      names.add(unique);
      return unique;
    }
  }
}

/** Yearly capacity in the line's unit, roughly what the output buys at a typical price. */
function capacity(outputWan: number, price: readonly [number, number], rng: Rng): number {
  const units = (outputWan * 10000 * (0.6 + rng.next() * 0.6)) / Math.sqrt(price[0] * price[1]);
  const magnitude = 10 ** Math.max(0, Math.floor(Math.log10(Math.max(1, units))) - 1);
  return Math.max(1, Math.round(units / magnitude) * magnitude);
}

function jitter(value: number, rng: Rng): string {
  return (value + (rng.next() - 0.5) * 0.1).toFixed(5);
}

export interface EnterpriseState {
  usccs: Set<string>;
  names: Set<string>;
  firms: Firm[];
}

function makeFirm(ctx: ScaleContext, index: number, leaders: number, rng: Rng, state: EnterpriseState): string[] {
  const isLeader = index < leaders;
  let region: LexiconRegion;
  let primary: ChainInfo;
  let tier: Tier;
  if (isLeader) {
    // One leader per chain first, then more where industry is bigger (汽车 above all).
    primary = index < ctx.chains.length ? ctx.chains[index]! : rng.weighted(ctx.chains, ctx.chains.map((c) => c.vocab.weight));
    region = rng.weighted(ctx.local, ctx.localWeights);
    tier = '链主企业';
  } else {
    primary = rng.weighted(ctx.chains, ctx.chains.map((c) => c.vocab.weight));
    const kind = rng.weighted(['local', 'cluster', 'outside'] as const, [85, 6, 9]);
    region = kind === 'local' ? rng.weighted(ctx.local, ctx.localWeights) : rng.pick(kind === 'cluster' ? ctx.cluster : ctx.outside);
    tier = rng.weighted(TIERS, TIER_WEIGHTS);
  }
  const trading = !isLeader && rng.chance(0.04);
  if (trading) tier = '中小企业';
  const lines = firmLines(ctx, primary, rng, isLeader);
  const chains = [...new Set(lines.map((l) => l.chain))];
  if (isLeader && rng.chance(0.2)) chains.push(otherChain(ctx, primary, rng));
  const cols = columns(lines, tier, trading, rng);

  const trade = isLeader ? rng.pick(primary.vocab.leaderTrades) : rng.pick(lines[0]!.family.trades);
  const name = firmName(namePrefix(region, rng), trade, rng, tier, trading, state.names);
  const uscc = uniqueUscc(region, rng, state.usccs);
  const [median, sigma] = trading ? [3000, 1.0] : OUTPUT[tier];
  const output = Math.max(50, Math.round(rng.logNormal(median, sigma) * 10) / 10);
  const perHead = rng.logNormal(trading ? 250 : PER_HEAD[tier], 0.4);
  const employees = Math.min(80000, Math.max(isLeader ? 1000 : trading ? 3 : 8, Math.round(output / perHead)));

  const firm: Firm = { uscc, name, region, chains: uniq(chains), tier, trading, lines, materials: cols.materialWords, output };
  state.firms.push(firm);
  const describeInput = {
    firm, products: cols.products, processWords: cols.processWords, processKeys: cols.processKeys,
    materialWords: cols.materialWords, hiddenProcesses: cols.hiddenProcesses,
    certWords: [...cols.certWords, ...cols.hiddenCerts], certsOnlyInText: cols.hiddenCerts.length > 0, unit: lines[0]!.family.unit,
    capacity: capacity(output, lines[0]!.family.price, rng),
  };
  const description = trading ? tradingDescription(describeInput, rng) : manufacturerDescription(describeInput, rng);
  const located = !rng.chance(0.02);
  return [
    uscc, name, region.name, address(region, rng),
    located ? jitter(region.lat, rng) : '', located ? jitter(region.lng, rng) : '',
    firm.chains.map((c) => c.name).join(';'), tier, cols.products.join(';'), cols.processWords.join(';'),
    cols.materialWords.join(';'), cols.certWords.join(';'), output.toFixed(1), String(employees),
    contactName(rng), mobilePhone(rng), description,
  ];
}

/** Enterprise rows, chain leaders first; each firm is also kept in `state.firms`. */
export function* enterpriseRows(ctx: ScaleContext, total: number, rng: Rng, state: EnterpriseState): Generator<string[]> {
  const leaders = leaderCount(total, ctx.chains.length);
  for (let i = 0; i < total; i++) yield makeFirm(ctx, i, leaders, rng, state);
}
