/** The quarterly report: the dashboard's own numbers as spreadsheets (XLSX sheets, or one CSV table). */
import { writeXlsx } from '../import/xlsx.ts';
import { STAGE_LABEL, PIPELINE } from '../deals/stages.ts';
import type { DashboardData } from './dashboard.ts';
import type { NearSiteFigures } from './near-site.ts';
import type { Coverage } from './coverage.ts';

type Cell = string | number | null;
const rate = (f: NearSiteFigures): Cell => (f.rate === null ? null : Math.round(f.rate * 10_000) / 100);
const period = (d: DashboardData) => (d.quarter ? `${d.year}年第${d.quarter}季度` : `${d.year}年`);

const CHAIN_HEADER = ['范围', '采购总额（万元）', '本地采购额（万元）', '其中新增本地化（万元）', '近地配套率（%）', '目标（%）', '唯一来源外采件', '有合格本地候选', '已进入对接', '已本地化'];

function chainRow(name: string, f: NearSiteFigures, c: Coverage): Cell[] {
  return [name, f.totalWan, f.localWan, f.localisedWan, rate(f), 40, c.components, c.withCandidate, c.withDeal, c.localised];
}

export function chainTable(d: DashboardData): Cell[][] {
  return [CHAIN_HEADER, ...d.chains.map((c) => chainRow(c.name, c.nearSite, c.coverage)), chainRow(`全市（${period(d)}）`, d.city, d.coverage)];
}

export function quarterlyWorkbook(d: DashboardData): Uint8Array {
  return writeXlsx([
    { name: '产业链', rows: chainTable(d) },
    { name: '分季度', rows: [['季度', '采购总额（万元）', '本地采购额（万元）', '近地配套率（%）'], ...d.quarters.map((q) => [`${d.year}年Q${q.quarter}`, q.figures.totalWan, q.figures.localWan, rate(q.figures)])] },
    { name: '区县', rows: [['区县', '链主企业数', '采购总额（万元）', '本地采购额（万元）', '近地配套率（%）'], ...d.counties.map((r) => [r.name, r.nearSite.buyers, r.nearSite.totalWan, r.nearSite.localWan, rate(r.nearSite)])] },
    { name: '链主企业', rows: [['链主企业', '统一社会信用代码', '采购总额（万元）', '本地采购额（万元）', '新增本地化（万元）', '近地配套率（%）'],
      ...d.leaders.map((l) => [l.name, l.uscc, l.nearSite.totalWan, l.nearSite.localWan, l.nearSite.localisedWan, rate(l.nearSite)])] },
    { name: '对接漏斗', rows: [['阶段', '商机数', '年合同额（万元）'], ...[...PIPELINE, 'lost' as const].map((s) => {
      const f = d.funnel.find((x) => x.stage === s);
      return [STAGE_LABEL[s], f?.deals ?? 0, f?.valueWan ?? 0];
    })] },
    { name: '配套缺口', rows: [['编号', '外采件', '采购企业', '年采购额（万元）', '现供应地'], ...d.gaps.map((g) => [g.ref, g.name, g.buyerName, g.annualValueWan, g.currentSupplierRegion])] },
  ]);
}

/** CSV with a UTF-8 BOM so Excel on a Chinese PC opens it correctly. */
export function toCsv(rows: Cell[][]): string {
  const cell = (v: Cell) => {
    const s = v === null ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `\uFEFF${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}
