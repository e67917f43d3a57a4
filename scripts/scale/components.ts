import type { ChainInfo, Firm, ScaleContext } from './context.ts';
import { brand } from './names.ts';
import type { Rng } from './prng.ts';
import { certWord, materialWord, processWord, type Family } from './vocab/index.ts';

export const COMPONENT_HEADER = [
  'ref', 'buyer_uscc', 'name', 'part_no', 'chain', 'materials', 'processes', 'certifications_required',
  'annual_volume', 'unit', 'annual_value_wan', 'current_supplier', 'current_supplier_region', 'criticality', 'description',
] as const;

const VARIANTS = ['左', '右', '前', '后', 'A型', 'B型', '加强型', '轻量化', '总成'];
const REASONS = ['运输周期长', '交付不稳定', '采购成本偏高', '供应商产能受限', '售后响应慢'];
const SPECS: Record<string, string[]> = {
  auto: ['需提交PPAP资料', '需通过二方审核', '关键尺寸CPK≥1.33', '关键尺寸公差±0.02mm'],
  equipment: ['关键尺寸公差±0.01mm', '需提供出厂检测报告'],
  aerospace: ['需通过首件鉴定(FAI)', '需具备特种工艺认可', '批次可追溯', '关键尺寸公差±0.005mm'],
  rail: ['需满足EN 15085焊接要求', '需提供型式试验报告'],
  pharma: ['需通过GMP现场审计', '需提供DMF文件'],
  chemical: ['纯度≥99.5%', '需提供MSDS'],
  new_energy: ['需提供UN38.3报告', '循环寿命≥6000次'],
};
const GENERIC_SPECS = ['需提供材质证明', '要求月度稳定供货', '需具备来料检验能力'];

function partNo(chain: ChainInfo, rng: Rng): string {
  if (rng.chance(0.7)) return `${chain.vocab.code}-${rng.int(10000, 99999)}`;
  return `${chain.vocab.code}${rng.int(100000, 999999)}-${rng.pick(['A', 'B', 'C', 'D'])}`;
}

function supplier(ctx: ScaleContext, chain: ChainInfo, family: Family, outsideByChain: Map<ChainInfo, Firm[]>, rng: Rng): [string, string] {
  const known = outsideByChain.get(chain);
  // Half the time today's source is a firm the register knows, so an "all
  // regions" match can find the incumbent; otherwise an unregistered firm.
  if (known && known.length > 0 && rng.chance(0.5)) {
    const firm = rng.pick(known);
    return [firm.name, firm.region.name];
  }
  const region = rng.pick(ctx.outside);
  const city = region.name.replace(/市$/, '');
  const trade = rng.chance(0.5) ? '实业' : rng.pick(family.trades);
  return [`${city}${brand(rng)}${trade}有限公司`, region.name];
}

export interface ComponentInput {
  ctx: ScaleContext;
  firms: Firm[];
  total: number;
  rng: Rng;
}

export function* componentRows({ ctx, firms, total, rng }: ComponentInput): Generator<string[]> {
  const leaders = firms.filter((f) => f.tier === '链主企业');
  if (leaders.length === 0 && total > 0) throw new Error('components need at least one chain leader');
  const outsideByChain = new Map<ChainInfo, Firm[]>();
  for (const firm of firms) {
    if (firm.region.kind !== 'outside' || firm.trading) continue;
    for (const chain of firm.chains) {
      const list = outsideByChain.get(chain) ?? [];
      list.push(firm);
      outsideByChain.set(chain, list);
    }
  }

  for (let i = 0; i < total; i++) {
    const buyer = rng.pick(leaders);
    const chain = rng.chance(0.85) ? buyer.chains[0]! : rng.pick(buyer.chains);
    const physical = chain.vocab.families.filter((f) => f.materials.length > 0);
    const family = rng.pick(physical.length > 0 ? physical : chain.vocab.families);

    const product = rng.pick(family.products);
    const name = rng.chance(0.15) ? `${product}（${rng.pick(VARIANTS)}）` : product;
    const materials = rng.sample(family.materials, rng.chance(0.85) ? 1 : 2).map((k) => materialWord(k, rng));
    const rest = family.processes.slice(1).filter(() => rng.chance(0.45)).slice(0, 2);
    const processes = [family.processes[0]!, ...rest].map((k) => processWord(k, rng));
    const certs = chain.vocab.certs;
    const certKeys = [rng.chance(0.8) ? certs[0]! : 'iso9001' as const];
    if (rng.chance(0.1)) certKeys.push(rng.pick(certs));
    const certWords = [...new Set(certKeys)].map((k) => certWord(k, rng));

    // Value first, then volume from the unit price, so spend stays plausible for cheap and dear parts alike.
    const targetWan = Math.min(60000, Math.max(20, rng.logNormal(800, 1.0)));
    const price = rng.logUniform(family.price[0], family.price[1]);
    const volume = Math.max(1, Math.round((targetWan * 10000) / price));
    const valueWan = Math.max(0.1, Math.round((volume * price) / 1000) / 10);
    const [supplierName, supplierRegion] = supplier(ctx, chain, family, outsideByChain, rng);
    const criticality = rng.weighted(['高', '中', '低'], [40, 40, 20]);

    let description = `${name}，材料${materials.join('/')}，工艺${processes.join('+')}，要求供应商具备${certWords.join('、')}，年需求约${volume}${family.unit}。`;
    if (rng.chance(0.35)) description += `现由${supplierRegion}供应商单一供货，${rng.pick(REASONS)}，希望在本地培育第二供应商。`;
    if (rng.chance(0.3)) description += `${rng.pick([...(SPECS[chain.id] ?? []), ...GENERIC_SPECS])}。`;

    yield [
      `C${String(i + 1).padStart(6, '0')}`, buyer.uscc, name, partNo(chain, rng), chain.name, materials.join(';'),
      processes.join(';'), certWords.join(';'), String(volume), family.unit, valueWan.toFixed(1),
      supplierName, supplierRegion, criticality, description,
    ];
  }
}
