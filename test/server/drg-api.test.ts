/**
 * The workbench's DRG API over real HTTP: inpatient cases coded as rows of the CHS-DRG 1.1 test
 * vectors, the real scheme imported and the region grouped. Overview (indicators, months, DRGs),
 * cases, a case's explanation, a settlement run as a job with its figures and Excel report; every
 * route's auth and validation; an institution user confined to its own institution.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { workbenchFixture } from './workbench-fixture.js';
import { waitJob } from './admin-helpers.js';
import { SHARED_DATA } from '../rules/harness.js';
import { importDrgScheme } from '../../src/drg/scheme-store.js';
import { runDrgGrouping } from '../../src/drg/group-run.js';

const SCHEME = join(SHARED_DATA, 'chs-drg-1.1');
const samples = (parse(readFileSync(join(SCHEME, 'samples.csv')), { columns: true }) as Record<string, string>[])
  .filter((r, i) => i % 25 === 0 && Number(r.age_years) > 0 && r.sex);

test('DRG API: overview, cases, explanation, settlement job and report; roles and isolation', { timeout: 180_000 }, async () => {
  const expected = new Map<string, string>();
  const fx = await workbenchFixture([['aud', 'auditor', null], ['sup', 'supervisor', null], ['h1', 'institution', 'H1']], {
    region: (r) => samples.forEach((s, i) => {
      const psn = `D${s.record_id}`;
      r.person(psn, { gend: s.sex, brdy: `${2023 - Number(s.age_years)}-01-10` });
      const v = r.visit({ psn, inst: i % 2 ? 'H2' : 'H1', med_type: '21', begin: `2023-0${1 + (i % 6)}-15`, end: `2023-0${1 + (i % 6)}-20`,
        diag: s.diagnoses.split('|'), oprn: s.procedures ? s.procedures.split('|').map((code) => ({ code })) : [] });
      v.line({ code: '003101000010000', name: '住院治疗', pric: String(1500 + ((i * 7919) % 6000)), time: `2023-0${1 + (i % 6)}-15` });
      expected.set(v.setl_id, s.expected_drg);
    }),
  });
  try {
    const aud = await fx.login('aud'); const sup = await fx.login('sup'); const h1 = await fx.login('h1');
    // Before a scheme: the overview says so instead of failing.
    let o = await fx.call(aud, 'GET', '/api/v1/drg/overview');
    assert.equal(o.status, 200);
    assert.deepEqual([o.json.scheme, o.json.region], [null, null]);
    await importDrgScheme(fx.wh, SCHEME);
    await runDrgGrouping(fx.wh, {});

    for (const path of ['/api/v1/drg/overview', '/api/v1/drg/cases', '/api/v1/drg/settlements', `/api/v1/drg/cases/${[...expected.keys()][0]}`]) {
      assert.equal((await fx.call(null, 'GET', path)).status, 401, path);
    }
    o = await fx.call(aud, 'GET', '/api/v1/drg/overview');
    assert.equal(o.status, 200);
    assert.equal(o.json.region.cases, expected.size);
    assert.equal(o.json.region.grouped_cases, [...expected.values()].filter((d) => d !== '0000').length);
    assert.deepEqual(o.json.institutions.map((i: { fixmedins_code: string }) => i.fixmedins_code), ['H1', 'H2']);
    assert.match(o.json.region.cmi, /^\d+\.\d{4}$/);
    assert.equal(o.json.months.reduce((a: number, m: { cases: number }) => a + m.cases, 0), expected.size);
    // CMI by department and by doctor: every grouped case is counted once in each.
    const sum = (rows: { grouped_cases: number }[]) => rows.reduce((a, r) => a + r.grouped_cases, 0);
    assert.equal(sum(o.json.departments), o.json.region.grouped_cases);
    assert.equal(sum(o.json.doctors), o.json.region.grouped_cases);
    const top = o.json.drgs[0];
    assert.ok(top.name && top.rw && top.cases >= 1, JSON.stringify(top));
    // The institution: its own row only; another institution refused.
    const own = await fx.call(h1, 'GET', '/api/v1/drg/overview');
    assert.deepEqual(own.json.institutions.map((i: { fixmedins_code: string }) => i.fixmedins_code), ['H1']);
    assert.equal((await fx.call(h1, 'GET', '/api/v1/drg/overview?institution=H2')).status, 403);
    const bad = await fx.call(aud, 'GET', '/api/v1/drg/overview?from=2023-02-30');
    assert.deepEqual([bad.status, bad.json.error.field], [400, 'from']);

    // Cases of a DRG; each row's DRG is the test vector's.
    const cases = await fx.call(aud, 'GET', `/api/v1/drg/cases?drg=${top.drg}&page_size=500`);
    assert.equal(cases.json.total, top.cases);
    for (const c of cases.json.cases) assert.equal(c.drg, expected.get(c.setl_id));
    const all = await fx.call(aud, 'GET', '/api/v1/drg/cases?page_size=500');
    assert.equal(all.json.total, expected.size);
    for (const c of all.json.cases) assert.equal(c.drg, expected.get(c.setl_id), c.setl_id);
    const mine = await fx.call(h1, 'GET', '/api/v1/drg/cases?page_size=500');
    assert.ok(mine.json.total > 0 && mine.json.cases.every((c: { fixmedins_code: string }) => c.fixmedins_code === 'H1'));
    assert.equal((await fx.call(aud, 'GET', '/api/v1/drg/cases?status=lost')).json.error.field, 'status');

    // A case's explanation; another institution's case does not exist for H1.
    const h2case = all.json.cases.find((c: { fixmedins_code: string; drg: string }) => c.fixmedins_code === 'H2' && c.drg !== '0000');
    const ex = await fx.call(aud, 'GET', `/api/v1/drg/cases/${h2case.setl_id}`);
    assert.equal(ex.status, 200);
    assert.equal(ex.json.explanation.result.drg, expected.get(h2case.setl_id));
    assert.ok(ex.json.explanation.mdcs.some((m: { entered: boolean }) => m.entered));
    assert.equal((await fx.call(h1, 'GET', `/api/v1/drg/cases/${h2case.setl_id}`)).status, 404);
    assert.equal((await fx.call(aud, 'GET', '/api/v1/drg/cases/NOPE')).status, 404);

    // Settlement: supervisors start it; bad parameters name the field; the job's run balances to the budget.
    const body = { kind: 'settle', from: '2023-01-01', to: '2023-12-31', params: { last_year_budget_fen: 10_000_000, growth_cap: '0.065',
      institution_coefficients: { H1: '1.05' } } };
    assert.equal((await fx.call(aud, 'POST', '/api/v1/drg/settlements', body)).status, 403);
    const badp = await fx.call(sup, 'POST', '/api/v1/drg/settlements', { ...body, params: { growth_cap: 'lots' } });
    assert.deepEqual([badp.status, badp.json.error.field], [400, 'params.growth_cap']);
    assert.equal((await fx.call(sup, 'POST', '/api/v1/drg/settlements', { ...body, from: '2023-12-31', to: '2023-01-01' })).json.error.field, 'to');
    const started = await fx.call(sup, 'POST', '/api/v1/drg/settlements', body);
    assert.equal(started.status, 200);
    const job = await waitJob(fx, sup, started.json.job_id);
    assert.equal(job.state, 'done', JSON.stringify(job.error));
    const runId = job.result.run_id;
    const run = await fx.call(sup, 'GET', `/api/v1/drg/settlements/${runId}`);
    assert.equal(run.status, 200);
    assert.equal(run.json.budget_fen, '10650000');
    const pay = run.json.institutions.reduce((a: bigint, i: { drg_payment_fen: string }) => a + BigInt(i.drg_payment_fen), 0n);
    assert.equal(pay + BigInt(run.json.rounding_remainder_fen), 10_650_000n, 'payments and the remainder make the budget');
    assert.equal(run.json.institutions.find((i: { fixmedins_code: string }) => i.fixmedins_code === 'H1').coefficient.replace(/0+$/, ''), '1.05');
    const runH1 = await fx.call(h1, 'GET', `/api/v1/drg/settlements/${runId}`);
    assert.deepEqual(runH1.json.institutions.map((i: { fixmedins_code: string }) => i.fixmedins_code), ['H1']);
    assert.equal(runH1.json.budget_fen, undefined, 'the region budget is not shown to an institution');
    assert.equal((await fx.call(h1, 'GET', '/api/v1/drg/settlements')).json.runs[0].budget_fen, undefined);
    // The report, recomputed from the stored parameters, holds the same payments.
    const res = await fetch(`${fx.base}/api/v1/drg/settlements/${runId}/report.xlsx`, { headers: { cookie: sup.cookie } });
    assert.equal(res.status, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    assert.ok(wb.worksheets.length >= 4, wb.worksheets.map((w) => w.name).join(','));
    assert.equal((await fetch(`${fx.base}/api/v1/drg/settlements/${runId}/report.xlsx`, { headers: { cookie: h1.cookie } })).status, 403);
    assert.equal((await fx.call(sup, 'GET', '/api/v1/drg/settlements/999')).status, 404);
  } finally {
    await fx.close();
  }
});
