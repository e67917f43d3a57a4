/**
 * The dispatch report as tables: one sheet each in XLSX, one block each (separated by an empty
 * line) in a CSV that starts with a UTF-8 BOM, because Excel reads a CSV without one in the
 * local ANSI code page and garbles the Chinese.
 */
import { STAGE_LABEL } from '../deals/stages.ts';
import { cityDate } from '../clock.ts';
import { writeXlsx, type XlsxCell } from '../import/xlsx.ts';
import type { DispatchReport } from './dispatch.ts';
import { CATEGORY_LABEL, isOverdue, STATUS_LABEL } from './statuses.ts';

export interface ReportTable { name: string; headers: string[]; rows: XlsxCell[][] }

const CRITICALITY = { high: '高', medium: '中', low: '低' } as const;

export function dispatchTables(r: DispatchReport): ReportTable[] {
  const f = r.figures;
  return [
    { name: '概况', headers: ['项目', '数值'], rows: [
      ['产业链', r.chain.name], ['季度', `${r.quarter.year}年第${r.quarter.quarter}季度`], ['统计日期', r.today],
      ['未销号问题', f.open], ['逾期问题', f.overdue], ['本季度新提出', f.raised], ['本季度销号', f.closed],
      ['平均办结天数', f.avgDaysToClose], ['进行中商机', r.deals.length], ['唯一来源缺口', r.gaps.length],
    ] },
    { name: '未销号问题', headers: ['问题编号', '类别', '标题', '企业', '区县', '状态', '承办部门', '办理期限', '是否逾期', '提出日期'],
      rows: r.problems.map((p) => [p.ref, CATEGORY_LABEL[p.category], p.title, p.firmName, p.regionName, STATUS_LABEL[p.status],
        p.departmentName, p.deadline, isOverdue(p, r.today) ? '逾期' : '', cityDate(p.createdAt)]) },
    { name: '重点商机', headers: ['商机编号', '外采件/需求编号', '名称', '采购方', '供应方', '供应方所在地', '阶段', '年金额（万元）', '更新日期'],
      rows: r.deals.map((d) => [d.id, d.subjectRef, d.subjectName, d.buyerName, d.supplierName, d.supplierRegionName, STAGE_LABEL[d.stage], d.valueWan, cityDate(d.updatedAt)]) },
    { name: '唯一来源缺口', headers: ['外采件编号', '名称', '采购方', '采购方区县', '年采购额（万元）', '当前供应商', '供应商所在地', '重要程度'],
      rows: r.gaps.map((g) => [g.ref, g.name, g.buyerName, g.buyerRegionName, g.annualValueWan, g.currentSupplier, g.currentSupplierRegion, g.criticality ? CRITICALITY[g.criticality] : '']) },
  ];
}

export function dispatchXlsx(r: DispatchReport): Uint8Array {
  return writeXlsx(dispatchTables(r).map((t) => ({ name: t.name, rows: [t.headers, ...t.rows] })));
}

/** A cell as CSV: quoted when needed; text a spreadsheet would run as a formula is defused with a leading quote. */
function csvCell(v: XlsxCell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function dispatchCsv(r: DispatchReport): string {
  const blocks = dispatchTables(r).map((t) => [t.headers, ...t.rows].map((row) => row.map(csvCell).join(',')).join('\r\n'));
  return `\uFEFF${blocks.join('\r\n\r\n')}\r\n`;
}

/** A download name such as 汽车产业链-2026Q4-调度.xlsx. */
export function exportFileName(r: DispatchReport, ext: 'xlsx' | 'csv'): string {
  return `${r.chain.name}-${r.quarter.year}Q${r.quarter.quarter}-调度.${ext}`;
}
