import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateScaleWorld, SCALE_FILES, writeScaleWorld, type ScaleFile } from '../../scripts/generate-scale.ts';
import { isValidUscc } from '../../server/domain/uscc.ts';

const DEV = new URL('../fixtures/dev-world/', import.meta.url).pathname;
const SIZES = { enterprises: 300, listings: 2000, components: 50 } as const;
const lexicon = JSON.parse(readFileSync(new URL('../../search/lexicon.json', import.meta.url), 'utf8')) as {
  chains: { name: string }[];
  regions: { name: string; kind: string }[];
};

type Table = { header: string[]; rows: Record<string, string>[]; raw: string[][] };

function readTable(text: string): Table {
  const raw = parse(text, { relax_column_count: true }) as string[][];
  const header = raw[0]!;
  const rows = raw.slice(1).map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])));
  return { header, rows, raw };
}

let dirs: string[] = [];
const tables = {} as Record<ScaleFile, Table>;
const bytes = {} as Record<ScaleFile, Buffer>;

async function generate(seed: number): Promise<{ dir: string; files: Record<ScaleFile, Buffer> }> {
  const dir = await mkdtemp(join(tmpdir(), 'scale-'));
  dirs.push(dir);
  await writeScaleWorld(dir, { ...SIZES, seed });
  const files = {} as Record<ScaleFile, Buffer>;
  for (const file of SCALE_FILES) files[file] = await readFile(join(dir, `${file}.csv`));
  return { dir, files };
}

beforeAll(async () => {
  const { files } = await generate(7);
  for (const file of SCALE_FILES) {
    bytes[file] = files[file];
    tables[file] = readTable(files[file].toString('utf8'));
  }
});

afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  dirs = [];
});

