// ICD-10 医保版 diagnoses and ICD-9-CM-3 procedures load completely, as JSON {code: name} or as
// CSV code,name; diagnosis vs procedure is decided from the code shapes, not the file name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importKnowledge } from '../../src/knowledge/index.js';
import { count, icdDir, openWarehouse, tempDir, toCsv } from './helpers.js';

const DIAG = join(icdDir, 'icd10-chs-2.0-diagnoses.json');
const PROC = join(icdDir, 'icd9cm3-chs-2.0-procedures.json');

test('ICD dictionaries load with their counts', async () => {
  const wh = await openWarehouse();
  try {
    const rep = await importKnowledge(wh, [PROC, DIAG]);
    assert.deepEqual(rep.rowCounts, { 'icd-diagnosis': 33304, 'icd-procedure': 13686 });
    assert.equal(rep.rowsRejected, 0);
    assert.equal(await count(wh, 'SELECT count(*) AS n FROM kn_effective_icd_diagnosis'), 33304);
    assert.equal(await count(wh, 'SELECT count(*) AS n FROM kn_effective_icd_procedure'), 13686);
    const dagger = await wh.one<{ diag_name: string; src_row: number }>(
      "SELECT diag_name, src_row FROM kn_icd_diagnosis WHERE diag_code = 'A00.000'");
    assert.deepEqual(dagger, { diag_name: '霍乱，由于O1群霍乱弧菌，霍乱生物型所致', src_row: 1 });
    assert.equal(await count(wh, "SELECT count(*) AS n FROM kn_icd_diagnosis WHERE diag_code LIKE '%+%*'"), 1178);
    assert.equal(await count(wh, "SELECT count(*) AS n FROM kn_icd_procedure WHERE oprn_oprt_code = '00.5500x008'"), 1);
  } finally {
    wh.close();
  }
});

test('ICD dictionaries as CSV code,name (with or without header) load the same codes', async () => {
  const dir = tempDir();
  const diag = Object.entries(JSON.parse(readFileSync(DIAG, 'utf8')) as Record<string, string>).slice(0, 500);
  const proc = Object.entries(JSON.parse(readFileSync(PROC, 'utf8')) as Record<string, string>).slice(0, 300);
  // Neutral names: the content says which dictionary it is.
  writeFileSync(join(dir, '字典A.csv'), toCsv([['code', 'name'], ...diag]));
  writeFileSync(join(dir, '字典B.csv'), toCsv(proc));
  const wh = await openWarehouse();
  try {
    const rep = await importKnowledge(wh, [join(dir, '字典A.csv'), join(dir, '字典B.csv')]);
    assert.deepEqual(rep.rowCounts, { 'icd-diagnosis': 500, 'icd-procedure': 300 });
    assert.equal(rep.files[0].sheets[0].headerRow, 1);
    assert.equal(rep.files[1].sheets[0].headerRow, null);
    const first = await wh.one<{ diag_code: string; src_row: number }>(
      'SELECT diag_code, src_row FROM kn_icd_diagnosis ORDER BY src_row LIMIT 1');
    assert.deepEqual(first, { diag_code: diag[0][0], src_row: 2 });
  } finally {
    wh.close();
  }
});
