/**
 * npx tsx scripts/eval/second-world/generate.ts OUT_DIR [--seed N]
 * Writes a second labelled world (enterprises, components, procurement, labels) to check that
 * the matching engine generalises beyond the dev world's wordings. Firms are drawn per part
 * family in kinds that test each labelling rule (ready, tight, lacking the certificate,
 * primary process only, wrong material, too small, outside the city, trading houses, machine
 * builders whose products name the process), rendered in list columns, in free text only
 * (Chinese or English) or mixed. Labels come from the keys in vocab.ts, never from the engine.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { withUsccCheck } from '../../../server/domain/uscc.ts';
import { csvLine } from '../../scale/csv.ts';
import { Rng } from '../../scale/prng.ts';
import { describeFirm, type FirmTruth } from './render.ts';
import { CERTIFICATES, FAMILIES, INCLUDES, MATERIALS, PROCESSES, type CertKey, type MaterialKey, type PartFamily, type ProcessKey } from './vocab.ts';

const LOCAL = ['襄城区', '樊城区', '襄州区', '襄阳高新区', '东津新区', '枣阳市', '宜城市', '老河口市', '南漳县', '谷城县', '保康县'];
const CLUSTER = ['十堰市', '随州市'];
const OUTSIDE = ['深圳市', '宁波市', '苏州市', '重庆市'];
const BRANDS = ['恒通', '华瑞', '金鼎', '盛达', '宏图', '鑫源', '永诚', '博远', '天成', '裕丰', '嘉禾', '东昇', '瑞祥', '汉江', '隆兴', '新锐', '正泰', '明辉', '科达', '信诚'];
const PINYIN = ['Hengtong', 'Huarui', 'Jinding', 'Shengda', 'Hongtu', 'Xinyuan', 'Yongcheng', 'Boyuan', 'Tiancheng', 'Yufeng', 'Jiahe', 'Dongsheng', 'Ruixiang', 'Hanjiang', 'Longxing', 'Xinrui', 'Zhengtai', 'Minghui', 'Keda', 'Xincheng'];

type Kind = 'ready' | 'tight' | 'no_cert' | 'primary_only' | 'wrong_material' | 'too_small' | 'cluster' | 'outside' | 'trading' | 'machine_builder';
const KINDS: [Kind, number][] = [['ready', 3], ['tight', 2], ['no_cert', 2], ['primary_only', 1], ['wrong_material', 1], ['too_small', 1],
  ['cluster', 1], ['outside', 1], ['trading', 1], ['machine_builder', 1]];

interface Component { ref: string; family: PartFamily; buyer: FirmTruth; processes: ProcessKey[]; material: MaterialKey; cert: CertKey; value: number }

const ENTERPRISE_HEADER = ['uscc', 'name', 'region', 'lat', 'lng', 'chains', 'tier', 'products', 'processes', 'materials', 'certifications', 'annual_output_wan', 'employees', 'description'];
const COMPONENT_HEADER = ['ref', 'buyer_uscc', 'name', 'chain', 'materials', 'processes', 'certifications_required', 'annual_volume', 'unit', 'annual_value_wan', 'current_supplier', 'current_supplier_region', 'criticality', 'description'];

function holdsCert(held: CertKey[], required: CertKey): boolean {
  return held.includes(required) || held.some((h) => INCLUDES[h]?.includes(required));
}

/** The labelling rules applied to the keys: the label a careful buyer would give. */
export function labelOf(c: Component, f: FirmTruth): number {
  if (f.uscc === c.buyer.uscc || f.regionKind !== 'local' || f.trading) return 0;
  const family = MATERIALS[c.material].family;
  if (!f.processes.includes(c.processes[0]!) || !f.materials.some((m) => MATERIALS[m].family === family)) return 0;
  const ratio = f.output / c.value;
  if (ratio < 0.5) return 0;
  const all = c.processes.every((p) => f.processes.includes(p));
  const cert = holdsCert(f.certs, c.cert);
  if (all && cert) return ratio >= 2 ? 3 : 2;
  return all || cert ? 1 : 0;
}

