import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { importPath, importFiles } from '../../src/ingest/importer.js';
import { ImportError } from '../../src/ingest/errors.js';
import { countOf, feeRow, openTemp, rows, writeCsv } from './helpers.js';

test('imports a fee file: typed columns, exact decimals, source lines', async () => {
  const { dir, wh } = await openTemp();
  const src = join(dir, 'in'); mkdirSync(src);
  writeCsv(join(src, 'fee_list_d_2023_03.csv'), 'fee_list_d', [
    feeRow(1, { cnt: '0.1', pric: '0.1', det_item_fee_sumamt: '0.10' }),
    feeRow(2, { cnt: '0.2', pric: '1', det_item_fee_sumamt: '0.20' }),
    feeRow(3, { fee_ocur_time: '20230305', det_item_fee_sumamt: '1234567890.12' }),
  ]);
  const s = await importPath(wh, join(dir, 'data'), src);
  assert.equal(s.rows_loaded, 3);
  assert.equal(s.rows_rejected, 0);
  assert.equal(s.files[0].table, 'fee_list_d');
  const sum = await wh.one<{ s: string }>('SELECT CAST(sum(det_item_fee_sumamt) AS VARCHAR) AS s FROM fee_list_d WHERE bkkp_sn IN (\'B00000001\', \'B00000002\')');
  assert.equal(sum?.s, '0.3000', 'decimal sum is exact, not 0.30000000000000004');
  const r = await rows(wh, `SELECT CAST(fee_ocur_time AS VARCHAR) AS t, CAST(det_item_fee_sumamt AS VARCHAR) AS a, f.path
    FROM fee_list_d JOIN import_file f ON f.file_id = _src_file_id WHERE bkkp_sn = 'B00000003'`);
  assert.deepEqual(r[0], { t: '2023-03-05 00:00:00', a: '1234567890.1200', path: join(src, 'fee_list_d_2023_03.csv') });
  wh.close();
});

test('GBK, BOM, tab separators and stray white space are all read the same', async () => {
  const { dir, wh } = await openTemp();
  const variants: [string, Parameters<typeof writeCsv>[3]][] = [
    ['fee_list_d_gbk.csv', { encoding: 'gbk' }],
    ['fee_list_d_bom.csv', { bom: true }],
    ['fee_list_d_tab.txt', { delimiter: '\t' }],
  ];
  for (const [i, [name, opts]] of variants.entries()) {
    const src = join(dir, `in${i}`); mkdirSync(src);
    const row = feeRow(10 + i, { hilist_name: '住院诊查费（普通）', bilg_dept_name: ' 心血管内科\t', cnt: ' 2 ', pric: '12.35\t',
      det_item_fee_sumamt: '24.70', fee_ocur_time: ' 2023-03-01 08:30:00 ' });
    writeCsv(join(src, name), 'fee_list_d', [row], opts);
    const s = await importPath(wh, join(dir, 'data'), src);
    assert.equal(s.rows_rejected, 0, name);
    assert.equal(s.files[0].encoding, i === 0 ? 'gb18030' : 'utf8');
  }
  const got = await rows(wh, `SELECT hilist_name, bilg_dept_name, CAST(cnt AS VARCHAR) AS cnt, CAST(fee_ocur_time AS VARCHAR) AS t
    FROM fee_list_d ORDER BY bkkp_sn`);
  assert.equal(got.length, 3);
  for (const g of got) assert.deepEqual(g, { hilist_name: '住院诊查费（普通）', bilg_dept_name: '心血管内科', cnt: '2.0000', t: '2023-03-01 08:30:00' });
  wh.close();
});

