import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { bigramForm, fitsBigrams, indexForm, tokenTexts, tokenize } from '../../search/text/tokenize.ts';
import { MAX_QUERY_CHARS, MAX_TERMS, planQuery } from '../../search/text/query-plan.ts';
import { highlightFields, termMatcher } from '../../search/text/highlight.ts';
import { containsPhrase } from '../../search/text/phrase-matcher.ts';
import { matchExpression } from '../../search/embedded/match-expression.ts';
import { getLexicon } from '../../search/lexicon.ts';

const lexicon = getLexicon();
const plan = (q: string) => planQuery(q, lexicon);

describe('tokenizer', () => {
  it('reads ideographs one by one and Latin/digit runs apart, folded', () => {
    expect(tokenTexts('热轧钢板')).toEqual(['热', '轧', '钢', '板']);
    expect(tokenTexts('IATF16949')).toEqual(['iatf', '16949']);
    expect(tokenTexts('IATF 16949')).toEqual(tokenTexts('iatf-16949'));
    expect(tokenTexts('GB/T 5782-2016')).toEqual(['gb', 't', '5782', '2016']);
    expect(tokenTexts('６０６１－Ｔ６')).toEqual(['6061', 't', '6']);
    expect(tokenTexts('Ünïcödé 45#钢')).toEqual(['unicode', '45', '钢']);
    expect(tokenTexts('"AND" OR (NEAR*) ^ : - \' \u0000')).toEqual(['and', 'or', 'near']);
  });

  it('keeps offsets into the original text', () => {
    const text = 'A级：钢板ADC12';
    expect(tokenize(text).map((t) => text.slice(t.start, t.end))).toEqual(['A', '级', '钢', '板', 'ADC', '12']);
  });

  it('every token is letters, digits or one ideograph, so quoting it can never make syntax', () => {
    const junk = Array.from({ length: 3000 }, (_, i) => String.fromCodePoint((i * 7919) % 0x2ffff)).join('');
    for (const t of tokenTexts(junk)) expect(t).toMatch(/^[\p{L}\p{N}]+$/u);
  });

  it('writes ideograph runs as pairs, lone ones as themselves', () => {
    expect(bigramForm(tokenTexts('热轧钢板 Q235 钢'))).toEqual(['热轧', '轧钢', '钢板', 'q', '235', '钢']);
    expect(fitsBigrams(tokenTexts('不锈钢'))).toBe(true);
    expect(fitsBigrams(tokenTexts('钢'))).toBe(false);
    expect(fitsBigrams(tokenTexts('45#钢'))).toBe(false);
    expect(fitsBigrams(tokenTexts('ADC12压铸'))).toBe(true);
  });
});

