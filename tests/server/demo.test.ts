import { describe, expect, it } from 'vitest';
import { demoInChinese } from '../../server/demo.ts';
import { testApp } from '../helpers.ts';

describe('the demo city reads in Chinese', () => {
  it('replaces English trade words by the lexicon\'s Chinese names in data rows, not in the header or codes', () => {
    const csv = 'ref,kind,title,description\nC1,supply,供应powder metallurgy件,工艺 Die  Casting 与 CNC machining；代码 QAEJXEB\n';
    expect(demoInChinese(csv)).toBe('ref,kind,title,description\nC1,supply,供应粉末冶金件,工艺 压铸 与 CNC加工；代码 QAEJXEB\n');
  });

  it('leaves no English process or material word in what the demo shows', async () => {
    const ctx = await testApp({ demo: true });
    try {
      const texts = ctx.database.sqlite.prepare(`select title || ' ' || description as t from listings union all select name || ' ' || processes || ' ' || materials || ' ' || description from enterprises
        union all select name || ' ' || coalesce(description, '') from components`).pluck().all() as string[];
      const english = texts.join('\n').match(/powder metallurgy|gear hobbing|ductile iron|stamping|die casting|forging|wire harness/gi);
      expect(english).toBeNull();
      expect(texts.some((t) => t.includes('粉末冶金'))).toBe(true);
    } finally {
      await ctx.close();
    }
  });
});
