/**
 * Why a service refused, in the domain's words. A service says what kind of refusal it is and never
 * how HTTP answers it: `plugins/errors.ts` (`httpStatusOf`) is the one place a kind becomes a status.
 *
 * - `invalid`: the input broke a rule (a field, or what a move needs)
 * - `forbidden`: the actor may not do this
 * - `not_found`: no such thing
 * - `conflict`: the state refuses it — someone saved first, the move does not exist from here, a duplicate
 */
export type ErrorKind = 'invalid' | 'forbidden' | 'not_found' | 'conflict';

/** A refusal with the code the API names it by (`error` in its body) and the words for people. */
export interface Refusal { kind: ErrorKind; code: string; message: string; errors?: Record<string, string> }

/** A version-checked form's refused save: someone saved first, or fields broke their rules ({ field: message }). */
export type SaveRefusal = { ok: false; kind: 'conflict'; message: string } | { ok: false; kind: 'invalid'; errors: Record<string, string> };

/** Field errors as a refusal: the message names each field and its rule. */
export const invalidFields = (errors: Record<string, string>): Refusal & { kind: 'invalid' } =>
  ({ kind: 'invalid', code: 'invalid_request', message: Object.entries(errors).map(([k, v]) => `${k}: ${v}`).join('; '), errors });
