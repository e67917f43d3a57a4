/**
 * Offers a fixed request rate with autocannon and keeps the figures per group.
 *
 * autocannon's `overallRate` gives each connection a budget per second that it spends at the
 * start of the second, and all connections of one instance share one start: one instance of
 * 300 connections would fire 300 requests in the same millisecond every second. So the rate
 * is split over many small instances (one connection per request per second, so a slow
 * answer never delays the next request unless it takes a whole second) whose starts are
 * spread evenly over the first second: a few requests every few milliseconds, open-loop.
 * autocannon's own histogram applies its coordinated-omission correction with an expected
 * interval of ceil(1/rate) = 1 ms, which records an answer of L ms as L samples from 1 to L:
 * its p50 reads low and its tail high. So each answer's own latency is kept beside it.
 */
import autocannon, { type Result } from 'autocannon';
import { Rng } from '../scale/prng.ts';
import type { LoadGroup } from './load-mix.ts';

export interface FixedRateOptions {
  url: string;
  rate: number;
  duration: number;
  seed: number;
  /** connections (= requests per second) per autocannon instance */
  perInstance?: number;
}

export interface GroupFigures {
  name: string;
  /** requests per second offered to this group */
  rate: number;
  result: Result;
  /** each response's own latency in ms, as measured from when it was sent */
  latencies: number[];
  /** request errors by code (ECONNRESET, ECONNREFUSED, timeout …) */
  errorKinds: Map<string, number>;
}

interface Slot { group: LoadGroup; rate: number; index: number }

function slotsOf(groups: LoadGroup[], rate: number, perInstance: number): { slots: Slot[]; rates: Map<string, number> } {
  const rates = new Map<string, number>();
  const perGroup = groups.map((group) => {
    const groupRate = Math.max(1, Math.round(rate * group.share));
    rates.set(group.name, groupRate);
    const count = Math.ceil(groupRate / perInstance);
    return Array.from({ length: count }, (_, i): Slot => ({ group, index: i, rate: Math.floor(groupRate / count) + (i < groupRate % count ? 1 : 0) }));
  });
  // Round-robin over the groups, so neighbouring start times belong to different groups.
  const slots: Slot[] = [];
  const longest = Math.max(...perGroup.map((g) => g.length));
  for (let i = 0; i < longest; i++) for (const g of perGroup) { const slot = g[i]; if (slot) slots.push(slot); }
  return { slots, rates };
}

function runInstance(opts: FixedRateOptions, slot: Slot, latencies: number[], errorKinds: Map<string, number>): Promise<Result> {
  const rng = Rng.derive(opts.seed, `${slot.group.name}:${slot.index}`);
  return new Promise((resolve, reject) => {
    const instance = autocannon({
      url: opts.url,
      duration: opts.duration,
      connections: slot.rate,
      overallRate: slot.rate,
      timeout: 10,
      headers: slot.group.headers,
      skipAggregateResult: true,
      requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: rng.pick(slot.group.paths) }) }],
    }, (err, result) => (err ? reject(err) : resolve(result)));
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => { latencies.push(responseTime); });
    instance.on('reqError', (err: NodeJS.ErrnoException) => {
      const kind = err.code ?? err.message;
      errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
    });
  });
}

export async function runFixedRate(groups: LoadGroup[], opts: FixedRateOptions): Promise<{ groups: GroupFigures[]; overall: Result; seconds: number }> {
  const { slots, rates } = slotsOf(groups, opts.rate, opts.perInstance ?? 3);
  const latencies = new Map(groups.map((g) => [g.name, [] as number[]]));
  const errorKinds = new Map(groups.map((g) => [g.name, new Map<string, number>()]));
  const started = Date.now();
  const runs = slots.map((slot, k) => new Promise<Result>((resolve, reject) => {
    setTimeout(() => runInstance(opts, slot, latencies.get(slot.group.name)!, errorKinds.get(slot.group.name)!).then(resolve, reject), Math.round((k * 1000) / slots.length));
  }).then((result) => ({ slot, result })));
  const done = await Promise.all(runs);
  const seconds = (Date.now() - started) / 1000;
  // aggregateResult adds status counts into the first result's own objects: give it copies, as results are aggregated twice.
  const aggregate = (results: Result[]) => autocannon.aggregateResult(results.map((r) => ({ ...r, statusCodeStats: structuredClone(r.statusCodeStats) })), { url: opts.url });
  return {
    seconds,
    overall: aggregate(done.map((d) => d.result)),
    groups: groups.map((g) => ({
      name: g.name, rate: rates.get(g.name)!, latencies: latencies.get(g.name)!, errorKinds: errorKinds.get(g.name)!,
      result: aggregate(done.filter((d) => d.slot.group === g).map((d) => d.result)),
    })),
  };
}

/** The q-quantile of raw latencies (nearest rank). */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
