/**
 * The four import files (enterprises, components, listings, procurement): their columns (English key and Chinese header),
 * how a file's kind is recognised, and how a header row maps onto keys.
 */
export const FILE_KINDS = ['enterprises', 'components', 'listings', 'procurement'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export interface ColumnSpec { key: string; zh: string; required?: boolean }

interface FileSpec { label: string; columns: ColumnSpec[]; nameHints: RegExp }

export const FILE_SPECS: Record<FileKind, FileSpec> = {
  enterprises: {
    label: '企业',
    nameHints: /enterprise|compan|firm|企业|名录/i,
    columns: [
      { key: 'uscc', zh: '统一社会信用代码', required: true },
      { key: 'name', zh: '企业名称', required: true },
      { key: 'region', zh: '所在区域' },
      { key: 'address', zh: '详细地址' },
      { key: 'lat', zh: '纬度' },
      { key: 'lng', zh: '经度' },
      { key: 'chains', zh: '所属产业链' },
      { key: 'tier', zh: '企业类型' },
      { key: 'products', zh: '主要产品' },
      { key: 'processes', zh: '工艺能力' },
      { key: 'materials', zh: '加工材料' },
      { key: 'certifications', zh: '资质认证' },
      { key: 'annual_output_wan', zh: '年产值（万元）' },
      { key: 'employees', zh: '员工人数' },
      { key: 'contact_name', zh: '联系人' },
      { key: 'contact_phone', zh: '联系电话' },
      { key: 'description', zh: '企业简介' },
    ],
  },
  components: {
    label: '唯一来源外采件',
    nameHints: /component|part|零部件|外采|唯一来源/i,
    columns: [
      { key: 'ref', zh: '编号', required: true },
      { key: 'buyer_uscc', zh: '采购企业信用代码', required: true },
      { key: 'name', zh: '零部件名称', required: true },
      { key: 'part_no', zh: '图号/料号' },
      { key: 'chain', zh: '所属产业链' },
      { key: 'materials', zh: '材料' },
      { key: 'processes', zh: '工艺要求' },
      { key: 'certifications_required', zh: '资质要求' },
      { key: 'annual_volume', zh: '年需求量' },
      { key: 'unit', zh: '单位' },
      { key: 'annual_value_wan', zh: '年采购额（万元）' },
      { key: 'current_supplier', zh: '现供应商' },
      { key: 'current_supplier_region', zh: '现供应商所在地' },
      { key: 'criticality', zh: '关键程度' },
      { key: 'description', zh: '说明' },
    ],
  },
  listings: {
    label: '供需信息',
    nameHints: /listing|supply|demand|供需|供应|需求/i,
    columns: [
      { key: 'ref', zh: '编号', required: true },
      { key: 'uscc', zh: '发布企业信用代码', required: true },
      { key: 'kind', zh: '类型', required: true },
      { key: 'title', zh: '标题', required: true },
      { key: 'description', zh: '详情' },
      { key: 'chain', zh: '所属产业链' },
      { key: 'quantity', zh: '数量' },
      { key: 'unit', zh: '单位' },
      { key: 'region', zh: '区域' },
      { key: 'valid_until', zh: '有效期至' },
    ],
  },
  procurement: {
    label: '采购额',
    nameHints: /procure|purchas|采购额|采购/i,
    columns: [
      { key: 'buyer_uscc', zh: '采购企业信用代码', required: true },
      { key: 'year', zh: '年度', required: true },
      { key: 'quarter', zh: '季度' },
      { key: 'total_wan', zh: '采购总额（万元）', required: true },
      { key: 'local_wan', zh: '本地采购额（万元）', required: true },
    ],
  },
};

/** Header text as compared: full-width brackets and spaces do not matter, nor case. */
export function headerKey(header: string): string {
  return header.normalize('NFKC').replace(/^\uFEFF/, '').replace(/\s+/g, '').toLowerCase();
}

export interface HeaderMapping {
  /** column index in the file → column key */
  keyAt: (string | null)[];
  unknown: { index: number; header: string }[];
  missingRequired: ColumnSpec[];
  duplicated: { index: number; header: string }[];
}

export function mapHeaders(kind: FileKind, headers: string[]): HeaderMapping {
  const byHeader = new Map<string, string>();
  for (const c of FILE_SPECS[kind].columns) {
    byHeader.set(headerKey(c.key), c.key);
    byHeader.set(headerKey(c.zh), c.key);
  }
  const seen = new Set<string>();
  const keyAt: (string | null)[] = [];
  const unknown: HeaderMapping['unknown'] = [];
  const duplicated: HeaderMapping['duplicated'] = [];
  headers.forEach((header, index) => {
    const key = byHeader.get(headerKey(header)) ?? null;
    if (key === null) {
      if (header.trim() !== '') unknown.push({ index, header });
      keyAt.push(null);
    } else if (seen.has(key)) {
      duplicated.push({ index, header });
      keyAt.push(null);
    } else {
      seen.add(key);
      keyAt.push(key);
    }
  });
  const missingRequired = FILE_SPECS[kind].columns.filter((c) => c.required && !seen.has(c.key));
  return { keyAt, unknown, missingRequired, duplicated };
}

/** The file's kind: by its name when the name says, otherwise by which spec its header fits best. */
export function detectFileKind(fileName: string, headers: string[]): FileKind | null {
  const base = fileName.replace(/^.*[\\/]/, '');
  const byName = FILE_KINDS.filter((k) => FILE_SPECS[k].nameHints.test(base));
  if (byName.length === 1) return byName[0]!;
  let best: FileKind | null = null;
  let bestScore = 0;
  for (const kind of byName.length > 1 ? byName : FILE_KINDS) {
    const m = mapHeaders(kind, headers);
    if (m.missingRequired.length > 0) continue;
    const score = m.keyAt.filter((k) => k !== null).length / FILE_SPECS[kind].columns.length;
    if (score > bestScore) { best = kind; bestScore = score; }
  }
  return best;
}
