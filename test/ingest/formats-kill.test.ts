import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { importPath } from '../../src/ingest/importer.js';
import { Warehouse } from '../../src/store/warehouse.js';
import { countOf, feeRow, openTemp, rows, tempDir, writeCsv } from './helpers.js';

test('Excel and Parquet extracts import like CSV', async () => {
  const { dir, wh } = await openTemp();
  const src = join(dir, 'in'); mkdirSync(src);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('结算');
  const header = Object.keys(feeRow(0));
  ws.addRow(header);
  ws.addRow(header.map((h) => (h === 'cnt' ? 3 : h === 'fee_ocur_time' ? new Date(Date.UTC(2023, 4, 6, 9, 15, 0)) : feeRow(1)[h])));
  ws.addRow(header.map((h) => feeRow(2)[h]));
  ws.addRow(header.map((h) => feeRow(9, { pric: '十二元' })[h]));
  await wb.xlsx.writeFile(join(src, 'fee_list_d_xlsx.xlsx'));
  // A Parquet file written by DuckDB itself from a CSV.
  const csvDir = tempDir();
  writeCsv(join(csvDir, 'p.csv'), 'fee_list_d', [feeRow(3), feeRow(4)]);
  await wh.run(`COPY (SELECT * FROM read_csv(?, all_varchar = true)) TO '${join(src, 'fee_list_d_pq.parquet')}' (FORMAT parquet)`,
    [join(csvDir, 'p.csv')]);
  const s = await importPath(wh, join(dir, 'data'), src);
  assert.deepEqual(s.files.map((f) => [f.file, f.rows_loaded, f.rows_rejected]),
    [['fee_list_d_pq.parquet', 2, 0], ['fee_list_d_xlsx.xlsx', 2, 1]]);
  const got = await rows(wh, `SELECT bkkp_sn, CAST(cnt AS VARCHAR) AS cnt, CAST(fee_ocur_time AS VARCHAR) AS t
    FROM fee_list_d ORDER BY bkkp_sn`);
  assert.deepEqual(got.map((g) => [g.bkkp_sn, g.cnt, g.t]), [
    ['B00000001', '3.0000', '2023-05-06 09:15:00'],
    ['B00000002', '3.0000', '2023-03-01 08:30:00'],
    ['B00000003', '1.0000', '2023-03-01 08:30:00'],
    ['B00000004', '2.0000', '2023-03-01 08:30:00'],
  ]);
  // The rejected Excel row is named by its sheet row.
  const rej = await rows(wh, 'SELECT line, "column", value FROM import_reject');
  assert.deepEqual(rej, [{ line: '4', column: 'pric', value: '十二元' }]);
  wh.close();
});

test('a corrupt Excel file is reported by name and changes nothing', async () => {
  const { dir, wh } = await openTemp();
  const src = join(dir, 'in'); mkdirSync(src);
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(src, 'setl_d.xlsx'), Buffer.from('PK\u0003\u0004 this is not a workbook'));
  await assert.rejects(importPath(wh, join(dir, 'data'), src), /setl_d\.xlsx/);
  assert.equal(await countOf(wh, 'import_batch'), 0);
  wh.close();
});

function runChild(dataDir: string, src: string, killWhen: (line: string) => boolean): Promise<{ killed: boolean; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'import-child.ts'), dataDir, src],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = ''; let killed = false;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!killed && out.split('\n').some(killWhen)) { killed = true; child.kill('SIGKILL'); }
    });
    child.on('error', reject);
    child.on('exit', () => resolve({ killed, out }));
  });
}

test('SIGKILL during an import leaves the stores as before, and the next import works', async () => {
  const dir = tempDir();
  const data = join(dir, 'data');
  const first = join(dir, 'first'); mkdirSync(first);
  writeCsv(join(first, 'fee_list_d.csv'), 'fee_list_d', [feeRow(1), feeRow(2)]);
  let wh = await Warehouse.open(data);
  await importPath(wh, data, first);
  wh.close();

  const big = join(dir, 'big'); mkdirSync(big);
  const many = Array.from({ length: 60000 }, (_, i) => feeRow(100 + i));
  writeCsv(join(big, 'fee_list_d_a.csv'), 'fee_list_d', many.slice(0, 30000));
  writeCsv(join(big, 'fee_list_d_b.csv'), 'fee_list_d', many.slice(30000));
  // Kill while reading the files, and again while the merge transaction is running.
  for (const moment of ['opened', 'ingest.stage.merge fee_list_d_b.csv']) {
    const r = await runChild(data, big, (l) => l === moment);
    assert.ok(r.killed, `killed at ${moment}; output: ${r.out}`);
    wh = await Warehouse.open(data);
    assert.equal(await countOf(wh, 'fee_list_d'), 2, `after kill at ${moment}`);
    assert.equal(await countOf(wh, 'import_batch'), 1);
    wh.close();
  }
  wh = await Warehouse.open(data);
  const s = await importPath(wh, data, big);
  assert.equal(s.rows_loaded, 60000);
  assert.equal(await countOf(wh, 'fee_list_d'), 60002);
  wh.close();
});
