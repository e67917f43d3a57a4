/** Firms and requests built in code for the matching tests, with every field defaulted. */
import { buildCandidateProfile, type FirmRecord } from '../../server/matching/profile.ts';
import { requirementsFromComponent, type ComponentText } from '../../server/matching/requirements.ts';
import type { CandidateProfile, MatchRequest } from '../../server/matching/types.ts';
import { loadMatchingIndex } from '../../server/matching/load.ts';
import type { MatchingIndex } from '../../server/matching/matching-index.ts';
import { loadDemoCity } from '../../server/demo.ts';
import { importFiles } from '../../server/import/index.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { memoryDatabase } from '../helpers.ts';
import { getLexicon, type Lexicon } from '../../search/lexicon.ts';

/** 樊城区, the buyer's district in these tests. */
export const XIANGYANG = { lat: 32.0447, lng: 112.1354 };

let nextId = 100;

/** A firm as the engine reads it, with the lexicon in force unless given another. */
export function firm(over: Partial<FirmRecord> = {}, lexicon: Lexicon = getLexicon()): CandidateProfile {
  const id = over.id ?? nextId++;
  return buildCandidateProfile(lexicon, {
    id, uscc: `91420600TEST${String(id).padStart(6, '0')}`, name: `襄阳测试${id}精密制造有限公司`,
    regionCode: '420606', regionName: '樊城区', regionKind: 'local', lat: XIANGYANG.lat, lng: XIANGYANG.lng,
    regionLat: 32.0447, regionLng: 112.1354, tier: 'sme', chainIds: ['auto'],
    products: '', processes: '', materials: '', certifications: '', annualOutputWan: 10_000, description: '',
    ...over,
  });
}

export function component(over: Partial<ComponentText> & Partial<Omit<MatchRequest, 'requirements'>> = {}, lexicon: Lexicon = getLexicon()): MatchRequest {
  const text: ComponentText = {
    name: over.name ?? '变速器壳体',
    processes: over.processes ?? '压铸;CNC加工', materials: over.materials ?? 'ADC12',
    certificationsRequired: over.certificationsRequired ?? 'IATF16949', description: over.description ?? '',
  };
  return {
    kind: over.kind ?? 'component', id: over.id ?? 1, ref: over.ref ?? 'T001', name: over.name ?? '变速器壳体',
    buyerId: over.buyerId ?? 1, buyerLocation: over.buyerLocation === undefined ? XIANGYANG : over.buyerLocation,
    chainId: over.chainId ?? 'auto', annualValueWan: over.annualValueWan === undefined ? 1000 : over.annualValueWan,
    requirements: requirementsFromComponent(lexicon, text),
  };
}

/** A die caster that can deliver a 1,000 万元 ADC12 housing today. */
export function readyDieCaster(over: Partial<FirmRecord> = {}): CandidateProfile {
  return firm({ processes: '压铸;CNC加工', materials: 'ADC12', certifications: 'IATF 16949', annualOutputWan: 6000, ...over });
}

/** The matching index over the demo city (the dev world), for properties that must hold on every part; the database is closed after. */
export function withDemoIndex(check: (index: MatchingIndex) => void): void {
  const database = memoryDatabase();
  try {
    loadDemoCity(database, Date.parse('2026-11-27T00:00:00Z'));
    check(loadMatchingIndex(database.sqlite, getLexicon()));
  } finally {
    database.close();
  }
}

/** The matching index over one of the labelled worlds in tests/fixtures (its import files; labels.csv is skipped). */
export function withFixtureIndex(dir: string, check: (index: MatchingIndex) => void): void {
  const database = memoryDatabase();
  try {
    const files = readdirSync(dir).filter((n) => n.endsWith('.csv') && n !== 'labels.csv').sort()
      .map((name) => ({ name, bytes: readFileSync(join(dir, name)) }));
    const report = importFiles(database.sqlite, files, { now: Date.parse('2026-11-27T00:00:00Z') });
    if (!report.loaded) throw new Error(`${dir} refused: ${report.problems.length} problems`);
    check(loadMatchingIndex(database.sqlite, getLexicon()));
  } finally {
    database.close();
  }
}
