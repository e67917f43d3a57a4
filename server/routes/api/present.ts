/**
 * What API routes share when they answer: the way a service's refusal becomes an HTTP error, and the
 * small shapes (a chain, a firm, a time) every resource uses. A write's context is `request.writeContext`.
 */
import { z } from 'zod';
import { getLexicon } from '../../../search/lexicon.ts';
import { HttpError, httpStatusOf, type FieldProblem } from '../../plugins/errors.ts';
import type { SaveRefusal } from '../../refusal.ts';

/** A service's field errors ({ field: message }) as the API's 422. */
export function invalid(errors: Record<string, string>): HttpError {
  const details: FieldProblem[] = Object.entries(errors).map(([field, message]) => ({ field, message }));
  return new HttpError(httpStatusOf('invalid'), 'invalid_request', details.map((d) => `${d.field}: ${d.message}`).join('; '), details);
}

/** A refused save: someone saved first (409) or a field broke a rule (422). */
export function saveFailed(result: SaveRefusal): HttpError {
  return result.kind === 'conflict' ? new HttpError(httpStatusOf(result.kind), 'version_conflict', result.message) : invalid(result.errors);
}

export const ChainRef = z.object({ id: z.string(), name: z.string() }).meta({ id: 'Chain' });
export const FirmRef = z.object({ uscc: z.string(), name: z.string() }).meta({ id: 'FirmRef' });

export function chainRef(id: string | null): z.output<typeof ChainRef> | null {
  if (id === null) return null;
  return { id, name: getLexicon().chains().find((c) => c.id === id)?.name ?? id };
}

export const iso = (ms: number) => new Date(ms).toISOString();

/** A number as a form field carries it (the services apply the same rules to API and form input). */
export const asField = (v: number | string | null | undefined): string => (v === null || v === undefined ? '' : String(v));
