/**
 * The history store: what it answers per person equals the warehouse's rows (personal data left
 * out), checked settlements count until their claim is imported, and everything survives a reopen.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { Warehouse } from '../../src/store/warehouse.js';
import { importPath } from '../../src/ingest/importer.js';
import { HistoryStore } from '../../src/audit/precheck/history.js';
import { emptyPersonData } from '../../src/rules/realtime/data.js';
import { RegionBuilder } from '../rules/builders.js';
import { tempDir } from '../ingest/helpers.js';
import { loadAllRaw } from './replay.js';

const sortRows = <T extends Record<string, unknown>>(rows: T[], key: string) => [...rows].sort((a, b) => String(a[key]).localeCompare(String(b[key])));

test('history store: equals the warehouse per person, keeps checked settlements until imported, survives reopening', async () => {
  const dir = tempDir('fg-hist-');
  const dataDir = join(dir, 'data');
  const wh = await Warehouse.open(dataDir);
  const r = new RegionBuilder();
  r.person('P1', { gend: '2', brdy: '1960-01-02' }).person('P2');
  const v1 = r.visit({ psn: 'P1', inst: 'H1', med_type: '21', begin: '2023-03-01', end: '2023-03-05', diag: ['J18.900'], oprn: [{ code: '36.0700' }] });
  v1.line({ code: '001109000010000', time: '2023-03-01', cnt: 4, pric: '35.5' });
  const ret = v1.line({ code: 'XN02BEB075A001010103443', time: '2023-03-02', cnt: 3, pric: '1.2345' });
  v1.line({ code: 'XN02BEB075A001010103443', time: '2023-03-03', cnt: 1, pric: '1.2345', returnOf: ret });
  r.visit({ psn: 'P2', inst: 'H2', begin: '2023-04-01' }).line({ code: '001102000010000', time: '2023-04-01' });
  r.write(join(dir, 'in'));
  const imp = await importPath(wh, dataDir, join(dir, 'in'));

  let h = HistoryStore.open(dataDir);
  const built = await h.rebuild(wh, { importId: imp.import_id });
  assert.equal(built.persons, 2);
  const all = await loadAllRaw(wh);
  for (const psn of ['P1', 'P2']) {
    const got = h.get(psn);
    const want = all.get(psn)!;
    const strip = (rows: Record<string, unknown>[]) => rows.map(({ psn_name: _a, certno: _b, tel: _c, psn_cert_type: _d, ...x }) => x);
    assert.deepEqual(sortRows(got.fee_list_d, 'bkkp_sn'), sortRows(strip(want.fee_list_d), 'bkkp_sn'));
    assert.deepEqual(strip(got.mdtrt_d), strip(want.mdtrt_d));
    assert.deepEqual(strip(got.setl_d), strip(want.setl_d));
    assert.deepEqual(sortRows(got.setl_list_diag_d, 'setl_list_diag_id'), sortRows(want.setl_list_diag_d, 'setl_list_diag_id'));
    assert.deepEqual(got.setl_list_oprn_d, want.setl_list_oprn_d);
    assert.deepEqual(Object.keys(got.psn_info ?? {}).sort(), ['brdy', 'die_date', 'gend', 'insutype', 'psn_no']);
    assert.ok(!JSON.stringify(got).includes('110101198001010011'), 'no ID number in the history store');
  }
  assert.equal(h.get('P1').fee_list_d.find((f) => f.bkkp_sn === ret)?.pric, '1.2345');

  // A checked settlement counts at once and after reopening; when its claim is imported, the imported rows replace it.
  const checked = { ...emptyPersonData(), setl_d: [{ setl_id: 'S-NEW', mdtrt_id: 'M-NEW', psn_no: 'P2', setl_time: '2023-05-01 10:00:00' }],
    mdtrt_d: [{ mdtrt_id: 'M-NEW', psn_no: 'P2', med_type: '11' }], fee_list_d: [{ bkkp_sn: 'B1', fixmedins_code: 'H2', setl_id: 'S-NEW', psn_no: 'P2' }] };
  await h.appendChecked('P2', checked);
  assert.deepEqual(h.get('P2').setl_d.map((s) => s.setl_id).sort(), ['S0002', 'S-NEW'].sort());
  await h.close();
  h = HistoryStore.open(dataDir);
  assert.deepEqual(h.get('P2').setl_d.map((s) => s.setl_id).sort(), ['S0002', 'S-NEW'].sort());
  assert.equal(h.get('NOBODY').fee_list_d.length, 0);

  await wh.run(`INSERT INTO setl_d (setl_id, mdtrt_id, psn_no, setl_time, fixmedins_code, _import_id, _src_file_id)
    VALUES ('S-NEW', 'M-NEW', 'P2', TIMESTAMP '2023-05-01 10:00:00', 'H2', 99, 99)`);
  await wh.run(`INSERT INTO mdtrt_d (mdtrt_id, psn_no, med_type, fixmedins_code, _import_id, _src_file_id)
    VALUES ('M-NEW', 'P2', '11', 'H2', 99, 99)`);
  await h.rebuild(wh, { importId: 99 });
  const p2 = h.get('P2');
  assert.equal(p2.setl_d.filter((s) => s.setl_id === 'S-NEW').length, 1, 'the imported settlement replaces the checked one');
  assert.equal(p2.setl_d.find((s) => s.setl_id === 'S-NEW')?.fixmedins_code, 'H2');
  assert.equal(p2.fee_list_d.filter((f) => f.bkkp_sn === 'B1').length, 0, 'checked lines of an imported settlement are dropped');
  await h.close();
  wh.close();
});

test('history store: the one-pass merge of import files equals the per-range reading; rows out of person order fall back to ranges', async () => {
  const dir = tempDir('fg-hist-runs-');
  const dataDir = join(dir, 'data');
  const wh = await Warehouse.open(dataDir);
  const r = new RegionBuilder();
  r.person('P1', { gend: '2', brdy: '1960-01-02' }).person('P2').person('P3');
  // Two import files per table, a settlement outside the 400-day window and diagnoses that follow it out.
  const old = r.visit({ psn: 'P1', inst: 'H1', med_type: '21', begin: '2021-01-01', end: '2021-01-03', diag: ['J18.900'] });
  old.line({ code: '001109000010000', time: '2021-01-01' });
  r.visit({ psn: 'P1', inst: 'H1', med_type: '21', begin: '2023-03-01', end: '2023-03-05', diag: ['J18.900'], oprn: [{ code: '36.0700' }] })
    .line({ code: '001109000010000', time: '2023-03-01', cnt: 4, pric: '35.5' });
  r.visit({ psn: 'P3', inst: 'H2', begin: '2023-04-01' }).line({ code: '001102000010000', time: '2023-04-01' });
  r.visit({ psn: 'P2', inst: 'H2', begin: '2023-05-01' }).line({ code: '001102000010000', time: '2023-05-01' });
  r.visit({ psn: 'P1', inst: 'H2', begin: '2023-06-01' }).line({ code: '001102000010000', time: '2023-06-01' });
  r.write(join(dir, 'a'));
  // The last two visits' lines in a second fee file: two runs of fee_list_d to merge.
  const fee = readFileSync(join(dir, 'a', 'fee_list_d.csv'), 'utf8').trimEnd().split('\n');
  writeFileSync(join(dir, 'a', 'fee_list_d.csv'), `${fee.slice(0, -2).join('\n')}\n`);
  writeFileSync(join(dir, 'a', 'fee_list_d_2.csv'), `${[fee[0], ...fee.slice(-2)].join('\n')}\n`);
  await importPath(wh, dataDir, join(dir, 'a'));
  assert.equal(Number((await wh.one<{ n: string }>('SELECT count(DISTINCT _src_file_id) AS n FROM fee_list_d'))?.n), 2);

  const h = HistoryStore.open(dataDir);
  const snapshot = () => Object.fromEntries(['P1', 'P2', 'P3'].map((p) => {
    const v = h.get(p);
    return [p, Object.fromEntries(Object.entries(v).map(([k, rows]) => [k, Array.isArray(rows)
      ? rows.map((x) => JSON.stringify(x)).sort() : rows]))];
  }));
  assert.deepEqual(await h.rebuild(wh).then((b) => [b.persons, b.read]), [3, 'runs']);
  const merged = snapshot();
  assert.equal(merged.P1.setl_d.length, 2, 'the 2021 settlement is outside the window');
  assert.equal(merged.P1.setl_list_diag_d.length, 1, "the 2021 stay's diagnosis follows it out");
  assert.equal(merged.P1.fee_list_d.length, 2);
  assert.equal(merged.P2.fee_list_d.length, 1);
  await (h as unknown as { rebuildByRanges(w: Warehouse, since: string, o: object): Promise<number> })
    .rebuildByRanges(wh, '2022-07-27', {});
  assert.deepEqual(snapshot(), merged);

  // Rows written out of person order (not by the import): the merge notices and the ranges give the right answer.
  await wh.run(`INSERT INTO fee_list_d (bkkp_sn, psn_no, setl_id, mdtrt_id, fixmedins_code, fee_ocur_time, _import_id, _src_file_id)
    VALUES ('BX2', 'P3', 'SX', 'MX', 'H2', TIMESTAMP '2023-06-02 00:00:00', 98, 98)`);
  await wh.run(`INSERT INTO fee_list_d (bkkp_sn, psn_no, setl_id, mdtrt_id, fixmedins_code, fee_ocur_time, _import_id, _src_file_id)
    VALUES ('BX1', 'P1', 'SX', 'MX', 'H2', TIMESTAMP '2023-06-02 00:00:00', 98, 98)`);
  assert.deepEqual(await h.rebuild(wh).then((b) => [b.persons, b.read]), [3, 'ranges']);
  assert.ok(h.get('P1').fee_list_d.some((f) => f.bkkp_sn === 'BX1'));
  assert.ok(h.get('P3').fee_list_d.some((f) => f.bkkp_sn === 'BX2'));
  await h.close();
  wh.close();
});
