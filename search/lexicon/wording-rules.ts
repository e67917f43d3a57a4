/**
 * Small wording conventions of spreadsheets: placeholders meaning "nothing", generic prefixes and
 * suffixes that do not change what a cell names ('激光切割加工' is 激光切割, 'ISO9001认证证书' is
 * ISO 9001), and a best guess of the kind of a wording nobody knows.
 */
import { normalizeWording } from './normalize.ts';
import type { ConceptKind } from './types.ts';

const NULL_WORDINGS = new Set(
  ['无', '暂无', '没有', '空', '未填', '不详', '未提供', '待定', '其他', '其它', 'n/a', 'na', 'none', 'null', 'nil'].map(normalizeWording),
);

export function isNullWording(key: string): boolean {
  return NULL_WORDINGS.has(key);
}

const PREFIXES = ['承接', '提供', '专业', '具备', '拥有', '通过', '各类', '各种', '从事'];
const SUFFIXES: Record<ConceptKind, string[]> = {
  process: ['加工服务', '加工', '工艺', '能力', '服务', '业务', '生产', '件'],
  material: ['原材料', '材料', '材质', '原料', '类'],
  certification: ['认证证书', '体系认证', '认证', '证书', '资质', '体系'],
  part: ['零部件', '总成', '组件', '零件', '配件', '产品', '类'],
};

/** Shorter readings of a key with one generic prefix and/or suffix removed, longest first. */
export function affixStems(key: string, kind: ConceptKind): string[] {
  const stems = [key];
  for (const p of PREFIXES) if (key.startsWith(p) && key.length > p.length + 1) stems.push(key.slice(p.length));
  const out: string[] = stems.slice(1);
  for (const stem of stems) {
    for (const s of SUFFIXES[kind]) if (stem.endsWith(s) && stem.length > s.length + 1) out.push(stem.slice(0, -s.length));
  }
  return out;
}

export function guessKind(key: string): ConceptKind {
  if (/(认证|证书|体系|资质|许可证?)$/.test(key) || /^(iso|gb|en|as|iec|ul|gjb)\d/.test(key)) return 'certification';
  if (/(加工|工艺|成型|成形|处理|焊接?|装配|组装|制造|合成|铸造|锻造?|冲压|涂装|喷涂|电镀|切割)$/.test(key)) return 'process';
  if (/(钢|铁|铝|铜|合金|塑料|橡胶|树脂|纤维|面料|材料|料|材|胶|粉|剂|液|布|纱)$/.test(key)) return 'material';
  return 'part';
}
