import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal } from 'decimal.js';
import { nationalColumns, tableSpec } from '../../src/domain/tables.js';
import { isValidCertNo } from '../../src/demo/ids.js';
import { day, fen, groupBy, hospClass, makeRegion, type LoadedRegion, type Rec, removeDirs } from './region-files.js';

after(removeDirs);

let R: LoadedRegion;
before(async () => {
  R = await makeRegion({ persons: 300, months: 2, seed: 11 });
});

test('every file carries its table\'s required columns', () => {
  for (const [file, header] of R.headers) {
    const table = file.replace(/_\d{4}_\d{2}\.csv$|\.csv$/, '');
    const spec = tableSpec(table);
    if (spec.kind === 'reference') {
      assert.deepEqual(header, spec.columns.map((c) => c.name), file);
    } else {
      for (const c of spec.required) assert.ok(header.includes(c), `${file} lacks ${c}`);
      for (const c of header) assert.ok(nationalColumns(table).includes(c), `${file}: ${c} is not a national column`);
    }
  }
  assert.equal([...R.headers.keys()].filter((f) => f.startsWith('fee_list_d_')).length, 2);
});

test('fee lines: amount = round2(cnt × pric), fund-eligible split consistent, codes shaped', () => {
  for (const l of R.fee) {
    const expect = new Decimal(l.cnt).mul(l.pric).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    assert.equal(fen(l.det_item_fee_sumamt), Math.round(expect.mul(100).toNumber()), `line ${l.bkkp_sn}`);
    assert.match(l.pric, /^-?\d+\.\d{2,4}$/);
    assert.equal(fen(l.inscp_amt), fen(l.det_item_fee_sumamt) - fen(l.fulamt_ownpay_amt) - fen(l.overlmt_selfpay));
    const code = l.hilist_code;
    if (l.list_type === '101') assert.match(code, /^[XZ]/, code);
    if (l.list_type === '101') assert.ok(code.length === 20 || code.length === 23, code);
    if (l.list_type === '201') assert.match(code, /^\d{15}$/);
    if (l.list_type === '301') assert.match(code, /^C\d+$/);
    assert.match(l.fixmedins_code, /^[HP]\d{11}$/);
  }
});

test('settlements add up their lines exactly, in fen', () => {
  const lines = groupBy(R.fee, (l) => l.setl_id);
  for (const s of R.setl) {
    const mine = (lines.get(s.setl_id) ?? []).filter((l) => s.vali_flag === '0' || l.vali_flag === '1');
    const sum = (k: string) => mine.reduce((a, l) => a + fen(l[k]), 0);
    assert.equal(sum('det_item_fee_sumamt'), fen(s.medfee_sumamt), `medfee of ${s.setl_id}`);
    assert.equal(sum('fulamt_ownpay_amt'), fen(s.fulamt_ownpay_amt));
    assert.equal(sum('inscp_amt'), fen(s.inscp_amt));
    assert.equal(sum('preselfpay_amt'), fen(s.preselfpay_amt));
    assert.equal(fen(s.fund_pay_sumamt) + fen(s.psn_pay), fen(s.medfee_sumamt));
    assert.equal(fen(s.acct_pay) + fen(s.cash_payamt), fen(s.psn_pay));
    assert.equal(s.hifp_pay, s.fund_pay_sumamt);
    if (s.refd_setl_flag === '1') assert.ok(R.setl.some((o) => o.setl_id === s.init_setl_id), 'refund points at its original');
  }
});

test('keys join: lines → settlements → visits; diagnoses and operations → settlements', () => {
  const setl = new Map(R.setl.map((s) => [s.setl_id, s]));
  const mdtrt = new Map(R.mdtrt.map((m) => [m.mdtrt_id, m]));
  const bkkp = new Set(R.fee.map((l) => l.bkkp_sn));
  assert.equal(bkkp.size, R.fee.length, 'bkkp_sn unique');
  for (const l of R.fee) {
    const s = setl.get(l.setl_id);
    assert.ok(s, `setl ${l.setl_id}`);
    assert.equal(s.mdtrt_id, l.mdtrt_id);
    assert.ok(mdtrt.has(l.mdtrt_id));
    if (l.init_feedetl_sn) assert.ok(bkkp.has(l.init_feedetl_sn));
  }
  for (const s of R.setl) assert.ok(mdtrt.has(s.mdtrt_id));
  for (const d of [...R.diag, ...R.oprn]) {
    assert.equal(setl.get(d.setl_id)?.mdtrt_id, d.mdtrt_id);
  }
  const psn = new Set(R.psn.map((p) => p.psn_no));
  for (const m of R.mdtrt) assert.ok(psn.has(m.psn_no));
});

