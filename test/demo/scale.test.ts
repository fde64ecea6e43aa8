import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { Decimal } from 'decimal.js';
import { tableSpec } from '../../src/domain/tables.js';
import { writeScaleFeeFile } from '../../src/demo/index.js';
import { freshDir, removeDirs } from './region-files.js';

after(removeDirs);

test('writeScaleFeeFile writes exactly N lines with every required column', async () => {
  const path = join(freshDir(), 'fee_list_d_scale.csv');
  const r = await writeScaleFeeFile(path, { lines: 5000, seed: 3 });
  assert.equal(r.lines, 5000);
  const buf = readFileSync(path);
  assert.equal(r.bytes, buf.length);
  const rows = parse(buf.toString('utf8')) as string[][];
  assert.equal(rows.length, 5001);
  const header = rows[0];
  for (const c of tableSpec('fee_list_d').required) assert.ok(header.includes(c), c);
  const ix = (c: string) => header.indexOf(c);
  const keys = new Set<string>();
  for (const row of rows.slice(1)) {
    assert.equal(row.length, header.length);
    const amt = new Decimal(row[ix('cnt')]).mul(row[ix('pric')]).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    assert.equal(row[ix('det_item_fee_sumamt')], amt.toFixed(2));
    keys.add(row[ix('bkkp_sn')]);
  }
  assert.equal(keys.size, 5000);
});

test('GBK output decodes back to the same text as UTF-8 output', async () => {
  const d = freshDir();
  await writeScaleFeeFile(join(d, 'u.csv'), { lines: 3000, seed: 9 });
  const g = await writeScaleFeeFile(join(d, 'g.csv'), { lines: 3000, seed: 9, encoding: 'gbk' });
  const utf8 = readFileSync(join(d, 'u.csv'), 'utf8');
  const gbk = readFileSync(join(d, 'g.csv'));
  assert.equal(g.bytes, gbk.length);
  assert.ok(gbk.length < Buffer.byteLength(utf8), 'GBK stores Chinese in two bytes');
  assert.equal(iconv.decode(gbk, 'gbk'), utf8);
});

test('zero lines gives a header only', async () => {
  const path = join(freshDir(), 'empty.csv');
  const r = await writeScaleFeeFile(path, { lines: 0 });
  assert.equal(r.lines, 0);
  assert.equal(readFileSync(path, 'utf8').trim().split('\n').length, 1);
});
