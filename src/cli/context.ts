/** Shared CLI plumbing: options every command takes, opening stores, printing, error exits. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveDataDir } from '../domain/config.js';
import { Warehouse } from '../store/warehouse.js';
import { ImportError } from '../ingest/errors.js';
import { KnowledgeImportError } from '../knowledge/index.js';

export interface GlobalOptions {
  dataDir?: string;
  json?: boolean;
}

export function version(): string {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
}

export async function withWarehouse<T>(opts: GlobalOptions, fn: (wh: Warehouse, dataDir: string) => Promise<T>): Promise<T> {
  const dataDir = resolveDataDir(opts.dataDir);
  const wh = await Warehouse.open(dataDir);
  try {
    return await fn(wh, dataDir);
  } finally {
    wh.close();
  }
}

export function out(opts: GlobalOptions, json: unknown, lines: () => string[]): void {
  if (opts.json) process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  else process.stdout.write(`${lines().join('\n')}\n`);
}

/** Known input errors exit 2 with their bilingual message; anything else exits 1. */
export function fail(e: unknown, opts: GlobalOptions): never {
  const known = e instanceof ImportError || e instanceof KnowledgeImportError;
  const message = e instanceof Error ? e.message : String(e);
  if (opts.json) process.stdout.write(`${JSON.stringify({ error: { message, kind: known ? 'input' : 'internal' } })}\n`);
  process.stderr.write(`错误 / Error: ${message}\n`);
  if (!known && process.env.FUNDGUARD_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
  process.exit(known ? 2 : 1);
}
