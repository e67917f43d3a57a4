/**
 * Scores the matching engine on a labelled world (the four import files plus labels.csv: component_ref, uscc, label 0–3):
 * imports DIR through the project's importer into a fresh in-memory database, ranks every
 * component in scope 'local', and compares with labels.csv — and does the same for the
 * keyword baseline in the same run, so the two figures are always comparable.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../db/client.ts';
import { formatProblem, importFiles } from '../../server/import/index.ts';
import { getLexicon } from '../../search/lexicon.ts';
import { loadMatchingIndex } from '../../server/matching/load.ts';
import type { CandidateMark, Grade, RankedSupplier } from '../../server/matching/types.ts';
import type { MatchingConfig } from '../../server/matching/weights.ts';
import { KeywordIndex } from './keyword-baseline.ts';
import type { ProjectSearch } from './search-baseline.ts';
import { readLabels, readMarks, worldFiles } from './world-files.ts';

export { readLabels, worldFiles } from './world-files.ts';
import { figuresOf, meanFigures, type Figures } from './metrics.ts';

export interface TopEntry { uscc: string; name: string; label: number; grade: Grade | '—'; score: number | null; note: string }
export interface ComponentEvaluation { ref: string; name: string; chain: string; engine: Figures; baseline: Figures; search: Figures; top: TopEntry[] }
export interface GradeHits { inTop10: number; total: number }

export interface WorldEvaluation {
  dir: string;
  componentsRanked: number;
  evaluated: ComponentEvaluation[];
  engine: Figures;
  /** plain BM25 over character bigrams of the firm profiles */
  baseline: Figures;
  /** the project's search box (search/, embedded index) with the same query; null when it cannot run */
  search: Figures | null;
  searchUnavailable: string | null;
  /** label 3/2/1 → how many such suppliers the top 10 holds, of all labelled so */
  hits: { engine: Record<1 | 2 | 3, GradeHits>; baseline: Record<1 | 2 | 3, GradeHits>; search: Record<1 | 2 | 3, GradeHits> };
  /** [label 0–3][grade index none, cultivate, tight, ready] over every local candidate the engine ranked */
  gradeMatrix: number[][];
  problems: string[];
  seconds: { load: number; index: number; rank: number };
  /** buyers' 「不合适」 marks read from the world's marks.csv and applied to the ranking, by reason */
  marks: Record<string, number>;
}

const GRADE_INDEX: Record<Grade, number> = { none: 0, cultivate: 1, tight: 2, ready: 3 };

export interface EvaluateOptions {
  config?: MatchingConfig;
  /** only the components whose ref this accepts (a world's tuning or held-out part); all when absent */
  refs?: (ref: string) => boolean;
  /** labels.csv elsewhere than in DIR (the demo city keeps its world in db/demo, its labels in tests/fixtures/dev-world) */
  labelsFile?: string;
}

