/**
 * Cursors for lists: an opaque token that says where the next page starts and which query it
 * belongs to. A cursor used with other filters is refused rather than silently mixing two lists.
 */
import { createHash } from 'node:crypto';
import { HttpError } from '../../plugins/errors.ts';

interface CursorContent { after: number; query: string }

/** A short fingerprint of the filters a list was asked with (the cursor and limit left out). */
function fingerprint(filters: Record<string, unknown>): string {
  const canonical = JSON.stringify(Object.keys(filters).sort().filter((k) => filters[k] !== undefined).map((k) => [k, filters[k]]));
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 10);
}

export function encodeCursor(after: number | null, filters: Record<string, unknown>): string | null {
  if (after === null) return null;
  const content: CursorContent = { after, query: fingerprint(filters) };
  return Buffer.from(JSON.stringify(content)).toString('base64url');
}

const invalid = (message: string) => new HttpError(400, 'invalid_request', `cursor: ${message}`, [{ field: 'cursor', rule: 'invalid_cursor', message }]);

/** The position after which the page starts (0: from the beginning). */
export function decodeCursor(cursor: string | undefined, filters: Record<string, unknown>): number {
  if (cursor === undefined) return 0;
  let content: Partial<CursorContent>;
  try {
    content = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorContent>;
  } catch {
    throw invalid('游标无效，请使用上一页响应中的 next');
  }
  if (typeof content?.after !== 'number' || !Number.isSafeInteger(content.after) || content.after < 0 || typeof content.query !== 'string') {
    throw invalid('游标无效，请使用上一页响应中的 next');
  }
  if (content.query !== fingerprint(filters)) throw invalid('游标属于另一组查询条件，请用相同的筛选条件翻页');
  return content.after;
}
