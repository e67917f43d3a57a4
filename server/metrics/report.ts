/** The quarterly report: the dashboard's own numbers as spreadsheets (XLSX sheets, or the chain table as CSV). */
import { PIPELINE, STAGE_LABEL } from '../vocabulary.ts';
import { columns, tablesToXlsx, type ExportTable } from '../export/table.ts';
import { toCsv } from '../export/csv.ts';
import { datedFileName, periodLabel } from '../export/file-name.ts';
import type { Cell } from '../export/xlsx.ts';
import type { DashboardData } from './dashboard.ts';
import type { NearSiteFigures } from './near-site.ts';
import type { Coverage } from './coverage.ts';

const rate = (f: NearSiteFigures): Cell => (f.rate === null ? null : Math.round(f.rate * 10_000) / 100);
const period = (d: DashboardData) => (d.quarter ? `${d.year}年第${d.quarter}季度` : `${d.year}年`);

const WAN = 'wan' as const;
const CHAIN_COLUMNS = columns(['范围', '采购总额（万元）', '本地采购额（万元）', '其中新增本地化（万元）', '近地配套率（%）', '目标（%）', '唯一来源外采件', '有合格本地候选', '已进入对接', '已本地化'],
  { '采购总额（万元）': WAN, '本地采购额（万元）': WAN, '其中新增本地化（万元）': WAN, '近地配套率（%）': 'decimal', '唯一来源外采件': 'integer', '有合格本地候选': 'integer', '已进入对接': 'integer', '已本地化': 'integer' });

function chainRow(name: string, f: NearSiteFigures, c: Coverage): Cell[] {
  return [name, f.totalWan, f.localWan, f.localisedWan, rate(f), 40, c.components, c.withCandidate, c.withDeal, c.localised];
}

export function chainTable(d: DashboardData): Cell[][] {
  return [CHAIN_COLUMNS.map((c) => c.header), ...chainRows(d)];
}

function chainRows(d: DashboardData): Cell[][] {
  return [...d.chains.map((c) => chainRow(c.name, c.nearSite, c.coverage)), chainRow(`全市（${period(d)}）`, d.city, d.coverage)];
}

export function quarterlyTables(d: DashboardData): ExportTable[] {
  const title = (what: string) => `近地配套率季度报告 · ${period(d)} · ${what}`;
  return [
    { name: '产业链', title: title('分产业链'), columns: CHAIN_COLUMNS, rows: chainRows(d) },
    { name: '分季度', title: title('分季度'), columns: columns(['季度', '采购总额（万元）', '本地采购额（万元）', '近地配套率（%）'], { '采购总额（万元）': WAN, '本地采购额（万元）': WAN, '近地配套率（%）': 'decimal' }),
      rows: d.quarters.map((q) => [`${d.year}年Q${q.quarter}`, q.figures.totalWan, q.figures.localWan, rate(q.figures)]) },
    { name: '区县', title: title('分区县'), columns: columns(['区县', '链主企业数', '采购总额（万元）', '本地采购额（万元）', '近地配套率（%）'], { 链主企业数: 'integer', '采购总额（万元）': WAN, '本地采购额（万元）': WAN, '近地配套率（%）': 'decimal' }),
      rows: d.counties.map((r) => [r.name, r.nearSite.buyers, r.nearSite.totalWan, r.nearSite.localWan, rate(r.nearSite)]) },
    { name: '链主企业', title: title('分链主企业'), columns: columns(['链主企业', '统一社会信用代码', '采购总额（万元）', '本地采购额（万元）', '新增本地化（万元）', '近地配套率（%）'],
      { 统一社会信用代码: 'text', '采购总额（万元）': WAN, '本地采购额（万元）': WAN, '新增本地化（万元）': WAN, '近地配套率（%）': 'decimal' }),
      rows: d.leaders.map((l) => [l.name, l.uscc, l.nearSite.totalWan, l.nearSite.localWan, l.nearSite.localisedWan, rate(l.nearSite)]) },
    { name: '对接漏斗', title: title('对接漏斗'), columns: columns(['阶段', '商机数', '年合同额（万元）'], { 商机数: 'integer', '年合同额（万元）': WAN }),
      rows: [...PIPELINE, 'lost' as const].map((s) => {
        const f = d.funnel.find((x) => x.stage === s);
        return [STAGE_LABEL[s], f?.deals ?? 0, f?.valueWan ?? 0];
      }) },
    { name: '配套缺口', title: title('最大的本地配套缺口'), columns: columns(['编号', '外采件', '采购企业', '年采购额（万元）', '现供应地'], { '年采购额（万元）': WAN }),
      rows: d.gaps.map((g) => [g.ref, g.name, g.buyerName, g.annualValueWan, g.currentSupplierRegion]) },
  ];
}

export function quarterlyWorkbook(d: DashboardData): Uint8Array {
  return tablesToXlsx(quarterlyTables(d));
}

export function quarterlyCsv(d: DashboardData): string {
  return toCsv(chainTable(d));
}

/** 近地配套率季度报告_2026Q4_20261203.xlsx (or _2026_ for the whole year). */
export function quarterlyFileName(d: DashboardData, ext: 'xlsx' | 'csv', at: number): string {
  return datedFileName({ title: '近地配套率季度报告', period: periodLabel(d.year, d.quarter), at, ext });
}
