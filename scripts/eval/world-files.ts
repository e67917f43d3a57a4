/** Reading a labelled world from disk: its contract-format files and its labels.csv. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { ImportFile } from '../../server/import/index.ts';
import { MARK_REASONS } from '../../db/schema.ts';
import type { CandidateMark } from '../../server/matching/types.ts';

/** component ref → supplier USCC → relevance 0–3 (unlisted pairs are 0). */
export type Labels = Map<string, Map<string, number>>;

/** labels.csv: component_ref, supplier_uscc, relevance 0–3. */
export function readLabels(file: string): Labels {
  const rows = parse(readFileSync(file), { columns: true, bom: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  const labels: Labels = new Map();
  for (const r of rows) {
    const ref = r.component_ref ?? '';
    let m = labels.get(ref);
    if (!m) { m = new Map(); labels.set(ref, m); }
    m.set(r.supplier_uscc ?? '', Number(r.relevance));
  }
  return labels;
}

/** marks.csv (optional): component_ref, supplier_uscc, reason (process/material/certification/capacity/other), note — buyers' 「不合适」. */
export function readMarks(file: string): Map<string, Map<string, CandidateMark>> {
  const out = new Map<string, Map<string, CandidateMark>>();
  if (!existsSync(file)) return out;
  const rows = parse(readFileSync(file), { columns: true, bom: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  for (const r of rows) {
    const reason = MARK_REASONS.find((x) => x === r.reason);
    if (!reason) throw new Error(`${file}: unknown reason ${r.reason ?? ''}`);
    let m = out.get(r.component_ref ?? '');
    if (!m) { m = new Map(); out.set(r.component_ref ?? '', m); }
    m.set(r.supplier_uscc ?? '', { reason, note: r.note ?? '' });
  }
  return out;
}

const WORLD_FILE = /\.(csv|xlsx)$/i;

/** Every importable file of a world directory except its labels. */
export function worldFiles(dir: string): ImportFile[] {
  return readdirSync(dir).filter((n) => WORLD_FILE.test(n) && !/^(labels|marks)\./i.test(n)).sort()
    .map((name) => ({ name, bytes: readFileSync(join(dir, name)), fromFolder: true }));
}

/**
 * The refs a world keeps aside until the end (its README.md, under a heading 「## Held out」, one
 * 「- REF」 per line); empty when it keeps none.
 */
export function heldOutRefs(dir: string): Set<string> {
  const file = join(dir, 'README.md');
  if (!existsSync(file)) return new Set();
  const text = readFileSync(file, 'utf8');
  const at = text.search(/^##\s*Held out\s*$/im);
  if (at < 0) return new Set();
  const section = text.slice(at).split(/\n(?=##\s)/)[0] ?? '';
  return new Set([...section.matchAll(/^\s*[-*]\s*`?([A-Za-z0-9_-]+)`?/gm)].map((m) => m[1]!));
}
