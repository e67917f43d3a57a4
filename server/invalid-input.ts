/**
 * Bad input a service finds (not a route's schema): it names the field and the rule it broke.
 * Services throw this instead of an HTTP error — they know nothing of HTTP; the one error handler
 * answers it as the contract's 400 {error: 'invalid_request', message, details: [{field, message}]}.
 */
export class InvalidInput extends Error {
  constructor(readonly field: string, readonly rule: string) {
    super(`${field}: ${rule}`);
  }
}