test('every code used is in the generated dictionaries and catalogues', () => {
  const cat = new Set(R.catalog.map((c) => c.hilist_code));
  const price = new Set(R.price.map((p) => `${p.hilist_code}:${p.hosp_lv_class}`));
  for (const l of R.fee) {
    assert.ok(cat.has(l.hilist_code), l.hilist_code);
    if (l.list_type === '201') assert.ok(price.has(`${l.hilist_code}:3`), `price of ${l.hilist_code}`);
  }
  for (const d of R.diag) assert.ok(d.diag_code in R.icd10, d.diag_code);
  for (const m of R.mdtrt) if (m.dscg_maindiag_code) assert.ok(m.dscg_maindiag_code in R.icd10);
  for (const o of R.oprn) assert.ok(o.oprn_oprt_code in R.icd9, o.oprn_oprt_code);
  for (const code of Object.keys(R.icd10)) assert.match(code, /^[A-Z]\d{2}\.[0-9x]{3}(x\d{3})?$/);
  for (const code of Object.keys(R.icd9)) assert.match(code, /^\d{2}\.[0-9x]{4}(x\d{3})?$/);
});

test('persons, institutions and doctors are plausible', () => {
  const certs = new Set<string>();
  for (const p of R.psn) {
    assert.ok(isValidCertNo(p.certno), p.certno);
    assert.equal(p.certno.slice(6, 14), p.brdy.replace(/-/g, ''));
    assert.equal(Number(p.certno[16]) % 2 === 1 ? '1' : '2', p.gend);
    certs.add(p.certno);
    assert.match(p.tel, /^1\d{10}$/);
    assert.ok(['310', '390'].includes(p.insutype));
  }
  assert.equal(certs.size, R.psn.length);
  assert.equal(new Set(R.psn.map((p) => p.psn_no)).size, R.psn.length);
  const lv = new Set(R.inst.map((i) => i.hosp_lv));
  for (let k = 1; k <= 14; k++) assert.ok(lv.has(String(k).padStart(2, '0')), `hosp_lv ${k}`);
  const status = new Set(R.inst.map((i) => i.agreement_status));
  assert.deepEqual([...status].sort(), ['1', '2', '3']);
  assert.ok(R.inst.some((i) => i.fixmedins_code.startsWith('P')));
  assert.ok(R.dr.some((d) => d.dr_status === '0'));
  const types = new Set(R.mdtrt.map((m) => m.med_type));
  for (const t of ['11', '13', '14', '21', '41']) assert.ok(types.has(t), `med_type ${t}`);
  const lists = new Set(R.fee.map((l) => l.list_type));
  for (const t of ['101', '102', '201', '301']) assert.ok(lists.has(t), `list_type ${t}`);
  assert.ok(R.fee.some((l) => l.vali_flag === '0'), 'void rows present');
  assert.ok(R.fee.some((l) => l.init_feedetl_sn), 'return lines present');
});

test('inpatient stays: begntime, endtime and ipt_days agree; lines fall inside the visit', () => {
  const quality = new Set(R.manifest.cases.filter((c) => c.rule_id === 'settlement_list_quality' && c.params?.ipt_days)
    .map((c) => c.mdtrt_id));
  const byVisit = groupBy(R.fee, (l) => l.mdtrt_id);
  for (const m of R.mdtrt) {
    if (m.med_type.startsWith('2') || m.med_type === '52') {
      if (!quality.has(m.mdtrt_id)) assert.equal(Number(m.ipt_days), day(m.endtime) - day(m.begntime), m.mdtrt_id);
      assert.ok(m.begntime <= m.endtime);
    }
    for (const l of byVisit.get(m.mdtrt_id) ?? []) {
      assert.ok(day(l.fee_ocur_time) >= day(m.begntime) && day(l.fee_ocur_time) <= day(m.endtime), l.bkkp_sn);
    }
  }
});

