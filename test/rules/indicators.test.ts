/**
 * Known-answer checks of the provider indicator table (src/rules/indicators.ts): a small region built
 * with the RegionBuilder, imported by the real importer, materialised into provider_indicator; the
 * expected values are worked out by hand in the comments.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { Warehouse } from '../../src/store/warehouse.js';
import { importPath } from '../../src/ingest/importer.js';
import { INDICATORS, PENDING_INDICATORS, materialiseProviderIndicators } from '../../src/rules/indicators.js';
import { RegionBuilder } from './builders.js';
import { tempDir } from '../ingest/helpers.js';

const DRUG = 'XA02BCA001A001010100001'; // list_type 101 → 西药费 09
const STENT = 'C0201010520000'; // 301 → 卫生材料费 08
const SVC = '003101000010000';
const exam = (pric: string, time: string, type = '03') => ({ code: SVC, pric, time, med_chrgitm_type: type });
const treat = (pric: string, time: string) => ({ code: SVC, pric, time, med_chrgitm_type: '05' });

/**
 * H1 (二级, 330700). Stays discharged in May:
 *  S1 A 05-01→05-05 LOS 4, A03/D1: drug 300 (billed by D9), stent 200, exam 100, treatment 400 = 1000, fund 800
 *  S2 A 05-20→05-22 LOS 2, A03/D1: exam 300 + bed 100 = 400; readmission (15 days after S1); 低标入院
 *  S3 B 05-10→05-12 LOS 2, A04: lab 500 with an operation → not 低标
 *  S5 B 05-28→05-30 LOS 2, A04: treatment 200 (16 days after S3: not a readmission)
 *  S6 D 05-01→05-05 LOS 4: exam 100 (only checks, but LOS 4 > 3 → not 低标)
 * June: S4 C 05-25→06-02 LOS 8: treatment 1000. Outpatient in May: A drug 50, A treatment 30, C lab 20,
 * C 999 refunded. H2…H5: one outpatient treatment visit each in May at 10, 20, 30, 40.
 */
function region(r: RegionBuilder): void {
  r.institution('H1', { hosp_lv: '06' });
  const s1 = r.visit({ psn: 'A', inst: 'H1', med_type: '21', begin: '2023-05-01', end: '2023-05-05', fund_pay: '800',
    extra: { adm_dept_codg: 'A03', chfpdr_code: 'D1' } });
  s1.line({ code: DRUG, cnt: 2, pric: '150', time: '2023-05-01', dr: 'D9' });
  s1.line({ code: STENT, pric: '200', time: '2023-05-02' });
  s1.line(exam('100', '2023-05-01'));
  s1.line(treat('400', '2023-05-02'));
  const s2 = r.visit({ psn: 'A', inst: 'H1', med_type: '21', begin: '2023-05-20', end: '2023-05-22',
    extra: { adm_dept_codg: 'A03', chfpdr_code: 'D1' } });
  s2.line(exam('300', '2023-05-20'));
  s2.line({ code: SVC, pric: '100', time: '2023-05-20', med_chrgitm_type: '01' });
  r.visit({ psn: 'B', inst: 'H1', med_type: '21', begin: '2023-05-10', end: '2023-05-12', oprn: [{ code: '00.5500x008' }],
    extra: { adm_dept_codg: 'A04' } }).line(exam('500', '2023-05-10', '04'));
  r.visit({ psn: 'B', inst: 'H1', med_type: '21', begin: '2023-05-28', end: '2023-05-30', extra: { adm_dept_codg: 'A04' } })
    .line(treat('200', '2023-05-28'));
  r.visit({ psn: 'D', inst: 'H1', med_type: '21', begin: '2023-05-01', end: '2023-05-05' }).line(exam('100', '2023-05-02'));
  r.visit({ psn: 'C', inst: 'H1', med_type: '21', begin: '2023-05-25', end: '2023-06-02' }).line(treat('1000', '2023-05-25'));
  r.visit({ psn: 'A', inst: 'H1', begin: '2023-05-03' }).line({ code: DRUG, pric: '50', time: '2023-05-03' });
  r.visit({ psn: 'A', inst: 'H1', begin: '2023-05-15' }).line(treat('30', '2023-05-15'));
  r.visit({ psn: 'C', inst: 'H1', begin: '2023-05-15' }).line(exam('20', '2023-05-15', '04'));
  const refunded = r.visit({ psn: 'C', inst: 'H1', begin: '2023-05-20' });
  refunded.line(treat('999', '2023-05-20'));
  r.refund(refunded);
  ['10', '20', '30', '40'].forEach((c, i) => r.visit({ psn: `E${i}`, inst: `H${i + 2}`, begin: '2023-05-08' }).line(treat(c, '2023-05-08')));
}

let wh: Warehouse; let dir: string; let rows = 0;
before(async () => {
  dir = tempDir('fg-indicators-');
  wh = await Warehouse.open(join(dir, 'data'));
  const r = new RegionBuilder();
  region(r);
  r.write(join(dir, 'src'));
  await importPath(wh, join(dir, 'data'), join(dir, 'src'));
  rows = await materialiseProviderIndicators(wh, '2023-12-31');
});
after(() => { wh?.close(); rmSync(dir, { recursive: true, force: true }); });

