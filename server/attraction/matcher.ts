/**
 * The one place attraction and cultivation read the matching engine. Everything else here works
 * on `LocalFit`: a local firm's grade for a part, the engine's own words for what it lacks, and
 * the steps between it and supplying (a certificate, a secondary process, capacity). If the
 * engine's output changes shape, only this file changes.
 */
import { getLexicon } from '../../search/lexicon.ts';
import type { Grade, MatchResult, RankedSupplier, RequirementFit } from '../matching/types.ts';

/** One thing a local firm lacks for a part that it could acquire. */
export type Step =
  | { kind: 'certificate'; conceptId: string; label: string }
  | { kind: 'process'; conceptId: string; label: string }
  | { kind: 'capacity'; ratio: number };

export interface LocalFit {
  enterpriseId: number; uscc: string; name: string; grade: Grade; score: number;
  /** the engine's sentences: 「缺少IATF 16949认证」 */
  missing: string[];
  /** what stands between the firm and supplying; null when it is far off (not its trade, not its material, far too small) */
  steps: Step[] | null;
}

/**
 * Capacity is one step away when the firm's annual output is at least this share of the part's
 * annual purchase value (a fifth can be grown into by an expansion; less is another firm's job).
 */
export const CAPACITY_STEP_FLOOR = 0.2;

const label = (id: string) => getLexicon().label(id);

/** The steps between a ranked firm and supplying the part, read from the engine's factors. */
export function stepsOf(s: Pick<RankedSupplier, 'factors'>): Step[] | null {
  const f = s.factors;
  const primaryMet = f.process.primary.length === 0 ? f.process.secondary.some((p) => p.met) || f.product.fits.some((p) => p.met) : f.process.primary.every((p) => p.met);
  if (!primaryMet) return null;
  if (f.material.fits.length > 0 && !f.material.fits.some((m) => m.met)) return null;
  const steps: Step[] = [];
  const unmet = (fits: RequirementFit[]) => fits.filter((x) => !x.met);
  if (f.process.primary.length > 0) for (const p of unmet(f.process.secondary)) steps.push({ kind: 'process', conceptId: p.requirement.conceptId, label: label(p.requirement.conceptId) });
  for (const c of unmet(f.certification.fits)) steps.push({ kind: 'certificate', conceptId: c.requirement.conceptId, label: label(c.requirement.conceptId) });
  if (f.capacity.band === 'too_small') {
    if (f.capacity.ratio === null || f.capacity.ratio < CAPACITY_STEP_FLOOR) return null;
    steps.push({ kind: 'capacity', ratio: f.capacity.ratio });
  }
  return steps;
}

export function fitOf(s: RankedSupplier): LocalFit {
  return { enterpriseId: s.enterpriseId, uscc: s.uscc, name: s.name, grade: s.grade, score: s.score, missing: s.missing, steps: stepsOf(s) };
}

/** What attraction and cultivation need from the engine: every local firm it ranked for a part, best first. */
export interface MatcherPort { localFits(componentId: number): LocalFit[] }

/**
 * How many ranked local firms are read per part: the same answer the component page asks for, so
 * both share the engine's cache; where no firm qualifies the best of them are the closest ones.
 */
export const FITS_PER_PART = 20;

/** The port over the live engine (app.matching), whose answers are cached until the next write. */
export function matcherPort(matching: { componentMatches(componentId: number, scope?: 'local', limit?: number): MatchResult | undefined }): MatcherPort {
  return { localFits: (componentId) => (matching.componentMatches(componentId, 'local', FITS_PER_PART)?.matches ?? []).filter((m) => m.regionKind === 'local').map(fitOf) };
}

/**
 * Keeps each part's fits for as long as the data version it was read at holds (rankings, deals,
 * parts and firms unchanged): a write elsewhere — a listing edited, a problem raised — does not
 * make the cultivation list rank every part again. Ask `at(version)` once per request.
 */
export class FitMemo {
  private version = '';
  private fits = new Map<number, LocalFit[]>();
  constructor(private readonly port: MatcherPort) {}

  at(version: string): MatcherPort {
    if (version !== this.version) { this.version = version; this.fits = new Map(); }
    return {
      localFits: (componentId) => {
        let f = this.fits.get(componentId);
        if (!f) this.fits.set(componentId, (f = this.port.localFits(componentId)));
        return f;
      },
    };
  }
}
