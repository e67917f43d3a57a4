/**
 * A service's kind of refusal becomes an HTTP status in one place (plugins/errors.ts): each kind its
 * status, and a refusal keeps its code and words on the way to the error handler.
 */
import { describe, expect, it } from 'vitest';
import { httpStatusOf, refusalError } from '../../server/plugins/errors.ts';
import { invalidFields, type ErrorKind } from '../../server/refusal.ts';

describe('error kinds as HTTP statuses', () => {
  it('maps every kind to the status the routes have always answered with', () => {
    const expected: Record<ErrorKind, number> = { invalid: 422, forbidden: 403, not_found: 404, conflict: 409 };
    for (const [kind, status] of Object.entries(expected) as [ErrorKind, number][]) expect(httpStatusOf(kind), kind).toBe(status);
  });

  it('turns a refusal into an error with its kind\'s status, its code and its message', () => {
    const error = refusalError({ kind: 'conflict', code: 'version_conflict', message: '其他人已先更新了此商机' });
    expect({ status: error.status, code: error.code, message: error.message }).toEqual({ status: 409, code: 'version_conflict', message: '其他人已先更新了此商机' });
    const invalid = refusalError(invalidFields({ note: '退回时必须说明原因' }));
    expect({ status: invalid.status, code: invalid.code, message: invalid.message }).toEqual({ status: 422, code: 'invalid_request', message: 'note: 退回时必须说明原因' });
  });
});