function amountOf(c: LoadedRegion['manifest']['cases'][number], ctx: {
  fee: Map<string, Rec>; setlByVisit: Map<string, Rec[]>; mdtrt: Map<string, Rec>; price: Map<string, number>;
}): number {
  const lines = c.bkkp_sn.map((b) => ctx.fee.get(b)!);
  const fund = (mdtrtId: string) => (ctx.setlByVisit.get(mdtrtId) ?? []).filter((s) => s.vali_flag === '1')
    .reduce((a, s) => a + fen(s.fund_pay_sumamt), 0);
  const cls = (l: Rec) => hospClass(R.mdtrt.find((m) => m.mdtrt_id === l.mdtrt_id)!.hosp_lv);
  switch (c.amount_rule) {
    case 'lines': return lines.reduce((a, l) => a + fen(l.det_item_fee_sumamt) - fen(l.fulamt_ownpay_amt), 0);
    case 'visit': return fund(c.mdtrt_id);
    case 'members': return c.members!.reduce((a, m) => a + fund(m.mdtrt_id), 0);
    case 'excess_qty': {
      const qty = lines.reduce((a, l) => a + Number(l.cnt), 0);
      const allowed = Number(c.params!.allowed_qty ?? c.params!.limit);
      return new Decimal(qty - allowed).mul(lines[0].pric).mul(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
    }
    case 'excess_price': {
      const l = lines[0];
      const max = ctx.price.get(`${l.hilist_code}:${cls(l)}`)!;
      return new Decimal(l.pric).minus(max).mul(l.cnt).mul(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
    }
    case 'secondary_discount': {
      const l = lines[0];
      const max = ctx.price.get(`${l.hilist_code}:${cls(l)}`)!;
      const due = new Decimal(l.cnt).mul(max).mul(c.params!.secondary_rate).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
      return fen(l.det_item_fee_sumamt) - Math.round(due.mul(100).toNumber());
    }
    case 'annual_excess': {
      const year = String(c.params!.year);
      const visits = R.mdtrt.filter((m) => m.psn_no === c.psn_no && m.med_type === '11' && m.begntime.startsWith(year));
      return visits.reduce((a, m) => a + fund(m.mdtrt_id), 0) - 400_000;
    }
    case 'none': return 0;
  }
}

test('the manifest names rows that exist, and its amounts follow from the files', () => {
  const fee = new Map(R.fee.map((l) => [l.bkkp_sn, l]));
  const mdtrt = new Map(R.mdtrt.map((m) => [m.mdtrt_id, m]));
  const setl = new Map(R.setl.map((s) => [s.setl_id, s]));
  const price = new Map(R.price.map((p) => [`${p.hilist_code}:${p.hosp_lv_class}`, Number(p.max_price)]));
  const setlByVisit = groupBy(R.setl, (s) => s.mdtrt_id);
  assert.ok(R.manifest.cases.length > 60);
  for (const c of R.manifest.cases) {
    const what = `${c.rule_id}/${c.kind} ${c.description}`;
    assert.equal(mdtrt.get(c.mdtrt_id)?.psn_no, c.psn_no, what);
    assert.equal(setl.get(c.setl_id)?.mdtrt_id, c.mdtrt_id, what);
    for (const b of c.bkkp_sn) assert.equal(fee.get(b)?.psn_no, c.psn_no, `${what}: line ${b}`);
    for (const m of c.members ?? []) assert.equal(setl.get(m.setl_id)?.mdtrt_id, m.mdtrt_id, what);
    assert.match(c.amount, /^\d+\.\d{2}$/, what);
    assert.ok(c.description.length > 4 && /[\u4e00-\u9fff]/.test(c.description), what);
    if (c.kind === 'violation') assert.ok(fen(c.amount) > 0, `${what}: a violation has money at stake`);
    assert.equal(fen(c.amount), amountOf(c, { fee, setlByVisit, mdtrt, price }), what);
  }
});

test('every expressible rule kind has an injected violation', () => {
  const rules = new Set(R.manifest.cases.filter((c) => c.kind === 'violation').map((c) => c.rule_id));
  const expected = ['gender_restriction', 'age_restriction', 'working_age_restriction', 'insurance_type_restriction',
    'institution_level_restriction', 'visit_type_restriction', 'drug_course_limit', 'item_course_limit',
    'item_daily_frequency', 'item_period_frequency', 'duplicate_charge', 'primary_secondary_surgery', 'over_price_limit',
    'non_covered_billed', 'indication_restriction', 'annual_outpatient_cap', 'suspended_institution',
    'disqualified_doctor', 'overlapping_inpatient', 'outpatient_during_inpatient', 'post_death_claim',
    'readmission_split', 'ghost_bed_stay', 'quantity_exceeds_days', 'excessive_dispensing', 'overlapping_prescriptions',
    'frequent_visits', 'clustered_visits', 'low_threshold_admission', 'pharmacy_non_drug', 'card_skimming',
    'cost_shifting', 'settlement_list_quality', 'repeated_examination', 'diagnosis_gender_conflict',
    'rehab_daily_excess', 'tcm_overdose', 'high_value_consumables'];
  for (const r of expected) assert.ok(rules.has(r), `no violation injected for ${r}`);
  assert.ok(R.manifest.cases.filter((c) => c.kind === 'boundary').length >= 30);
});
