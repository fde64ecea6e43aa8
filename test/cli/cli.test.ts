import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { feeRow, tempDir, writeCsv } from '../ingest/helpers.js';

const MAIN = join(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts');

function cli(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('cli: import, status and errors, with --data-dir and --json', () => {
  const dir = tempDir('fg-cli-');
  const data = join(dir, 'region-a');
  const src = join(dir, 'in'); mkdirSync(src);
  writeCsv(join(src, 'fee_list_d_2023_03.csv'), 'fee_list_d', [feeRow(1), feeRow(2), feeRow(3, { cnt: 'x' })]);

  const imp = cli(['--data-dir', data, '--json', 'import', src]);
  assert.equal(imp.code, 0, imp.stderr);
  const summary = JSON.parse(imp.stdout) as { rows_loaded: number; rows_rejected: number; rejects_path: string };
  assert.equal(summary.rows_loaded, 2);
  assert.equal(summary.rows_rejected, 1);
  assert.ok(existsSync(summary.rejects_path));
  assert.ok(summary.rejects_path.startsWith(data), 'rejects stay inside the data dir');

  const text = cli(['--data-dir', data, 'import', src]);
  assert.equal(text.code, 0);
  assert.match(text.stdout, /fee_list_d_2023_03\.csv → fee_list_d：读取 3 行，入库 2（替换 2），拒绝 1/);
  // Not a terminal: plain progress lines, no bar control characters.
  assert.doesNotMatch(text.stderr, /\u001b\[/);

  const status = cli(['--data-dir', data, '--json', 'status']);
  assert.equal(status.code, 0);
  const s = JSON.parse(status.stdout) as { tables: { table: string; rows: number }[]; imports: unknown[] };
  assert.equal(s.tables.find((t) => t.table === 'fee_list_d')?.rows, 2);
  assert.equal(s.imports.length, 2);

  // Another data dir is another region.
  const other = cli(['--data-dir', join(dir, 'region-b'), '--json', 'status']);
  assert.equal((JSON.parse(other.stdout) as typeof s).tables.find((t) => t.table === 'fee_list_d')?.rows, 0);

  const bad = join(dir, 'bad'); mkdirSync(bad);
  writeCsv(join(bad, 'setl_d.csv'), 'setl_d', [{ setl_id: 'S1' }], { header: ['setl_id', 'mdtrt_id'] });
  const err = cli(['--data-dir', data, 'import', bad]);
  assert.equal(err.code, 2);
  assert.match(err.stderr, /setl_d\.csv（setl_d）缺少必需列：psn_no/);
  const missing = cli(['--data-dir', data, 'import', join(dir, 'nowhere')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /找不到/);
});
