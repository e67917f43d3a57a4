import { z } from 'zod';

/**
 * A row the caller has every reason to expect (it was just checked, written or locked in the same
 * transaction). If it is missing that is a bug, and the error says which row rather than failing later
 * on `undefined.version`.
 */
export function expectedRow<T>(row: T | undefined, what: string): T {
  if (row === undefined) throw new Error(`${what} is missing`);
  return row;
}

const strings = z.array(z.string());
const numbers = z.array(z.number());

/** A column holding a JSON list of strings (scopes, chain ids, event names), checked as it is read. */
export function stringList(json: string): string[] {
  return strings.parse(JSON.parse(json));
}

/** A column holding a JSON list of ids, checked as it is read. */
export function idList(json: string): number[] {
  return numbers.parse(JSON.parse(json));
}
