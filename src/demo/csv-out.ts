/**
 * Streaming CSV output with bounded memory: rows are quoted per RFC 4180, gathered into chunks
 * and written to a file stream; callers await `pressure()` between units of work so a slow disk
 * holds the generator back instead of filling memory.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import iconv from 'iconv-lite';

const NEEDS_QUOTE = /[",\r\n]|^\s|\s$/;

export function needsQuote(v: string): boolean {
  return NEEDS_QUOTE.test(v);
}

export function csvField(v: string): string {
  return NEEDS_QUOTE.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

const parts: string[] = [];

export function csvLine(values: readonly string[]): string {
  parts.length = values.length;
  for (let i = 0; i < values.length; i++) parts[i] = csvField(values[i]);
  return parts.join(',') + '\n';
}

const CHUNK_BYTES = 1 << 20;

export class CsvSink {
  private readonly stream: WriteStream;
  // UTF-8 lines are encoded straight into a chunk buffer; GBK text is gathered and encoded per chunk.
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private off = 0;
  private text: string[] = [];
  private readonly pending: string[] = [];
  private textChars = 0;
  private waiting: Promise<void> | null = null;
  private failure: Error | null = null;
  rows = 0;
  bytes = 0;

  constructor(readonly path: string, readonly columns: readonly string[], private readonly encoding: 'utf8' | 'gbk' = 'utf8') {
    this.stream = createWriteStream(path, { highWaterMark: 1 << 20 });
    this.stream.on('error', (e) => { this.failure = e; });
    this.push(csvLine(columns));
  }

  /** One data row, values in `columns` order. */
  row(values: readonly string[]): void {
    this.push(csvLine(values));
    this.rows++;
  }

  /**
   * A row whose values the caller guarantees need no quoting (identifiers, numbers, dates and
   * catalogue texts checked once with needsQuote): skips the per-field check on the hot path.
   */
  rowPlain(values: readonly string[]): void {
    this.push(values.join(',') + '\n');
    this.rows++;
  }

  private push(line: string): void {
    // Lines are encoded 16 at a time: one join and one write instead of sixteen small writes.
    this.pending.push(line);
    if (this.pending.length >= 16) this.drainPending();
  }

  private drainPending(): void {
    if (!this.pending.length) return;
    const line = this.pending.length === 1 ? this.pending[0] : this.pending.join('');
    this.pending.length = 0;
    if (this.encoding === 'gbk') {
      this.text.push(line);
      this.textChars += line.length;
      if (this.textChars >= CHUNK_BYTES / 2) this.flushChunk();
      return;
    }
    // A UTF-8 character takes at most 3 bytes per UTF-16 unit.
    if (this.off + line.length * 3 > this.chunk.length) {
      this.flushBytes();
      if (line.length * 3 > this.chunk.length) this.chunk = Buffer.allocUnsafe(line.length * 3);
    }
    this.off += this.chunk.write(line, this.off, 'utf8');
  }

  private flushChunk(): void {
    this.drainPending();
    let data: Buffer;
    if (this.encoding === 'gbk') {
      if (!this.text.length) return;
      data = iconv.encode(this.text.join(''), 'gbk');
      this.text = [];
      this.textChars = 0;
    } else {
      this.flushBytes();
      return;
    }
    this.send(data);
  }

  private flushBytes(): void {
    if (!this.off) return;
    const data = this.chunk.subarray(0, this.off);
    this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    this.off = 0;
    this.send(data);
  }

  private send(data: Buffer): void {
    this.bytes += data.length;
    if (!this.stream.write(data) && !this.waiting) {
      this.waiting = new Promise((resolve) => this.stream.once('drain', () => { this.waiting = null; resolve(); }));
    }
  }

  /** Resolves once the file stream has room again. */
  async pressure(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.waiting) await this.waiting;
  }

  async close(): Promise<void> {
    this.flushChunk();
    await this.pressure();
    await new Promise<void>((resolve, reject) => {
      this.stream.end((err?: Error | null) => (err ? reject(err) : resolve()));
    });
    if (this.failure) throw this.failure;
  }
}
