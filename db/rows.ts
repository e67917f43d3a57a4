/**
 * A row the caller has every reason to expect (it was just checked, written or locked in the same
 * transaction). If it is missing that is a bug, and the error says which row rather than failing later
 * on `undefined.version`.
 */
export function expectedRow<T>(row: T | undefined, what: string): T {
  if (row === undefined) throw new Error(`${what} is missing`);
  return row;
}
