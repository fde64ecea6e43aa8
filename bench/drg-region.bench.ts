/**
 * Whole-region DRG: `drg group` (records query + grouping + storing drg_result) and `drg settle`
 * over a year of BENCH_DRG_CASES inpatient settlements (default 1,000,000).
 *
 * The region is generated directly as warehouse rows with SQL generators (not through CSV, which
 * would time the importer instead): 20,000 deterministic case templates aimed at the scheme's
 * ADRGs (codes drawn from its own lists, so most cases group; a few carry unknown codes or fail
 * the input check) are inserted once, and each settlement takes one by a hash of its number, with
 * its own dates, institution, person and cost. Generation is not timed. Target: grouping and
 * settlement of the year together under 60 s (exit 1 above). Data dir: $BENCH_DIR/drg-region
 * (BENCH_DIR default bench/out), rebuilt each run.
 */
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LIST, VARCHAR } from '@duckdb/node-api';
import { Warehouse } from '../src/store/warehouse.js';
import { loadDrgScheme, type DrgSchemeData } from '../src/drg/scheme.js';
import { makeGenerator, rng } from './drg-records.js';
import { importDrgScheme } from '../src/drg/scheme-store.js';
import { runDrgGrouping } from '../src/drg/group-run.js';
import { runDrgSettlement } from '../src/drg/settle-run.js';
import type { DrgRecord } from '../src/drg/types.js';
import { machineLine, peakRssMiB } from './machine.js';

const N = Number(process.env.BENCH_DRG_CASES ?? 1_000_000);
const TEMPLATES = 20_000;
const INSTITUTIONS = 240;
const SEED = Number(process.env.BENCH_DRG_SEED ?? 20240601);
const TARGET_S = 60;
const schemeDir = resolve(process.env.BENCH_DRG_SCHEME ?? '../shared/data/chs-drg-1.1');
const dataDir = resolve(process.env.BENCH_DIR ?? 'bench/out', 'drg-region');

console.log(`machine: ${machineLine()}`);
console.log(`date: ${new Date().toISOString()}`);
console.log(`command: node --import tsx bench/drg-region.bench.ts  (BENCH_DRG_CASES=${N}, seed ${SEED}, data ${dataDir})`);

/** The case templates: the records of bench/drg-group.bench.ts (one generator for both benchmarks). */
function templates(d: DrgSchemeData, n: number, seed: number): DrgRecord[] {
  const gen = makeGenerator(d, seed);
  return Array.from({ length: n }, (_, i) => gen(i));
}

const secs = (t: number) => ((performance.now() - t) / 1000).toFixed(2);

rmSync(dataDir, { recursive: true, force: true });
let t0 = performance.now();
let wh = await Warehouse.open(dataDir);
const scheme = await loadDrgScheme(schemeDir);
const set = await importDrgScheme(wh, schemeDir);
console.log(`scheme ${scheme.version} imported as knowledge set #${set.setId} in ${secs(t0)} s`);

// ---- generate the region (not timed) ----
t0 = performance.now();
const tpl = templates(scheme, TEMPLATES, SEED);
await wh.run(`CREATE OR REPLACE TEMP TABLE bench_tpl (tid INTEGER, gend VARCHAR, age_years INTEGER, age_days INTEGER, weight INTEGER,
  dx VARCHAR[], px VARCHAR[], base_fen BIGINT)`);
const ap = await wh.conn.createAppender('bench_tpl');
const rand = rng(SEED + 1);
tpl.forEach((r, i) => {
  ap.appendInteger(i);
  if (r.sex === null) ap.appendNull(); else ap.appendVarchar(r.sex);
  ap.appendInteger(r.age_years ?? 40);
  ap.appendInteger(r.age_days ?? 0);
  if (r.birth_weight_g === null) ap.appendNull(); else ap.appendInteger(r.birth_weight_g);
  ap.appendList(r.diagnoses, LIST(VARCHAR));
  ap.appendList(r.procedures, LIST(VARCHAR));
  // A template's typical cost: more procedures and diagnoses cost more.
  ap.appendBigInt(BigInt(Math.round((300_000 + rand() * 2_000_000) * (1 + r.procedures.length * 0.8 + r.diagnoses.length * 0.1))));
  ap.endRow();
});
ap.flushSync();
ap.closeSync();
const pad = (e: string, w: number) => `lpad(CAST(${e} AS VARCHAR), ${w}, '0')`;
// i → template (hash), admission day of 2023, LOS 1–14, institution, person.
await wh.run(`CREATE OR REPLACE TEMP TABLE bench_case AS
  SELECT i, CAST(hash(i, ${SEED}) % ${TEMPLATES} AS INTEGER) AS tid,
    DATE '2023-01-01' + CAST(hash(i, 1) % 350 AS INTEGER) AS adm,
    1 + CAST(hash(i, 2) % 14 AS INTEGER) AS los,
    'H' || ${pad(`hash(i, 3) % ${INSTITUTIONS}`, 11)} AS inst,
    'P' || ${pad(`hash(i, 4) % ${Math.max(1, Math.floor(N * 0.7))}`, 10)} AS psn,
    0.5 + (hash(i, 5) % 1000) / 1000.0 AS noise
  FROM range(${N}) r(i)`);