describe('generate-scale', () => {
  it('writes the sizes asked for', () => {
    expect(tables.enterprises.rows).toHaveLength(SIZES.enterprises);
    expect(tables.listings.rows).toHaveLength(SIZES.listings);
    expect(tables.components.rows).toHaveLength(SIZES.components);
  });

  it('uses exactly the headers of the dev dataset', () => {
    for (const file of SCALE_FILES) {
      const devHeader = readFileSync(join(DEV, `${file}.csv`), 'utf8').split(/\r?\n/, 1)[0]!.replace(/^\uFEFF/, '');
      const ours = bytes[file].toString('utf8').split(/\r?\n/, 1)[0];
      expect(ours, file).toBe(devHeader);
    }
  });

  it('gives every row as many cells as its header', () => {
    for (const file of SCALE_FILES) {
      const { header, raw } = tables[file];
      for (const [i, cells] of raw.entries()) expect(cells.length, `${file} line ${i + 1}`).toBe(header.length);
    }
  });

  it('issues valid, unique USCCs', () => {
    const codes = tables.enterprises.rows.map((r) => r.uscc!);
    for (const code of codes) expect(isValidUscc(code), code).toBe(true);
    expect(new Set(codes).size).toBe(codes.length);
    const local = new Set(lexicon.regions.filter((r) => r.kind === 'local').map((r) => r.name));
    for (const row of tables.enterprises.rows) {
      if (local.has(row.region!)) expect(row.uscc!.startsWith('914206'), row.uscc).toBe(true);
      else expect(row.uscc!.startsWith('914206')).toBe(false);
    }
  });

  it('only refers to enterprises that exist', () => {
    const known = new Set(tables.enterprises.rows.map((r) => r.uscc!));
    for (const row of tables.listings.rows) expect(known.has(row.uscc!), row.ref).toBe(true);
    for (const row of tables.components.rows) expect(known.has(row.buyer_uscc!), row.ref).toBe(true);
    for (const row of tables.procurement.rows) expect(known.has(row.buyer_uscc!)).toBe(true);
  });

  it('has only local chain leaders buy components, in one of their chains', () => {
    const byUscc = new Map(tables.enterprises.rows.map((r) => [r.uscc!, r]));
    const local = new Set(lexicon.regions.filter((r) => r.kind === 'local').map((r) => r.name));
    const outside = new Set(lexicon.regions.filter((r) => r.kind === 'outside').map((r) => r.name));
    for (const row of tables.components.rows) {
      const buyer = byUscc.get(row.buyer_uscc!)!;
      expect(buyer.tier, row.ref).toBe('链主企业');
      expect(local.has(buyer.region!)).toBe(true);
      expect(buyer.chains!.split(';')).toContain(row.chain);
      expect(outside.has(row.current_supplier_region!), row.current_supplier_region).toBe(true);
      expect(row.processes!.length).toBeGreaterThan(0);
      expect(['高', '中', '低']).toContain(row.criticality);
      expect(Number(row.annual_value_wan)).toBeGreaterThan(0);
    }
  });

  it('covers all 13 chains with a leader each, and mixes tiers and regions', () => {
    const chains = lexicon.chains.map((c) => c.name);
    expect(chains).toHaveLength(13);
    const seen = new Set(tables.enterprises.rows.flatMap((r) => r.chains!.split(';')));
    const led = new Set(tables.enterprises.rows.filter((r) => r.tier === '链主企业').flatMap((r) => r.chains!.split(';')[0]!));
    for (const chain of chains) {
      expect(seen.has(chain), chain).toBe(true);
      expect(led.has(chain), chain).toBe(true);
    }
    const tiers = new Set(tables.enterprises.rows.map((r) => r.tier));
    expect([...tiers].sort()).toEqual(['中小企业', '专精特新', '核心企业', '链主企业'].sort());
    const kinds = new Map(lexicon.regions.map((r) => [r.name, r.kind]));
    const regionKinds = new Set(tables.enterprises.rows.map((r) => kinds.get(r.region!)));
    expect(regionKinds).toEqual(new Set(['local', 'cluster', 'outside']));
    // Trading firms exist and list no processes of their own.
    const traders = tables.enterprises.rows.filter((r) => /(贸易|商贸|供应链|物资)/.test(r.name!));
    expect(traders.length).toBeGreaterThan(0);
    for (const t of traders) expect(t.processes).toBe('');
  });

  it('writes plausible listings', () => {
    const byUscc = new Map(tables.enterprises.rows.map((r) => [r.uscc!, r]));
    let supply = 0;
    for (const row of tables.listings.rows) {
      expect(row.ref).toMatch(/^L\d{7}$/);
      expect(['supply', 'demand']).toContain(row.kind);
      if (row.kind === 'supply') supply++;
      expect(row.valid_until).toMatch(/^20(26|27|28)-\d\d-\d\d$/);
      expect(row.valid_until! >= '2026-01-01' && row.valid_until! <= '2028-06-30').toBe(true);
      const firm = byUscc.get(row.uscc!)!;
      expect(row.region).toBe(firm.region);
      expect(firm.chains!.split(';')).toContain(row.chain);
      expect(Number(row.quantity)).toBeGreaterThan(0);
    }
    expect(supply / tables.listings.rows.length).toBeGreaterThan(0.6);
    expect(supply / tables.listings.rows.length).toBeLessThan(0.8);
  });

  it('reports procurement per leader and year with a 10-35% local share', () => {
    const leaders = tables.enterprises.rows.filter((r) => r.tier === '链主企业');
    expect(tables.procurement.rows).toHaveLength(leaders.length * 3);
    for (const row of tables.procurement.rows) {
      const total = Number(row.total_wan);
      const local = Number(row.local_wan);
      expect(['2024', '2025', '2026']).toContain(row.year);
      expect(local).toBeLessThan(total);
      expect(local / total).toBeGreaterThanOrEqual(0.1);
      expect(local / total).toBeLessThanOrEqual(0.35);
    }
  });

  it('is deterministic per seed', async () => {
    const again = await generate(7);
    const other = await generate(8);
    for (const file of SCALE_FILES) expect(again.files[file].equals(bytes[file]), file).toBe(true);
    expect(other.files.enterprises.equals(bytes.enterprises)).toBe(false);
    expect(other.files.listings.equals(bytes.listings)).toBe(false);
  });

  it('yields the same rows in-process as it writes', () => {
    const rows = [...generateScaleWorld({ ...SIZES, seed: 7 })];
    const listings = rows.filter((r) => r.file === 'listings').map((r) => r.values);
    expect(listings).toEqual(tables.listings.raw.slice(1));
  });
});
