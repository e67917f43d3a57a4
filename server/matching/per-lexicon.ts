/**
 * Memos of what a lexicon says (relations, ancestors, readings of wordings) belong to that lexicon:
 * the matcher is given its lexicon (MatchingIndex, and every function that reads concepts takes it),
 * so two lexicons in one process never share a cached answer, and a lexicon replaced by an admin's
 * teaching takes its memos with it when it is dropped.
 */
import type { Lexicon } from '../../search/lexicon/types.ts';

/** A getter for one memo object per lexicon, made on first use. */
export function perLexicon<T>(make: (lexicon: Lexicon) => T): (lexicon: Lexicon) => T {
  const byLexicon = new WeakMap<Lexicon, T>();
  return (lexicon) => {
    let memo = byLexicon.get(lexicon);
    if (memo === undefined) {
      memo = make(lexicon);
      byLexicon.set(lexicon, memo);
    }
    return memo;
  };
}
