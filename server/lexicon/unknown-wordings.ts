/**
 * The wordings firms and buyers use that the lexicon cannot place, most frequent first, with where
 * they were seen — the admin's list for teaching the matcher (the 未识别词 page). Read from the list
 * cells of firm profiles (products, processes, materials, certificates) and of components
 * (processes, materials, certificates required); free-text descriptions are left out, because an
 * unknown phrase cannot be told from ordinary prose there.
 */
import type Database from 'better-sqlite3';
import { getLexicon, normalizeWording, splitList, type ConceptKind } from '../../search/lexicon.ts';
import { readCell } from '../matching/profile-text.ts';

export interface UnknownWording {
  kind: ConceptKind;
  /** the first wording seen, as typed */
  wording: string;
  key: string;
  count: number;
  /** up to three places it was seen: 「企业：襄阳某某公司」「外采件 C0012」 */
  examples: string[];
  /** the lexicon's nearest guess, when it has one (shown to help the choice, never applied) */
  nearest: string | null;
}

interface Cell { kind: ConceptKind; text: string; where: string }

const FIRM_COLUMNS: [string, ConceptKind][] = [['products', 'part'], ['processes', 'process'], ['materials', 'material'], ['certifications', 'certification']];
const COMPONENT_COLUMNS: [string, ConceptKind][] = [['processes', 'process'], ['materials', 'material'], ['certifications_required', 'certification']];

function* cells(sqlite: Database.Database): Generator<Cell> {
  const firms = sqlite.prepare<[], Record<string, string>>('select name, products, processes, materials, certifications from enterprises');
  for (const f of firms.iterate()) for (const [column, kind] of FIRM_COLUMNS) yield { kind, text: f[column] ?? '', where: `企业：${f.name}` };
  const parts = sqlite.prepare<[], Record<string, string>>('select ref, name, processes, materials, certifications_required from components');
  for (const c of parts.iterate()) for (const [column, kind] of COMPONENT_COLUMNS) yield { kind, text: c[column] ?? '', where: `外采件 ${c.ref} ${c.name}` };
}

/** Unknown wordings by frequency (ties by wording), at most `limit`. */
export function unknownWordings(sqlite: Database.Database, limit = 200): UnknownWording[] {
  const lexicon = getLexicon();
  const found = new Map<string, UnknownWording>();
  for (const cell of cells(sqlite)) {
    for (const item of splitList(cell.text)) {
      const read = readCell(lexicon, item, cell.kind);
      // unknown: nothing the lexicon knows, at most a guess by character similarity
      if (read.length === 0 || read.some((h) => h.evidence !== 'similar')) continue;
      const key = normalizeWording(item);
      if (key.length < 2) continue;
      const id = `${cell.kind}:${key}`;
      let entry = found.get(id);
      if (!entry) {
        const guess = read.find((h) => !h.conceptId.startsWith('~'));
        entry = { kind: cell.kind, wording: item.trim(), key, count: 0, examples: [], nearest: guess ? guess.conceptId : null };
        found.set(id, entry);
      }
      entry.count++;
      if (entry.examples.length < 3 && !entry.examples.includes(cell.where)) entry.examples.push(cell.where);
    }
  }
  return [...found.values()].sort((a, b) => b.count - a.count || a.wording.localeCompare(b.wording, 'zh-CN')).slice(0, limit);
}
