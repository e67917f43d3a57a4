import { describe, expect, it } from 'vitest';
import { problemFigures, problemStats, quarterBounds, quarterOf, type StatRow } from '../../server/problems/stats.ts';

/** City time is UTC+8: a case closed at 2026-09-30T16:30Z was closed on 1 October in the city. */
const at = (iso: string) => Date.parse(iso);
const row = (over: Partial<StatRow>): StatRow => ({
  enterpriseId: 1, chainId: 'auto', regionCode: '420607', departmentId: null, status: 'submitted', deadline: null, createdAt: at('2026-10-05T02:00:00Z'), closedAt: null, ...over,
});

const ROWS: StatRow[] = [
  row({}),
  row({ status: 'assigned', deadline: '2026-11-20', departmentId: 'jxj' }), // overdue on 2026-11-27
  row({ status: 'reopened', deadline: '2026-11-27', departmentId: 'jxj', chainId: 'equipment', regionCode: '420606' }), // deadline day: in time
  row({ status: 'closed', createdAt: at('2026-09-20T02:00:00Z'), closedAt: at('2026-09-30T16:30:00Z') }), // 10 days 14.5 h, closed in Q4 city time
  row({ status: 'closed', createdAt: at('2026-10-01T00:00:00Z'), closedAt: at('2026-10-04T00:00:00Z'), chainId: 'equipment', regionCode: '420606' }), // 3 days
  row({ status: 'closed', createdAt: at('2026-07-01T00:00:00Z'), closedAt: at('2026-09-01T00:00:00Z'), chainId: null }), // closed in Q3
  row({ status: 'confirmed', createdAt: at('2026-08-01T00:00:00Z'), chainId: null, regionCode: null }),
  row({ createdAt: at('2026-09-30T16:00:00Z'), chainId: 'equipment', regionCode: '420606' }), // the first instant of Q4
  row({ status: 'closed', createdAt: at('2026-12-01T00:00:00Z'), closedAt: at('2026-12-31T16:00:00Z') }), // closed at the first instant of 2027 Q1
];
const Q4 = { year: 2026, quarter: 4 };

describe('problem figures', () => {
  it('finds quarters in the city\'s time', () => {
    expect(quarterOf(at('2026-09-30T15:59:59Z'))).toEqual({ year: 2026, quarter: 3 });
    expect(quarterOf(at('2026-09-30T16:00:00Z'))).toEqual(Q4);
    expect(quarterBounds(Q4)).toEqual({ start: at('2026-09-30T16:00:00Z'), end: at('2026-12-31T16:00:00Z') });
  });

  it('counts open, overdue, raised and closed in the quarter, and averages the days to close', () => {
    // closed in Q4: 10 d 14.5 h and 3 d → (10.604 + 3) / 2 = 6.8
    expect(problemFigures(ROWS, Q4, '2026-11-27')).toEqual({ open: 5, overdue: 1, raised: 6, closed: 2, avgDaysToClose: 6.8 });
    expect(problemFigures(ROWS, { year: 2026, quarter: 3 }, '2026-11-27')).toEqual({ open: 5, overdue: 1, raised: 3, closed: 1, avgDaysToClose: 62 });
    expect(problemFigures([], Q4, '2026-11-27')).toEqual({ open: 0, overdue: 0, raised: 0, closed: 0, avgDaysToClose: null });
  });

  it('splits the same figures per chain and per county, the busiest first (ties by raised, then key)', () => {
    const s = problemStats(ROWS, Q4, '2026-11-27');
    expect(s.byChain.map((g) => [g.key, g.figures.open, g.figures.overdue, g.figures.closed])).toEqual([
      ['auto', 2, 1, 1], ['equipment', 2, 0, 1], [null, 1, 0, 0],
    ]);
    expect(s.byCounty.map((g) => [g.key, g.figures.open, g.figures.raised])).toEqual([['420606', 2, 3], ['420607', 2, 3], [null, 1, 0]]);
    const sum = (k: 'open' | 'raised' | 'closed') => s.byChain.reduce((n, g) => n + g.figures[k], 0);
    expect([sum('open'), sum('raised'), sum('closed')]).toEqual([s.total.open, s.total.raised, s.total.closed]);
  });
});
