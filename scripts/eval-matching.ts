/**
 * npm run eval:matching -- DIR [--worst N] [--part tuning|heldout|all]
 * A world whose README.md lists refs under 「## Held out」 is scored on its tuning part unless
 * --part says otherwise: the held-out part is for the end, not for tuning.
 * Scores the matching engine on a labelled world (DIR holds enterprises/components/listings/
 * procurement in contract format and labels.csv) against two keyword baselines measured in the
 * same run — plain BM25 over character bigrams, and the project's own search box — with the
 * component's name, materials, processes and certifications as the query: nDCG@10, P@5, R@20
 * (relevance ≥ 2), per-grade hits in the top 10, the engine's grades against the labels, and the
 * worst components with their top 5 for tuning.
 */
import { parseArgs } from 'node:util';
import { evaluateWorld, type WorldEvaluation } from './eval/evaluate.ts';
import { meanFigures, type Figures } from './eval/metrics.ts';
import { heldOutRefs } from './eval/world-files.ts';
import { getLexicon } from '../search/lexicon.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { worst: { type: 'string', default: '5' }, part: { type: 'string', default: 'tuning' } } });
const dir = positionals[0];
if (!dir || !['tuning', 'heldout', 'all'].includes(values.part)) {
  console.error('usage: npm run eval:matching -- DIR [--worst N] [--part tuning|heldout|all]');
  process.exit(2);
}
const heldOut = heldOutRefs(dir);
const part = heldOut.size === 0 ? 'all' : values.part;
const refs = part === 'all' ? undefined : part === 'heldout' ? (ref: string) => heldOut.has(ref) : (ref: string) => !heldOut.has(ref);

const pct = (x: number) => x.toFixed(3);
const line = (name: string, f: Figures) =>
  `${name.padEnd(18)} nDCG@10 ${pct(f.ndcg10)}   P@5 ${pct(f.p5)}   R@20 ${pct(f.r20)}   (P@5 of what is reachable ${pct(f.p5Capped)})`;

function print(e: WorldEvaluation, worst: number): void {
  console.log(`world: ${e.dir}`);
  if (e.problems.length > 0) console.log(`import problems (rows skipped): ${e.problems.length}\n  ${e.problems.slice(0, 5).join('\n  ')}`);
  console.log(`components ranked: ${e.componentsRanked}; evaluated (with a supplier of relevance ≥ 2): ${e.evaluated.length}`);
  console.log(`import ${e.seconds.load.toFixed(2)} s, index ${e.seconds.index.toFixed(2)} s, ranking ${(e.seconds.rank * 1000).toFixed(0)} ms in all\n`);
  if (heldOut.size > 0) console.log(`part: ${part === 'tuning' ? `tuning (the ${heldOut.size} held-out components left out; --part heldout at the end)` : part === 'heldout' ? `held out (${heldOut.size} components)` : 'all components'}\n`);
  const markTotal = Object.values(e.marks).reduce((a, b) => a + b, 0);
  console.log(`buyers' 「不合适」 marks applied (marks.csv): ${markTotal}${markTotal ? ` (${Object.entries(e.marks).map(([r, n]) => `${r} ${n}`).join(', ')})` : ''}`);
  console.log(line('matching engine', e.engine));
  console.log(line('keyword BM25', e.baseline));
  console.log(e.search ? line('project search', e.search) : `project search     unavailable (${e.searchUnavailable})`);
  console.log(`P@5 of a perfect ranking on this world: ${pct(e.engine.p5Ideal)} (components with fewer than 5 relevant suppliers cap it)`);
  console.log('\nper chain (nDCG@10): components | engine | keyword BM25 (local firms) | engine − BM25');
  for (const c of perChain(e)) console.log(`  ${c.name.padEnd(8, '　')} ${String(c.n).padStart(3)} | ${pct(c.engine)} | ${pct(c.baseline)} | ${c.engine - c.baseline >= 0 ? '+' : ''}${(c.engine - c.baseline).toFixed(3)}`);
  console.log('\nlabelled suppliers in the top 10 (engine | keyword BM25 | project search):');
  for (const g of [3, 2, 1] as const) {
    const [a, b, c] = [e.hits.engine[g], e.hits.baseline[g], e.hits.search[g]];
    console.log(`  relevance ${g}: ${a.inTop10}/${a.total} | ${b.inTop10}/${b.total} | ${e.search ? `${c.inTop10}/${c.total}` : '—'}`);
  }
  console.log('\nengine grade by label (every local candidate ranked):');
  console.log('  label     none  cultivate  tight  ready');
  e.gradeMatrix.forEach((row, label) => console.log(`  ${label}      ${row.map((n, i) => String(n).padStart([4, 10, 6, 6][i] as number)).join(' ')}`));
  const ordered = [...e.evaluated].sort((a, b) => a.engine.ndcg10 - b.engine.ndcg10 || a.engine.p5Capped - b.engine.p5Capped || a.engine.r20 - b.engine.r20).slice(0, worst);
  console.log(`\nworst ${ordered.length} components:`);
  for (const c of ordered) {
    console.log(`  ${c.ref} ${c.name}: nDCG@10 ${pct(c.engine.ndcg10)} P@5 ${pct(c.engine.p5)} (BM25 ${pct(c.baseline.ndcg10)}${e.search ? `, search ${pct(c.search.ndcg10)}` : ''})`);
    for (const t of c.top) console.log(`    [${t.label}] ${t.grade.padEnd(9)} ${String(t.score).padStart(5)} ${t.name} — ${t.note}`);
  }
}

function perChain(e: WorldEvaluation): { name: string; n: number; engine: number; baseline: number }[] {
  const groups = new Map<string, WorldEvaluation['evaluated']>();
  for (const c of e.evaluated) groups.set(c.chain, [...(groups.get(c.chain) ?? []), c]);
  return [...groups].map(([chain, list]) => ({
    name: getLexicon().chain(chain)?.name ?? (chain || '（未填）'), n: list.length,
    engine: meanFigures(list.map((c) => c.engine)).ndcg10, baseline: meanFigures(list.map((c) => c.baseline)).ndcg10,
  })).sort((a, b) => a.engine - a.baseline - (b.engine - b.baseline));
}

print(await evaluateWorld(dir, { refs }), Number(values.worst));
