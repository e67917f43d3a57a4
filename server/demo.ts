/**
 * The demo city: the labelled dev world (db/demo/, contract format) loaded into an empty
 * database when DEMO is not false, through the same import as everything else, plus one
 * demo account per role.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { projectPath } from '../db/paths.ts';
import { join } from 'node:path';
import type { Database_ } from '../db/client.ts';
import type { Role } from '../db/schema.ts';
import type { Accounts } from './auth/accounts.ts';
import { importFiles, type ImportOptions, type ImportReport } from './import/index.ts';
import { getLexicon } from '../search/lexicon.ts';

const DEMO_DIR = projectPath('db', 'demo');

export function isEmpty(database: Database_): boolean {
  return database.sqlite.prepare('select 1 from enterprises limit 1').get() === undefined;
}

/**
 * The dev world mixes English trade words into its prose on purpose (the matcher must read them);
 * people looking at the demo city should read Chinese. Every English wording of a lexicon concept
 * is replaced by the concept's Chinese name in the data rows (not the header); the dev world's
 * files stay as they are for the evaluation.
 */
export function demoInChinese(csv: string): string {
  const lexicon = getLexicon();
  const english = new Map<string, string>();
  let longest = 1;
  for (const c of lexicon.concepts()) {
    for (const t of c.terms) {
      if (!/^[a-z][a-z -]{3,}[a-z]$/i.test(t)) continue;
      const key = t.toLowerCase().replace(/\s+/g, ' ');
      if (english.has(key)) continue;
      english.set(key, c.label);
      longest = Math.max(longest, key.split(' ').length);
    }
  }
  if (english.size === 0) return csv;
  // One pass over each run of English words, longest known phrase first at every word — not one
  // regular expression of a thousand alternatives (that took ten seconds on the demo city).
  const translateRun = (run: string): string => {
    const words = run.split(/\s+/);
    const out: string[] = [];
    for (let i = 0; i < words.length;) {
      let hit: { label: string; span: number } | null = null;
      for (let span = Math.min(longest, words.length - i); span >= 1 && !hit; span--) {
        const label = english.get(words.slice(i, i + span).join(' ').toLowerCase());
        if (label) hit = { label, span };
      }
      if (hit) { out.push(hit.label); i += hit.span; } else { out.push(words[i]!); i++; }
    }
    // Chinese needs no spaces around a translated word; English words left as they are keep theirs
    return out.reduce((text, w, k) => (k === 0 ? w : /[A-Za-z]$/.test(text) && /^[A-Za-z]/.test(w) ? `${text} ${w}` : text + w), '');
  };
  const header = csv.indexOf('\n') + 1;
  return csv.slice(0, header) + csv.slice(header).replace(/(?<![A-Za-z])[A-Za-z][A-Za-z\s-]*[A-Za-z](?![A-Za-z])/g, (run) => {
    const lead = /^\s*/.exec(run)![0];
    const trail = /\s*$/.exec(run)![0];
    return lead + translateRun(run.trim()) + trail;
  });
}

export function loadDemoCity(database: Database_, now: number, opts: Partial<ImportOptions> = {}): ImportReport {
  const files = readdirSync(DEMO_DIR).filter((n) => n.endsWith('.csv')).sort()
    .map((name) => ({ name: `demo/${name}`, bytes: Buffer.from(demoInChinese(readFileSync(join(DEMO_DIR, name), 'utf8'))) }));
  const report = importFiles(database.sqlite, files, { ...opts, now, source: 'demo' });
  if (!report.loaded) throw new Error(`demo data refused: ${report.problems.length} problems`);
  return report;
}

export interface DemoAccount { username: string; password: string; role: Role; firm: string | null }

/** One account per role; the buyer acts for the chain leader with the most sole-source components. */
export async function seedDemoAccounts(database: Database_, accounts: Accounts, now: number): Promise<DemoAccount[]> {
  const { sqlite } = database;
  const buyer = sqlite.prepare<[], { id: number; name: string }>(`select e.id, e.name from enterprises e join components c on c.buyer_id = e.id
    where e.tier = 'chain_leader' group by e.id order by count(*) desc, e.uscc limit 1`).get();
  const supplier = sqlite.prepare<[], { id: number; name: string }>(`select e.id, e.name from enterprises e join regions r on r.code = e.region_code
    join listings l on l.enterprise_id = e.id and l.kind = 'supply'
    where r.kind = 'local' and e.tier != 'chain_leader' and e.processes != '' group by e.id order by count(*) desc, e.uscc limit 1`).get();
  const wanted: (DemoAccount & { displayName: string; enterpriseId: number | null; departmentId?: string })[] = [
    { username: 'admin', password: 'demo-admin-2026', role: 'admin', firm: null, displayName: '平台管理员', enterpriseId: null },
    { username: 'official', password: 'demo-official-2026', role: 'official', firm: null, displayName: '市经信局 工作专班', enterpriseId: null },
    // Department staff: answers the problems assigned to 市经济和信息化局.
    { username: 'dept', password: 'demo-dept-2026', role: 'official', firm: '市经济和信息化局', displayName: '市经信局 承办人', enterpriseId: null, departmentId: 'jxj' },
  ];
  if (buyer) wanted.push({ username: 'buyer', password: 'demo-buyer-2026', role: 'procurement', firm: buyer.name, displayName: '链主采购经理', enterpriseId: buyer.id });
  if (supplier) wanted.push({ username: 'supplier', password: 'demo-supplier-2026', role: 'enterprise', firm: supplier.name, displayName: '配套企业联络员', enterpriseId: supplier.id });
  const created = await Promise.all(wanted.filter((w) => !accounts.findUser(w.username)).map(async (w) => {
    await accounts.createUser({ username: w.username, displayName: w.displayName, role: w.role, enterpriseId: w.enterpriseId, departmentId: w.departmentId, password: w.password }, now);
    return { username: w.username, password: w.password, role: w.role, firm: w.firm };
  }));
  return created;
}
