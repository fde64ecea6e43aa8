// Bad input fails with a clear error naming the file and leaves the warehouse as it was;
// unusable rows are reported with file, sheet, row and a reason; re-imports create nothing;
// the effective knowledge is, per kind, the newest set holding that kind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importKnowledge, KnowledgeImportError, listKnowledgeSets } from '../../src/knowledge/index.js';
import { writeSet } from '../../src/knowledge/store.js';
import type { Warehouse } from '../../src/store/warehouse.js';
import { count, csvDir, csvRows, libsDir, openWarehouse, snapshot, tempDir, toCsv } from './helpers.js';

const ITEM_GENDER = join(csvDir, 'b1-item-gender.csv');
const ITEM_AGE = join(csvDir, 'b1-item-age.csv');

async function expectFailure(wh: Warehouse, files: string[], key: string, names: string): Promise<void> {
  const before = await snapshot(wh);
  await assert.rejects(importKnowledge(wh, files), (e: unknown) => {
    assert.ok(e instanceof KnowledgeImportError, String(e));
    assert.equal(e.key, key);
    assert.ok(e.message.includes(names), `${e.message} should name ${names}`);
    assert.match(e.message, / \| /); // Chinese | English
    return true;
  });
  assert.deepEqual(await snapshot(wh), before, 'the warehouse must be unchanged');
}

test('bad files: clear errors naming the file, nothing written', async () => {
  const dir = tempDir();
  const unknown = join(dir, '参保人员名单.csv');
  writeFileSync(unknown, '姓名,年龄\n张三,30\n');
  const random = join(dir, '第八批.xlsx');
  writeFileSync(random, randomBytes(4096));
  const truncated = join(dir, 'truncated.xlsx');
  const real = readFileSync(join(libsDir, 'b8-4-item-period.xlsx'));
  writeFileSync(truncated, real.subarray(0, real.length >> 1));
  const binary = join(dir, 'export.dat');
  writeFileSync(binary, Buffer.concat([randomBytes(100), Buffer.from([0]), randomBytes(100)]));
  const empty = join(dir, 'empty.csv');
  writeFileSync(empty, '');
  const emptyXlsx = join(dir, 'empty.xlsx');
  writeFileSync(emptyXlsx, '');
  const blank = join(dir, 'blank.csv');
  writeFileSync(blank, '\r\n  \r\n');

  const wh = await openWarehouse();
  try {
    await importKnowledge(wh, [ITEM_AGE]); // something to keep intact
    await expectFailure(wh, [unknown], 'knowledge.error.unrecognised', unknown);
    await expectFailure(wh, [ITEM_GENDER, unknown], 'knowledge.error.unrecognised', unknown);
    await expectFailure(wh, [random], 'knowledge.error.corruptXlsx', random);
    await expectFailure(wh, [ITEM_GENDER, truncated], 'knowledge.error.corruptXlsx', truncated);
    await expectFailure(wh, [binary], 'knowledge.error.binary', binary);
    await expectFailure(wh, [empty], 'knowledge.error.emptyFile', empty);
    await expectFailure(wh, [emptyXlsx], 'knowledge.error.emptyFile', emptyXlsx);
    await expectFailure(wh, [blank], 'knowledge.error.emptyFile', blank);
    await expectFailure(wh, [join(dir, 'missing.xlsx')], 'knowledge.error.fileNotFound', 'missing.xlsx');
    // Half a drug batch cannot be used.
    const codes = join(csvDir, 'b6-drug-course-days.sheet2.csv');
    const restrictions = join(csvDir, 'b6-drug-course-days.sheet1.csv');
    await expectFailure(wh, [ITEM_GENDER, codes], 'knowledge.error.unpairedCodes', codes);
    await expectFailure(wh, [restrictions], 'knowledge.error.unpairedRestrictions', restrictions);
    // Findings cite files by name, so two different files may not share one.
    const twin = join(tempDir(), 'b1-item-age.csv');
    writeFileSync(twin, toCsv(csvRows(ITEM_AGE).slice(0, 5)));
    await expectFailure(wh, [ITEM_AGE, twin], 'knowledge.error.sameName', 'b1-item-age.csv');
    assert.equal((await listKnowledgeSets(wh)).length, 1);
  } finally {
    wh.close();
  }
});

test('a failure while writing rolls the whole set back', async () => {
  const wh = await openWarehouse();
  try {
    await importKnowledge(wh, [ITEM_AGE]);
    const before = await snapshot(wh);
    const good = { kind: 'icd-diagnosis' as const, code: 'A00.000', name: '霍乱', src_file: 'x.json', src_sheet: null, src_row: 1 };
    const bad = { ...good, code: null as unknown as string, src_row: 2 };
    await assert.rejects(writeSet(wh, { label: 'broken', contentSha256: 'x', files: [], rowCounts: {} },
      { drug: [], item: [], dup: [], icd: [good, bad] }));
    assert.deepEqual(await snapshot(wh), before);
  } finally {
    wh.close();
  }
});

