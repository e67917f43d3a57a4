/**
 * The four import files (enterprises, components, listings, procurement): their columns (English key and Chinese header),
 * how a file's kind is recognised, and how a header row maps onto keys.
 */
export const FILE_KINDS = ['enterprises', 'components', 'listings', 'procurement'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export interface ColumnSpec { key: string; zh: string; required?: boolean; /** other headers offices write for it */ aliases?: string[] }

interface FileSpec { label: string; columns: ColumnSpec[]; nameHints: RegExp }

export const FILE_SPECS: Record<FileKind, FileSpec> = {
  enterprises: {
    label: '企业',
    nameHints: /enterprise|compan|firm|企业|名录/i,
    columns: [
      { key: 'uscc', zh: '统一社会信用代码', required: true, aliases: ['信用代码', '社会信用代码', '统一代码'] },
      { key: 'name', zh: '企业名称', required: true, aliases: ['单位名称', '企业全称'] },
      { key: 'region', zh: '所在区域', aliases: ['所在县市区', '县市区', '所在区县', '区县', '所属区县', '县（市、区）', '所属区域', '区域', '所在地', '所在地区'] },
      { key: 'address', zh: '详细地址', aliases: ['地址', '企业地址'] },
      { key: 'lat', zh: '纬度' },
      { key: 'lng', zh: '经度' },
      { key: 'chains', zh: '所属产业链' },
      { key: 'tier', zh: '企业类型', aliases: ['企业类别'] },
      { key: 'products', zh: '主要产品' },
      { key: 'processes', zh: '工艺能力' },
      { key: 'materials', zh: '加工材料' },
      { key: 'certifications', zh: '资质认证' },
      { key: 'annual_output_wan', zh: '年产值（万元）', aliases: ['年产值', '产值（万元）'] },
      { key: 'employees', zh: '员工人数', aliases: ['从业人数', '职工人数'] },
      { key: 'contact_name', zh: '联系人' },
      { key: 'contact_phone', zh: '联系电话' },
      { key: 'description', zh: '企业简介' },
    ],
  },
  components: {
    label: '唯一来源外采件',
    nameHints: /component|part|零部件|外采|唯一来源/i,
    columns: [
      { key: 'ref', zh: '编号', required: true, aliases: ['外采件编号', '零部件编号'] },
      { key: 'buyer_uscc', zh: '采购企业信用代码', required: true, aliases: ['链主企业信用代码', '采购方信用代码'] },
      { key: 'name', zh: '零部件名称', required: true, aliases: ['外采件名称', '产品名称', '物料名称'] },
      { key: 'part_no', zh: '图号/料号' },
      { key: 'chain', zh: '所属产业链' },
      { key: 'materials', zh: '材料' },
      { key: 'processes', zh: '工艺要求' },
      { key: 'certifications_required', zh: '资质要求' },
      { key: 'annual_volume', zh: '年需求量', aliases: ['年需求数量', '年需求', '需求量', '年用量'] },
      { key: 'unit', zh: '单位', aliases: ['年需求单位', '计量单位'] },
      { key: 'annual_value_wan', zh: '年采购额（万元）', aliases: ['年采购额', '采购金额（万元）'] },
      { key: 'current_supplier', zh: '现供应商', aliases: ['现供应商名称', '现有供应商'] },
      { key: 'current_supplier_region', zh: '现供应商所在地', aliases: ['供应商所在地'] },
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
      { key: 'total_wan', zh: '采购总额（万元）', required: true, aliases: ['采购总额'] },
      { key: 'local_wan', zh: '本地采购额（万元）', required: true, aliases: ['本地采购额'] },
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
  /** column index → the money unit its header names when it is not 万元 (亿元, 元, 千元); cells are converted */
  unitAt: (string | null)[];
  unknown: { index: number; header: string }[];
  missingRequired: ColumnSpec[];
  duplicated: { index: number; header: string }[];
}

/** Columns that are not data: a row number (序号) is ignored without a warning. */
export const ROW_NUMBER_HEADERS = new Set(['序号', '行号', 'no', 'no.', '#'].map(headerKey));

const MONEY_UNIT = /^(.*?)[(（](亿元|万元|千元|元)[)）]$/;

/** A header read for its column: exact, an alias, or a money column whose unit differs from 万元. */
function lookupHeader(byHeader: Map<string, string>, money: Set<string>, header: string): { key: string; unit: string | null } | null {
  const key = byHeader.get(headerKey(header));
  if (key) return { key, unit: null };
  const m = MONEY_UNIT.exec(header.normalize('NFKC').replace(/\s+/g, ''));
  if (m) {
    const base = byHeader.get(headerKey(m[1]!));
    if (base && money.has(base)) return { key: base, unit: m[2] === '万元' ? null : m[2]! };
  }
  return null;
}

function headerIndex(kind: FileKind): { byHeader: Map<string, string>; money: Set<string> } {
  const byHeader = new Map<string, string>();
  const money = new Set<string>();
  for (const c of FILE_SPECS[kind].columns) {
    byHeader.set(headerKey(c.key), c.key);
    byHeader.set(headerKey(c.zh), c.key);
    for (const a of c.aliases ?? []) if (!byHeader.has(headerKey(a))) byHeader.set(headerKey(a), c.key);
    if (c.zh.includes('万元')) {
      money.add(c.key);
      const base = c.zh.replace(/（万元）$/, '');
      if (!byHeader.has(headerKey(base))) byHeader.set(headerKey(base), c.key);
    }
  }
  return { byHeader, money };
}

/** How many of a row's cells name a column of this kind (header-row detection). */
export function headerHits(kind: FileKind, cells: string[]): number {
  const { byHeader, money } = headerIndex(kind);
  return new Set(cells.map((c) => lookupHeader(byHeader, money, c)?.key).filter((k) => k !== undefined)).size;
}

export function mapHeaders(kind: FileKind, headers: string[]): HeaderMapping {
  const { byHeader, money } = headerIndex(kind);
  const seen = new Set<string>();
  const keyAt: (string | null)[] = [];
  const unitAt: (string | null)[] = [];
  const unknown: HeaderMapping['unknown'] = [];
  const duplicated: HeaderMapping['duplicated'] = [];
  headers.forEach((header, index) => {
    const hit = lookupHeader(byHeader, money, header);
    const key = hit?.key ?? null;
    unitAt.push(hit?.unit ?? null);
    if (key === null) {
      if (header.trim() !== '' && !ROW_NUMBER_HEADERS.has(headerKey(header))) unknown.push({ index, header });
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
  return { keyAt, unitAt, unknown, missingRequired, duplicated };
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
