import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

import { csvLine } from '../../server/export/csv.ts';

/** The export module's CSV rules (quotes only where needed, CRLF), without a BOM or formula escaping: these are import files. */
export { csvLine };

export interface CsvFileStats {
  rows: number;
  bytes: number;
}

// Big enough that 200k rows become a few hundred writes, small enough to stay cheap in memory.
const FLUSH_AT = 1 << 16;

/**
 * Buffered CSV file writer that honours stream backpressure, so a large file
 * never exists as one string and memory stays flat.
 */
export class CsvFileWriter {
  private readonly stream: WriteStream;
  private buffer = '';
  private rows = 0;
  private bytes = 0;

  constructor(path: string) {
    this.stream = createWriteStream(path, { encoding: 'utf8' });
  }

  /** Header plus data rows are all counted as written lines; `rows` excludes the header. */
  async header(values: readonly string[]): Promise<void> {
    this.buffer += csvLine(values);
    await this.maybeFlush();
  }

  async row(values: readonly string[]): Promise<void> {
    this.buffer += csvLine(values);
    this.rows++;
    await this.maybeFlush();
  }

  private async maybeFlush(): Promise<void> {
    if (this.buffer.length >= FLUSH_AT) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const chunk = this.buffer;
    this.buffer = '';
    this.bytes += Buffer.byteLength(chunk, 'utf8');
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async close(): Promise<CsvFileStats> {
    await this.flush();
    const finished = once(this.stream, 'finish');
    this.stream.end();
    await finished;
    return { rows: this.rows, bytes: this.bytes };
  }

  /** Releases the file after a failure without waiting for pending data. */
  destroy(): void {
    this.stream.destroy();
  }
}
