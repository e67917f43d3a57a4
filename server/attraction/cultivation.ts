/**
 * The cultivation list (培育清单): local firms one step from supplying a high-value sole-source
 * part — one certificate, one secondary process, or capacity short — grouped by firm, with the
 * annual purchase value each step would unlock. Pure: parts and the engine's fits in, the list out.
 *
 * Rules:
 * - a part counts while no local firm qualifies for it (the engine grades none ready or tight);
 * - a firm is one step away when the engine's factors leave exactly one thing missing (matcher.ts
 *   `stepsOf`): the primary process and the material it has, and then one certificate, or one
 *   secondary process, or capacity (output at least a fifth of the part's value);
 * - a firm's entries are its steps, each with the parts it would unlock; its value counts each part once.
 */
import type { Step, LocalFit } from './matcher.ts';

export interface CultivationPart {
  componentId: number; ref: string; name: string; chainId: string | null; valueWan: number;
  buyerId: number; buyerName: string; buyerRegionCode: string | null;
}

export interface CultivationEntry {
  step: Step; parts: CultivationPart[]; valueWan: number;
  /** the step in one sentence (stepSentence), as the page, the workbench and the workbook say it */
  sentence: string;
}
export interface CultivationFirm { enterpriseId: number; uscc: string; name: string; entries: CultivationEntry[]; valueWan: number; partCount: number }

const QUALIFIED = new Set(['ready', 'tight']);

export function stepKey(step: Step): string {
  return step.kind === 'capacity' ? 'capacity' : `${step.kind}:${step.conceptId}`;
}

export function cultivationList(items: { part: CultivationPart; fits: LocalFit[] }[]): CultivationFirm[] {
  const firms = new Map<number, { fit: LocalFit; entries: Map<string, Omit<CultivationEntry, 'sentence'>> }>();
  for (const { part, fits } of items) {
    if (fits.some((f) => QUALIFIED.has(f.grade))) continue;
    for (const fit of fits) {
      if (fit.steps?.length !== 1) continue;
      const step = fit.steps[0]!;
      let firm = firms.get(fit.enterpriseId);
      if (!firm) firms.set(fit.enterpriseId, (firm = { fit, entries: new Map() }));
      const key = stepKey(step);
      const entry = firm.entries.get(key) ?? { step, parts: [], valueWan: 0 };
      if (!entry.parts.some((p) => p.componentId === part.componentId)) {
        entry.parts.push(part);
        entry.valueWan += part.valueWan;
      }
      firm.entries.set(key, entry);
    }
  }
  const round = (n: number) => Math.round(n * 100) / 100;
  return [...firms.values()].map(({ fit, entries }): CultivationFirm => {
    const list = [...entries.values()]
      .map((e) => ({ ...e, valueWan: round(e.valueWan), parts: e.parts.sort((a, b) => b.valueWan - a.valueWan || a.ref.localeCompare(b.ref)) }))
      .map((e): CultivationEntry => ({ ...e, sentence: stepSentence(e) }))
      .sort((a, b) => b.valueWan - a.valueWan || stepKey(a.step).localeCompare(stepKey(b.step)));
    const parts = new Map(list.flatMap((e) => e.parts).map((p) => [p.componentId, p]));
    return { enterpriseId: fit.enterpriseId, uscc: fit.uscc, name: fit.name, entries: list, partCount: parts.size,
      valueWan: round([...parts.values()].reduce((s, p) => s + p.valueWan, 0)) };
  }).sort((a, b) => b.valueWan - a.valueWan || a.uscc.localeCompare(b.uscc));
}

/** 万元 rounded to two significant figures, as a firm is told it: 约2,300万元, 约1.2亿元. */
export function approxWan(wan: number): string {
  if (wan <= 0) return '0万元';
  const digits = Math.floor(Math.log10(wan));
  const rounded = Math.round(wan / 10 ** (digits - 1)) * 10 ** (digits - 1);
  return rounded >= 10_000 ? `约${(rounded / 10_000).toLocaleString('zh-CN', { maximumFractionDigits: 1 })}亿元` : `约${Math.round(rounded).toLocaleString('zh-CN')}万元`;
}

/** What the step is, as an action: 取得IATF 16949, 补齐电镀工艺, 扩大产能. */
export function stepAction(step: Step): string {
  if (step.kind === 'certificate') return `取得${step.label}`;
  if (step.kind === 'process') return `补齐${step.label}工艺`;
  return '扩大产能';
}

/** 「取得IATF 16949后可配套3个外采件，年采购额约2,300万元」 */
export function stepSentence(entry: { step: Step; parts: unknown[]; valueWan: number }): string {
  return `${stepAction(entry.step)}后可配套${entry.parts.length}个外采件，年采购额${approxWan(entry.valueWan)}`;
}
