/**
 * How a receiver knows a delivery came from this platform: the body is signed with the
 * endpoint's secret, HMAC-SHA256 over "<unix seconds>.<body>", sent as
 * `X-LLT-Signature: t=<unix seconds>,v1=<hex>`. A receiver recomputes it and refuses a
 * signature older than a few minutes (a replayed capture). Pure.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-llt-signature';
/** How old a signature a receiver should still accept. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function signPayload(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export function signatureHeader(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${signPayload(secret, timestamp, body)}`;
}

export type SignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: 'malformed' | 'mismatch' | 'stale' };

/** What a receiver does with the header: the same computation, compared in constant time, within the tolerance. */
export function verifySignature(secret: string, header: string | undefined, body: string, nowSeconds: number, tolerance = SIGNATURE_TOLERANCE_SECONDS): SignatureCheck {
  const parts = new Map((header ?? '').split(',').map((p) => p.trim().split('=', 2) as [string, string]));
  const timestamp = Number(parts.get('t'));
  const given = parts.get('v1') ?? '';
  if (!Number.isInteger(timestamp) || !/^[0-9a-f]{64}$/.test(given)) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(signPayload(secret, timestamp, body), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(given, 'hex'))) return { ok: false, reason: 'mismatch' };
  if (Math.abs(nowSeconds - timestamp) > tolerance) return { ok: false, reason: 'stale' };
  return { ok: true, timestamp };
}