export function generateSecondWorld(seed = 7) {
  const rng = Rng.derive(seed, 'second-world');
  const firms: FirmTruth[] = [];
  const components: Component[] = [];
  const names = new Set<string>();
  let serial = 0;
  const uscc = (prefix: string) => withUsccCheck(`91${prefix}${String(++serial).padStart(9, '0')}`.slice(0, 17));
  const place = (kind: 'local' | 'cluster' | 'outside') => {
    const region = rng.pick(kind === 'local' ? LOCAL : kind === 'cluster' ? CLUSTER : OUTSIDE);
    return { region, regionKind: kind, code: kind === 'local' ? '420600' : kind === 'cluster' ? '420300' : '440300' };
  };
  const leaders = new Map<string, FirmTruth>();
  const leaderOf = (family: PartFamily): FirmTruth => {
    const known = leaders.get(family.chain);
    if (known) return known;
    const i = rng.int(0, BRANDS.length - 1);
    const p = place('local');
    const leader: FirmTruth = {
      uscc: uscc(p.code), name: `襄阳${BRANDS[i]}${family.chain.replace('产业链', '')}集团有限公司`, nameEn: null, ...p, tier: '链主企业',
      chain: family.chain, products: [family.parts[0]!], processes: [family.processes[0]!], materials: [family.materials[0]!], certs: [family.cert],
      output: rng.int(300_000, 2_000_000), trading: false, machineBuilder: false, style: 'columns',
    };
    leaders.set(family.chain, leader);
    firms.push(leader);
    return leader;
  };

  FAMILIES.forEach((family, fi) => {
    const buyer = leaderOf(family);
    const base = rng.int(family.value[0], family.value[1]);
    for (let k = 0; k < 2; k++) {
      const value = Math.round(base * (1 + 0.4 * rng.next()) * 10) / 10;
      components.push({ ref: `S${String(fi * 2 + k + 1).padStart(3, '0')}`, family, buyer, processes: family.processes, material: rng.pick(family.materials), cert: family.cert, value });
    }
    const maxValue = Math.max(...components.slice(-2).map((c) => c.value));
    const minValue = Math.min(...components.slice(-2).map((c) => c.value));
    for (const [kind, count] of KINDS) {
      for (let n = 0; n < count; n++) {
        const f = makeFirm(rng, family, kind, { maxValue, minValue }, uscc, place);
        // Names stay unique, as in a real register: a clash becomes a numbered branch.
        for (let k = 2; names.has(f.name); k++) f.name = f.name.replace(/(有限公司|商行|Co\., Ltd\.)$/, `第${k}分公司$1`);
        names.add(f.name);
        if (f.nameEn) f.nameEn = f.name;
        firms.push(f);
      }
    }
  });
  return { firms, components };
}

