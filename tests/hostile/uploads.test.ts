/**
 * Hostile uploads to the admin import and to problem attachments: too big, empty, binary, a zip
 * bomb posing as XLSX, broken CSV quoting, the wrong encoding, broken multipart framing; then
 * random bytes and random damage to good files. Never a 5xx or a leaked stack, always a message
 * for people, and a refused upload writes nothing (the failed run's own log row aside).
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { BOUNDARY, BROKEN_CSV, GOOD_CSV, GOOD_XLSX, multipart, ODD_CSV, wrongEncodings, zipBombs, type Part } from './files.ts';
import { changedTables, credentials, hostileWorld, leak, RUNS, SEED, tableChecksums } from './fixture.ts';

const world = await hostileWorld();
afterAll(() => world.ctx.close());
const sqlite = world.ctx.database.sqlite;
const listingCount = () => sqlite.prepare('select count(*) from listings').pluck().get() as number;

async function upload(url: string, who: 'admin' | 'enterprise', body: Buffer, contentType = `multipart/form-data; boundary=${BOUNDARY}`) {
  const auth = credentials(world, who);
  const before = tableChecksums(world);
  const res = await world.ctx.app.inject({ method: 'POST', url, payload: body, headers: { ...auth, 'content-type': contentType } });
  const where = `${url} → ${res.statusCode}`;
  expect(res.statusCode, where).toBeLessThan(500);
  expect(leak(res.body), `${where}: body leaks`).toBeNull();
  if (res.statusCode >= 400) expect(changedTables(before, tableChecksums(world)), `${where}: refused, yet wrote`).toEqual([]);
  return res;
}
const importFile = (name: string, data: Buffer, extra: Part[] = []) => upload('/admin/import', 'admin', multipart([...extra, { name: 'files', filename: name, data }]));
const attach = (name: string, data: Buffer, count = 1) =>
  upload(`/problems/${world.problem.ref}/attachments`, 'enterprise', multipart(Array.from({ length: count }, (_, i) => ({ name: 'attachments', filename: i ? `${i}-${name}` : name, data }))));

describe('hostile uploads to the admin import', () => {
  it('refuses a file over the upload limit with 413 and a message', async () => {
    const res = await importFile('listings.csv', Buffer.concat([GOOD_CSV, Buffer.alloc(6 * 1024 * 1024, 0x41)]));
    expect(res.statusCode).toBe(413);
    expect(res.body).toContain('上限');
  });

  it('refuses an empty file and an upload with no file', async () => {
    expect((await importFile('listings.csv', Buffer.alloc(0))).statusCode).toBe(400);
    expect((await upload('/admin/import', 'admin', multipart([{ name: 'skipInvalid', data: 'true' }]))).statusCode).toBe(400);
  });

  it('refuses binary posing as CSV and as XLSX', async () => {
    const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    for (const name of ['listings.csv', 'listings.xlsx', 'listings.xls']) {
      const res = await importFile(name, binary);
      expect(res.statusCode, name).toBe(422);
    }
  });

  it('refuses zip bombs posing as XLSX without inflating them', async () => {
    const { honest, lying } = zipBombs();
    for (const [label, bytes] of [['honest', honest], ['lying', lying]] as const) {
      const started = Date.now();
      const res = await importFile('listings.xlsx', bytes);
      expect(res.statusCode, label).toBe(422);
      expect(res.body, label).toMatch(/XLSX/);
      expect(Date.now() - started, label).toBeLessThan(2000);
    }
  });

  it('names the row of broken CSV quoting and writes nothing', async () => {
    for (const [label, text] of Object.entries(BROKEN_CSV)) {
      const before = listingCount();
      const res = await importFile('listings.csv', Buffer.from(text));
      expect(res.statusCode, label).toBe(422);
      expect(res.body, label).toMatch(/listings\.csv:\d+|第 ?\d+ ?行/);
      expect(listingCount(), label).toBe(before);
    }
  });

  it('reads or refuses odd CSV and text in the wrong encoding, never half-loads it', async () => {
    const cases = { ...wrongEncodings(), ...Object.fromEntries(Object.entries(ODD_CSV).map(([k, v]) => [k, Buffer.from(v)])) };
    for (const [label, bytes] of Object.entries(cases)) {
      const res = await importFile(`listings-${label}.csv`, bytes);
      expect([200, 422], label).toContain(res.statusCode);
    }
  });

  it('answers broken multipart framing with a 4xx', async () => {
    const good = multipart([{ name: 'files', filename: 'listings.csv', data: GOOD_CSV }]);
    // These two were 500s: busboy's framing errors carry no status of their own.
    expect((await upload('/admin/import', 'admin', good.subarray(0, good.length - 20))).statusCode).toBe(400);
    expect((await upload('/admin/import', 'admin', good, 'multipart/form-data')).statusCode).toBe(400);
    await upload('/admin/import', 'admin', good, 'multipart/form-data; boundary=wrong');
    await upload('/admin/import', 'admin', Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data\r\n\r\nx\r\n`));
    await upload('/admin/import', 'admin', multipart(Array.from({ length: 12 }, (_, i) => ({ name: 'files', filename: `f${i}.csv`, data: GOOD_CSV }))));
    await upload('/admin/import', 'admin', multipart([{ name: 'skipInvalid', data: 'x'.repeat(5000) }, { name: 'files', filename: 'a.csv', data: GOOD_CSV }]));
    await importFile('../../../etc/passwd.csv', GOOD_CSV);
  });

  it('survives random bytes and random damage to good files', async () => {
    const damaged = (good: Buffer) => fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 30 })
      .chain((flips) => fc.nat({ max: good.length }).map((cut) => {
        const out = Buffer.from(good.subarray(0, Math.max(1, cut)));
        for (const [at, byte] of flips) out[at % out.length] = byte;
        return out;
      }));
    await fc.assert(fc.asyncProperty(
      fc.oneof(fc.uint8Array({ maxLength: 5000 }).map((b) => Buffer.from(b)), damaged(GOOD_CSV), damaged(GOOD_XLSX)),
      fc.constantFrom('listings.csv', 'listings.xlsx', 'enterprises.csv', 'data.txt', 'x'),
      async (bytes, name) => { await importFile(name, bytes); },
    ), { seed: SEED, numRuns: RUNS * 10 });
  });
});

describe('hostile uploads to the import preview and its commit', () => {
  it('a preview of any bytes writes nothing at all, whatever it answers', async () => {
    await fc.assert(fc.asyncProperty(
      fc.oneof(fc.uint8Array({ maxLength: 3000 }).map((b) => Buffer.from(b)), fc.constant(GOOD_CSV), fc.constant(GOOD_XLSX), fc.constant(zipBombs().lying)),
      fc.constantFrom('listings.csv', 'listings.xlsx', 'enterprises.csv'),
      async (bytes, name) => {
        const admin = credentials(world, 'admin');
        const before = tableChecksums(world);
        const res = await world.ctx.app.inject({ method: 'POST', url: '/admin/import/preview', payload: multipart([{ name: 'files', filename: name, data: bytes }]),
          headers: { ...admin, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` } });
        expect(res.statusCode).toBeLessThan(500);
        // a preview is never a write, not even of the run's log row
        expect(changedTables(before, tableChecksums(world)), `preview ${name} → ${res.statusCode}`).toEqual([]);
      },
    ), { seed: SEED, numRuns: RUNS * 3 });
  });

  it('a made-up, reused or foreign commit token writes nothing and says why', async () => {
    const tokens = ['', 'x', 'a'.repeat(101), '../../etc', '<script>', '%00', 'A'.repeat(24)];
    for (const token of tokens) {
      const admin = credentials(world, 'admin');
      const before = tableChecksums(world);
      const res = await world.ctx.app.inject({ method: 'POST', url: '/admin/import/commit', headers: admin, payload: { token } });
      expect([400, 409], token).toContain(res.statusCode);
      expect(leak(res.body), token).toBeNull();
      expect(changedTables(before, tableChecksums(world)), token).toEqual([]);
    }
    const firm = await world.ctx.app.inject({ method: 'POST', url: '/admin/import/commit', headers: credentials(world, 'enterprise'), payload: { token: 'x' } });
    expect(firm.statusCode).toBe(403);
  });
});

describe('hostile problem attachments', () => {
  it('refuses oversized, disguised, empty and too many files by name', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(1000)]);
    expect((await attach('big.pdf', Buffer.concat([pdf, Buffer.alloc(6 * 1024 * 1024)]))).statusCode).toBe(422);
    expect((await attach('virus.pdf', Buffer.from('MZ\x90\x00 this is an executable'))).statusCode).toBe(422);
    expect((await attach('bomb.xlsx', zipBombs().lying)).statusCode).toBeLessThan(500);
    expect((await attach('empty.pdf', Buffer.alloc(0))).statusCode).toBe(422);
    expect((await attach('many.pdf', pdf, 6)).statusCode).toBe(422);
    const form = multipart([{ name: 'attachments', filename: 'a.pdf', data: pdf }]);
    expect((await upload(`/problems/${world.problem.ref}/attachments`, 'enterprise', form.subarray(0, form.length - 30))).statusCode).toBe(400);
  });
});
