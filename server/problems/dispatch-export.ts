/** The dispatch report as tables: one sheet each in XLSX, one block each in the CSV (server/export). */
import { CATEGORY_LABEL, PROJECT_STAGE_LABEL, STAGE_LABEL, STATUS_LABEL, cityDate } from '../vocabulary.ts';
import { columns, tablesToCsv, tablesToXlsx, type ExportTable } from '../export/table.ts';
import { datedFileName, periodLabel } from '../export/file-name.ts';
import type { DispatchReport } from './dispatch.ts';
import { isOverdue } from './statuses.ts';

const CRITICALITY = { high: '高', medium: '中', low: '低' } as const;

export function dispatchTables(r: DispatchReport): ExportTable[] {
  const f = r.figures;
  const title = (what: string) => `${r.chain.name} · ${r.quarter.year}年第${r.quarter.quarter}季度调度 · ${what}`;
  return [
    { name: '概况', title: title('概况'), columns: columns(['项目', '数值']), rows: [
      ['产业链', r.chain.name], ['季度', `${r.quarter.year}年第${r.quarter.quarter}季度`], ['统计日期', r.today],
      ['近地配套率（%）', r.nearSite.rate === null ? null : Math.round(r.nearSite.rate * 10_000) / 100], ['近地配套率目标（%）', r.nearSite.target * 100],
      ['链主采购总额（万元）', r.nearSite.totalWan], ['本地采购额（万元）', r.nearSite.localWan],
      ['未销号问题', f.open], ['逾期问题', f.overdue], ['本季度新提出', f.raised], ['本季度销号', f.closed],
      ['平均办结天数', f.avgDaysToClose], ['进行中商机', r.deals.length], ['招商项目', r.projects.length],
      ['其中逾期项目', r.projects.filter((p) => p.overdue).length], ['唯一来源缺口', r.gaps.length],
    ] },
    { name: '未销号问题', title: title('未销号问题'), columns: columns(['问题编号', '类别', '标题', '企业', '区县', '状态', '承办部门', '办理期限', '是否逾期', '提出日期'], { 办理期限: 'date', 提出日期: 'date' }),
      rows: r.problems.map((p) => [p.ref, CATEGORY_LABEL[p.category], p.title, p.firmName, p.regionName, STATUS_LABEL[p.status],
        p.departmentName, p.deadline, isOverdue(p, r.today) ? '逾期' : '', cityDate(p.createdAt)]) },
    { name: '重点商机', title: title('重点商机'), columns: columns(['商机编号', '外采件/需求编号', '名称', '采购方', '供应方', '供应方所在地', '阶段', '年金额（万元）', '更新日期'],
      { 商机编号: 'integer', '年金额（万元）': 'wan', 更新日期: 'date' }),
      rows: r.deals.map((d) => [d.id, d.subjectRef, d.subjectName, d.buyerName, d.supplierName, d.supplierRegionName, STAGE_LABEL[d.stage], d.valueWan, cityDate(d.updatedAt)]) },
    { name: '招商项目', title: title('招商项目'), columns: columns(['项目编号', '项目名称', '招引对象/能力缺口', '阶段', '是否逾期', '包保责任人', '包保单位', '计划投资（万元）',
      '涉及外采件', '涉及年采购额（万元）', '计划签约', '计划开工', '计划投产', '投产日期'],
      { '计划投资（万元）': 'wan', 涉及外采件: 'integer', '涉及年采购额（万元）': 'wan', 计划签约: 'date', 计划开工: 'date', 计划投产: 'date', 投产日期: 'date' }),
      rows: r.projects.map((p) => [p.ref, p.title, p.targetSupplier || p.gapDescription, PROJECT_STAGE_LABEL[p.stage], p.overdue ? `逾期（计划${p.overdue.label} ${p.overdue.date}）` : '',
        p.responsibleName, p.departmentName, p.plannedInvestmentWan, p.partCount, p.valueWan, p.plannedSignDate, p.plannedStartDate, p.plannedOperationDate,
        p.operatingAt ? cityDate(p.operatingAt) : null]) },
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
