// The 14 official batch files as published (xlsx) import completely: one knowledge row per data
// row of the CSV copies (per national code for the two-sheet drug batches), total and remark rows
// skipped, restriction values typed, every row citing file, sheet and row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { importKnowledge, listKnowledgeSets } from '../../src/knowledge/index.js';
import { count, csvDataRows, csvDir, openWarehouse, xlsxFiles } from './helpers.js';

/** The CSV copy that holds one knowledge row per data row: sheet 2 (codes) for drug batches. */
function expectedRows(xlsx: string): number {
  const stem = basename(xlsx, '.xlsx');
  const codes = join(csvDir, `${stem}.sheet2.csv`);
  return csvDataRows(existsSync(codes) ? codes : join(csvDir, `${stem}.csv`)).length;
}

const ALL_TABLES = ['kn_drug_restriction', 'kn_item_restriction', 'kn_duplicate_charge'];

test('all 14 xlsx batches import with one knowledge row per CSV data row', async (t) => {
  const wh = await openWarehouse();
  try {
    const files = xlsxFiles();
    assert.equal(files.length, 14);
    const progress: string[] = [];
    const rep = await importKnowledge(wh, files, { label: '第1-8批', onProgress: (m) => progress.push(m) });
    assert.equal(rep.alreadyLoaded, false);
    assert.equal(rep.setId, 1);
    assert.equal(rep.rowsRejected, 0);
    assert.ok(progress.some((m) => m.includes('b7-item-duplicate-charge.xlsx')));

    await t.test('loaded rows per batch = CSV data rows (report and tables agree)', async () => {
      for (const f of files) {
        const want = expectedRows(f);
        const fr = rep.files.find((x) => x.file === f);
        assert.ok(fr, f);
        assert.equal(fr.rowsLoaded, want, `${basename(f)} report`);
        assert.equal(fr.rejected.length, 0, basename(f));
        let inTables = 0;
        for (const tbl of ALL_TABLES) {
          inTables += await count(wh, `SELECT count(*) AS n FROM ${tbl} WHERE src_file = ?`, [basename(f)]);
        }
        assert.equal(inTables, want, `${basename(f)} tables`);
      }
    });

    await t.test('kinds are recognised from content', () => {
      const kinds = Object.fromEntries(rep.files.map((f) => [basename(f.file), f.kinds.join(',')]));
      assert.deepEqual(kinds, {
        'b1-drug-age.xlsx': 'drug-age', 'b1-drug-gender.xlsx': 'drug-gender', 'b1-item-age.xlsx': 'item-age',
        'b1-item-gender.xlsx': 'item-gender', 'b2-item-primary-secondary.xlsx': 'item-surgery-group',
        'b3-drug-insurance-type.xlsx': 'drug-insurance-type', 'b4-drug-visit-type.xlsx': 'drug-visit-type',
        'b5-drug-institution-level.xlsx': 'drug-institution-level', 'b6-drug-course-days.xlsx': 'drug-course-days',
        'b7-item-duplicate-charge.xlsx': 'item-duplicate-charge', 'b8-1-item-frequency.xlsx': 'item-frequency',
        'b8-2-item-working-age.xlsx': 'item-working-age', 'b8-3-item-course.xlsx': 'item-course',
        'b8-4-item-period.xlsx': 'item-period',
      });
    });

    await t.test('total, remark and blank rows after the data are skipped, not knowledge', () => {
      const b81 = rep.files.find((f) => f.fileName === 'b8-1-item-frequency.xlsx')!;
      assert.equal(b81.rowsSkipped, 2); // 合计 and 备注
      assert.equal(b81.rowsRead, 67);
      const b7 = rep.files.find((f) => f.fileName === 'b7-item-duplicate-charge.xlsx')!;
      assert.equal(b7.rowsSkipped, 1); // the empty merged row 902
    });

    await t.test('drug rows join sheet 2 codes with their sheet 1 restriction, citing both rows', async () => {
      const r = await wh.one<Record<string, unknown>>(
        "SELECT * FROM kn_drug_restriction WHERE hilist_code = 'XL02BBA326A001010102180'");
      assert.equal(r?.kind, 'drug-gender');
      assert.equal(r?.hilist_name, '阿帕他胺片');
      assert.equal(r?.gend, '1');
      assert.equal(r?.src_file, 'b1-drug-gender.xlsx');
      assert.equal(r?.src_sheet, 'Sheet2');
      assert.equal(r?.src_row, 2);
      assert.equal(r?.lmt_src_sheet, 'Sheet1');
      assert.equal(r?.lmt_src_row, 2);
      const b1 = rep.files.find((f) => f.fileName === 'b1-drug-age.xlsx')!;
      assert.deepEqual(b1.sheets.map((s) => [s.sheet, s.layout, s.rowsRead, s.rowsUsed]),
        [['Sheet1', 'drug-restrictions', 282, 282], ['Sheet2', 'drug-codes', 4398, 4398]]);
    });

    await t.test('spot checks of typed restriction values', async () => {
      const item = (code: string, kind: string) => wh.one<Record<string, unknown>>(
        'SELECT * FROM kn_effective_item_restriction WHERE hilist_code = ? AND kind = ?', [code, kind]);
      const uterus = await item('002101030300000', 'item-gender');
      assert.equal(uterus?.hilist_name, '子宫造影');
      assert.equal(uterus?.gend, '2');
      assert.equal(uterus?.lmt_value, '女');
      assert.deepEqual([uterus?.src_file, uterus?.src_sheet, uterus?.src_row], ['b1-item-gender.xlsx', 'Sheet1', 4]);

      const ward = await item('001102000050000', 'item-frequency');
      assert.equal(ward?.hilist_name, '住院诊查费');
      assert.equal(Number(ward?.lmt_cnt), 1);
      assert.equal(ward?.lmt_cnt_unit, '日');

      const hba1c = await item('002503020030000', 'item-period');
      assert.equal(hba1c?.hilist_name, '糖化血红蛋白测定');
      assert.deepEqual([hba1c?.period_max_cnt, hba1c?.period_days], [1, 15]);

      const hand = await item('003402000050000', 'item-course');
      assert.equal(hand?.hilist_name, '手功能评定');
      assert.deepEqual([hand?.total_days, hand?.min_interval_days], [90, 14]);
      assert.equal(hand?.memo, '总时间不超过90天，评定间隔时间不短于14天。');
      const hearing = await item('003402000350000', 'item-course');
      assert.deepEqual([hearing?.total_days, hearing?.period_max_cnt, hearing?.period_days], [365, 1, 7]);

      const work = await item('003402000320000', 'item-working-age');
      assert.equal(work?.working_age_only, true);
      const newborn = await item('003112020130000', 'item-age');
      assert.deepEqual([newborn?.age_group, newborn?.age_min, newborn?.age_max], ['新生儿', null, null]);
      const surgery = await item('003310010140000', 'item-surgery-group');
      assert.equal(surgery?.surgery_group, '胃肠手术组');

      const drug = (code: string) => wh.one<Record<string, unknown>>(
        'SELECT * FROM kn_effective_drug_restriction WHERE hilist_code = ?', [code]);
      const ozagrel = await drug('XB01AXA223B004010180963');
      assert.deepEqual([ozagrel?.kind, ozagrel?.lmt_value, ozagrel?.course_days], ['drug-course-days', '14天', 14]);
      assert.equal(await count(wh,
        "SELECT count(*) AS n FROM kn_drug_restriction WHERE hilist_name = '帕妥珠单抗注射液' AND course_days = 365"), 1);
      const scar = await drug('ZH01AAB0066010100716');
      assert.deepEqual([scar?.kind, scar?.insu_type], ['drug-insurance-type', '工伤']);
      assert.equal(await count(wh, "SELECT count(*) AS n FROM kn_drug_restriction WHERE insu_type = '生育'"), 27);
      const aidi = await drug('ZC01AAA0042010105549');
      assert.deepEqual([aidi?.kind, aidi?.hosp_class_min], ['drug-institution-level', 2]);
      assert.equal(await count(wh, 'SELECT count(*) AS n FROM kn_drug_restriction WHERE hosp_class_min = 3'), 10);
      const omega = await drug('XB05BAU012B002010102180');
      assert.deepEqual(omega?.visit_types, ['住院']);
      assert.equal(await count(wh,
        "SELECT count(*) AS n FROM kn_drug_restriction WHERE kind = 'drug-age' AND age_group = '儿童'"), 4398);
    });

    await t.test('b7 pairs keep their 频度 and its typed scope', async () => {
      const first = await wh.one<Record<string, unknown>>(
        "SELECT * FROM kn_effective_duplicate_charge WHERE src_row = 2");
      assert.deepEqual(
        [first?.main_hilist_code, first?.main_hilist_name, first?.sub_hilist_code, first?.sub_hilist_name, first?.frequency, first?.freq_scope],
        ['001103000010000', '急诊监护费', '001102000030000', '急诊诊查费', '单日', 'day']);
      const scopes = await wh.all<{ frequency: string; freq_scope: string; freq_hours: number | null; n: string }>(
        'SELECT frequency, freq_scope, freq_hours, count(*) AS n FROM kn_duplicate_charge GROUP BY ALL ORDER BY frequency');
      assert.deepEqual(scopes.map((s) => [s.frequency, s.freq_scope, s.freq_hours, Number(s.n)]), [
        ['6小时', 'hours', 6, 18], ['单日', 'day', null, 446], ['单次就诊', 'visit', null, 429], ['同一小时', 'hours', 1, 7],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
    });

    await t.test('the set is listed and effective for every kind it holds', async () => {
      const sets = await listKnowledgeSets(wh);
      assert.equal(sets.length, 1);
      assert.equal(sets[0].label, '第1-8批');
      assert.equal(sets[0].effectiveKinds.length, 14);
      assert.equal(sets[0].rowCounts['drug-gender'], 6472);
      assert.equal(await count(wh, 'SELECT count(*) AS n FROM kn_effective_drug_restriction'),
        await count(wh, 'SELECT count(*) AS n FROM kn_drug_restriction'));
    });
  } finally {
    wh.close();
  }
});
