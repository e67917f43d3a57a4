/**
 * npm run bench:matching [-- --enterprises 20000 --components 5000 --samples 1000]
 * Figures for the matching engine, printed, never asserted: a scale world from
 * writeScaleWorld imported into a fresh in-memory database, then
 *  - loading the MatchingIndex (time and heap held by the engine, after a forced GC);
 *  - ranking one component (scope local, top 20 with reasons): p50 / p95 / p99 / max;
 *  - the whole answer with attraction targets (matchComponent) p95;
 *  - hybrid retrieval: the same components asked also by their name as a wording the lexicon does
 *    not know, with the text cache emptied before each (every firm's own text scanned), p50 / p95;
 *  - re-ranking every component, as after a big import;
 *  - editing 1, 10 and 1,000 firms: refreshing them, finding the components they may move, re-ranking those.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { openDatabase } from '../db/client.ts';
import { importFiles } from '../server/import/index.ts';
import { getLexicon } from '../search/lexicon.ts';
import { normalizeWording } from '../search/lexicon/normalize.ts';
import { loadMatchingIndex, refreshEnterprises } from '../server/matching/load.ts';
import { worldFiles } from './eval/world-files.ts';
import { writeScaleWorld } from './scale/world.ts';

const { values } = parseArgs({ options: {
  enterprises: { type: 'string', default: '20000' }, components: { type: 'string', default: '5000' },
  samples: { type: 'string', default: '1000' }, seed: { type: 'string', default: '1' },
} });

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;
const heapMiB = () => { gc(); gc(); return process.memoryUsage().heapUsed / 2 ** 20; };
const quantile = (xs: number[], q: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN; };
const ms = (x: number) => `${x.toFixed(2)} ms`;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'llt-match-'));
  const database = openDatabase(':memory:');
  try {
    const enterprises = Number(values.enterprises);
    const components = Number(values.components);
    await writeScaleWorld(dir, { enterprises, components, listings: 0, seed: Number(values.seed) });
    let t = performance.now();
    const report = importFiles(database.sqlite, worldFiles(dir), { now: Date.now(), skipInvalid: true, source: 'bench' });
    console.log(`scale world: ${enterprises} enterprises, ${components} components; import ${((performance.now() - t) / 1000).toFixed(1)} s (${report.problems.filter((p) => p.severity === 'error').length} rows refused)`);

    const before = heapMiB();
    t = performance.now();
    const index = loadMatchingIndex(database.sqlite, getLexicon());
    const loadSeconds = (performance.now() - t) / 1000;
    const held = heapMiB() - before;
    console.log(`MatchingIndex load: ${loadSeconds.toFixed(2)} s; heap held by the engine ≈ ${held.toFixed(0)} MiB (${index.size.enterprises} firms, ${index.size.components} components)`);

    const ids = index.componentIds();
    const samples = Math.min(Number(values.samples), ids.length);
    const step = ids.length / samples;
    const picked = Array.from({ length: samples }, (_, i) => ids[Math.floor(i * step)] as number);
    for (const id of picked.slice(0, 50)) index.rank(index.component(id)!, { scope: 'local', limit: 20 }); // warm-up
    const rankTimes: number[] = [];
    const pool: number[] = [];
    for (const id of picked) {
      const request = index.component(id)!;
      const started = performance.now();
      index.rank(request, { scope: 'local', limit: 20 });
      rankTimes.push(performance.now() - started);
      pool.push(index.candidatesFor(request).length);
    }
    console.log(`rank one component (scope local, top 20 with reasons), ${samples} samples: p50 ${ms(quantile(rankTimes, 0.5))}, p95 ${ms(quantile(rankTimes, 0.95))}, p99 ${ms(quantile(rankTimes, 0.99))}, max ${ms(Math.max(...rankTimes))}; candidates scored p50 ${quantile(pool, 0.5)}, p95 ${quantile(pool, 0.95)}`);

    const matchTimes: number[] = [];
    let noLocalFit = 0;
    for (const id of picked) {
      const started = performance.now();
      const result = index.match(index.component(id)!, { scope: 'local', limit: 20 });
      matchTimes.push(performance.now() - started);
      if (!result.qualifiedLocal) noLocalFit++;
    }
    console.log(`matchComponent (with attraction targets): p50 ${ms(quantile(matchTimes, 0.5))}, p95 ${ms(quantile(matchTimes, 0.95))}; no local fit for ${noLocalFit}/${samples}`);

    const hybridTimes: number[] = [];
    const anyFirm = index.profile(index.component(picked[0]!)!.buyerId ?? -1);
    for (const id of picked) {
      const request = index.component(id)!;
      const key = normalizeWording(request.name);
      const asked = { ...request, requirements: [...request.requirements, { conceptId: `~part:${key}`, kind: 'part' as const, position: 0, confidence: 0.5, wording: request.name, textKey: key }] };
      if (anyFirm) index.upsertProfile(anyFirm); // empties the text cache: the worst case, a scan of every firm
      const started = performance.now();
      index.rank(asked, { scope: 'local', limit: 20 });
      hybridTimes.push(performance.now() - started);
    }
    console.log(`rank with hybrid retrieval (name as an unknown wording, text cache empty): p50 ${ms(quantile(hybridTimes, 0.5))}, p95 ${ms(quantile(hybridTimes, 0.95))}`);

    t = performance.now();
    for (const id of ids) index.rank(index.component(id)!, { scope: 'local', limit: 20 });
    console.log(`re-rank every component (${ids.length}): ${((performance.now() - t) / 1000).toFixed(1)} s`);

    // Profile edits that matter: each changed firm triples its output and adds IATF 16949.
    const edit = database.sqlite.prepare(`update enterprises set annual_output_wan = annual_output_wan * 3,
      certifications = certifications || ';IATF16949' where id = ?`);
    for (const n of [1, 10, 1000]) {
      const changed = Array.from({ length: n }, (_, i) => 1 + Math.floor(((i + 0.5) * enterprises) / n));
      for (const id of changed) edit.run(id);
      t = performance.now();
      const refresh = refreshEnterprises(index, database.sqlite, changed);
      const refreshMs = performance.now() - t;
      t = performance.now();
      for (const id of refresh.affectedComponentIds) index.rank(index.component(id)!, { scope: 'local', limit: 20 });
      console.log(`refresh ${n} changed firm(s): ${ms(refreshMs)}; components they may move: ${refresh.affectedComponentIds.length}, re-ranked in ${((performance.now() - t) / 1000).toFixed(2)} s`);
    }
  } finally {
    database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
