// The per-sheet CSV copies give the same knowledge as the xlsx files (same counts and values,
// same row numbers), in UTF-8 or GBK, whatever the files are called.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { importKnowledge, KN_TABLES, type KnTable } from '../../src/knowledge/index.js';
import type { Warehouse } from '../../src/store/warehouse.js';
import { count, csvDir, csvFiles, csvRows, openWarehouse, tempDir, toCsv, xlsxFiles } from './helpers.js';

/** Columns that must be equal between two imports of the same knowledge (not the set or file). */
function valueColumns(table: KnTable): string {
  return KN_TABLES[table].map((c) => c.name)
    .filter((n) => !['set_id', 'src_file', 'src_sheet', 'lmt_src_file', 'lmt_src_sheet'].includes(n)).join(', ');
}

/** Rows of set a missing from set b and the reverse, over every knowledge table. */
async function difference(wh: Warehouse, a: number, b: number): Promise<number> {
  let n = 0;
  for (const t of Object.keys(KN_TABLES) as KnTable[]) {
    const cols = valueColumns(t);
    for (const [x, y] of [[a, b], [b, a]]) {
      n += await count(wh, `SELECT count(*) AS n FROM (SELECT ${cols} FROM ${t} WHERE set_id = ?
        EXCEPT ALL SELECT ${cols} FROM ${t} WHERE set_id = ?)`, [x, y]);
    }
  }
  return n;
}

test('CSV copies import to the same knowledge as the xlsx files', async () => {
  const wh = await openWarehouse();
  try {
    const fromXlsx = await importKnowledge(wh, xlsxFiles());
    const fromCsv = await importKnowledge(wh, csvFiles());
    assert.equal(fromCsv.alreadyLoaded, false);
    assert.equal(fromCsv.setId, 2);
    assert.deepEqual(fromCsv.rowCounts, fromXlsx.rowCounts);
    assert.equal(fromCsv.rowsRejected, 0);
    assert.equal(await difference(wh, 1, 2), 0);
    // The two sheets of a drug batch arrive as two files and are paired.
    const s1 = fromCsv.files.find((f) => f.fileName === 'b6-drug-course-days.sheet1.csv')!;
    const s2 = fromCsv.files.find((f) => f.fileName === 'b6-drug-course-days.sheet2.csv')!;
    assert.deepEqual(s1.pairedWith, ['b6-drug-course-days.sheet2.csv']);
    assert.deepEqual([s1.rowsRead, s1.sheets[0].rowsUsed, s1.rowsLoaded], [30, 30, 0]);
    assert.deepEqual([s2.rowsRead, s2.rowsLoaded], [1147, 1147]);
    assert.equal(s2.encoding, 'utf-8');
    // The newer set is now the effective knowledge, and it cites the CSV files.
    const r = await wh.one<{ src_file: string; lmt_src_file: string }>(
      "SELECT src_file, lmt_src_file FROM kn_effective_drug_restriction WHERE hilist_code = 'XB01AXA223B004010180963'");
    assert.deepEqual(r, { src_file: 'b6-drug-course-days.sheet2.csv', lmt_src_file: 'b6-drug-course-days.sheet1.csv' });
  } finally {
    wh.close();
  }
});

test('a GBK-encoded copy of a CSV imports identically', async () => {
  const dir = tempDir();
  const utf8 = join(csvDir, 'b1-item-gender.csv');
  const gbk = join(dir, '医疗服务项目限定性别（GBK）.csv');
  const bytes = iconv.encode(readFileSync(utf8, 'utf8'), 'gbk');
  writeFileSync(gbk, bytes);
  assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)); // really not UTF-8
  const wh = await openWarehouse();
  try {
    const a = await importKnowledge(wh, [utf8]);
    const b = await importKnowledge(wh, [gbk]);
    assert.equal(b.files[0].encoding, 'gb18030');
    assert.deepEqual(b.rowCounts, a.rowCounts);
    assert.deepEqual(b.rowCounts, { 'item-gender': 390 });
    assert.equal(await difference(wh, a.setId, b.setId), 0);
    const forced = await importKnowledge(wh, [gbk, join(csvDir, 'b1-item-age.csv')], { encoding: 'gbk' }).catch((e: Error) => e);
    // Forcing GBK on a UTF-8 file garbles it: its header is no longer recognised.
    assert.ok(forced instanceof Error && forced.message.includes('b1-item-age.csv'));
  } finally {
    wh.close();
  }
});

