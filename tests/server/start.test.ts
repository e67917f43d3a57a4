import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prettyLogLine } from '../../server/log-format.ts';

describe('logs at a terminal', () => {
  it('turns a pino line into one readable line in city time', () => {
    const line = JSON.stringify({ level: 30, time: Date.UTC(2026, 11, 3, 1, 2, 3), pid: 1, hostname: 'vm', msg: 'demo city loaded', enterprises: 762, ms: 637 });
    expect(prettyLogLine(line)).toBe('09:02:03 info demo city loaded enterprises=762 ms=637');
  });

  it('leaves out request lines unless the server failed the request', () => {
    expect(prettyLogLine(JSON.stringify({ level: 30, time: 0, msg: 'incoming request', req: { url: '/' } }))).toBeNull();
    expect(prettyLogLine(JSON.stringify({ level: 30, time: 0, msg: 'request completed', res: { statusCode: 200 } }))).toBeNull();
    expect(prettyLogLine(JSON.stringify({ level: 50, time: 0, msg: 'request completed', res: { statusCode: 500 } }))).toBe('08:00:00 ERROR request completed res={"statusCode":500}');
  });

  it('prints an error\'s stack under its line', () => {
    const out = prettyLogLine(JSON.stringify({ level: 50, time: 0, msg: 'overdue check failed', err: { message: 'boom', stack: 'Error: boom\n    at x' } }))!;
    expect(out.split('\n')).toEqual(['08:00:00 ERROR overdue check failed', 'Error: boom', '    at x']);
  });
});

describe('npm start', () => {
  it('says in words that the port is taken, before loading anything, and exits 1', async () => {
    const holder = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => holder.once('listening', r));
    const port = (holder.address() as AddressInfo).port;
    try {
      const child = spawn(process.execPath, ['scripts/start.mjs'], {
        env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: mkdtempSync(join(tmpdir(), 'llt-start-')), DEMO: 'true' },
      });
      let stderr = '';
      let stdout = '';
      child.stderr.on('data', (d) => { stderr += String(d); });
      child.stdout.on('data', (d) => { stdout += String(d); });
      const code = await new Promise<number | null>((r) => child.once('exit', r));
      expect(code).toBe(1);
      expect(stderr).toContain(`端口 ${port} 已被占用`);
      expect(stderr).toContain(`PORT=${port + 1} npm start`);
      expect(stderr).not.toContain('    at ');
      expect(stdout).not.toContain('demo city loaded');
    } finally {
      holder.close();
    }
  }, 60_000);
});