export async function evaluateWorld(dir: string, opts: EvaluateOptions = {}): Promise<WorldEvaluation> {
  const labelsFile = opts.labelsFile ?? join(dir, 'labels.csv');
  if (!existsSync(labelsFile)) throw new Error(`${labelsFile} is missing`);
  const labels = readLabels(labelsFile);
  const database = openDatabase(':memory:');
  try {
    const t0 = performance.now();
    const now = Date.parse('2026-11-27T00:00:00Z');
    const report = importFiles(database.sqlite, worldFiles(dir), { now, skipInvalid: true, source: 'eval' });
    const problems = report.problems.filter((p) => p.severity === 'error').map(formatProblem);
    const t1 = performance.now();
    const index = loadMatchingIndex(database.sqlite, getLexicon());
    const t2 = performance.now();

    const firms = database.sqlite.prepare<[], { id: number; uscc: string; name: string; products: string; processes: string; materials: string; certifications: string; description: string; kind: string }>(`select e.id, e.uscc, e.name, e.products, e.processes, e.materials, e.certifications, e.description,
      coalesce(r.kind, 'outside') as kind from enterprises e left join regions r on r.code = e.region_code`).all();
    const firmById = new Map(firms.map((f) => [f.id, f]));
    // Loaded on demand: a search module under construction must not stop the engine's evaluation.
    let search: ProjectSearch | null = null;
    let searchUnavailable: string | null = null;
    try {
      const { projectSearch } = await import('./search-baseline.ts');
      search = await projectSearch(database.sqlite, new Date(now).toISOString().slice(0, 10));
    } catch (err) {
      searchUnavailable = (err as Error).message.split('\n')[0] ?? 'unavailable';
    }
    const keyword = new KeywordIndex();
    for (const f of firms) keyword.add(f.id, [f.name, f.products, f.processes, f.materials, f.certifications, f.description].join(' '));
    const components = (database.sqlite.prepare<[], { id: number; ref: string; name: string; buyerId: number; materials: string; processes: string; certs: string; chain: string }>(`select id, ref, name, buyer_id as buyerId, materials, processes,
      certifications_required as certs, coalesce(chain_id, '') as chain from components order by ref`).all())
      .filter((c) => !opts.refs || opts.refs(c.ref));

    // buyers' 「不合适」 marks (marks.csv: component_ref, supplier_uscc, reason), applied as the live ranking applies them
    const marks = readMarks(join(dir, 'marks.csv'));
    const firmByUscc = new Map(firms.map((f) => [f.uscc, f.id]));
    const marksOf = (ref: string) => new Map([...(marks.get(ref) ?? new Map<string, CandidateMark>())]
      .flatMap(([uscc, m]) => (firmByUscc.has(uscc) ? [[firmByUscc.get(uscc)!, m] as const] : [])));
    const markCount: Record<string, number> = {};
    for (const byFirm of marks.values()) for (const m of byFirm.values()) markCount[m.reason] = (markCount[m.reason] ?? 0) + 1;
    const hits = { engine: emptyHits(), baseline: emptyHits(), search: emptyHits() };
    const gradeMatrix = [0, 1, 2, 3].map(() => [0, 0, 0, 0]);
    const evaluated: ComponentEvaluation[] = [];
    let rankSeconds = 0;
    for (const c of components) {
      const request = index.component(c.id);
      if (!request) continue;
      const started = performance.now();
      const ranked = index.rank(request, { scope: 'local', config: opts.config, marks: marksOf(c.ref) });
      rankSeconds += (performance.now() - started) / 1000;
      const own = labels.get(c.ref) ?? new Map<string, number>();
      const rel = (uscc: string) => own.get(uscc) ?? 0;
      for (const s of ranked) (gradeMatrix[rel(s.uscc)] as number[])[GRADE_INDEX[s.grade]]! += 1;
      const all = [...own.values()];
      if (!all.some((r) => r >= 2)) continue;
      const engineRels = ranked.map((s) => rel(s.uscc));
      const query = [c.name, c.materials, c.processes, c.certs].join(' ').replace(/[;；、,，]/g, ' ');
      const baseIds = keyword.search(query, (id) => id !== c.buyerId && firmById.get(id)?.kind === 'local');
      const baseRels = baseIds.map((id) => rel(firmById.get(id)!.uscc));
      const searchRels = search ? search.search(query, firmById.get(c.buyerId)?.uscc ?? '', 20).map(rel) : [];
      countHits(hits.engine, engineRels, all);
      countHits(hits.baseline, baseRels, all);
      countHits(hits.search, searchRels, all);
      evaluated.push({
        ref: c.ref, name: c.name, chain: c.chain, engine: figuresOf(engineRels, all), baseline: figuresOf(baseRels, all), search: figuresOf(searchRels, all),
        top: ranked.slice(0, 5).map((s) => topEntry(s, rel(s.uscc))),
      });
    }
    return {
      dir, componentsRanked: components.length, evaluated, hits, gradeMatrix, problems,
      engine: meanFigures(evaluated.map((e) => e.engine)), baseline: meanFigures(evaluated.map((e) => e.baseline)),
      search: search ? meanFigures(evaluated.map((e) => e.search)) : null, searchUnavailable,
      seconds: { load: (t1 - t0) / 1000, index: (t2 - t1) / 1000, rank: rankSeconds }, marks: markCount,
    };
  } finally {
    database.close();
  }
}

function topEntry(s: RankedSupplier, label: number): TopEntry {
  return { uscc: s.uscc, name: s.name, label, grade: s.grade, score: s.score, note: (s.missing.length ? s.missing : s.reasons).slice(0, 3).join('；') };
}

function emptyHits(): Record<1 | 2 | 3, GradeHits> {
  return { 1: { inTop10: 0, total: 0 }, 2: { inTop10: 0, total: 0 }, 3: { inTop10: 0, total: 0 } };
}

function countHits(into: Record<1 | 2 | 3, GradeHits>, ranked: number[], all: number[]): void {
  for (const g of [1, 2, 3] as const) {
    into[g].total += all.filter((r) => r === g).length;
    into[g].inTop10 += ranked.slice(0, 10).filter((r) => r === g).length;
  }
}
