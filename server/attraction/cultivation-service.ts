/**
 * The cultivation list as a viewer may see it, and what a firm is told of its own entries.
 *
 * Officials see the parts canViewComponent lets them see. A firm sees only its own steps, each as
 * a sentence with a count and a value rounded to two significant figures: never which buyer,
 * which part or which supplier — those are the buyers' confidential information — and never
 * another firm's entries.
 */
import type Database from 'better-sqlite3';
import { canViewComponent, type Actor } from '../auth/policy.ts';
import { columns, tablesToXlsx } from '../export/table.ts';
import { datedFileName } from '../export/file-name.ts';
import { getLexicon } from '../../search/lexicon.ts';
import { approxWan, cultivationList, stepAction, type CultivationFirm, type CultivationPart } from './cultivation.ts';
import type { MatcherPort } from './matcher.ts';
import { loadTargetParts } from './queries.ts';

/** A part is worth cultivating for from this annual purchase value (万元) up. */
export const HIGH_VALUE_WAN = 100;
/** The largest parts only: each is ranked by the engine, so the list stays quick at city scale. */
export const MAX_PARTS = 300;

export interface CultivationFilter { chain?: string }

/** Sole-source parts no local firm is yet working on (not localised, no signed deal), largest first. */
function candidateParts(sqlite: Database.Database, visible: (p: { id: number; buyerId: number; chainId: string | null; buyerRegionCode: string | null }) => boolean, f: CultivationFilter): CultivationPart[] {
  return loadTargetParts(sqlite)
    .filter((p) => p.state === 'open' && p.supplierRegionKind !== 'local' && (p.valueWan ?? 0) >= HIGH_VALUE_WAN && (!f.chain || p.chainId === f.chain) && visible({ ...p, id: p.componentId }))
    .sort((a, b) => (b.valueWan ?? 0) - (a.valueWan ?? 0))
    .slice(0, MAX_PARTS)
    .map((p) => ({ componentId: p.componentId, ref: p.ref, name: p.name, chainId: p.chainId, valueWan: p.valueWan ?? 0, buyerId: p.buyerId, buyerName: p.buyerName, buyerRegionCode: p.buyerRegionCode }));
}

export function cultivationFor(sqlite: Database.Database, port: MatcherPort, actor: Actor, f: CultivationFilter = {}): CultivationFirm[] {
  const parts = candidateParts(sqlite, (p) => canViewComponent(actor, p), f);
  return cultivationList(parts.map((part) => ({ part, fits: port.localFits(part.componentId) })));
}

/** What a firm reads on its workbench: one sentence per step, largest first. */
export interface FirmStep { action: string; sentence: string; parts: number; valueText: string }

export function firmCultivation(list: CultivationFirm[], enterpriseId: number): FirmStep[] {
  const firm = list.find((f) => f.enterpriseId === enterpriseId);
  return (firm?.entries ?? []).map((e) => ({ action: stepAction(e.step), sentence: e.sentence, parts: e.parts.length, valueText: approxWan(e.valueWan) }));
}

/** The whole city's list (every part), for the firms' workbenches. */
export function cityCultivation(sqlite: Database.Database, port: MatcherPort): CultivationFirm[] {
  return cultivationList(candidateParts(sqlite, () => true, {}).map((part) => ({ part, fits: port.localFits(part.componentId) })));
}

/** 培育清单 as a workbook for the office that runs support programmes: one row per firm and step. */
export function cultivationWorkbook(list: CultivationFirm[], regionOf: (uscc: string) => string, at: number): { fileName: string; bytes: Uint8Array } {
  const chainName = (id: string | null) => (id ? getLexicon().chains().find((c) => c.id === id)?.name ?? id : '');
  const rows = list.flatMap((f) => f.entries.map((e) => [
    f.name, f.uscc, regionOf(f.uscc), stepAction(e.step), e.sentence, e.parts.length, e.valueWan, f.valueWan,
    e.parts.map((p) => `${p.ref} ${p.name}`).join('；'), [...new Set(e.parts.map((p) => p.buyerName))].join('；'), [...new Set(e.parts.map((p) => chainName(p.chainId)))].filter(Boolean).join('；'),
  ]));
  const bytes = tablesToXlsx([{ name: '培育清单', title: `培育清单 · 差一步即可配套唯一来源外采件的本地企业（${list.length} 家）`,
    columns: columns(['企业', '统一社会信用代码', '所在区县', '差一步', '说明', '可配套外采件数', '年采购额（万元）', '企业合计（万元）', '涉及外采件', '采购企业', '产业链'],
      { 统一社会信用代码: 'text', 可配套外采件数: 'integer', '年采购额（万元）': 'wan', '企业合计（万元）': 'wan' }), rows }]);
  return { fileName: datedFileName({ title: '培育清单', at, ext: 'xlsx' }), bytes };
}
