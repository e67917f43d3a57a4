/**
 * Where the project's own files are: the folder holding package.json, found by walking up from
 * this module. Source run by tsx (server/…) and the bundle run by `npm start` (dist/…) sit at
 * different depths, so files next to the code (migrations, the lexicon, static assets, the demo
 * city) are addressed from the project root, never relative to the running module.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'db', 'migrations'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`project root (package.json with db/migrations) not found above ${from}`);
    dir = up;
  }
}

export const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

export const projectPath = (...parts: string[]): string => join(PROJECT_ROOT, ...parts);