await wh.run(`INSERT INTO mdtrt_d (mdtrt_id, psn_no, gend, brdy, age, insutype, psn_type, insu_admdvs, fixmedins_code, fixmedins_name, hosp_lv,
    med_type, begntime, endtime, ipt_days, adm_dept_codg, dscg_dept_codg, dscg_maindiag_code, dscg_maindiag_name, dscg_way, die_date,
    chfpdr_code, refl_old_mdtrt_id, vali_flag, nwb_bir_wt, _import_id, _src_file_id)
  SELECT 'M' || ${pad('c.i', 9)}, c.psn, t.gend,
    CASE WHEN t.age_years > 0 THEN c.adm - INTERVAL (t.age_years) YEAR ELSE c.adm - INTERVAL (t.age_days) DAY END,
    t.age_years, '310', '11', '330700', c.inst, '机构' || c.inst, CASE WHEN hash(c.i, 6) % 3 = 0 THEN '02' ELSE '05' END,
    CASE WHEN hash(c.i, 7) % 20 = 0 THEN '22' ELSE '21' END, c.adm + INTERVAL 8 HOUR, c.adm + INTERVAL (c.los) DAY + INTERVAL 10 HOUR,
    c.los, 'A' || (hash(c.i, 8) % 30), 'A' || (hash(c.i, 8) % 30), t.dx[1], '', '1', NULL,
    'D' || ${pad(`hash(c.i, 9) % 6000`, 5)}, NULL, '1', t.weight, 0, 0
  FROM bench_case c JOIN bench_tpl t USING (tid)`);
await wh.run(`INSERT INTO setl_d (setl_id, mdtrt_id, psn_no, setl_time, begndate, enddate, med_type, insutype, fixmedins_code, hosp_lv,
    medfee_sumamt, fulamt_ownpay_amt, overlmt_selfpay, preselfpay_amt, inscp_amt, hifp_pay, fund_pay_sumamt, psn_pay, acct_pay, cash_payamt,
    refd_setl_flag, init_setl_id, dise_no, dise_name, vali_flag, _import_id, _src_file_id)
  SELECT 'S' || ${pad('c.i', 9)}, 'M' || ${pad('c.i', 9)}, c.psn, c.adm + INTERVAL (c.los) DAY + INTERVAL 16 HOUR, c.adm, c.adm + INTERVAL (c.los) DAY,
    '21', '310', c.inst, '05', fee / 100.0, 0, 0, 0, fee / 100.0, round(fee * 0.7) / 100.0, round(fee * 0.7) / 100.0,
    (fee - round(fee * 0.7)) / 100.0, 0, (fee - round(fee * 0.7)) / 100.0, '0', NULL, NULL, NULL, '1', 0, 0
  FROM (SELECT c.*, CAST(round(t.base_fen * c.noise * (1 + c.los / 10.0)) AS BIGINT) AS fee FROM bench_case c JOIN bench_tpl t USING (tid)) c`);
await wh.run(`INSERT INTO setl_list_diag_d (setl_list_diag_id, setl_id, mdtrt_id, psn_no, diag_type, maindiag_flag, diag_code, diag_name,
    adm_cond_type, _import_id, _src_file_id)
  SELECT 'S' || ${pad('c.i', 9)} || '-D' || ${pad('u.k', 2)}, 'S' || ${pad('c.i', 9)}, 'M' || ${pad('c.i', 9)}, c.psn, '1',
    CASE WHEN u.k = 1 THEN '1' ELSE '0' END, u.code, u.code, '1', 0, 0
  FROM bench_case c JOIN bench_tpl t USING (tid), LATERAL (SELECT unnest(t.dx) AS code, generate_subscripts(t.dx, 1) AS k) u`);
