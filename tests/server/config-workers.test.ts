import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../server/config.ts';

describe('WORKERS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cluster-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const load = (workers?: string) => loadConfig({ DATA_DIR: dir, ...(workers === undefined ? {} : { WORKERS: workers }) });

  it('is one process unless asked, and takes a whole number of processes', () => {
    expect(load().workers).toBe(1);
    expect(load('').workers).toBe(1);
    expect(load('2').workers).toBe(2);
    expect(load(' 4 ').workers).toBe(4);
  });

  it.each([['0', 'at least 1'], ['-2', 'at least 1'], ['1.5', 'whole number'], ['two', 'whole number'], ['64', 'at most 32']])('refuses WORKERS=%s, naming the key and the rule', (value, rule) => {
    expect(() => load(value)).toThrow(ConfigError);
    expect(() => load(value)).toThrow(new RegExp(`WORKERS: .*${rule}`));
  });
});
