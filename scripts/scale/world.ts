import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { COMPONENT_HEADER, componentRows } from './components.ts';
import { buildContext, type ScaleContext } from './context.ts';
import { CsvFileWriter } from './csv.ts';
import { ENTERPRISE_HEADER, enterpriseRows, type EnterpriseState } from './enterprises.ts';
import { loadLexicon } from './lexicon.ts';
import { LISTING_HEADER, listingRows } from './listings.ts';
import { Rng } from './prng.ts';
import { PROCUREMENT_HEADER, procurementRows } from './procurement.ts';

export type ScaleFile = 'enterprises' | 'components' | 'listings' | 'procurement';

export const SCALE_FILES: readonly ScaleFile[] = ['enterprises', 'components', 'listings', 'procurement'];

export const SCALE_HEADERS: Readonly<Record<ScaleFile, readonly string[]>> = {
  enterprises: ENTERPRISE_HEADER,
  components: COMPONENT_HEADER,
  listings: LISTING_HEADER,
  procurement: PROCUREMENT_HEADER,
};

export interface ScaleOptions {
  enterprises?: number;
  listings?: number;
  components?: number;
  seed?: number;
  /** Defaults to search/lexicon.json of this project. */
  lexiconPath?: string;
}

export const SCALE_DEFAULTS = { enterprises: 20000, listings: 200000, components: 5000, seed: 1 } as const;

export interface ScaleRow {
  file: ScaleFile;
  /** Cell values in SCALE_HEADERS[file] order; lists already joined with ';'. */
  values: string[];
}

interface ResolvedOptions {
  enterprises: number;
  listings: number;
  components: number;
  seed: number;
  lexiconPath: string | undefined;
}

function resolve(options: ScaleOptions): ResolvedOptions {
  const out = {
    enterprises: options.enterprises ?? SCALE_DEFAULTS.enterprises,
    listings: options.listings ?? SCALE_DEFAULTS.listings,
    components: options.components ?? SCALE_DEFAULTS.components,
    seed: options.seed ?? SCALE_DEFAULTS.seed,
    lexiconPath: options.lexiconPath,
  };
  for (const key of ['enterprises', 'listings', 'components'] as const) {
    if (!Number.isSafeInteger(out[key]) || out[key] < 0) throw new Error(`${key} must be a whole number ≥ 0, got ${out[key]}`);
  }
  if (!Number.isSafeInteger(out.seed)) throw new Error(`seed must be a whole number, got ${out.seed}`);
  if (out.enterprises === 0 && out.listings + out.components > 0) {
    throw new Error('listings and components need at least one enterprise');
  }
  return out;
}

/**
 * The whole world as rows, file by file in SCALE_FILES order, without touching
 * the disk: benchmarks can feed an importer in-process. Each file draws from
 * its own seeded stream, so the same seed and sizes always give the same rows.
 */
export function generateScaleWorld(options: ScaleOptions = {}): Generator<ScaleRow> {
  // Checked now rather than on the first row, so a bad option fails before any file is opened.
  const opts = resolve(options);
  const ctx = buildContext(loadLexicon(opts.lexiconPath));
  return rowsFor(opts, ctx);
}

function* rowsFor(opts: ResolvedOptions, ctx: ScaleContext): Generator<ScaleRow> {
  const state: EnterpriseState = { usccs: new Set(), names: new Set(), firms: [] };

  for (const values of enterpriseRows(ctx, opts.enterprises, Rng.derive(opts.seed, 'enterprises'), state)) {
    yield { file: 'enterprises', values };
  }
  const firms = state.firms;
  for (const values of componentRows({ ctx, firms, total: opts.components, rng: Rng.derive(opts.seed, 'components') })) {
    yield { file: 'components', values };
  }
  for (const values of listingRows({ firms, total: opts.listings, rng: Rng.derive(opts.seed, 'listings') })) {
    yield { file: 'listings', values };
  }
  for (const values of procurementRows(firms, Rng.derive(opts.seed, 'procurement'))) {
    yield { file: 'procurement', values };
  }
}

export interface ScaleFileSummary {
  file: ScaleFile;
  path: string;
  rows: number;
  bytes: number;
  seconds: number;
}

export interface ScaleSummary {
  dir: string;
  files: ScaleFileSummary[];
  seconds: number;
}

/** Writes the four CSV files into `dir` (created if missing), one open file at a time. */
export async function writeScaleWorld(
  dir: string,
  options: ScaleOptions = {},
  onFile?: (summary: ScaleFileSummary) => void,
): Promise<ScaleSummary> {
  const rows = generateScaleWorld(options);
  await mkdir(dir, { recursive: true });
  const started = performance.now();
  const files: ScaleFileSummary[] = [];
  let current: { file: ScaleFile; writer: CsvFileWriter; started: number } | undefined;

  const open = async (file: ScaleFile): Promise<void> => {
    const writer = new CsvFileWriter(join(dir, `${file}.csv`));
    current = { file, writer, started: performance.now() };
    await writer.header(SCALE_HEADERS[file]);
  };
  const close = async (): Promise<void> => {
    if (!current) return;
    const { file, writer } = current;
    const stats = await writer.close();
    const summary = { file, path: join(dir, `${file}.csv`), ...stats, seconds: (performance.now() - current.started) / 1000 };
    current = undefined;
    files.push(summary);
    onFile?.(summary);
  };

  // One pass over the generator; a row of the next file ends the current one.
  let pending: IteratorResult<ScaleRow> | undefined;
  function* rowsOf(file: ScaleFile): Generator<string[]> {
    for (;;) {
      const next = pending ?? rows.next();
      pending = undefined;
      if (next.done) return;
      if (next.value.file !== file) {
        pending = next;
        return;
      }
      yield next.value.values;
    }
  }

  try {
    // Files that get no rows still get their header, so every run yields all four.
    for (const file of SCALE_FILES) {
      await open(file);
      for (const row of rowsOf(file)) await current!.writer.row(row);
      await close();
    }
  } catch (error) {
    current?.writer.destroy();
    throw error;
  }
  return { dir, files, seconds: (performance.now() - started) / 1000 };
}
