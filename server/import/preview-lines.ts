/** A preview as plain lines, for the command line (the page renders the same view model). */
import { KIND_LABELS, countsLine } from './index.ts';
import type { ImportPreview } from './preview.ts';

export function previewLines(p: ImportPreview): string[] {
  const lines = countsLine(p.counts);
  for (const c of p.created) lines.push(`新增 ${KIND_LABELS[c.kind]} ${c.key}${c.name ? ` ${c.name}` : ''}`);
  for (const u of p.updated) {
    lines.push(`更新 ${KIND_LABELS[u.kind]} ${u.key}${u.name ? ` ${u.name}` : ''}`);
    for (const f of u.fields) lines.push(`  ${f.label}：${f.before} → ${f.after}`);
  }
  return lines;
}
