/**
 * The matcher reads the lexicon it is given, never a global one: two indexes built with two lexicons
 * live side by side, each ranking by its own concepts, and neither's memos (relations, readings of
 * cells, index keys) leak into the other.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../db/paths.ts';
import { createLexicon } from '../../search/lexicon.ts';
import type { Lexicon, RawLexicon } from '../../search/lexicon/types.ts';
import { MatchingIndex } from '../../server/matching/matching-index.ts';
import { component, firm } from './fixtures.ts';

const shipped = JSON.parse(readFileSync(projectPath('search', 'lexicon.json'), 'utf8')) as RawLexicon;

/** The shipped lexicon, and the same with one more concept: 「铝液高压充型」, a kind of 压铸. */
const plain = createLexicon(shipped);
const taught = createLexicon({
  ...shipped,
  concepts: [...shipped.concepts, { id: 'process.hp_filling', kind: 'process', label: '铝液高压充型', terms: ['铝液高压充型'], broader: ['process.die_casting'] }],
});

function indexWith(lexicon: Lexicon): MatchingIndex {
  const index = new MatchingIndex(lexicon);
  const base = { materials: 'ADC12', certifications: 'IATF 16949', annualOutputWan: 6000 };
  // writes its die casting in a wording only the taught lexicon knows
  index.upsertProfile(firm({ id: 901, ...base, processes: '铝液高压充型;CNC加工' }, lexicon));
  // a die caster without the certificate: worth cultivating under either lexicon
  index.upsertProfile(firm({ id: 902, ...base, processes: '压铸;CNC加工', certifications: 'ISO 9001' }, lexicon));
  index.upsertComponent(component({ id: 1, processes: '压铸;CNC加工', materials: 'ADC12', certificationsRequired: 'IATF16949' }, lexicon));
  return index;
}

describe('the lexicon is given to the matcher', () => {
  it('two indexes with two lexicons rank the same part differently, at the same time', () => {
    const before = indexWith(plain);
    const after = indexWith(taught);
    const ranked = (index: MatchingIndex) => index.rank(index.component(1)!, { scope: 'local' }).map((r) => [r.enterpriseId, r.grade]);

    const first = ranked(before);
    expect(ranked(after)).toEqual([[901, 'ready'], [902, 'cultivate']]);
    expect(first).toEqual([[902, 'cultivate'], [901, 'none']]);
    // ranking with the taught lexicon left nothing behind for the plain one
    expect(ranked(before)).toEqual(first);
    expect(after.profile(901)!.processes.map((p) => p.conceptId)).toContain('process.hp_filling');
    expect(before.profile(901)!.processes.map((p) => p.conceptId)).not.toContain('process.hp_filling');
  });
});
