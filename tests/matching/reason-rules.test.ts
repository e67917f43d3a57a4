/**
 * Reasons a buyer can trust, over every ranked firm of every dev-world part: no item twice, no
 * term called similar to itself, no 「缺少X（现有X）」, and no firm both 「可配套」-graded and 「材料不符」.
 */
import { describe, expect, it } from 'vitest';
import { isQualified } from '../../server/matching/rank.ts';
import { withDemoIndex } from './fixtures.ts';

describe('reasons never contradict themselves', () => {
  it('holds for every firm ranked for every dev-world part, in every scope', () => {
    withDemoIndex((index) => {
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
          }
          if (isQualified(s) && s.missing.some((m) => m.startsWith('材料不符'))) broken.push(`${where}: ${s.grade} with ${s.missing.join('；')}`);
        }
      }
      expect(checked).toBeGreaterThan(1000);
      expect(broken).toEqual([]);
    });
  });
});
