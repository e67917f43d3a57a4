/** The dispatch report as tables: one sheet each in XLSX, one block each in the CSV (server/export). */
import { STAGE_LABEL } from '../deals/stages.ts';
import { cityDate } from '../clock.ts';
import { columns, tablesToCsv, tablesToXlsx, type ExportTable } from '../export/table.ts';
import { datedFileName, periodLabel } from '../export/file-name.ts';
import type { DispatchReport } from './dispatch.ts';
import { CATEGORY_LABEL, isOverdue, STATUS_LABEL } from './statuses.ts';

const CRITICALITY = { high: '高', medium: '中', low: '低' } as const;

export function dispatchTables(r: DispatchReport): ExportTable[] {
  const f = r.figures;
  const title = (what: string) => `${r.chain.name} · ${r.quarter.year}年第${r.quarter.quarter}季度调度 · ${what}`;
  return [
    { name: '概况', title: title('概况'), columns: columns(['项目', '数值']), rows: [
      ['产业链', r.chain.name], ['季度', `${r.quarter.year}年第${r.quarter.quarter}季度`], ['统计日期', r.today],
      ['未销号问题', f.open], ['逾期问题', f.overdue], ['本季度新提出', f.raised], ['本季度销号', f.closed],
      ['平均办结天数', f.avgDaysToClose], ['进行中商机', r.deals.length], ['唯一来源缺口', r.gaps.length],
    ] },
    { name: '未销号问题', title: title('未销号问题'), columns: columns(['问题编号', '类别', '标题', '企业', '区县', '状态', '承办部门', '办理期限', '是否逾期', '提出日期'], { 办理期限: 'date', 提出日期: 'date' }),
      rows: r.problems.map((p) => [p.ref, CATEGORY_LABEL[p.category], p.title, p.firmName, p.regionName, STATUS_LABEL[p.status],
        p.departmentName, p.deadline, isOverdue(p, r.today) ? '逾期' : '', cityDate(p.createdAt)]) },
    { name: '重点商机', title: title('重点商机'), columns: columns(['商机编号', '外采件/需求编号', '名称', '采购方', '供应方', '供应方所在地', '阶段', '年金额（万元）', '更新日期'],
      { 商机编号: 'integer', '年金额（万元）': 'wan', 更新日期: 'date' }),
      rows: r.deals.map((d) => [d.id, d.subjectRef, d.subjectName, d.buyerName, d.supplierName, d.supplierRegionName, STAGE_LABEL[d.stage], d.valueWan, cityDate(d.updatedAt)]) },
    { name: '唯一来源缺口', title: title('唯一来源缺口'), columns: columns(['外采件编号', '名称', '采购方', '采购方区县', '年采购额（万元）', '当前供应商', '供应商所在地', '重要程度'], { '年采购额（万元）': 'wan' }),
      rows: r.gaps.map((g) => [g.ref, g.name, g.buyerName, g.buyerRegionName, g.annualValueWan, g.currentSupplier, g.currentSupplierRegion, g.criticality ? CRITICALITY[g.criticality] : '']) },
  ];
}

export function dispatchXlsx(r: DispatchReport): Uint8Array {
  return tablesToXlsx(dispatchTables(r));
}

export function dispatchCsv(r: DispatchReport): string {
  return tablesToCsv(dispatchTables(r));
}

/** 汽车产业链调度_2026Q4_20261127.xlsx */
export function dispatchFileName(r: DispatchReport, ext: 'xlsx' | 'csv', at: number): string {
  return datedFileName({ title: `${r.chain.name}调度`, period: periodLabel(r.quarter.year, r.quarter.quarter), at, ext });
}