function makeFirm(rng: Rng, family: PartFamily, kind: Kind, values: { maxValue: number; minValue: number },
  uscc: (prefix: string) => string, place: (k: 'local' | 'cluster' | 'outside') => { region: string; regionKind: 'local' | 'cluster' | 'outside'; code: string }): FirmTruth {
  const p = place(kind === 'cluster' ? 'cluster' : kind === 'outside' ? 'outside' : 'local');
  const b = rng.int(0, BRANDS.length - 1);
  const english = rng.chance(0.25);
  let processes: ProcessKey[] = kind === 'primary_only' ? [family.processes[0]!] : [...family.processes];
  let materials: MaterialKey[] = [rng.pick(family.materials)];
  let certs: CertKey[] = rng.chance(0.3) && family.cert === 'iso9001' ? ['iatf'] : [family.cert];
  let output = values.maxValue * (2.5 + rng.next() * 40);
  if (kind === 'tight') output = values.minValue * (0.8 + rng.next() * 0.9);
  if (kind === 'too_small') output = values.minValue * (0.05 + rng.next() * 0.35);
  if (kind === 'no_cert') certs = family.cert === 'iso9001' ? [] : rng.chance(0.5) ? ['iso9001'] : [];
  if (kind === 'wrong_material') {
    const families = new Set(family.materials.map((m) => MATERIALS[m].family));
    materials = [rng.pick((Object.keys(MATERIALS) as MaterialKey[]).filter((m) => !families.has(MATERIALS[m].family)))];
  }
  let trading = false;
  let machineBuilder = false;
  if (kind === 'trading') { trading = true; processes = []; output = values.maxValue * (1 + rng.next() * 10); }
  if (kind === 'machine_builder') { machineBuilder = true; processes = ['sheet', 'assembly']; materials = ['steel_carbon']; }
  // Some capable firms carry one unrelated trade as well, as real registers do.
  if (!trading && !machineBuilder && rng.chance(0.3)) processes.push(rng.pick(Object.keys(PROCESSES) as ProcessKey[]));
  const trade = machineBuilder ? '机械设备' : trading ? rng.pick(['商贸', '进出口', '物资']) : family.trade;
  const name = english
    ? `Xiangyang ${PINYIN[b]} ${machineBuilder ? 'Machinery' : trading ? 'Industrial Supply Trading' : family.tradeEn} Co., Ltd.`
    : `${p.regionKind === 'local' ? '襄阳' : p.region.replace('市', '')}${BRANDS[b]}${trade}${trading && rng.chance(0.3) ? '商行' : '有限公司'}`;
  return {
    uscc: uscc(p.code), name, nameEn: english ? name : null, ...p, tier: rng.pick(['专精特新', '中小企业', '核心企业']),
    chain: family.chain, products: [rng.pick(family.parts)], processes: [...new Set(processes)], materials, certs,
    output: Math.round(output * 10) / 10, trading, machineBuilder,
    style: rng.weighted(['columns', 'text', 'mixed'] as const, [45, 30, 25]), machineOf: machineBuilder ? family.processes[0] : undefined,
  };
}

export function writeSecondWorld(dir: string, seed = 7): { firms: number; components: number; labels: number } {
  const rng = Rng.derive(seed, 'render');
  const { firms, components } = generateSecondWorld(seed);
  mkdirSync(dir, { recursive: true });
  const enterpriseRows = firms.map((f) => {
    const d = describeFirm(f, rng);
    // No coordinates: the engine must fall back to the region's.
    return [f.uscc, f.name, f.region, '', '', f.chain, f.tier, d.products, d.processes, d.materials, d.certifications, String(f.output),
      String(rng.int(20, 3000)), d.description];
  });
  writeFileSync(join(dir, 'enterprises.csv'), [ENTERPRISE_HEADER, ...enterpriseRows].map(csvLine).join(''));
  const componentRows = components.map((c) => {
    const procWords = c.processes.map((p) => rng.pick(PROCESSES[p]));
    const mat = rng.pick(MATERIALS[c.material].words);
    const cert = rng.pick(CERTIFICATES[c.cert]);
    const inText = rng.chance(0.25);
    const description = inText ? `${c.family.parts[0]}，材质${mat}，工艺：${procWords.join('+')}，供应商须具备${cert}。` : `${c.family.parts[0]}，年需求稳定。`;
    return [c.ref, c.buyer.uscc, rng.pick(c.family.parts), c.family.chain, inText ? '' : mat, inText ? '' : procWords.join(';'), inText ? '' : cert,
      String(rng.int(1000, 200000)), '件', String(c.value), '外地某公司', '上海市', '高', description];
  });
  writeFileSync(join(dir, 'components.csv'), [COMPONENT_HEADER, ...componentRows].map(csvLine).join(''));
  const labels: string[][] = [];
  for (const c of components) for (const f of firms) { const l = labelOf(c, f); if (l > 0) labels.push([c.ref, f.uscc, String(l)]); }
  writeFileSync(join(dir, 'labels.csv'), [['component_ref', 'supplier_uscc', 'relevance'], ...labels].map(csvLine).join(''));
  return { firms: firms.length, components: components.length, labels: labels.length };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { seed: { type: 'string', default: '7' } } });
  if (!positionals[0]) { console.error('usage: npx tsx scripts/eval/second-world/generate.ts OUT_DIR [--seed N]'); process.exit(2); }
  const counts = writeSecondWorld(positionals[0], Number(values.seed));
  console.log(`wrote ${counts.firms} enterprises, ${counts.components} components, ${counts.labels} labels to ${positionals[0]}`);
}