test('drug sheets are paired by content, not by file name', async () => {
  const dir = tempDir();
  const names: [string, string][] = [
    ['b6-drug-course-days.sheet1.csv', '第六批-限定支付疗程.csv'],
    ['b6-drug-course-days.sheet2.csv', '国家药品代码清单（一）.csv'],
    ['b3-drug-insurance-type.sheet1.csv', '第三批-限定保险类型.csv'],
    ['b3-drug-insurance-type.sheet2.csv', '国家药品代码清单（二）.csv'],
  ];
  for (const [from, to] of names) copyFileSync(join(csvDir, from), join(dir, to));
  const wh = await openWarehouse();
  try {
    // Given in an order that puts each code list next to the other batch's restrictions.
    const rep = await importKnowledge(wh, [3, 0, 1, 2].map((i) => join(dir, names[i][1])));
    assert.deepEqual(rep.rowCounts, { 'drug-insurance-type': 112, 'drug-course-days': 1147 });
    const codes1 = rep.files.find((f) => f.fileName === '国家药品代码清单（一）.csv')!;
    assert.deepEqual(codes1.pairedWith, ['第六批-限定支付疗程.csv']);
    assert.deepEqual(codes1.kinds, ['drug-course-days']);
  } finally {
    wh.close();
  }
});

test('a single sheet with name, code and restriction per row loads directly', async () => {
  const dir = tempDir();
  const s1 = csvRows(join(csvDir, 'b3-drug-insurance-type.sheet1.csv'));
  const s2 = csvRows(join(csvDir, 'b3-drug-insurance-type.sheet2.csv'));
  const byName = new Map(s1.slice(1).map((r) => [r[0], r]));
  const combined = [['药品通用名', '国标代码', '限定类型', '限定对象'],
    ...s2.slice(1).map((r) => [r[0], r[2], r[3], byName.get(r[0])![3]])];
  writeFileSync(join(dir, '省级限定保险类型.csv'), toCsv(combined));
  const wh = await openWarehouse();
  try {
    const rep = await importKnowledge(wh, [join(dir, '省级限定保险类型.csv')]);
    assert.deepEqual(rep.rowCounts, { 'drug-insurance-type': 112 });
    assert.equal(rep.files[0].sheets[0].layout, 'drug-combined');
    assert.equal(await count(wh, "SELECT count(*) AS n FROM kn_drug_restriction WHERE insu_type = '生育' AND lmt_src_row = src_row"), 27);
  } finally {
    wh.close();
  }
});

test('a workbook with a title row, an instructions sheet and a total row', async () => {
  const dir = tempDir();
  const path = join(dir, '附件4 医疗服务项目周期超频次.xlsx');
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('填表说明').addRow(['本表为第八批知识点，请勿修改表头。']);
  const ws = wb.addWorksheet('明细');
  ws.addRow(['“医疗服务项目周期超频次”规则对应知识点明细']);
  ws.mergeCells('A1:F1');
  const rows = csvRows(join(csvDir, 'b8-4-item-period.csv'));
  for (const r of rows) ws.addRow(r.map((c, j) => (j === 2 || j === 3) && /^\d+$/.test(c) ? Number(c) : c));
  ws.addRow(['合计', '', '', '', '', '']);
  await wb.xlsx.writeFile(path);
  const wh = await openWarehouse();
  try {
    const rep = await importKnowledge(wh, [path]);
    const f = rep.files[0];
    assert.deepEqual(rep.rowCounts, { 'item-period': 14 });
    assert.deepEqual(f.ignoredSheets.map((s) => s.sheet), ['填表说明']);
    assert.deepEqual([f.sheets[0].sheet, f.sheets[0].headerRow, f.rowsSkipped], ['明细', 2, 1]);
    const r = await wh.one<{ src_sheet: string; src_row: number; period_days: number }>(
      "SELECT src_sheet, src_row, period_days FROM kn_item_restriction WHERE hilist_code = '002503020030000'");
    assert.deepEqual(r, { src_sheet: '明细', src_row: 4, period_days: 15 });
  } finally {
    wh.close();
  }
});
