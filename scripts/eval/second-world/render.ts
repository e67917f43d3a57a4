/**
 * How a second-world firm writes itself down: everything in the list columns, everything in a
 * free-text profile (Chinese or English, several sentence shapes), or a mix; trading houses in
 * the words of trade; machine builders whose products carry the very process names they do not
 * practise (「压铸机」). Wordings are drawn per firm, so two firms with one trade rarely match word for word.
 */
import type { Rng } from '../../scale/prng.ts';
import { CERTIFICATES, MATERIALS, PROCESSES, PROCESS_EN, type CertKey, type MaterialKey, type ProcessKey } from './vocab.ts';

export interface FirmTruth {
  uscc: string;
  name: string;
  nameEn: string | null;
  region: string;
  regionKind: 'local' | 'cluster' | 'outside';
  code: string;
  tier: string;
  chain: string;
  products: string[];
  processes: ProcessKey[];
  materials: MaterialKey[];
  certs: CertKey[];
  output: number;
  trading: boolean;
  machineBuilder: boolean;
  style: 'columns' | 'text' | 'mixed';
  machineOf?: ProcessKey;
}

export interface FirmColumns { products: string; processes: string; materials: string; certifications: string; description: string }

const zhJoin = (xs: string[]) => xs.join('、');

export function describeFirm(f: FirmTruth, rng: Rng): FirmColumns {
  const procWords = f.processes.map((p) => rng.pick(PROCESSES[p]));
  const matWords = f.materials.map((m) => rng.pick(MATERIALS[m].words));
  const certWords = f.certs.map((c) => rng.pick(CERTIFICATES[c]));
  const products = f.products.join(';');

  if (f.trading) {
    const forms = f.nameEn
      ? [`Authorized distributor of ${f.products.join(', ')} and ${matWords[0]}; ex-stock delivery nationwide.`, `We resell ${f.products.join(', ')} from leading brands, large stock available.`]
      : [`代理${zhJoin(f.products)}及${matWords[0]}，现货批发，当天发货。`, `${zhJoin(f.products)}一级经销商，常备库存，提供配送服务。`, `主要经营${zhJoin(f.products)}的进出口及批发业务。`];
    return { products, processes: '', materials: rng.chance(0.5) ? matWords.join(';') : '', certifications: rng.chance(0.3) ? certWords.join(';') : '', description: rng.pick(forms) };
  }

  if (f.machineBuilder && f.machineOf) {
    const word = PROCESSES[f.machineOf][0].replace(/件$/, '');
    const description = f.nameEn
      ? `Builder of ${PROCESS_EN[f.machineOf]} machines and production lines; also offers sheet-metal fabrication.`
      : `主要产品包括${word}机、${word}生产线设备，提供安装调试服务。`;
    return { products: `${word}机;${word}设备`, processes: procWords.join(';'), materials: matWords.join(';'), certifications: certWords.join(';'), description };
  }

  if (f.style === 'columns') {
    return { products, processes: procWords.join(';'), materials: matWords.join(';'), certifications: certWords.join(';'), description: `${f.name}成立于${rng.int(1992, 2020)}年。` };
  }

  if (f.style === 'mixed') {
    const [first, ...rest] = procWords;
    let text = `公司主营${zhJoin(f.products)}。`;
    if (rest.length > 0) text += `另具备${zhJoin(rest)}能力。`;
    if (certWords.length > 0) text += `已获${zhJoin(certWords)}。`;
    return { products, processes: first ?? '', materials: matWords.join(';'), certifications: '', description: text };
  }

  const certText = certWords.length > 0;
  if (f.nameEn && rng.chance(0.7)) {
    const en = f.processes.map((p) => PROCESS_EN[p]);
    const list = en.length > 1 ? `${en.slice(0, -1).join(', ')} and ${en[en.length - 1]}` : en[0] ?? '';
    return { products: '', processes: '', materials: '', certifications: '',
      description: `We specialise in ${list} of ${f.products.join(', ')} in ${matWords.join(' and ')}.${certText ? ` Certified to ${certWords.join(', ')}.` : ''}` };
  }
  const templates = [
    () => `公司主营${zhJoin(f.products)}，具备${zhJoin(procWords)}能力，加工材质以${zhJoin(matWords)}为主${certText ? `，已通过${zhJoin(certWords)}` : ''}。`,
    () => `主要设备：${procWords[0]}生产线${rng.int(2, 6)}条；常用材料：${zhJoin(matWords)}${certText ? `；质量体系：${zhJoin(certWords)}` : ''}。${procWords.length > 1 ? `可对外提供${zhJoin(procWords.slice(1))}外协加工。` : ''}`,
    () => `拥有${zhJoin(procWords)}工艺，材料涵盖${zhJoin(matWords)}${certText ? `，取得${zhJoin(certWords)}` : ''}。产品包括${zhJoin(f.products)}。`,
  ];
  return { products: '', processes: '', materials: '', certifications: '', description: rng.pick(templates)() };
}
