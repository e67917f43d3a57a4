/**
 * Keyset paging over rows an access rule filters in code: rows are read in id order after a
 * position, in batches, and kept when the policy allows; the page ends after `limit` kept rows.
 * The rule stays the one policy function (never a second copy in SQL); SQL may only narrow.
 */
export interface KeysetPage<T> { items: T[]; /** the position to continue after, null at the end */ next: number | null }

export function visiblePage<T extends { id: number }>(
  fetch: (after: number, count: number) => T[], visible: (row: T) => boolean, after: number, limit: number,
): KeysetPage<T> {
  const batch = Math.max(limit + 1, 100);
  const items: T[] = [];
  let position = after;
  for (;;) {
    const rows = fetch(position, batch);
    for (const row of rows) {
      position = row.id;
      if (!visible(row)) continue;
      if (items.length === limit) return { items, next: items[items.length - 1]!.id };
      items.push(row);
    }
    if (rows.length < batch) return { items, next: null };
  }
}

/** A page of rows already filtered in SQL: fetch one more than asked to know whether another page exists. */
export function sqlPage<T extends { id: number }>(rows: T[], limit: number): KeysetPage<T> {
  const items = rows.slice(0, limit);
  return { items, next: rows.length > limit ? items[items.length - 1]!.id : null };
}
