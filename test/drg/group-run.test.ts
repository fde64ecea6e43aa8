// drg group over a small region imported through the real importer: inpatient settlements coded
// as rows of samples.csv must get the sample's DRG in drg_result; void, refunded, outpatient and
// out-of-period settlements are left out; a record without sex is rejected with its reason. Then
// settle and shadow over the grouped region (consistent with settleDrg, Σ payments + remainder =
// budget, the run recorded, the Excel report), and the CLI (knowledge import, drg group --json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { Warehouse } from '../../src/store/warehouse.js';
import { importPath } from '../../src/ingest/importer.js';
import { tableSpec } from '../../src/domain/tables.js';
import { importDrgScheme, requireDrgGrouper } from '../../src/drg/scheme-store.js';
import { exportDrgResults, explainSettlement, runDrgGrouping } from '../../src/drg/group-run.js';
import { readDrgCases, resolveSettleParams, runDrgSettlement } from '../../src/drg/settle-run.js';
import { DrgRunError } from '../../src/drg/records.js';
import { settleDrg } from '../../src/drg/settlement.js';
import { RegionBuilder, type Visit } from '../rules/builders.js';
import { tempDir, writeCsv } from '../ingest/helpers.js';

const SCHEME_DIR = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'chs-drg-1.1');
const MAIN = join(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts');

interface Sample { id: string; sex: string; age_years: number; age_days: number; weight: number; dx: string[]; px: string[]; expected: string }
const samples: Sample[] = (parse(readFileSync(join(SCHEME_DIR, 'samples.csv')), { columns: true }) as Record<string, string>[]).map((r) => ({
  id: r.record_id, sex: r.sex, age_years: Number(r.age_years), age_days: Number(r.age_days), weight: Number(r.birth_weight_g),
  dx: r.diagnoses ? r.diagnoses.split('|') : [], px: r.procedures ? r.procedures.split('|') : [], expected: r.expected_drg,
}));

/** Every 20th row, plus newborns with a birth weight (they need nwb_bir_wt) and some not grouped. */
const chosen = samples.filter((s, i) => i % 20 === 0
  || (s.age_years === 0 && s.age_days <= 28 && s.weight > 0 && i % 3 === 0)
  || (s.expected === '0000' && i % 4 === 0));

const ADMIT = '2023-06-15';
function brdyOf(s: Sample): string {
  if (s.age_years > 0) return `${2023 - s.age_years}-06-15`;
  return new Date(Date.parse(`${ADMIT}T00:00:00Z`) - s.age_days * 86400000).toISOString().slice(0, 10);
}

function cli(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('drg group, explain, settle and shadow over an imported region; the CLI', async () => {
  const dir = tempDir('fg-drg-run-');
  const dataDir = join(dir, 'data');
  const wh = await Warehouse.open(dataDir);
  try {
    const r = new RegionBuilder();
    r.institution('H1', { hosp_lv: '02' }).institution('H2', { hosp_lv: '05' }).institution('H3', { hosp_lv: '05' });
    const bySetl = new Map<string, Sample>();
    const weights = new Map<string, number>();
    chosen.forEach((s, i) => {
      const psn = `P${s.id}`;
      r.person(psn, { gend: s.sex, brdy: brdyOf(s) });
      const v = r.visit({ psn, inst: ['H1', 'H2', 'H3'][i % 3], med_type: '21', begin: ADMIT, end: '2023-06-20', diag: s.dx,
        oprn: s.px.map((code) => ({ code })) });
      // Costs vary within a DRG so that the settlement has normal, high and low cases.
      v.line({ code: '003101000010000', name: '住院治疗', pric: String(2000 + ((i * 7919) % 5000)), time: ADMIT });
      bySetl.set(v.setl_id, s);
      if (s.weight > 0) weights.set(v.mdtrt_id, s.weight);
    });
    const first = chosen.find((s) => s.expected !== '0000')!;
    const extra = (o: { psn: string; med_type?: string; begin?: string; end?: string; vali_flag?: string; sex?: string }): Visit => {
      r.person(o.psn, { gend: o.sex ?? first.sex, brdy: brdyOf(first) });
      const v = r.visit({ psn: o.psn, inst: 'H1', med_type: o.med_type ?? '21', begin: o.begin ?? ADMIT, end: o.end ?? '2023-06-20',
        diag: first.dx, oprn: first.px.map((code) => ({ code })), vali_flag: o.vali_flag });
      v.line({ code: '003101000010000', name: '住院治疗', pric: '3000', time: o.begin ?? ADMIT });
      return v;
    };
    const noSex = extra({ psn: 'X-NOSEX', sex: '' });
    const voided = extra({ psn: 'X-VOID', vali_flag: '0' });
    const refunded = extra({ psn: 'X-REFUND' });
    r.refund(refunded);
    const outpatient = extra({ psn: 'X-OUT', med_type: '11' });
    const later = extra({ psn: 'X-2024', begin: '2024-01-03', end: '2024-01-08' });
    r.write(join(dir, 'in'));
    // The national mdtrt_d has no birth weight: the optional nwb_bir_wt column carries it.
    const mdtrtPath = join(dir, 'in', 'mdtrt_d.csv');
    const rows = parse(readFileSync(mdtrtPath), { columns: true, bom: true }) as Record<string, string>[];
    writeCsv(mdtrtPath, 'mdtrt_d', rows.map((x) => ({ ...x, nwb_bir_wt: weights.has(x.mdtrt_id) ? String(weights.get(x.mdtrt_id)) : '' })),
      { header: [...tableSpec('mdtrt_d').required, 'nwb_bir_wt'] });
    const imp = await importPath(wh, dataDir, join(dir, 'in'));
    assert.equal(imp.rows_rejected, 0);
    assert.deepEqual(imp.files.find((f) => f.table === 'mdtrt_d')?.unknown_columns, []);
    assert.equal(Number((await wh.one<{ n: string }>('SELECT count(nwb_bir_wt) AS n FROM mdtrt_d'))?.n), weights.size);

    // Without a scheme: a clear error.
    await assert.rejects(runDrgGrouping(wh, { from: '2023-01-01', to: '2023-12-31' }), /尚未导入 DRG 分组方案/);
    const set = await importDrgScheme(wh, SCHEME_DIR);
    await assert.rejects(runDrgGrouping(wh, { from: '2023-13-01' }), (e: unknown) => e instanceof DrgRunError && /YYYY-MM-DD/.test(e.message));
    await assert.rejects(runDrgGrouping(wh, { from: '2025-01-01', to: '2025-12-31' }), /没有住院结算/);

    const events: string[] = [];
    const g = await runDrgGrouping(wh, { from: '2023-01-01', to: '2023-12-31', onProgress: (e) => events.push(e.stage) });
    assert.equal(g.cases, chosen.length + 1, 'the sample settlements and the one without sex');
    assert.equal(g.scheme.set_id, set.setId);
    assert.ok(events.includes('drg.stage.group') && events.includes('drg.stage.store'));
    const result = await wh.all<{ setl_id: string; status: string; drg: string; adrg: string | null; mdc: string | null; reject_reason: string | null;
      main_diag: string | null; mcc_codes: string[]; cc_codes: string[]; run_id: number; scheme_version: string; dscg_date: string }>(
      'SELECT * FROM drg_result ORDER BY setl_id');
    assert.equal(result.length, chosen.length + 1);
    const byId = new Map(result.map((x) => [x.setl_id, x]));
    const { grouper } = await requireDrgGrouper(wh);
    for (const [setl, s] of bySetl) {
      const row = byId.get(setl);
      assert.ok(row, `${setl} (sample ${s.id}) has a result`);
      assert.equal(row.drg, s.expected, `sample ${s.id}: ${JSON.stringify(s)}`);
      assert.equal(row.status === 'grouped', s.expected !== '0000', `sample ${s.id}`);
      assert.equal(row.main_diag, s.dx[0] ?? null);
      assert.equal(row.run_id, g.run_id);
      assert.equal(row.scheme_version, 'CHS-DRG 1.1');
      assert.equal(row.dscg_date, '2023-06-20');
      // The counted complications are the explanation's.
      const e = grouper.explain({ sex: s.sex, age_years: s.age_years, age_days: s.age_days, birth_weight_g: s.weight || null, diagnoses: s.dx,
        procedures: s.px });
      assert.deepEqual(row.mcc_codes, e.complications.counted.filter((c) => c.level === 'MCC').map((c) => c.code), `mcc of ${s.id}`);
      assert.deepEqual(row.cc_codes, e.complications.counted.filter((c) => c.level === 'CC').map((c) => c.code), `cc of ${s.id}`);
    }
    assert.ok(result.some((x) => x.mcc_codes.length > 0) && result.some((x) => x.cc_codes.length > 0));
    assert.ok(chosen.some((s) => s.age_years === 0 && s.age_days <= 28 && s.expected.startsWith('P')), 'newborn DRGs covered');
    const rejected = byId.get(noSex.setl_id)!;
    assert.deepEqual({ status: rejected.status, drg: rejected.drg, reason: rejected.reject_reason }, { status: 'rejected', drg: '0000', reason: 'missing_sex' });
    for (const v of [voided, refunded, outpatient, later]) assert.equal(byId.has(v.setl_id), false, v.input.psn);
    const run = await wh.one<Record<string, unknown>>('SELECT * FROM drg_group_run WHERE run_id = ?', [g.run_id]);
    assert.equal(Number(run?.cases), g.cases);
    assert.equal(Number(run?.grouped) + Number(run?.ungrouped) + Number(run?.rejected), g.cases);
    assert.equal(Number(run?.rejected), g.rejected);
    assert.equal(run?.scheme_set_id, set.setId);
    assert.equal(String(run?.period_from), '2023-01-01');
    const reasons = new Map<string, number>();
    for (const x of result) if (x.reject_reason) reasons.set(x.reject_reason, (reasons.get(x.reject_reason) ?? 0) + 1);
    assert.deepEqual(new Map(g.reject_reasons.map((x) => [x.reason, x.cases])), reasons);
    assert.ok(g.reject_reasons.every((x) => /不能分组/.test(x.zh) && x.en.length > 0));
    assert.ok(g.top_drgs.length > 0 && g.top_drgs[0].name.length > 0);

    // Again: the rows are replaced, not added; the later period is grouped on its own.
    const g2 = await runDrgGrouping(wh, { from: '2023-01-01', to: '2023-12-31' });
    assert.equal(g2.run_id, g.run_id + 1);
    assert.equal(Number((await wh.one<{ n: string }>('SELECT count(*) AS n FROM drg_result'))?.n), chosen.length + 1);
    assert.equal(Number((await wh.one<{ n: string }>('SELECT count(DISTINCT run_id) AS n FROM drg_result'))?.n), 1);
    const g3 = await runDrgGrouping(wh, { from: '2024-01-01' });
    assert.equal(g3.cases, 1);
    assert.equal(Number((await wh.one<{ n: string }>('SELECT count(*) AS n FROM drg_result'))?.n), chosen.length + 2);

    // Export of a run.
    const csvPath = join(dir, 'out', 'groups.csv');
    assert.equal(await exportDrgResults(wh, g2.run_id, {}, csvPath), chosen.length + 1);
    const csv = readFileSync(csvPath, 'utf8');
    assert.ok(csv.startsWith('\uFEFF结算ID,'), csv.slice(0, 40));
    const jsonl = join(dir, 'out', 'groups.jsonl');
    await exportDrgResults(wh, g2.run_id, { [first.expected]: '名称' }, jsonl);
    const lines = readFileSync(jsonl, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { drg: string; drg_name: string | null });
    assert.equal(lines.length, chosen.length + 1);
    assert.ok(lines.some((l) => l.drg === first.expected && l.drg_name === '名称'));

    // Explain one settlement.
    const [setl0, s0] = [...bySetl].find(([, s]) => s.expected !== '0000')!;
    const x = await explainSettlement(wh, setl0);
    assert.equal(x.explanation.result.drg, s0.expected);
    assert.equal(x.stored?.drg, s0.expected);
    assert.deepEqual(x.record.diagnoses, s0.dx);
    await assert.rejects(explainSettlement(wh, voided.setl_id), /找不到住院结算/);

    // Settlement of 2023 and a shadow run.
    const { cases } = await readDrgCases(wh, '2023-01-01', '2023-12-31');
    assert.equal(cases.length, chosen.length + 1);
    const params = { last_year_budget_fen: 50_000_000, growth_cap: '0.065', trim: { method: 'ratio', low: 0.3, high: 3, min_cases: 2 },
      institution_coefficients: { H1: '1.1' } };
    const xlsx = join(dir, 'out', 'settle.xlsx');
    const st = await runDrgSettlement(wh, { kind: 'settle', from: '2023-01-01', to: '2023-12-31', params, out: xlsx, by: 'test' });
    const direct = settleDrg(cases, resolveSettleParams(params, cases, { from: '2023-01-01', to: '2023-12-31' }).params);
    const totals = st.totals as Record<string, string | number>;
    assert.equal(totals.budget_fen, direct.totals.budget_fen.toString());
    assert.equal(totals.budget_fen, '53250000');
    assert.equal(totals.point_value_fen, direct.totals.point_value_fen);
    assert.equal(totals.drg_payment_fen, direct.totals.drg_payment_fen.toString());
    assert.equal(st.budget_check.balanced, true);
    assert.equal(BigInt(st.budget_check.payments_fen) + BigInt(st.budget_check.remainder_fen), BigInt(st.budget_check.budget_fen));
    assert.equal(totals.grouped_cases, chosen.filter((s) => s.expected !== '0000').length);
    const stored = await wh.one<Record<string, unknown>>('SELECT * FROM drg_settlement_run WHERE run_id = ?', [st.run_id]);
    assert.equal(stored?.kind, 'settle');
    assert.equal(String(stored?.budget_fen), '53250000');
    assert.equal(JSON.parse(String(stored?.params)).institution_coefficients.H1, '1.1');
    const inst = await wh.all<{ fixmedins_code: string; drg_payment_fen: string }>(
      'SELECT fixmedins_code, drg_payment_fen FROM drg_settlement_institution WHERE run_id = ? ORDER BY fixmedins_code', [st.run_id]);
    assert.deepEqual(inst.map((i) => [i.fixmedins_code, String(i.drg_payment_fen)]),
      direct.institutions.map((i) => [i.fixmedins_code, i.drg_payment_fen.toString()]));
    assert.equal(Number((await wh.one<{ n: string }>('SELECT count(*) AS n FROM drg_settlement_weight WHERE run_id = ?', [st.run_id]))?.n),
      direct.weights.drgs.length);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    assert.deepEqual(wb.worksheets.map((w) => w.name), ['参数', '病组权重', '机构结算', '病例点数', '模拟运行']);
    const caseSheet = wb.getWorksheet('病例点数')!;
    assert.equal(caseSheet.rowCount, cases.length + 1);
    const instSheet = wb.getWorksheet('机构结算')!;
    assert.equal(instSheet.getRow(1).getCell(10).value, 'DRG 支付（元）');
    assert.equal(instSheet.getRow(2).getCell(10).value, Number(direct.institutions[0].drg_payment_fen) / 100);
    assert.equal(instSheet.getRow(2).getCell(10).numFmt, '#,##0.00');

    const sh = await runDrgSettlement(wh, { kind: 'shadow', from: '2023-06-01', to: '2023-06-30', out: join(dir, 'out', 'shadow.xlsx') });
    assert.equal(sh.kind, 'shadow');
    assert.equal(sh.budget_defaulted, true);
    assert.equal(sh.budget_check.balanced, true);
    assert.ok(existsSync(join(dir, 'out', 'shadow.xlsx')));
    await assert.rejects(runDrgSettlement(wh, { kind: 'settle', from: '2022-01-01', to: '2022-12-31' }), /没有已分组的住院结算/);
  } finally {
    wh.close();
  }

  // The CLI on the same data dir: the scheme again (idempotent), drg group --json, settle, errors.
  const k = cli(['--data-dir', dataDir, '--json', 'knowledge', 'import', SCHEME_DIR]);
  assert.equal(k.code, 0, k.stderr);
  assert.equal((JSON.parse(k.stdout) as { alreadyLoaded: boolean }).alreadyLoaded, true);
  const list = cli(['--data-dir', dataDir, 'knowledge', 'list']);
  assert.match(list.stdout, /DRG 分组方案 CHS-DRG 1\.1/);
  const out = join(dir, 'out', 'cli.xlsx');
  const grp = cli(['--data-dir', dataDir, '--json', 'drg', 'group', '--from', '2023-01-01', '--to', '2023-12-31', '--out', out]);
  assert.equal(grp.code, 0, grp.stderr);
  const j = JSON.parse(grp.stdout) as { run_id: number; cases: number; grouped: number; rejected: number; reject_reasons: { reason: string }[];
    records_per_second: number; out_rows: number };
  assert.equal(j.cases, chosen.length + 1);
  assert.equal(j.rejected, chosen.filter((s) => s.expected === '0000' && (!s.sex || (s.age_years === 0 && s.age_days <= 28 && !s.weight))).length + 1);
  assert.ok(j.reject_reasons.some((x) => x.reason === 'missing_sex'));
  assert.equal(j.out_rows, j.cases);
  assert.ok(existsSync(out));
  const text = cli(['--data-dir', dataDir, 'drg', 'group', '--from', '2023-01-01', '--to', '2023-12-31']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /DRG 分组批次 #\d+：2023-01-01 ～ 2023-12-31，方案 CHS-DRG 1\.1/);
  assert.match(text.stdout, /不予分组：病案缺少性别/);
  const ex = cli(['--data-dir', dataDir, 'drg', 'explain', 'S0001']);
  assert.equal(ex.code, 0, ex.stderr);
  assert.match(ex.stdout, /结算 S0001/);
  assert.match(ex.stdout, /结果：/);
  const settle = cli(['--data-dir', dataDir, '--json', 'drg', 'settle', '--year', '2023']);
  assert.equal(settle.code, 0, settle.stderr);
  assert.equal((JSON.parse(settle.stdout) as { budget_check: { balanced: boolean } }).budget_check.balanced, true);
  const bad = cli(['--data-dir', dataDir, 'drg', 'group', '--from', '2023-02-30']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /YYYY-MM-DD/);
  rmSync(dir, { recursive: true, force: true });
});
