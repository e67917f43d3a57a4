/**
 * Writes a large synthetic city (enterprises, components, listings,
 * procurement) in the import contract's CSV format, for load tests.
 *
 *   npx tsx scripts/generate-scale.ts --out DIR [--enterprises 20000] [--listings 200000] [--components 5000] [--seed 1]
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { SCALE_DEFAULTS, writeScaleWorld, type ScaleFileSummary } from './scale/world.ts';

export { generateScaleWorld, writeScaleWorld, SCALE_DEFAULTS, SCALE_FILES, SCALE_HEADERS } from './scale/world.ts';
export type { ScaleFile, ScaleFileSummary, ScaleOptions, ScaleRow, ScaleSummary } from './scale/world.ts';

const USAGE = `usage: npx tsx scripts/generate-scale.ts --out DIR [--enterprises ${SCALE_DEFAULTS.enterprises}] [--listings ${SCALE_DEFAULTS.listings}] [--components ${SCALE_DEFAULTS.components}] [--seed ${SCALE_DEFAULTS.seed}]`;

function count(name: string, raw: string | undefined, fallback: number, allowNegative = false): number {
  if (raw === undefined) return fallback;
  const pattern = allowNegative ? /^-?\d+$/ : /^\d+$/;
  const value = Number(raw.replaceAll('_', ''));
  if (!pattern.test(raw.replaceAll('_', '')) || !Number.isSafeInteger(value)) throw new Error(`--${name} must be a whole number, got "${raw}"`);
  return value;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1 << 20) return `${(bytes / (1 << 20)).toFixed(1)} MiB`;
  if (bytes >= 1 << 10) return `${(bytes / (1 << 10)).toFixed(1)} KiB`;
  return `${bytes} B`;
}

function report(s: ScaleFileSummary): void {
  console.log(`${`${s.file}.csv`.padEnd(16)} ${String(s.rows).padStart(8)} rows ${formatBytes(s.bytes).padStart(10)} ${s.seconds.toFixed(2).padStart(6)} s`);
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      enterprises: { type: 'string' },
      listings: { type: 'string' },
      components: { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values.out) throw new Error(`--out is required\n${USAGE}`);
  const dir = resolve(values.out);
  const summary = await writeScaleWorld(
    dir,
    {
      enterprises: count('enterprises', values.enterprises, SCALE_DEFAULTS.enterprises),
      listings: count('listings', values.listings, SCALE_DEFAULTS.listings),
      components: count('components', values.components, SCALE_DEFAULTS.components),
      seed: count('seed', values.seed, SCALE_DEFAULTS.seed, true),
    },
    report,
  );
  console.log(`wrote ${summary.files.length} files to ${summary.dir} in ${summary.seconds.toFixed(2)} s`);
}

// Runs only as a command, so tests and benchmarks can import the exports above.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
