/**
 * Cells resolved before the row rules run, so one unknown value warns instead of refusing the
 * file where the row still means something: an unknown chain in a list is dropped; a region is
 * read through short forms and near spellings (applied, with a warning that names them); a known
 * place elsewhere in China is 市外; a region that is no known place refuses the row — never a silent 市外.
 */
import { getLexicon, splitList } from '../../search/lexicon.ts';
import { resolveRegion } from '../domain/regions.ts';
import type { FileKind } from './columns.ts';

export type CellReport = (message: string, key: string, severity: 'error' | 'warning') => void;

const REGION_KEYS: Record<FileKind, { key: string; required: boolean }[]> = {
  enterprises: [{ key: 'region', required: true }],
  listings: [{ key: 'region', required: true }],
  components: [{ key: 'current_supplier_region', required: false }],
  procurement: [],
};
const CHAIN_LIST_KEYS: Record<FileKind, string[]> = { enterprises: ['chains'], listings: [], components: [], procurement: [] };
const CHAIN_KEYS: Record<FileKind, string[]> = { enterprises: [], listings: ['chain'], components: ['chain'], procurement: [] };
const UNKNOWN_CHAIN = (name: string) => `未知产业链「${name}」，已忽略（应为 13 条产业链之一）`;

/** The row's cells with chains and regions resolved; null when a region is no known place (the row is refused). */
export function resolveCells(kind: FileKind, cells: Record<string, string>, report: CellReport): Record<string, string> | null {
  const out = { ...cells };
  const lexicon = getLexicon();
  for (const key of CHAIN_LIST_KEYS[kind]) {
    const text = out[key];
    if (!text) continue;
    const names = splitList(text);
    const known = names.filter((n) => lexicon.chain(n));
    for (const n of names) if (!lexicon.chain(n)) report(UNKNOWN_CHAIN(n), key, 'warning');
    if (known.length !== names.length) out[key] = known.join(';');
  }
  for (const key of CHAIN_KEYS[kind]) {
    const text = out[key]?.trim();
    if (text && !lexicon.chain(text)) { report(UNKNOWN_CHAIN(text), key, 'warning'); out[key] = ''; }
  }
  let refused = false;
  for (const { key, required } of REGION_KEYS[kind]) {
    const text = out[key];
    if (!text) continue;
    const r = resolveRegion(text);
    if (r.kind === 'corrected') {
      report(`区域「${text.trim()}」按「${r.name}」导入（${r.how === 'short' ? '简称' : '疑似错别字'}），请核对`, key, 'warning');
      out[key] = r.name;
    } else if (r.kind === 'unknown') {
      if (required) { report(`未知区域「${text.trim()}」：既不是本市区县，也不是已知的外地省市，请改正`, key, 'error'); refused = true; }
      else report(`未识别的地名「${text.trim()}」，按原文保存`, key, 'warning');
    }
  }
  return refused ? null : out;
}
