/**
 * Reasons a buyer can trust, over every ranked firm of every part of the dev world and of the
 * hand-written worlds: no item twice (nor one wording twice in a line), no term called similar to
 * itself, no 「缺少X（现有X）」, no 「工艺工艺」, and no firm both 「可配套」-graded and 「材料不符」.
 */
import { describe, expect, it } from 'vitest';
import { isQualified } from '../../server/matching/rank.ts';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { MatchingIndex } from '../../server/matching/matching-index.ts';
import { withDemoIndex, withFixtureIndex } from './fixtures.ts';

/** Every rule broken by the reasons of the firms ranked for every part of this index; and how many firms were checked. */
function brokenRules(index: MatchingIndex): { broken: string[]; checked: number } {
  const broken: string[] = [];
  let checked = 0;
  for (const id of index.componentIds()) {
    const request = index.component(id)!;
    for (const s of index.rank(request, { scope: 'all', limit: 40 })) {
      checked++;
      const all = [...s.reasons, ...s.missing];
      const where = `${request.ref} ${s.name}`;
      if (new Set(all).size !== all.length) broken.push(`${where}: repeated ${all.join('；')}`);
      for (const line of all) {
        const similar = /"(.+?)"与(.+?)相近/.exec(line);
        if (similar && similar[1] === similar[2]) broken.push(`${where}: ${line}`);
        const lacking = /^缺少(.+?)（现有(.+?)）$/.exec(line);
        if (lacking && lacking[1] === lacking[2]) broken.push(`${where}: ${line}`);
        const quoted = [...line.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
        if (new Set(quoted).size !== quoted.length || /工艺工艺|工序工序/.test(line)) broken.push(`${where}: ${line}`);
      }
      if (isQualified(s) && s.missing.some((m) => m.startsWith('材料不符'))) broken.push(`${where}: ${s.grade} with ${s.missing.join('；')}`);
    }
  }
  return { broken, checked };
}

const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;
const handWritten = readdirSync(FIXTURES).filter((d) => d.startsWith('real-wording')).sort();

describe('reasons never contradict themselves', () => {
  it('holds for every firm ranked for every dev-world part, in every scope', () => {
    withDemoIndex((index) => {
      const { broken, checked } = brokenRules(index);
      expect(checked).toBeGreaterThan(1000);
      expect(broken).toEqual([]);
    });
  });

  it.each(handWritten)('holds for every firm ranked for every part of %s', (dir) => {
    withFixtureIndex(join(FIXTURES, dir), (index) => {
      const { broken, checked } = brokenRules(index);
      expect(checked).toBeGreaterThan(100);
      expect(broken).toEqual([]);
    });
  });
});
