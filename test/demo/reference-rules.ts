/**
 * A small reference reading of the rule catalogue (default parameters) over a generated region's
 * files, used to check the demo: the visits each rule would flag. It is deliberately plain and
 * slow; it is not the product's rule engine.
 */
import {
  DRUG_AGE, DRUG_COURSE, DRUG_GENDER, DRUG_INSURANCE, DRUG_LEVEL, DRUG_VISIT_TYPE, DUPLICATES, FREQUENCY, INDICATIONS,
  ITEM_AGE, ITEM_COURSE, ITEM_GENDER, ITEM_PERIOD, SURGERY_GROUPS, WORKING_AGE,
} from '../../src/demo/knowledge-data.js';
import { DIAGNOSES } from '../../src/demo/icd.js';
import { ageOn } from '../../src/demo/dates.js';
import { day, fen, groupBy, hospClass, type LoadedRegion, type Rec } from './region-files.js';

export type Offenders = Map<string, Set<string>>;

const inpatient = (m: Rec) => m.med_type.startsWith('2') || m.med_type === '52';
const outpatient = (m: Rec) => ['11', '13', '14', '41'].includes(m.med_type);
const IDLE = new Set(['01', '02', '07']);

/** Valid lines not cancelled by a refund; returns netted into the line they return. */
export function liveLines(R: LoadedRegion): Rec[] {
  const cancelled = new Set<string>();
  for (const s of R.setl) {
    if (s.refd_setl_flag === '1') {
      cancelled.add(s.setl_id);
      cancelled.add(s.init_setl_id);
    }
  }
  const valid = R.fee.filter((l) => l.vali_flag === '1' && !cancelled.has(l.setl_id));
  const back = new Map<string, number>();
  for (const l of valid) if (l.init_feedetl_sn) back.set(l.init_feedetl_sn, (back.get(l.init_feedetl_sn) ?? 0) + Number(l.cnt));
  return valid.filter((l) => !l.init_feedetl_sn).map((l) => {
    const b = back.get(l.bkkp_sn);
    if (!b) return l;
    const cnt = Number(l.cnt) + b;
    return { ...l, cnt: String(cnt), det_item_fee_sumamt: String((fen(l.det_item_fee_sumamt) * cnt / Number(l.cnt)) / 100) };
  }).filter((l) => Number(l.cnt) > 0);
}

