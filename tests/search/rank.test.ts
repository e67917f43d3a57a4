/** Relevance ranking over candidates: the signals' order, and the lazy body reading never changing the top. */
import { describe, expect, it } from 'vitest';
import { byRelevance } from '../../search/embedded/rank.ts';
import type { CandidateReader, CandidateRow } from '../../search/embedded/candidates.ts';
import { planQuery } from '../../search/text/query-plan.ts';
import { getLexicon } from '../../search/lexicon.ts';
import { termLevels, termMatcher } from '../../search/text/highlight.ts';
import { tokenTexts } from '../../search/text/tokenize.ts';

function world(n: number) {
  const rows: CandidateRow[] = [];
  const bodies = new Map<number, string>();
  for (let i = 0; i < n; i++) {
    const id = (i + 1) * 10;
    const title = ['承接压铸加工', '供应铝合金锭', '汽车壳体外协', 'Die casting 外协', '机加工服务'][i % 5]!;
    const body = [`铝合金压铸壳体 第${i}批`, `汽车零部件 ${i}`, `压铸与汽车 ${i}`, `壳体 ${i} 件`, `编号 ${i}`][(i * 7) % 5]!;
    rows.push({ id, title, facets: '{}', created_at: 1000 + (i % 13), lat: null, lng: null, body_length: body.length });
    bodies.set(id, body);
  }
  let read = 0;
  const reader = {
    bodies(ids: readonly number[]) { read += ids.length; return new Map(ids.map((id) => [id, bodies.get(id)!])); },
    matchingBetween() { throw new Error('a scattered multi-word query reads bodies, not the index'); },
  } as unknown as CandidateReader;
  return { rows, reader, read: () => read };
}

describe('relevance order', () => {
  it('reads only the bodies needed, and the top is what reading every body gives', () => {
    const plan = planQuery('压铸 汽车', getLexicon());
    const lazy = world(1000);
    const top = byRelevance(lazy.reader, plan, lazy.rows, 20).slice(0, 20).map((r) => r.id);
    const full = world(1000);
    const all = byRelevance(full.reader, plan, full.rows, 1000).slice(0, 20).map((r) => r.id);
    expect(top).toEqual(all);
    expect(lazy.read()).toBeLessThan(full.read());
  });

  it('ranks both terms in the title first, then one, then none', () => {
    const plan = planQuery('压铸 外协', getLexicon());
    const { rows, reader } = world(50);
    const titles = byRelevance(reader, plan, rows, 50).map((r) => r.title);
    expect(titles.slice(0, 10)).toEqual(Array(10).fill('Die casting 外协'));
    expect(new Set(titles.slice(10, 30))).toEqual(new Set(['承接压铸加工', '汽车壳体外协']));
    expect(new Set(titles.slice(30))).toEqual(new Set(['供应铝合金锭', '机加工服务']));
  });

  it('a title shared by many candidates scores as it did read once a candidate: its own body length and age still break ties', () => {
    // the score as computed before titles were read once per distinct title: the reference
    const plan = planQuery('压铸', getLexicon());
    const matcher = termMatcher(plan);
    const reference = (row: CandidateRow) => {
      const tokens = tokenTexts(row.title);
      const levels = termLevels(tokens, matcher, plan.terms.length);
      let score = -Math.min(row.body_length, 600) / 300;
      if (plan.exact !== '' && tokens.join(' ') === plan.exact) score += 1000;
      for (let i = 0; i < plan.terms.length; i++) score += levels[i] === 2 ? 40 : levels[i] === 1 ? 24 : 0;
      return score;
    };
    const titles = ['压铸', '承接压铸加工', '压铸件', '机加工服务', 'Die casting 外协'];
    const rows: CandidateRow[] = Array.from({ length: 300 }, (_, i) => ({
      id: i + 1, title: titles[(i * 7) % titles.length]!, facets: '{}', created_at: 1000 + (i % 17), lat: null, lng: null, body_length: (i * 37) % 700,
    }));
    const reader = { matchingBetween: () => new Set<number>() } as unknown as CandidateReader;
    const expected = [...rows].sort((a, b) => reference(b) - reference(a) || b.created_at - a.created_at || b.id - a.id).map((r) => r.id);
    expect(byRelevance(reader, plan, rows, 20).map((r) => r.id)).toEqual(expected);
    expect(byRelevance(reader, plan, rows, 20)[0]!.title).toBe('压铸');
  });
});
