/**
 * npm run eval:matching -- DIR [--worst N]
 * Scores the matching engine on a labelled world (DIR holds enterprises/components/listings/
 * procurement in contract format and labels.csv) against a keyword baseline measured in the
 * same run: nDCG@10, P@5, R@20 (relevance ≥ 2), per-grade hits in the top 10, the engine's
 * grades against the labels, and the worst components with their top 5 for tuning.
 */
import { parseArgs } from 'node:util';
import { evaluateWorld, type WorldEvaluation } from './eval/evaluate.ts';
import type { Figures } from './eval/metrics.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { worst: { type: 'string', default: '5' } } });
const dir = positionals[0];
if (!dir) {
  console.error('usage: npm run eval:matching -- DIR [--worst N]');
  process.exit(2);
}

const pct = (x: number) => x.toFixed(3);
const line = (name: string, f: Figures) => `${name.padEnd(18)} nDCG@10 ${pct(f.ndcg10)}   P@5 ${pct(f.p5)}   R@20 ${pct(f.r20)}`;

function print(e: WorldEvaluation, worst: number): void {
  console.log(`world: ${e.dir}`);
  if (e.problems.length > 0) console.log(`import problems (rows skipped): ${e.problems.length}\n  ${e.problems.slice(0, 5).join('\n  ')}`);
  console.log(`components ranked: ${e.componentsRanked}; evaluated (with a supplier of relevance ≥ 2): ${e.evaluated.length}`);
  console.log(`import ${e.seconds.load.toFixed(2)} s, index ${e.seconds.index.toFixed(2)} s, ranking ${(e.seconds.rank * 1000).toFixed(0)} ms in all\n`);
  console.log(line('matching engine', e.engine));
  console.log(line('keyword baseline', e.baseline));
  console.log('\nlabelled suppliers in the top 10 (engine | baseline):');
  for (const g of [3, 2, 1] as const) {
    const a = e.hits.engine[g];
    const b = e.hits.baseline[g];
    console.log(`  relevance ${g}: ${a.inTop10}/${a.total} | ${b.inTop10}/${b.total}`);
  }
  console.log('\nengine grade by label (every local candidate ranked):');
  console.log('  label     none  cultivate  tight  ready');
  e.gradeMatrix.forEach((row, label) => console.log(`  ${label}      ${row.map((n, i) => String(n).padStart([4, 10, 6, 6][i] as number)).join(' ')}`));
  const ordered = [...e.evaluated].sort((a, b) => a.engine.ndcg10 - b.engine.ndcg10 || a.engine.p5 - b.engine.p5).slice(0, worst);
  console.log(`\nworst ${ordered.length} components:`);
  for (const c of ordered) {
    console.log(`  ${c.ref} ${c.name}: nDCG@10 ${pct(c.engine.ndcg10)} P@5 ${pct(c.engine.p5)} (baseline ${pct(c.baseline.ndcg10)})`);
    for (const t of c.top) console.log(`    [${t.label}] ${t.grade.padEnd(9)} ${String(t.score).padStart(5)} ${t.name} — ${t.note}`);
  }
}

print(evaluateWorld(dir), Number(values.worst));