test('bad rows go to the rejects file with file, line, column, value and a bilingual reason', async () => {
  const { dir, wh } = await openTemp();
  const src = join(dir, 'in'); mkdirSync(src);
  const good = (n: number) => feeRow(n);
  const path = join(src, 'fee_list_d.csv');
  writeCsv(path, 'fee_list_d', [good(1), feeRow(2, { fee_ocur_time: '2023-02-30' }), feeRow(3, { cnt: 'abc' }),
    good(4), feeRow(5, { bkkp_sn: '' }), feeRow(6, { hilist_name: '多行\n名称' }), good(7)]);
  // A record with too few fields after the multi-line one, and one with too many.
  const text = readFileSync(path, 'utf8');
  writeFileSync(path, `${text}B99,short\n${text.split('\n')[1]},extra\n`);
  const s = await importPath(wh, join(dir, 'data'), src);
  assert.equal(s.files[0].rows_read, 9);
  assert.equal(s.rows_loaded, 4);
  assert.equal(s.rows_rejected, 5);
  assert.ok(s.rejects_path);
  const rej = parse(readFileSync(s.rejects_path!, 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
  const brief = rej.map((r) => [r.line, r.column, r.value, r.reason.split(' | ')[0]]);
  assert.deepEqual(brief, [
    ['3', 'fee_ocur_time', '2023-02-30', '无法解析的日期/时间'],
    ['4', 'cnt', 'abc', '不是有效的数值'],
    ['6', 'bkkp_sn', '', '主键字段为空'],
    ['9', '', 'B99,short', `列数与表头不符（应为 ${Object.keys(feeRow(0)).length} 列，实际 2 列）`],
    ['10', '', rej[4].value, `列数与表头不符（应为 ${Object.keys(feeRow(0)).length} 列，实际 ${Object.keys(feeRow(0)).length + 1} 列）`],
  ]);
  assert.ok(rej.every((r) => r.file.endsWith('fee_list_d.csv')));
  assert.match(rej[0].reason, /unparseable date/);
  const loaded = await rows(wh, 'SELECT bkkp_sn, hilist_name FROM fee_list_d ORDER BY bkkp_sn');
  assert.deepEqual(loaded.map((l) => l.bkkp_sn), ['B00000001', 'B00000004', 'B00000006', 'B00000007']);
  assert.equal(loaded[2].hilist_name, '多行\n名称');
  wh.close();
});

test('a missing required column or an empty file stops the whole import and changes nothing', async () => {
  const { dir, wh } = await openTemp();
  const data = join(dir, 'data');
  const ok = join(dir, 'ok'); mkdirSync(ok);
  writeCsv(join(ok, 'fee_list_d.csv'), 'fee_list_d', [feeRow(1)]);
  await importPath(wh, data, ok);
  const before = await countOf(wh, 'fee_list_d');
  const batches = await countOf(wh, 'import_batch');

  const bad = join(dir, 'bad'); mkdirSync(bad);
  writeCsv(join(bad, 'fee_list_d_a.csv'), 'fee_list_d', [feeRow(2), feeRow(3)]);
  const header = Object.keys(feeRow(0)).filter((h) => h !== 'det_item_fee_sumamt' && h !== 'psn_no');
  writeCsv(join(bad, 'fee_list_d_b.csv'), 'fee_list_d', [feeRow(4)], { header });
  await assert.rejects(importPath(wh, data, bad), (e: unknown) => {
    assert.ok(e instanceof ImportError);
    assert.match(e.message, /fee_list_d_b\.csv.*缺少必需列.*psn_no, det_item_fee_sumamt/);
    assert.match(e.message, /lacks required columns/);
    return true;
  });
  const empty = join(dir, 'empty'); mkdirSync(empty);
  writeCsv(join(empty, 'fee_list_d_a.csv'), 'fee_list_d', [feeRow(5)]);
  writeFileSync(join(empty, 'setl_d.csv'), '');
  await assert.rejects(importPath(wh, data, empty), /setl_d\.csv 为空/);
  assert.equal(await countOf(wh, 'fee_list_d'), before);
  assert.equal(await countOf(wh, 'import_batch'), batches);
  assert.equal(await countOf(wh, 'import_reject'), 0);
  wh.close();
});

test('re-import and overlapping extracts create no duplicates; newest wins; in-file duplicates are counted', async () => {
  const { dir, wh } = await openTemp();
  const data = join(dir, 'data');
  const a = join(dir, 'a'); mkdirSync(a);
  writeCsv(join(a, 'fee_list_d_2023_01.csv'), 'fee_list_d',
    [1, 2, 3, 4, 5, 3].map((n) => feeRow(n, n === 3 ? { hilist_name: 'later copy wins' } : {})));
  const s1 = await importPath(wh, data, a);
  assert.equal(s1.files[0].rows_duplicate, 1);
  assert.equal(s1.rows_loaded, 5);
  const s2 = await importPath(wh, data, a);
  assert.equal(s2.files[0].rows_replaced, 5);
  assert.equal(await countOf(wh, 'fee_list_d'), 5);
  const b = join(dir, 'b'); mkdirSync(b);
  writeCsv(join(b, 'fee_list_d_2023_01b.csv'), 'fee_list_d', [4, 5, 6, 7].map((n) => feeRow(n, { pric: '99' })));
  await importPath(wh, data, b);
  assert.equal(await countOf(wh, 'fee_list_d'), 7);
  const got = await rows(wh, "SELECT bkkp_sn, CAST(pric AS VARCHAR) AS pric, hilist_name FROM fee_list_d ORDER BY bkkp_sn");
  assert.deepEqual(got.map((g) => g.pric), ['12.3500', '12.3500', '12.3500', '99.0000', '99.0000', '99.0000', '99.0000']);
  assert.equal(got[2].hilist_name, 'later copy wins');
  // Same bkkp_sn at another institution is another line (the key is bkkp_sn + fixmedins_code).
  const c = join(dir, 'c'); mkdirSync(c);
  writeCsv(join(c, 'fee_list_d.csv'), 'fee_list_d', [feeRow(1, { fixmedins_code: 'H52020100099' })]);
  await importPath(wh, data, c);
  assert.equal(await countOf(wh, 'fee_list_d'), 8);
  wh.close();
});

test('void rows are kept and marked; unrecognised files are listed, not imported', async () => {
  const { dir, wh } = await openTemp();
  const src = join(dir, 'in'); mkdirSync(src);
  writeCsv(join(src, 'fee_list_d.csv'), 'fee_list_d', [feeRow(1), feeRow(2, { vali_flag: '0' })]);
  writeFileSync(join(src, 'readme.txt'), 'not an extract');
  writeFileSync(join(src, 'fee_list_data.csv'), 'x');
  const s = await importPath(wh, join(dir, 'data'), src);
  assert.equal(s.files[0].rows_void, 1);
  assert.deepEqual(s.skipped, ['fee_list_data.csv', 'readme.txt']);
  assert.equal(await countOf(wh, 'fee_list_d'), 2);
  wh.close();
});

test('a folder without recognised files is a clear error', async () => {
  const { dir, wh } = await openTemp();
  const src = join(dir, 'in'); mkdirSync(src);
  writeFileSync(join(src, 'notes.csv'), 'a,b\n1,2\n');
  await assert.rejects(importPath(wh, join(dir, 'data'), src), /没有可识别的文件/);
  await assert.rejects(importFiles(wh, join(dir, 'data'), [join(src, 'missing.csv')]), /找不到/);
  wh.close();
});
