/**
 * Blank files an office or a buyer fills in: per kind, an XLSX with the Chinese headers, one
 * example row, drop-down lists where a column takes fixed values (产业链, 区域, 企业类型, 类型,
 * 关键程度) and a 填表说明 sheet (what each column means, whether it is required, its rule and an
 * example); and a CSV of the same header and example. The column list is the importer's own
 * (columns.ts), so a template never drifts from what the import reads. The CSV comes from the one
 * CSV writer (UTF-8 with a byte-order mark, which Excel on a Chinese Windows opens correctly); the
 * importer also reads the GBK files Excel writes back when the sheet is saved as CSV.
 */
import { getLexicon } from '../../search/lexicon.ts';
import { writeWorkbook, type ListValidation, type NumberFormat, type Sheet } from '../export/xlsx.ts';
import { FILE_SPECS, type FileKind } from './columns.ts';
import { toCsv } from '../export/csv.ts';

interface ColumnHelp { rule: string; example: string; format?: NumberFormat; choices?: () => string[] }

const chains = () => getLexicon().chains().map((c) => c.name);
const localRegions = () => getLexicon().regions().filter((r) => r.kind === 'local').map((r) => r.name);

/** What each column means and holds, by key (shared by the kinds that have it). */
const HELP: Record<string, ColumnHelp> = {
  uscc: { rule: '18位统一社会信用代码（末位为校验位）', example: '91420600MA4F0A1B2P', format: 'text' },
  name: { rule: '企业全称或零部件名称，照实填写', example: '襄阳示例精密制造有限公司' },
  region: { rule: '本市区县（如樊城区、襄阳高新区）；市外企业填所在城市（如苏州市）', example: '樊城区', choices: localRegions },
  address: { rule: '详细地址', example: '襄阳市樊城区示例路1号' },
  lat: { rule: '纬度（可不填，按区域定位）', example: '' },
  lng: { rule: '经度（可不填，按区域定位）', example: '' },
  chains: { rule: '所属产业链，多个用「；」分隔', example: '汽车产业链', choices: chains },
  chain: { rule: '所属产业链（13 条之一）', example: '汽车产业链', choices: chains },
  tier: { rule: '链主企业、核心企业、专精特新企业、中小企业之一', example: '中小企业', choices: () => ['链主企业', '核心企业', '专精特新企业', '中小企业'] },
  products: { rule: '主要产品，多个用「；」分隔', example: '变速器壳体；转向节' },
  processes: { rule: '工艺（能力或要求），多个用「；」分隔，主工艺写在最前', example: '压铸；CNC加工' },
  materials: { rule: '材料或牌号，多个用「；」分隔', example: 'ADC12；A380' },
  certifications: { rule: '持有的资质认证，多个用「；」分隔', example: 'IATF 16949；ISO 9001' },
  certifications_required: { rule: '要求的资质认证；任一即可写「A或B」', example: 'IATF 16949' },
  annual_output_wan: { rule: '年产值，单位万元（表头写（亿元）或（元）时按该单位换算）', example: '12000', format: 'wan' },
  employees: { rule: '员工人数，整数', example: '180', format: 'integer' },
  contact_name: { rule: '联系人姓名', example: '张经理' },
  contact_phone: { rule: '手机或座机', example: '0710-1234567', format: 'text' },
  description: { rule: '企业简介或说明，照实填写；外协、认证中等情况请写明', example: '专业从事铝合金压铸及机加工，热处理外协。' },
  ref: { rule: '本单位内唯一的编号，再次导入同一编号即更新', example: 'C0001', format: 'text' },
  buyer_uscc: { rule: '采购企业（链主企业）的统一社会信用代码', example: '91420600MA4F0B3C4H', format: 'text' },
  part_no: { rule: '图号或料号', example: 'DWG-2026-001', format: 'text' },
  annual_volume: { rule: '年需求量，数字', example: '50000', format: 'integer' },
  unit: { rule: '计量单位', example: '件' },
  annual_value_wan: { rule: '年采购额，单位万元', example: '1800', format: 'wan' },
  current_supplier: { rule: '现供应商名称', example: '宁波示例实业有限公司' },
  current_supplier_region: { rule: '现供应商所在地（城市或区县）', example: '宁波市' },
  criticality: { rule: '高、中、低之一', example: '高', choices: () => ['高', '中', '低'] },
  kind: { rule: '供应或需求', example: '供应', choices: () => ['供应', '需求'] },
  title: { rule: '标题', example: '承接铝合金压铸件加工' },
  quantity: { rule: '数量，数字', example: '30000', format: 'decimal' },
  valid_until: { rule: '有效期至，日期（2027-06-30、2027年6月30日均可）；不填为 180 天', example: '2027-06-30', format: 'text' },
  year: { rule: '年度，四位数字', example: '2026', format: 'integer' },
  quarter: { rule: '季度 1–4；全年数据不填', example: '4', format: 'integer' },
  total_wan: { rule: '采购总额，单位万元', example: '250000', format: 'wan' },
  local_wan: { rule: '其中本地采购额，单位万元', example: '62000', format: 'wan' },
};

const help = (key: string): ColumnHelp => HELP[key] ?? { rule: '', example: '' };

export const TEMPLATE_KINDS = ['enterprises', 'components', 'listings', 'procurement'] as const satisfies readonly FileKind[];

/** Each column as the import page lists it: header, required, rule, example. */
export function templateColumns(kind: FileKind): { header: string; required: boolean; rule: string; example: string }[] {
  return FILE_SPECS[kind].columns.map((c) => ({ header: c.zh, required: c.required === true, rule: help(c.key).rule, example: help(c.key).example }));
}

export function templateFileName(kind: FileKind, ext: 'xlsx' | 'csv'): string {
  return `${FILE_SPECS[kind].label}导入模板.${ext}`;
}

export function templateWorkbook(kind: FileKind): Uint8Array {
  const spec = FILE_SPECS[kind];
  const validations: ListValidation[] = [];
  spec.columns.forEach((c, column) => {
    const choices = help(c.key).choices?.();
    if (choices && choices.length > 0) validations.push({ column, values: choices, allowBlank: c.required !== true, error: `请从列表中选择${c.zh}` });
  });
  const data: Sheet = {
    name: spec.label,
    columns: spec.columns.map((c) => ({ header: c.zh, format: help(c.key).format ?? 'general' })),
    rows: [spec.columns.map((c) => help(c.key).example)],
    validations,
  };
  const guide: Sheet = {
    name: '填表说明',
    title: `${spec.label}导入模板 · 填表说明（第一行示例可删除或覆盖；带 * 的列必填）`,
    columns: [{ header: '列名' }, { header: '是否必填' }, { header: '填写规则' }, { header: '示例' }],
    rows: templateColumns(kind).map((c) => [c.header, c.required ? '必填 *' : '选填', c.rule, c.example]),
  };
  return writeWorkbook([data, guide]);
}

export function templateCsv(kind: FileKind): string {
  const columns = FILE_SPECS[kind].columns;
  return toCsv([columns.map((c) => c.zh), columns.map((c) => help(c.key).example)]);
}

/** What the import pages show for a kind: its links and its columns. */
export function templateView(kind: FileKind, hrefs: { xlsx: string; csv: string }): { label: string; xlsxHref: string; csvHref: string; columns: ReturnType<typeof templateColumns> } {
  return { label: FILE_SPECS[kind].label, xlsxHref: hrefs.xlsx, csvHref: hrefs.csv, columns: templateColumns(kind) };
}
