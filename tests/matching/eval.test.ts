/**
 * The engine on labelled worlds: the dev world (its files are the demo city in db/demo, its
 * labels in tests/fixtures/dev-world) and a second world with wordings the
 * dev world does not use, generated here from its own vocabulary and rules.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluateWorld } from '../../scripts/eval/evaluate.ts';
import { writeSecondWorld } from '../../scripts/eval/second-world/generate.ts';

const DEMO = fileURLToPath(new URL('../../db/demo', import.meta.url));
const DEV_LABELS = fileURLToPath(new URL('../fixtures/dev-world/labels.csv', import.meta.url));

describe('evaluation on labelled worlds', () => {
  it('dev world: nDCG@10 ≥ 0.95 and P@5 ≥ 0.95 of what is reachable, far above keyword search', async () => {
    expect(existsSync(DEV_LABELS), `${DEV_LABELS} is part of the repository`).toBe(true);
    const e = await evaluateWorld(DEMO, { labelsFile: DEV_LABELS });
    expect(e.evaluated.length).toBeGreaterThan(50);
    expect(e.engine.ndcg10).toBeGreaterThanOrEqual(0.95);
    expect(e.engine.p5Capped).toBeGreaterThanOrEqual(0.95);
    // Plain P@5 cannot pass its ceiling (components with fewer than 5 relevant firms); it should reach it.
    expect(e.engine.p5).toBeCloseTo(e.engine.p5Ideal, 2);
    expect(e.engine.ndcg10).toBeGreaterThan(e.baseline.ndcg10 + 0.3);
    if (e.search) expect(e.engine.ndcg10).toBeGreaterThan(e.search.ndcg10 + 0.3);
  });

  it('second world (other wordings, descriptions only, English, grade codes): nDCG@10 and reachable P@5 ≥ 0.95', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llt-world2-'));
    try {
      const written = writeSecondWorld(dir, 7);
      expect(written.labels).toBeGreaterThan(200);
      const e = await evaluateWorld(dir);
      expect(e.problems).toEqual([]);
      expect(e.engine.ndcg10).toBeGreaterThanOrEqual(0.95);
      expect(e.engine.p5Capped).toBeGreaterThanOrEqual(0.95);
      expect(e.engine.r20).toBeGreaterThanOrEqual(0.95);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
