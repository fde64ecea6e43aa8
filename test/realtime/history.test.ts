/**
 * The history store: what it answers per person equals the warehouse's rows (personal data left
 * out), checked settlements count until their claim is imported, and everything survives a reopen.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
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
