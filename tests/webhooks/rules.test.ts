/** The pure rules of webhooks: signing, back-off, where deliveries may go, sealed secrets. */
import { describe, expect, it } from 'vitest';
import { nextAttemptAt, RETRY_WINDOW_MS } from '../../server/webhooks/backoff.ts';
import { endpointUrlProblem } from '../../server/webhooks/endpoint-url.ts';
import { newEndpointSecret, openSecret, sealSecret } from '../../server/webhooks/secret-box.ts';
import { signatureHeader, signPayload, verifySignature } from '../../server/webhooks/signing.ts';

describe('signing', () => {
  const secret = 'whsec_test';
  const body = '{"id":"evt_1","type":"deal.stage_changed"}';

  it('is HMAC-SHA256 of "timestamp.body", hex, in t=…,v1=…', () => {
    // What a receiver computes with any HMAC tool: `printf '1.x' | openssl dgst -sha256 -hmac key`.
    expect(signPayload('key', 1, 'x')).toBe('fc4913c41a7bf793267e2a384f3261c9436ec2cd097bd745e7b0d99113f510ec');
    expect(signatureHeader(secret, 1764208800, body)).toMatch(/^t=1764208800,v1=[0-9a-f]{64}$/);
  });

  it('verifies what it signed and refuses a changed body, another secret, an old or malformed header', () => {
    const header = signatureHeader(secret, 1000, body);
    expect(verifySignature(secret, header, body, 1000)).toEqual({ ok: true, timestamp: 1000 });
    expect(verifySignature(secret, header, `${body} `, 1000)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature('whsec_other', header, body, 1000)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature(secret, header, body, 1000 + 301)).toEqual({ ok: false, reason: 'stale' });
    expect(verifySignature(secret, 'v1=abc', body, 1000)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifySignature(secret, undefined, body, 1000)).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('back-off', () => {
  const t0 = 1_000_000_000_000;
  it('waits 30 s, then four times longer each time, at most 4 h', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((n) => nextAttemptAt(t0, n, t0)! - t0);
    expect(delays).toEqual([30_000, 120_000, 480_000, 1_920_000, 7_680_000, 14_400_000, 14_400_000]);
  });

  it('makes a last attempt when the day is up, and none after', () => {
    expect(nextAttemptAt(t0, 9, t0 + RETRY_WINDOW_MS - 60_000)).toBe(t0 + RETRY_WINDOW_MS);
    expect(nextAttemptAt(t0, 10, t0 + RETRY_WINDOW_MS)).toBeNull();
  });

  it('gives up after about a dozen attempts in 24 h when a receiver never answers', () => {
    let now = t0;
    let attempts = 0;
    for (;;) {
      attempts++;
      const next = nextAttemptAt(t0, attempts, now);
      if (next === null) break;
      now = next;
    }
    expect(now).toBe(t0 + RETRY_WINDOW_MS);
    // 30 s, 2, 8, 32 min, 2 h 8 min, then every 4 h: the 12th attempt is the last, at the 24 h mark.
    expect(attempts).toBe(12);
  });
});

describe('endpoint addresses', () => {
  it('takes https anywhere and http only to this machine, unless allowed', () => {
    expect(endpointUrlProblem('https://erp.example.com/hook', false)).toBeNull();
    expect(endpointUrlProblem('http://127.0.0.1:8080/hook', false)).toBeNull();
    expect(endpointUrlProblem('http://localhost/hook', false)).toBeNull();
    expect(endpointUrlProblem('http://erp.example.com/hook', false)).toBe('须使用 https（http 只允许本机地址）');
    expect(endpointUrlProblem('http://erp.example.com/hook', true)).toBeNull();
    expect(endpointUrlProblem('ftp://erp.example.com/hook', true)).toBe('须为 https 网址');
    expect(endpointUrlProblem('https://user:pw@erp.example.com/', false)).toBe('网址中不能包含用户名或密码');
    expect(endpointUrlProblem('erp', false)).toBe('不是有效的网址（应为 https://…）');
  });
});

describe('sealed secrets', () => {
  it('open with the server secret that sealed them, and not with another', () => {
    const secret = newEndpointSecret();
    expect(secret).toMatch(/^whsec_[\w-]{43}$/);
    const sealed = sealSecret('server-secret-a', secret);
    expect(sealed).not.toContain(secret.slice(6));
    expect(openSecret('server-secret-a', sealed)).toBe(secret);
    expect(openSecret('server-secret-b', sealed)).toBeNull();
    // Tamper with a character inside the text: the last base64url character may carry padding bits that decode to nothing.
    const at = Math.floor(sealed.length / 2);
    const tampered = sealed.slice(0, at) + (sealed[at] === 'A' ? 'B' : 'A') + sealed.slice(at + 1);
    expect(openSecret('server-secret-a', tampered)).toBeNull();
  });
});