type Row = Record<string, string | number | null>;
async function values(level: string, unit: string, period: string, cols = 'value'): Promise<Record<string, Row>> {
  const got = await wh.all<Row>(`SELECT indicator, ${cols} FROM provider_indicator WHERE level = ? AND unit_code = ? AND period = ?`,
    [level, unit, period]);
  return Object.fromEntries(got.map(({ indicator, ...rest }) => [String(indicator), rest]));
}
const only = (m: Record<string, Row>, col = 'value') => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v[col]]));

test('the table is built and every computed indicator has a Chinese name; CMI waits for DRG', async () => {
  assert.ok(rows > 0);
  assert.equal(INDICATORS.length, 11);
  for (const i of INDICATORS) assert.match(i.name_zh, /[\u4e00-\u9fff]/);
  assert.deepEqual(PENDING_INDICATORS.map((p) => p.id), ['cmi']);
  const t = await wh.one<Row>(`SELECT typeof(value) AS v, typeof(numerator) AS n, typeof(peer_median) AS m, typeof(robust_z) AS z
    FROM provider_indicator LIMIT 1`);
  assert.deepEqual(t, { v: 'DECIMAL(18,6)', n: 'DECIMAL(18,4)', m: 'DECIMAL(20,8)', z: 'DECIMAL(18,6)' });
});

test('H1 in May: every indicator by hand', async () => {
  assert.deepEqual(only(await values('institution', 'H1', '2023-05')), {
    ip_cost_per_stay: '440.000000', // (1000 + 400 + 500 + 200 + 100) / 5
    ip_avg_los: '2.800000', // (4 + 2 + 2 + 2 + 4) / 5
    ip_stays_per_person: '1.666667', // 5 stays / 3 persons (A, B, D)
    readmission_rate: '0.200000', // S2 only: day 15 counts, day 16 does not
    low_threshold_share: '0.200000', // S2 only
    op_cost_per_visit: '33.333333', // (50 + 30 + 20) / 3; the refunded 999 is gone
    op_visits_per_person: '1.500000', // 3 visits / 2 persons
    drug_share: '0.152174', // 350 / 2300
    consumable_share: '0.086957', // 200 / 2300
    exam_lab_share: '0.443478', // (100 + 300 + 500 + 100 + 20) / 2300
    fund_pay_share: '0.913043', // (2300 − 200) / 2300
  });
});

test('numerator and denominator are kept; June and the year; growth against the previous month', async () => {
  const may = await values('institution', 'H1', '2023-05', 'numerator, denominator');
  assert.deepEqual(may.ip_cost_per_stay, { numerator: '2200.0000', denominator: '5.0000' });
  const june = await values('institution', 'H1', '2023-06', 'value, prev_value, growth');
  assert.deepEqual(june.ip_cost_per_stay, { value: '1000.000000', prev_value: '440.000000', growth: '1.272727' }); // 560 / 440
  assert.deepEqual(only(await values('institution', 'H1', '2023')), {
    ip_cost_per_stay: '533.333333', ip_avg_los: '3.666667', ip_stays_per_person: '1.500000', readmission_rate: '0.166667',
    low_threshold_share: '0.166667', op_cost_per_visit: '33.333333', op_visits_per_person: '1.500000',
    drug_share: '0.106061', consumable_share: '0.060606', exam_lab_share: '0.309091', fund_pay_share: '0.939394',
  }); // year: 6 stays costing 3200, 22 days, 4 persons; lines 3300 of which drugs 350, stent 200, checks 1020; fund 3100
});

test('departments by adm_dept_codg, fee shares by the billing department and doctor', async () => {
  const a03 = only(await values('department', 'A03', '2023-05'));
  assert.equal(a03.ip_cost_per_stay, '700.000000'); // (1000 + 400) / 2
  assert.equal(a03.readmission_rate, '0.500000');
  assert.equal(a03.drug_share, undefined); // lines are billed by A01, not A03
  assert.equal(only(await values('doctor', 'D1', '2023-05')).ip_avg_los, '3.000000'); // (4 + 2) / 2
  assert.equal(only(await values('doctor', 'D9', '2023-05')).drug_share, '1.000000');
});

test('peer statistics: median, MAD and robust z; MAD = 0 falls back to the mean absolute deviation', async () => {
  const cols = 'peer_group, peer_count, peer_median, mad, z_basis, robust_z';
  // op cost of H1…H5: 33.333333, 10, 20, 30, 40 → median 30, deviations 3.333333, 20, 10, 0, 10 → MAD 10.
  assert.deepEqual((await values('institution', 'H1', '2023-05', cols)).op_cost_per_visit, { peer_group: '3307|1|2', peer_count: '5',
    peer_median: '30.00000000', mad: '10.00000000', z_basis: 'MAD', robust_z: '0.224833' }); // 0.6745 × 3.333333 / 10
  // fund share: 0.913043 and four times 1 → MAD 0; z = 5 × (−0.086957) / (1.253314 × 0.086957) = −3.989423.
  assert.deepEqual((await values('institution', 'H1', '2023-05', cols)).fund_pay_share, { peer_group: '3307|1|2', peer_count: '5',
    peer_median: '1.00000000', mad: '0.00000000', z_basis: 'MeanAD', robust_z: '-3.989423' });
  // Stays only at H1: a group of one, no z.
  assert.deepEqual((await values('institution', 'H1', '2023-05', cols)).ip_avg_los, { peer_group: '3307|1|2', peer_count: '1',
    peer_median: '2.80000000', mad: '0.00000000', z_basis: null, robust_z: null });
});
