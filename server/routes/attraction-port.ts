/** The matching engine as attraction, cultivation and the chain map read it: one memo per app, checked once per request. */
import type { FastifyInstance } from 'fastify';
import { FitMemo, matcherPort, type MatcherPort } from '../attraction/matcher.ts';
import { matchingVersion } from '../attraction/queries.ts';

const memos = new WeakMap<FastifyInstance, FitMemo>();

export function attractionPort(app: FastifyInstance): MatcherPort {
  let memo = memos.get(app);
  if (!memo) memos.set(app, (memo = new FitMemo(matcherPort(app.matching))));
  return memo.at(matchingVersion(app.deps.database.sqlite));
}
