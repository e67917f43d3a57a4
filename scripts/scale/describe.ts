import type { Firm } from './context.ts';
import type { Rng } from './prng.ts';
import { englishProcessWord, type ProcessKey } from './vocab/index.ts';

export interface DescribeInput {
  firm: Firm;
  products: string[];
  processWords: string[];
  processKeys: ProcessKey[];
  materialWords: string[];
  /** Capabilities only the description mentions. */
  hiddenProcesses: string[];
  /** Certificates the row lists plus those only the description mentions. */
  certWords: string[];
  /** Some certificate is missing from the column, so the text must name it. */
  certsOnlyInText: boolean;
  unit: string;
  /** Yearly capacity in `unit`. */
  capacity: number;
}

const join = (words: string[]): string => words.join('、');

/** 「通过IATF 16949认证」 reads right; 「通过汽车质量管理体系认证认证」 does not. */
function certPhrase(words: string[]): string {
  const last = words[words.length - 1] ?? '';
  const tail = /(认证|证|资质|条件|备案|规范)$/.test(last) ? '' : '认证';
  return `${join(words)}${tail}`;
}

function opening(input: DescribeInput, rng: Rng): string {
  const { firm, products, processWords } = input;
  const procs = processWords.length > 0 ? join(processWords) : '';
  const prods = products.length > 0 ? join(products) : '';
  if (firm.tier === '链主企业') {
    const chain = firm.chains[0]!.name;
    return `${firm.name}是襄阳市${chain}链主企业，主要生产${prods}，年产能约${input.capacity}${input.unit}，带动本地配套企业${rng.int(30, 400)}家。`;
  }
  if (procs && rng.chance(0.03)) {
    // The odd English profile; its ASCII commas exercise CSV quoting.
    const english = input.processKeys.map(englishProcessWord).join(', ');
    return `Specialised in ${english}, serving OEM customers${prods ? `; main products: ${prods}` : ''}. `;
  }
  const form = rng.int(0, 3);
  if (form === 0 || !prods) return procs ? `公司专业从事${procs}，${prods ? `主要产品包括${prods}。` : ''}` : `公司主要生产${prods || '各类配套产品'}。`;
  if (form === 1) {
    const year = rng.int(1985, 2022);
    return `${firm.name}成立于${year}年，位于${firm.region.name}，主营${prods}的研发、生产和销售${procs ? `，具备${procs}能力` : ''}。`;
  }
  if (form === 2 && procs) {
    return `主要从事${prods}生产，拥有${rng.int(2, 12)}条${processWords[0]}生产线，年产能约${input.capacity}${input.unit}。`;
  }
  return `主要产品为${prods}${input.materialWords.length > 0 ? `，常用材料${join(input.materialWords)}` : ''}${procs ? `，工艺涵盖${procs}` : ''}。`;
}

export function manufacturerDescription(input: DescribeInput, rng: Rng): string {
  let text = opening(input, rng);
  for (const hidden of input.hiddenProcesses) {
    text += rng.pick([`另具备${hidden}能力。`, `可对外提供${hidden}外协加工。`, `公司专业从事${hidden}，`, `配备${hidden}生产线。`]);
  }
  if (input.certWords.length > 0 && (input.certsOnlyInText || rng.chance(0.6))) text += `已通过${certPhrase(input.certWords)}。`;
  if (input.firm.tier === '专精特新' && rng.chance(0.4)) {
    text += rng.pick(['国家级专精特新"小巨人"企业。', '湖北省专精特新中小企业。', '国家级专精特新“小巨人”企业。']);
  }
  if (rng.chance(0.15)) text += rng.pick(['为本地链主企业提供二级配套。', '产品配套国内多家主机厂。', '产品远销东南亚及欧洲市场。', '拥有省级企业技术中心。']);
  if (input.processWords.length > 0 && rng.chance(0.005)) {
    text += `\n主要设备：${input.processWords[0]}设备${rng.int(3, 40)}台（套）`;
  }
  return text;
}

export function tradingDescription(input: DescribeInput, rng: Rng): string {
  const prods = input.products.length > 0 ? join(input.products) : '工业品';
  const material = input.materialWords[0];
  const forms = [
    `主营${prods}的销售与代理，提供仓储物流服务。`,
    `专业代理${prods}，为客户提供现货供应及配送服务。`,
    `${prods}授权经销商，现货充足，可当天发货。`,
  ];
  if (material) forms.push(`${material}现货经销商，常备库存${rng.int(50, 3000)}吨，代理多个品牌。`);
  let text = rng.pick(forms);
  if (input.certWords.length > 0 && (input.certsOnlyInText || rng.chance(0.3))) text += `所售产品供应商均通过${certPhrase(input.certWords)}。`;
  return text;
}