describe('pairs find exactly what characters find', () => {
  it('over random texts and phrases, in SQLite FTS5 and in the phrase matcher', () => {
    const alphabet = ['钢', '板', '热', '轧', '铝', 'a', 'b', '1', '2', ' ', '-', '，'];
    let seed = 7;
    const rand = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    const text = (len: number) => Array.from({ length: len }, () => alphabet[rand(alphabet.length)]).join('');
    const db = new Database(':memory:');
    db.exec(`create virtual table t using fts5(chars, pairs)`);
    const docs = Array.from({ length: 300 }, () => text(12));
    docs.forEach((d, i) => db.prepare('insert into t (rowid, chars, pairs) values (?, ?, ?)').run(i + 1, indexForm(d), bigramForm(tokenTexts(d)).join(' ')));
    let compared = 0;
    for (let i = 0; i < 300; i++) {
      const phrase = tokenTexts(text(1 + rand(4)));
      if (phrase.length === 0) continue;
      const byChars = db.prepare('select rowid from t where t match ? order by rowid').pluck().all(`chars : "${phrase.join(' ')}"`);
      const byJs = docs.map((d, j) => (containsPhrase(tokenTexts(d), phrase) ? j + 1 : 0)).filter((j) => j > 0);
      expect(byJs).toEqual(byChars);
      if (fitsBigrams(phrase)) {
        expect(db.prepare('select rowid from t where t match ? order by rowid').pluck().all(`pairs : "${bigramForm(phrase).join(' ')}"`)).toEqual(byChars);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(50);
  });
});

describe('query plan', () => {
  it('expands known wordings and leaves unknown words literal', () => {
    const diecast = plan('压铸').terms[0]!;
    expect(diecast.phrases).toEqual(expect.arrayContaining([['压', '铸'], ['die', 'casting']]));
    expect(plan('高压铸造').terms[0]!.group).toBe(diecast.group);
    expect(plan('die casting').terms).toHaveLength(1);
    expect(plan('GB/T 19001').terms[0]!.phrases).toEqual(expect.arrayContaining([['iso', '9001']]));
    expect(plan('钢板').terms[0]!.phrases).not.toContainEqual(['钢']);
    expect(plan('钢').terms[0]!.phrases).toContainEqual(['钢']);
    expect(plan('襄阳精铸').terms[0]).toMatchObject({ phrases: [['襄', '阳', '精', '铸']], group: null });
  });

  it('joins a number to the code before it and splits a code from Chinese', () => {
    expect(plan('GB/T 5782').terms.map((t) => t.literal)).toEqual([['gb', 't', '5782']]);
    expect(plan('M8螺栓').terms.map((t) => t.literal)).toEqual([['m', '8'], ['螺', '栓']]);
    expect(plan('钢 铝').terms).toHaveLength(2);
  });

  it('turns hostile input into words or nothing, and caps its size', () => {
    expect(plan('"').void).toBe(true);
    expect(plan('*').void).toBe(true);
    expect(plan('').blank).toBe(true);
    expect(plan('AND').terms[0]!.phrases).toEqual([['and']]);
    const long = plan(Array.from({ length: 500 }, (_, i) => `w${i}`).join(' '));
    expect(long.terms.length).toBeLessThanOrEqual(MAX_TERMS);
    expect(plan('钢'.repeat(5000)).terms[0]!.literal.length).toBeLessThanOrEqual(MAX_QUERY_CHARS);
  });

  it('builds a MATCH expression SQLite accepts for anything typed', () => {
    const db = new Database(':memory:');
    db.exec(`create virtual table search_fts using fts5(title, body, title_bigrams, body_bigrams, title_groups, body_groups, tags)`);
    const inputs = ['AND', 'NEAR(a b)', '"', "'", '(', ')', '*', '^', ':', '-钢', 'a:b', '{x}', '钢 OR 铝', 'GB/T 5782', '\\', 'x'.repeat(2000), '压铸 IATF16949 ADC12'];
    for (const q of inputs) {
      const p = plan(q);
      if (p.void) continue;
      for (const hasGroup of [() => false, () => true]) {
        const match = matchExpression(p, { chain: ['a"b'], cert: ['x) OR (y'] }, ['listing'], hasGroup);
        expect(() => db.prepare('select count(*) from search_fts where search_fts match ?').get(match)).not.toThrow();
      }
    }
  });
});

describe('highlight', () => {
  it('marks whole wordings, escapes the rest and trims to the first match', () => {
    const p = plan('压铸');
    const long = `${'前言'.repeat(40)}公司专业从事高压铸造<b>与</b>CNC加工，还做压铸。${'后记'.repeat(40)}`;
    const out = highlightFields([long], p, termMatcher(p));
    expect(out).toMatch(/^…/);
    expect(out).toMatch(/…$/);
    expect(out).toContain('<mark>高压铸造</mark>&lt;b&gt;与&lt;/b&gt;');
    expect(out).toContain('<mark>压铸</mark>');
    expect(out.replace(/<\/?mark>/g, '').length).toBeLessThan(120);
  });

  it('falls back to the start of the text when nothing matched', () => {
    const p = plan('');
    expect(highlightFields(['', 'a < b'], p)).toBe('a &lt; b');
  });
});
