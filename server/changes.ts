/**
 * Writes announce what they changed. Listeners that must never drift from the data (the
 * embedded search index) run inside the writing transaction; listeners that react
 * (re-ranking, notifications) run after it commits.
 */
import type Database from 'better-sqlite3';
import type { DealStage, ProblemStatus } from '../db/schema.ts';
import type { ProblemAction } from './problems/statuses.ts';
import type { SearchDocument } from '../search/search-index.ts';

/** What happened, as the service that did it states it (outside listeners such as webhooks hear of these). */
export type DomainEvent =
  | { type: 'deal.stage_changed'; dealId: number; from: DealStage | null; to: DealStage }
  | { type: 'problem.status_changed'; problemId: number; from: ProblemStatus | null; to: ProblemStatus }
  /**
   * A step of a problem's loop, with what telling the people it concerns needs (problems/announce.ts):
   * who took it (a user id, never told of their own step), the note they wrote, when.
   */
  | { type: 'problem.step'; problemId: number; ref: string; step: ProblemAction | 'raise'; note: string; actorId: number | null; at: number };

export interface ChangeSet {
  enterprises: number[]; listings: number[]; components: number[]; deals?: number[]; problems?: number[]; projects?: number[];
  /** components whose ranking summary was rewritten (re-ranking runs in its own transactions) */
  ranked?: number[];
  events?: DomainEvent[];
  /** an admin taught the lexicon a wording (lexicon_additions): every reading is made again */
  lexicon?: boolean;
}

export const noChanges = (): ChangeSet => ({ enterprises: [], listings: [], components: [] });

/**
 * What a writer already holds of the objects it wrote, so in-transaction listeners need not read
 * them back: the importer's search documents of the rows it inserted, by key. Never journaled.
 */
export interface WrittenFacts { documents?: ReadonlyMap<string, SearchDocument> }

type Listener = (changes: ChangeSet, facts?: WrittenFacts) => void;

export class ChangeFeed {
  private readonly inTransaction: Listener[] = [];
  private readonly afterCommit: Listener[] = [];

  /** Runs inside the write's transaction; a throw rolls the write back. */
  onWrite(listener: Listener): void { this.inTransaction.push(listener); }

  /** Runs once the write is committed; a throw is logged by the caller, the write stands. */
  onCommit(listener: Listener): void { this.afterCommit.push(listener); }

  /** For a transaction someone else runs (the importer): call inside it. */
  written(changes: ChangeSet, facts?: WrittenFacts): void {
    for (const l of this.inTransaction) l(changes, facts);
  }

  committed(changes: ChangeSet): void {
    const size = changes.enterprises.length + changes.listings.length + changes.components.length + (changes.deals?.length ?? 0)
      + (changes.problems?.length ?? 0) + (changes.events?.length ?? 0) + (changes.projects?.length ?? 0);
    if (size === 0 && !changes.lexicon) return;
    for (const l of this.afterCommit) l(changes);
  }

  /** Runs `work` in one transaction; `work` says what it changed through `record`. */
  transaction<T>(sqlite: Database.Database, work: (record: (c: Partial<ChangeSet>) => void) => T): T {
    const changes: Required<ChangeSet> = { ...noChanges(), deals: [], problems: [], ranked: [], events: [], projects: [], lexicon: false };
    const record = (c: Partial<ChangeSet>) => {
      changes.enterprises.push(...(c.enterprises ?? []));
      changes.listings.push(...(c.listings ?? []));
      changes.components.push(...(c.components ?? []));
      changes.deals.push(...(c.deals ?? []));
      changes.problems.push(...(c.problems ?? []));
      changes.ranked.push(...(c.ranked ?? []));
      changes.events.push(...(c.events ?? []));
      changes.projects.push(...(c.projects ?? []));
      if (c.lexicon) changes.lexicon = true;
    };
    const result = sqlite.transaction(() => {
      const value = work(record);
      this.written(changes);
      return value;
    })();
    this.committed(changes);
    return result;
  }
}
