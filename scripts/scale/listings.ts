import type { Firm, FirmLine, Tier } from './context.ts';
import { WeightedIndex } from './prng.ts';
import type { Rng } from './prng.ts';
import { certWord, materialWord, processWord, type ProcessKey } from './vocab/index.ts';

export const LISTING_HEADER = [
  'ref', 'uscc', 'kind', 'title', 'description', 'chain', 'quantity', 'unit', 'region', 'valid_until',
] as const;

const PUBLISH_WEIGHT: Record<Tier, number> = { 链主企业: 4, 核心企业: 3, 专精特新: 2, 中小企业: 1 };
// Typical listing quantity per unit; spread is log-normal around it.
const QUANTITY: Record<string, number> = {
  件: 20000, 套: 800, 台: 200, 吨: 300, 米: 50000, 千克: 5000, 盒: 100000, 支: 200000, 块: 5000, 平方米: 8000, 项: 2,
};
// Services are offered, not machined: titles read 提供…服务 rather than 承接…加工.
const SERVICE: ReadonlySet<ProcessKey> = new Set<ProcessKey>([
  'software', 'integration', 'embedded', 'edge', 'mes', 'plc', 'data_service', 'cloud_ops', 'vision', 'algorithm', 'robot_integration',
]);

const DAY = 86_400_000;
const OPEN_FROM = Date.UTC(2026, 11, 1);
const OPEN_TO = Date.UTC(2028, 5, 30);
const EXPIRED_FROM = Date.UTC(2026, 0, 1);
const EXPIRED_TO = Date.UTC(2026, 9, 31);

function dateBetween(from: number, to: number, rng: Rng): string {
  const days = Math.round((to - from) / DAY);
  return new Date(from + rng.int(0, days) * DAY).toISOString().slice(0, 10);
}

function supplyTitle(firm: Firm, proc: string, service: boolean, product: string, unit: string, rng: Rng): string {
  if (firm.trading) {
    const material = firm.materials[0];
    const forms = [`供应${product}（现货代理）`, `代理销售${product}`, `${product}现货批发`];
    if (material) forms.push(`${material}现货供应`);
    return rng.pick(forms);
  }
  if (service) return rng.pick([`提供${proc}服务`, `承接${product}项目`, `${proc}解决方案`]);
  const job = proc.endsWith('加工') ? `承接${proc}业务` : `承接${proc}加工`;
  const forms = [job, `供应${product}`, `${proc}产能对外开放`, `可承接${product}订单`];
  // 「供应压铸件」 reads right for parts; for tonnage or metres it does not.
  if (unit === '件') forms.push(`供应${proc}件`);
  return rng.pick(forms);
}

function demandTitle(proc: string, product: string, rng: Rng): string {
  const partner = proc.endsWith('加工') ? `寻找${proc}合作方` : `寻找${proc}加工合作方`;
  return rng.pick([`采购${product}`, `求购${product}`, `寻求${proc}配套`, partner, `招募${product}供应商`, `${product}本地化配套需求`]);
}

interface ListingText {
  title: string;
  description: string;
}

function text(firm: Firm, line: FirmLine, supply: boolean, quantity: number, rng: Rng): ListingText {
  const family = line.family;
  const key = rng.pick(family.processes.slice(0, 2));
  const proc = processWord(key, rng);
  const product = rng.pick(family.products);
  const unit = family.unit;
  // The line's own materials: a firm's column may list those of its other lines.
  const materials = rng.sample(family.materials, rng.chance(0.75) ? 1 : 2).map((k) => materialWord(k, rng)).join('、');
  if (supply) {
    const title = supplyTitle(firm, proc, SERVICE.has(key), product, unit, rng);
    let description = `${firm.name}，${title}${materials ? `，材料：${materials}` : ''}。`;
    if (rng.chance(0.4)) {
      description += rng.pick([
        `月产能约${Math.max(1, Math.round(quantity / 12))}${unit}，交期${rng.int(7, 45)}天。`,
        '设备齐全，欢迎来电洽谈。', '可提供样品及检测报告。', '就近配套，可上门送货。',
      ]);
    }
    return { title, description };
  }
  const title = demandTitle(proc, product, rng);
  const cert = rng.chance(0.5) ? certWord(line.chain.vocab.certs[0]!, rng) : '';
  const description = rng.chance(0.5)
    ? `寻找本地${product}配套供应商，年需求${quantity}${unit}${cert ? `，要求具备${cert}` : ''}。`
    : `${firm.name}因产能扩充需采购${product}，工艺${proc}${materials ? `，材料${materials}` : ''}，预计年用量${quantity}${unit}。`;
  return { title, description };
}

export interface ListingInput {
  firms: Firm[];
  total: number;
  rng: Rng;
}

export function* listingRows({ firms, total, rng }: ListingInput): Generator<string[]> {
  if (firms.length === 0 && total > 0) throw new Error('listings need at least one enterprise');
  const index = new WeightedIndex(firms.map((f) => (f.trading ? 2 : PUBLISH_WEIGHT[f.tier])));
  for (let i = 0; i < total; i++) {
    const firm = firms[index.draw(rng)]!;
    const line = rng.pick(firm.lines);
    const demandChance = firm.trading ? 0.08 : firm.tier === '链主企业' ? 0.75 : 0.29;
    const supply = !rng.chance(demandChance);
    const quantity = Math.max(1, Math.round(rng.logNormal(QUANTITY[line.family.unit] ?? 1000, 1.0)));
    const { title, description } = text(firm, line, supply, quantity, rng);
    const validUntil = rng.chance(0.05) ? dateBetween(EXPIRED_FROM, EXPIRED_TO, rng) : dateBetween(OPEN_FROM, OPEN_TO, rng);
    yield [
      `L${String(i + 1).padStart(7, '0')}`, firm.uscc, supply ? 'supply' : 'demand', title, description,
      line.chain.name, String(quantity), line.family.unit, firm.region.name, validUntil,
    ];
  }
}