await wh.run(`INSERT INTO setl_list_oprn_d (setl_list_oprn_id, setl_id, psn_no, mdtrt_id, main_oprn_flag, oprn_oprt_code, oprn_oprt_name,
    oprn_oprt_date, anst_way, oper_dr_code, _import_id, _src_file_id)
  SELECT 'S' || ${pad('c.i', 9)} || '-O' || ${pad('u.k', 2)}, 'S' || ${pad('c.i', 9)}, c.psn, 'M' || ${pad('c.i', 9)},
    CASE WHEN u.k = 1 THEN '1' ELSE '0' END, u.code, u.code, c.adm + INTERVAL 9 HOUR, '1', 'D00001', 0, 0
  FROM bench_case c JOIN bench_tpl t USING (tid), LATERAL (SELECT unnest(t.px) AS code, generate_subscripts(t.px, 1) AS k) u`);
const rowCount = async (t: string) => Number((await wh.one<{ n: string }>(`SELECT count(*) AS n FROM ${t}`))?.n ?? 0);
const counts = { mdtrt_d: await rowCount('mdtrt_d'), setl_d: await rowCount('setl_d'), setl_list_diag_d: await rowCount('setl_list_diag_d'),
  setl_list_oprn_d: await rowCount('setl_list_oprn_d') };
await wh.run('DROP TABLE bench_case');
await wh.run('DROP TABLE bench_tpl');
await wh.run('CHECKPOINT');
wh.close();
console.log(`generated ${Object.entries(counts).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ')} in ${secs(t0)} s (not timed)`);

// ---- timed: drg group for 2023, then drg settle --year 2023, each on a freshly opened warehouse as the CLI does ----
t0 = performance.now();
wh = await Warehouse.open(dataDir);
const g = await runDrgGrouping(wh, { from: '2023-01-01', to: '2023-12-31' });
wh.close();
const groupS = (performance.now() - t0) / 1000;
console.log(`drg group: ${g.cases.toLocaleString('en')} settlements in ${groupS.toFixed(2)} s (records query ${g.stages.read_s} s, grouping ${g.stages.group_s} s, storing drg_result ${g.stages.store_s} s): ${Math.round(g.cases / groupS).toLocaleString('en')} records/s`);
const pct = (k: number) => `${((100 * k) / g.cases).toFixed(2)} %`;
console.log(`  grouped ${pct(g.grouped)}, ungrouped ${pct(g.ungrouped)}, rejected ${pct(g.rejected)} (${g.reject_reasons.map((r) => `${r.reason} ${r.cases}`).join(', ')}); ${g.distinct_drgs} distinct DRGs`);

t0 = performance.now();
wh = await Warehouse.open(dataDir);
const s = await runDrgSettlement(wh, { kind: 'settle', from: '2023-01-01', to: '2023-12-31', by: 'bench',
  params: { last_year_budget_fen: 120_000_000_000, growth_cap: '0.065', institution_coefficients: { H00000000001: '1.2', H00000000002: '0.9' } } });
wh.close();
const settleS = (performance.now() - t0) / 1000;
const tot = s.totals as Record<string, string | number>;
console.log(`drg settle --year 2023: ${Number(tot.cases).toLocaleString('en')} cases in ${settleS.toFixed(2)} s (read ${s.stages.read_s} s, weights + settlement + shadow run ${s.stages.compute_s} s, store ${s.stages.store_s} s): ${Math.round(Number(tot.cases) / settleS).toLocaleString('en')} cases/s`);
console.log(`  point value ${tot.point_value_yuan} yuan/point, budget ${tot.budget_fen} fen = Σ payments ${s.budget_check.payments_fen} + remainder ${s.budget_check.remainder_fen}: ${s.budget_check.balanced ? 'balanced' : 'NOT BALANCED'}`);
const total = groupS + settleS;
console.log(`total group + settle: ${total.toFixed(2)} s (target < ${TARGET_S} s)`);
console.log(`peak RSS: ${peakRssMiB()} MiB`);
if (!s.budget_check.balanced || total > TARGET_S) {
  console.error(total > TARGET_S ? `FAIL: ${total.toFixed(1)} s is above the ${TARGET_S} s target` : 'FAIL: the settlement does not balance');
  process.exit(1);
}