test('re-importing the same content creates no set and no rows', async () => {
  const wh = await openWarehouse();
  try {
    const first = await importKnowledge(wh, [ITEM_GENDER, ITEM_AGE, join(libsDir, 'b8-4-item-period.xlsx')]);
    const before = await snapshot(wh);
    const again = await importKnowledge(wh, [join(libsDir, 'b8-4-item-period.xlsx'), ITEM_AGE, ITEM_GENDER]);
    assert.equal(again.alreadyLoaded, true);
    assert.equal(again.setId, first.setId);
    assert.deepEqual(again.rowCounts, first.rowCounts);
    assert.deepEqual(await snapshot(wh), before);
  } finally {
    wh.close();
  }
});

test('the effective knowledge per kind is the newest set holding it', async () => {
  const dir = tempDir();
  const rows = csvRows(ITEM_GENDER);
  const smaller = join(dir, '项目限定性别-修订.csv');
  writeFileSync(smaller, toCsv(rows.slice(0, 11))); // header + 10 rows
  const wh = await openWarehouse();
  try {
    const s1 = await importKnowledge(wh, [ITEM_GENDER, ITEM_AGE], { label: 'v1' });
    const s2 = await importKnowledge(wh, [smaller], { label: 'v2' });
    assert.equal(s2.setId, s1.setId + 1);
    assert.equal(await count(wh, "SELECT count(*) AS n FROM kn_effective_item_restriction WHERE kind = 'item-gender'"), 10);
    assert.equal(await count(wh, "SELECT count(*) AS n FROM kn_effective_item_restriction WHERE kind = 'item-gender' AND set_id = ?", [s2.setId]), 10);
    assert.equal(await count(wh, "SELECT count(*) AS n FROM kn_effective_item_restriction WHERE kind = 'item-age' AND set_id = ?", [s1.setId]), 30);
    const sets = await listKnowledgeSets(wh);
    assert.deepEqual(sets.map((s) => [s.label, s.effectiveKinds]), [['v1', ['item-age']], ['v2', ['item-gender']]]);
  } finally {
    wh.close();
  }
});

test('unusable rows are reported with file, sheet, row and reason; total rows are skipped', async () => {
  const dir = tempDir();
  const s1 = csvRows(join(csvDir, 'b6-drug-course-days.sheet1.csv'));
  const s2 = csvRows(join(csvDir, 'b6-drug-course-days.sheet2.csv'));
  const victim = s1[2][0]; // CSV row 3
  s1[2][3] = '若干';
  s1.push(['测试药品甲', '说明', '限定支付疗程', '7天']); // no codes on sheet 2
  s2.push(['不存在的药品', '1', 'XTEST00000000000000001', '限定支付疗程']);
  s2.push([s1[1][0], '99', '', '限定支付疗程']);
  writeFileSync(join(dir, '限定条件.csv'), toCsv(s1));
  writeFileSync(join(dir, '药品代码.csv'), toCsv(s2));
  const b81 = csvRows(join(csvDir, 'b8-1-item-frequency.csv'));
  b81.push(['合计', '合计', '合计', '合计', '合计'], ['备注：各省级医保部门应当细化和本地化。', '', '', '', '']);
  b81[5][2] = '不限';
  writeFileSync(join(dir, '限定频次.csv'), toCsv(b81));

  const wh = await openWarehouse();
  try {
    const rep = await importKnowledge(wh, [join(dir, '限定条件.csv'), join(dir, '药品代码.csv'), join(dir, '限定频次.csv')]);
    const victimCodes = s2.filter((r) => r[0] === victim).length;
    assert.ok(victimCodes > 0);
    assert.equal(rep.rowCounts['drug-course-days'], 1147 - victimCodes);
    const byFile = Object.fromEntries(rep.files.map((f) => [f.fileName,
      f.rejected.map((r) => [r.sheet, r.row, r.reasonKey])]));
    assert.deepEqual(byFile['限定条件.csv'], [[null, 3, 'knowledge.reject.badCourseDays'], [null, s1.length, 'knowledge.reject.noCodes']]);
    const codeRejects = byFile['药品代码.csv'];
    assert.equal(codeRejects.filter((r) => r[2] === 'knowledge.reject.restrictionUnusable').length, victimCodes);
    assert.deepEqual(codeRejects.slice(-2), [[null, s2.length - 1, 'knowledge.reject.noRestriction'], [null, s2.length, 'knowledge.reject.emptyCode']]);
    const nameless = rep.files[1].rejected.find((r) => r.reasonKey === 'knowledge.reject.noRestriction')!;
    assert.equal(nameless.reason,
      '药品“不存在的药品”在限定条件表（第一个工作表）中没有限定条件 | The drug "不存在的药品" has no restriction on the restriction sheet (sheet 1)');
    const freq = rep.files[2];
    assert.deepEqual(freq.rejected.map((r) => [r.row, r.reasonKey, r.reason.split(' | ')[0]]),
      [[6, 'knowledge.reject.badLimitCount', '无法解析的限制数量“不限”']]);
    assert.deepEqual([freq.rowsRead, freq.rowsLoaded, freq.rowsSkipped], [67, 66, 2]);
  } finally {
    wh.close();
  }
});