export function findOffenders(R: LoadedRegion): Offenders {
  const out: Offenders = new Map();
  const flag = (rule: string, mdtrt: string) => {
    if (!out.has(rule)) out.set(rule, new Set());
    out.get(rule)!.add(mdtrt);
  };
  const visits = R.mdtrt.filter((m) => m.vali_flag === '1');
  const visit = new Map(visits.map((m) => [m.mdtrt_id, m]));
  const person = new Map(R.psn.map((p) => [p.psn_no, p]));
  const setls = R.setl.filter((s) => s.vali_flag === '1');
  const setlOf = new Map(setls.map((s) => [s.setl_id, s]));
  const lines = liveLines(R).filter((l) => visit.has(l.mdtrt_id));
  const ageAt = (psn: string, d: number) => ageOn(day(person.get(psn)!.brdy), d);
  const dxByVisit = groupBy(R.diag, (d) => d.mdtrt_id);
  const maxPrice = new Map(R.price.map((p) => [`${p.hilist_code}:${p.hosp_lv_class}`, fen(p.max_price) * 100]));
  const p4 = (s: string) => Math.round(Number(s) * 10000);

  // ---- line rules
  const sex = new Map<string, string>([...ITEM_GENDER.map((r) => [r.item, r.value] as const),
    ...DRUG_GENDER.map((r) => [r.drug, r.value] as const)]);
  const child = new Set([...ITEM_AGE, ...DRUG_AGE].filter((r) => r.value === '儿童').map((r) => 'item' in r ? r.item : r.drug));
  const working = new Set(WORKING_AGE.map((r) => r.item));
  const insurance = new Set(DRUG_INSURANCE.map((r) => r.drug));
  const level = new Map(DRUG_LEVEL.map((r) => [r.drug, r.value === '三级' ? 3 : 2]));
  const ward = new Set(DRUG_VISIT_TYPE.map((r) => r.drug));
  const indication = new Map(INDICATIONS.map((r) => [r.drug, r.prefixes]));
  for (const l of lines) {
    const v = visit.get(l.mdtrt_id)!;
    const p = person.get(l.psn_no)!;
    const d = day(l.fee_ocur_time);
    const n = l.hilist_name;
    const age = ageAt(l.psn_no, d);
    const cls = hospClass(v.hosp_lv);
    if (sex.has(n) && p.gend !== (sex.get(n) === '男' ? '1' : '2')) flag('gender_restriction', l.mdtrt_id);
    if (child.has(n) && age >= 18) flag('age_restriction', l.mdtrt_id);
    if (working.has(n) && age >= (p.gend === '1' ? 60 : 55)) flag('working_age_restriction', l.mdtrt_id);
    if (insurance.has(n) && ['310', '390'].includes(setlOf.get(l.setl_id)!.insutype)) flag('insurance_type_restriction', l.mdtrt_id);
    if (level.has(n) && cls < level.get(n)!) flag('institution_level_restriction', l.mdtrt_id);
    if (ward.has(n) && !inpatient(v)) flag('visit_type_restriction', l.mdtrt_id);
    if (indication.has(n)) {
      const codes = (dxByVisit.get(l.mdtrt_id) ?? []).map((x) => x.diag_code);
      if (!codes.some((c) => indication.get(n)!.some((pre) => c.startsWith(pre)))) flag('indication_restriction', l.mdtrt_id);
    }
    if (l.list_type === '201') {
      const max = maxPrice.get(`${l.hilist_code}:${cls}`)!;
      if (p4(l.pric) > max || p4(l.pric) > p4(l.pric_uplmt_amt)) flag('over_price_limit', l.mdtrt_id);
    }
    if (l.chrgitm_lv === '03' && fen(l.det_item_fee_sumamt) - fen(l.fulamt_ownpay_amt) > 0) flag('non_covered_billed', l.mdtrt_id);
    if (['101', '102'].includes(l.list_type) && outpatient(v)) {
      const max = { '11': 7, '41': 7, '13': 3, '14': 84 }[v.med_type]!;
      if (Number(l.prd_days) > max) flag('excessive_dispensing', l.mdtrt_id);
    }
    if (l.list_type === '102' && Number(l.cnt) / Number(l.prd_days) > 60) flag('tcm_overdose', l.mdtrt_id);
    if (v.med_type === '41' && /面膜|化妆|洗发|牙膏|护肤|保健食品/.test(l.medins_list_name)) flag('pharmacy_non_drug', l.mdtrt_id);
  }

  // ---- per visit and day
  const freq = new Map(FREQUENCY.map((r) => [r.item, r.cnt]));
  const groups = new Map(SURGERY_GROUPS.map((r) => [r.item, r.value]));
  for (const [, ls] of groupBy(lines, (l) => `${l.mdtrt_id}|${l.fee_ocur_time.slice(0, 10)}`)) {
    const m = ls[0].mdtrt_id;
    const qty = (name: string) => ls.filter((l) => l.hilist_name === name).reduce((a, l) => a + Number(l.cnt), 0);
    for (const [item, lim] of freq) if (qty(item) > lim) flag('item_daily_frequency', m);
    const byGroup = groupBy(ls.filter((l) => groups.has(l.hilist_name)), (l) => groups.get(l.hilist_name)!);
    for (const [, gl] of byGroup) {
      if (gl.length < 2) continue;
      const cls = hospClass(visit.get(m)!.hosp_lv);
      const sorted = [...gl].sort((a, b) => fen(b.det_item_fee_sumamt) - fen(a.det_item_fee_sumamt));
      for (const l of sorted.slice(1)) if (p4(l.pric) * 2 > maxPrice.get(`${l.hilist_code}:${cls}`)!) flag('primary_secondary_surgery', m);
    }
    const rehab = ls.filter((l) => l.hilist_code.startsWith('003401') || l.hilist_code.startsWith('003402'));
    if (rehab.length > 4) flag('rehab_daily_excess', m);
  }
  for (const d of DUPLICATES) {
    const key = (l: Rec) => d.freq === '单日' ? `${l.psn_no}|${l.fee_ocur_time.slice(0, 10)}` : l.mdtrt_id;
    const mains = new Set(lines.filter((l) => l.hilist_name === d.main).map(key));
    for (const l of lines) if (l.hilist_name === d.sub && mains.has(key(l))) flag('duplicate_charge', l.mdtrt_id);
  }

  // ---- person histories of items
  const byPerson = groupBy(lines, (l) => l.psn_no);
  const course = new Map<string, number>([...DRUG_COURSE.map((r) => [r.drug, parseInt(r.value, 10)] as const),
    ...ITEM_COURSE.filter((r) => /支付不超过\d+天/.test(r.memo)).map((r) => [r.item, Number(/不超过(\d+)天/.exec(r.memo)![1])] as const)]);
  const drugCourse = new Set(DRUG_COURSE.map((r) => r.drug));
  const period = new Map(ITEM_PERIOD.map((r) => [r.item, r]));
  const prefix = (code: string) => code.slice(0, code.length === 23 ? 10 : 11);
  for (const [, ls] of byPerson) {
    for (const [name, days] of course) {
      const mine = ls.filter((l) => l.hilist_name === name).sort((a, b) => a.fee_ocur_time.localeCompare(b.fee_ocur_time));
      let first = -1;
      let prev = -1;
      for (const l of mine) {
        const d = day(l.fee_ocur_time);
        if (first < 0 || d - prev - 1 > 30) first = d;
        if (d - first + 1 > days) flag(drugCourse.has(name) ? 'drug_course_limit' : 'item_course_limit', l.mdtrt_id);
        prev = d;
      }
    }
    for (const [name, r] of period) {
      const mine = ls.filter((l) => l.hilist_name === name);
      for (const l of mine) {
        const d = day(l.fee_ocur_time);
        const n = mine.filter((x) => day(x.fee_ocur_time) > d - r.days && day(x.fee_ocur_time) <= d).reduce((a, x) => a + Number(x.cnt), 0);
        if (n > r.cnt) flag('item_period_frequency', l.mdtrt_id);
      }
    }
    const disp = ls.filter((l) => l.list_type === '101' && outpatient(visit.get(l.mdtrt_id)!));
    for (const [, dl] of groupBy(disp, (l) => prefix(l.hilist_code))) {
      const byDay = [...groupBy(dl, (l) => l.fee_ocur_time.slice(0, 10))].map(([d, xs]) => ({
        d: day(d), supply: xs.reduce((a, l) => a + Number(l.prd_days), 0), m: xs[0].mdtrt_id })).sort((a, b) => a.d - b.d);
      for (let i = 1; i < byDay.length; i++) {
        if ((byDay[i - 1].supply - (byDay[i].d - byDay[i - 1].d)) / byDay[i - 1].supply >= 0.5) flag('overlapping_prescriptions', byDay[i].m);
      }
    }
    const imaging = ls.filter((l) => /CT|磁共振|彩色多普勒/.test(l.hilist_name));
    for (const [, il] of groupBy(imaging, (l) => l.hilist_code)) {
      const sorted = il.sort((a, b) => a.fee_ocur_time.localeCompare(b.fee_ocur_time));
      for (let i = 1; i < sorted.length; i++) {
        if (day(sorted[i].fee_ocur_time) - day(sorted[i - 1].fee_ocur_time) < 30) flag('repeated_examination', sorted[i].mdtrt_id);
      }
    }
  }

  // ---- visits and stays
  const linesByVisit = groupBy(lines, (l) => l.mdtrt_id);
  const setlByVisit = groupBy(setls, (s) => s.mdtrt_id);
  const fundOf = (m: string) => (setlByVisit.get(m) ?? []).reduce((a, s) => a + fen(s.fund_pay_sumamt), 0);
  for (const s of visits.filter(inpatient)) {
    const ls = linesByVisit.get(s.mdtrt_id) ?? [];
    const a = day(s.begntime);
    const b = day(s.endtime);
    let idle = 0;
    for (let d = a; d <= b; d++) {
      const today = ls.filter((l) => day(l.fee_ocur_time) === d);
      if (today.length && today.every((l) => IDLE.has(l.med_chrgitm_type))) idle++;
    }
    if (idle >= 3 || idle / (b - a + 1) >= 0.5) flag('ghost_bed_stay', s.mdtrt_id);
    const perDayItems = groupBy(ls.filter((l) => ['01', '07'].includes(l.med_chrgitm_type) || l.hilist_name === '住院诊查费'),
      (l) => l.hilist_code);
    for (const [, items] of perDayItems) {
      if (items.reduce((acc, l) => acc + Number(l.cnt), 0) > b - a + 1) flag('quantity_exceeds_days', s.mdtrt_id);
    }
    const cost = ls.reduce((acc, l) => acc + fen(l.det_item_fee_sumamt), 0);
    if (Number(s.ipt_days) <= 3 && cost <= 200_000 && ls.every((l) => ['01', '02', '03', '04', '07'].includes(l.med_chrgitm_type))) {
      flag('low_threshold_admission', s.mdtrt_id);
    }
    if (Number(s.ipt_days) !== b - a) flag('settlement_list_quality', s.mdtrt_id);
    if (ls.some((l) => l.hilist_name === '冠状动脉药物洗脱支架' && Number(l.cnt) > 3)) flag('high_value_consumables', s.mdtrt_id);
  }
  for (const d of R.diag) {
    const sx = DIAGNOSES.get(d.diag_code)?.sex;
    if (sx && visit.has(d.mdtrt_id) && person.get(d.psn_no)!.gend !== sx) {
      flag('diagnosis_gender_conflict', d.mdtrt_id);
      flag('settlement_list_quality', d.mdtrt_id);
    }
  }
  for (const [psn, vs] of groupBy(visits, (m) => m.psn_no)) {
    const stays = vs.filter(inpatient).sort((x, y) => x.begntime.localeCompare(y.begntime));
    for (let i = 0; i < stays.length; i++) {
      for (let j = i + 1; j < stays.length; j++) {
        const overlap = Math.min(day(stays[i].endtime), day(stays[j].endtime)) - Math.max(day(stays[i].begntime), day(stays[j].begntime));
        if (overlap >= 1 && stays[i].fixmedins_code !== stays[j].fixmedins_code) flag('overlapping_inpatient', stays[j].mdtrt_id);
      }
      if (i > 0) {
        const prev = stays[i - 1];
        const cur = stays[i];
        const gap = day(cur.begntime) - day(prev.endtime);
        if (cur.fixmedins_code === prev.fixmedins_code && gap <= 15 && gap >= 0 && !cur.dscg_maindiag_code.startsWith('Z51') &&
          cur.dscg_maindiag_code.slice(0, 3) === prev.dscg_maindiag_code.slice(0, 3)) flag('readmission_split', cur.mdtrt_id);
      }
    }
    const otp = vs.filter(outpatient).sort((x, y) => x.begntime.localeCompare(y.begntime));
    for (const o of otp) {
      const d = day(o.begntime);
      if (stays.some((s) => d > day(s.begntime) && d < day(s.endtime))) flag('outpatient_during_inpatient', o.mdtrt_id);
    }
    const ds = otp.filter((o) => o.med_type !== '41').map((o) => ({ d: day(o.begntime), m: o.mdtrt_id }));
    for (let i = 10; i < ds.length; i++) if (ds[i].d - ds[i - 10].d < 30) flag('frequent_visits', ds[i].m);
    const rx = otp.filter((o) => o.med_type === '41');
    for (const [, same] of groupBy(rx, (o) => o.begntime.slice(0, 10))) {
      const insts = [...new Set(same.map((o) => o.fixmedins_code))];
      if (insts.length >= 3) flag('card_skimming', same.sort((x, y) => x.begntime.localeCompare(y.begntime))[2].mdtrt_id);
    }
    const dd = person.get(psn)!.die_date;
    if (dd) for (const m of vs) if ((linesByVisit.get(m.mdtrt_id) ?? []).some((l) => day(l.fee_ocur_time) >= day(dd))) flag('post_death_claim', m.mdtrt_id);
    // Cost shifting: an outpatient visit within 7 days of a stay costing over 10× the person's usual visit.
    const costs = otp.map((o) => (setlByVisit.get(o.mdtrt_id) ?? []).reduce((a, s) => a + fen(s.medfee_sumamt), 0));
    const usual = [...costs].sort((x, y) => x - y)[Math.floor(costs.length / 2)] ?? 0;
    otp.forEach((o, k) => {
      const d = day(o.begntime);
      const near = stays.some((s) => (d >= day(s.begntime) - 7 && d < day(s.begntime)) || (d > day(s.endtime) && d <= day(s.endtime) + 7));
      if (near && costs[k] > 50_000 && costs[k] > 10 * usual) flag('cost_shifting', o.mdtrt_id);
    });
    const years = groupBy(otp.filter((o) => o.med_type === '11' && person.get(psn)!.insutype === '390'), (o) => o.begntime.slice(0, 4));
    for (const [, yv] of years) {
      let cum = 0;
      for (const o of yv) {
        const before = cum;
        cum += fundOf(o.mdtrt_id);
        if (before <= 400_000 && cum > 400_000) flag('annual_outpatient_cap', o.mdtrt_id);
      }
    }
  }
  for (const s of setls) {
    const h = Number(s.setl_time.slice(11, 13));
    if (h >= 23 || h < 6) flag('card_skimming', s.mdtrt_id);
  }

  // ---- providers
  const statusOn = (rows: Rec[], col: string, d: number) =>
    rows.find((p) => day(p.status_begin) <= d && (!p.status_end || day(p.status_end) >= d))?.[col];
  const instPeriods = groupBy(R.inst, (i) => i.fixmedins_code);
  for (const s of setls) {
    if (statusOn(instPeriods.get(s.fixmedins_code)!, 'agreement_status', day(s.setl_time)) !== '1') flag('suspended_institution', s.mdtrt_id);
  }
  const drPeriods = groupBy(R.dr, (d) => d.dr_code);
  for (const l of lines) {
    if (statusOn(drPeriods.get(l.bilg_dr_code)!, 'dr_status', day(l.fee_ocur_time)) !== '1') flag('disqualified_doctor', l.mdtrt_id);
  }
  // Clustered visits: ≥ 10 persons, one institution and day, same main diagnosis and item set.
  const otpVisits = visits.filter((m) => m.med_type === '11');
  for (const [, group] of groupBy(otpVisits, (m) => `${m.fixmedins_code}|${m.begntime.slice(0, 10)}|${m.dscg_maindiag_code}`)) {
    const sets = groupBy(group, (m) => (linesByVisit.get(m.mdtrt_id) ?? []).map((l) => l.hilist_code).sort().join(','));
    for (const [, same] of sets) if (new Set(same.map((m) => m.psn_no)).size >= 10) for (const m of same) flag('clustered_visits', m.mdtrt_id);
  }
  return out;
}
