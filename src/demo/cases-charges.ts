/** Injected cases of the policy rules on charges and prices, indications and caps, agreements and doctors. */
import { fmtFen, lineFen } from './money.js';
import { fmtDate, yearOf } from './dates.js';
import { SECONDARY_RATE_PCT } from './knowledge-data.js';
import { caseDoctor, type Institution } from './providers.js';
import { BACKGROUND_OTP_CAP_FEN } from './background.js';
import { CaseKit, K, SEC, hospital, item, medical, type Made } from './cases-kit.js';
import type { LineSpec } from './emit.js';

export function chargeCases(kit: CaseKit): void {
  const d0 = kit.place('duplicate_charge', 6);
  if (d0 !== null) {
    const icu = (p: ReturnType<CaseKit['person']>, kind: 'violation' | 'boundary') => {
      const inst = kit.inst(d0, d0 + 5, hospital(2));
      let sub!: LineSpec;
      const m = kit.stay(p, inst, d0, d0 + 5, ['J44.100'], (L) => {
        L.service('重症监护', d0, SEC(8));
        if (kind === 'violation') {
          L.service('重症监护', d0 + 1, SEC(8));
          sub = L.service('住院诊查费', d0 + 1, SEC(8, 10));
        } else {
          sub = L.service('住院诊查费', d0 + 1, SEC(8, 10));
          L.service('普通病房床位费', d0 + 1, SEC(8));
          L.service('二级护理', d0 + 1, SEC(8, 20));
        }
      }, { noPerDay: new Set([d0, d0 + 1]) });
      kit.record('duplicate_charge', kind, m, [sub], kit.lineAmount([sub]), 'lines', kind === 'violation'
        ? `同日（${fmtDate(d0 + 1)}）收取【重症监护】及其已包含的【住院诊查费】`
        : '【重症监护】与【住院诊查费】分别在不同日期收取（频度为单日），不应提示', { knowledge: K.duplicate });
    };
    icu(kit.person({ gend: '1', birth: kit.birthAged(77, d0) }), 'violation');
    icu(kit.person({ gend: '2', birth: kit.birthAged(75, d0) }), 'boundary');
  }

  const s0 = kit.place('primary_secondary_surgery', 6);
  if (s0 !== null) {
    const surgery = (p: ReturnType<CaseKit['person']>, discounted: boolean) => {
      const inst = kit.inst(s0, s0 + 5, hospital(3));
      const full = item('胆总管探查术').maxByClass[inst.cls - 1];
      let second!: LineSpec;
      const m = kit.stay(p, inst, s0, s0 + 5, ['K80.100'], (L) => {
        L.service('腹腔镜胆囊切除术', s0 + 1, SEC(10));
        second = L.service('胆总管探查术', s0 + 1, SEC(10, 40), 1, discounted ? full * SECONDARY_RATE_PCT / 100 : full);
        L.service('全身麻醉', s0 + 1, SEC(10));
      }, { dept: 'A04', oprns: (dr) => [
        { proc: { code: '51.2300', name: '腹腔镜下胆囊切除术' }, day: s0 + 1, sec: SEC(10), main: true, anst: '1', doctor: dr },
        { proc: { code: '51.5100', name: '胆总管探查术' }, day: s0 + 1, sec: SEC(10, 40), main: false, anst: '1', doctor: dr }] });
      const over = lineFen(1, full) - lineFen(1, full * SECONDARY_RATE_PCT / 100);
      kit.record('primary_secondary_surgery', discounted ? 'boundary' : 'violation', m, [second], over,
        'secondary_discount', discounted
          ? '同一切口第二台手术【胆总管探查术】按50%折价收费，不应提示'
          : '同一切口（肝胆手术组）第二台手术【胆总管探查术】未按50%折价，全价收费',
        { knowledge: K.surgery, params: { catalogue_price: fmtFen(lineFen(1, full)), secondary_rate: '0.5' } });
    };
    surgery(kit.person({ gend: '2', birth: kit.birthAged(55, s0) }), false);
    surgery(kit.person({ gend: '1', birth: kit.birthAged(60, s0) }), true);
  }

  const o0 = kit.place('over_price_limit', 3);
  if (o0 !== null) {
    const us = item('腹部彩色多普勒超声');
    const lv2 = kit.inst(o0, o0, (i) => medical(i) && i.cls === 2);
    const p = kit.person({ gend: '2', birth: kit.birthAged(44, o0) });
    let f!: LineSpec;
    const m = kit.otp(p, lv2, '11', o0, ['R10.400'], (L, t) => { f = L.service(us, o0, t(1), 1, us.maxByClass[2]); });
    const excess = lineFen(1, us.maxByClass[2] - us.maxByClass[1]);
    kit.record('over_price_limit', 'violation', m, [f], excess, 'excess_price',
      `二级机构收取【腹部彩色多普勒超声】单价${fmtFen(lineFen(1, us.maxByClass[2]))}元，超过二级限价${fmtFen(lineFen(1, us.maxByClass[1]))}元`,
      { params: { max_price: fmtFen(lineFen(1, us.maxByClass[1])), hosp_lv_class: 2 } });
    const ir = item('中频脉冲电治疗');
    const lv1 = kit.inst(o0 + 1, o0 + 1, (i) => medical(i) && i.cls === 1 && i.kind === 'community');
    const q = kit.person({ gend: '1', birth: kit.birthAged(53, o0 + 1) });
    let g!: LineSpec;
    const m2 = kit.otp(q, lv1, '11', o0 + 1, ['M54.500'], (L, t) => { g = L.service(ir, o0 + 1, t(1), 2, ir.maxByClass[2]); });
    const excess2 = lineFen(2, ir.maxByClass[2] - ir.maxByClass[0]);
    kit.record('over_price_limit', 'violation', m2, [g], excess2, 'excess_price',
      `一级及以下机构收取【中频脉冲电治疗】单价${fmtFen(lineFen(1, ir.maxByClass[2]))}元×2次，超过限价${fmtFen(lineFen(1, ir.maxByClass[0]))}元`,
      { params: { max_price: fmtFen(lineFen(1, ir.maxByClass[0])), hosp_lv_class: 1 } });
    const r = kit.person({ gend: '2', birth: kit.birthAged(39, o0 + 2) });
    let b!: LineSpec;
    const m3 = kit.otp(r, kit.inst(o0 + 2, o0 + 2, (i) => medical(i) && i.cls === 2), '11', o0 + 2, ['R10.400'],
      (L, t) => { b = L.service(us, o0 + 2, t(1)); });
    kit.record('over_price_limit', 'boundary', m3, [b], 0, 'none', '二级机构【腹部彩色多普勒超声】单价恰好等于二级限价，不应提示');
  }

  const n0 = kit.place('non_covered_billed', 2);
  if (n0 !== null) {
    const herbs = (p: ReturnType<CaseKit['person']>, day: number, billed: boolean) => {
      let f!: LineSpec;
      const m = kit.otp(p, kit.inst(day, day, (i) => medical(i) && i.tcm && i.kind !== 'clinic'), '11', day, ['K30.x00'],
        (L, t) => {
          for (const h of ['党参', '白术', '茯苓', '甘草', '陈皮', '山药']) L.herb(item(h), day, t(1), 10, 7);
          f = L.service('中药饮片代煎', day, t(2), 7);
          f.billedToFund = billed;
        }, { dept: 'A50' });
      kit.record('non_covered_billed', billed ? 'violation' : 'boundary', m, [f], kit.lineAmount([f]), 'lines', billed
        ? '丙类项目【中药饮片代煎】（chrgitm_lv=03）未全额自费，纳入基金可支付范围'
        : '丙类项目【中药饮片代煎】全额自费（fulamt_ownpay_amt=金额），不应提示');
    };
    herbs(kit.person({ gend: '2', birth: kit.birthAged(47, n0) }), n0, true);
    herbs(kit.person({ gend: '1', birth: kit.birthAged(52, n0 + 1) }), n0 + 1, false);
  }
}

export function limitAndProviderCases(kit: CaseKit): void {
  const c0 = kit.place('indication_restriction', 2);
  if (c0 !== null) {
    const visit = (day: number, diags: string[], kind: 'violation' | 'boundary', desc: string) => {
      const p = kit.person({ gend: '2', birth: kit.birthAged(69, day), chronic: ['htn'] });
      let f!: LineSpec;
      const m = kit.otp(p, kit.inst(day, day, (i) => medical(i) && i.kind === 'community'), '14', day, diags, (L, t) => {
        L.packs('苯磺酸氨氯地平片', day, t(1), 1);
        f = L.packs('碳酸钙D3片', day, t(1), 1);
      });
      kit.record('indication_restriction', kind, m, [f], kit.lineAmount([f]), 'lines', desc, { knowledge: K.indication });
    };
    visit(c0, ['I10.x00x002'], 'violation', '【碳酸钙D3片】限骨质疏松症（M80–M82），本次就诊诊断仅为高血压');
    visit(c0 + 1, ['I10.x00x002', 'M81.000'], 'boundary', '【碳酸钙D3片】本次就诊有绝经后骨质疏松诊断（M81），不应提示');
  }

  const y0 = kit.place('annual_outpatient_cap', 50, { sameYear: true });
  if (y0 !== null) {
    const weekly = (capFen: number, exact: boolean, desc: string) => {
      const p = kit.person({ gend: '1', birth: kit.birthAged(63, y0), insutype: '390', chronic: ['cancer'] });
      const inst = kit.inst(y0, y0 + 50, (i) => medical(i) && i.kind === 'tertiary' && i.depts.some((d) => d.code === 'A19'));
      let total = 0;
      let last!: Made;
      for (let k = 0; k < 7; k++) {
        const day = y0 + 7 * k;
        const m = kit.otp(p, inst, '11', day, ['C34.900'], (L, t) => {
          L.service('静脉输液', day, t(1));
          L.daily('0.9%氯化钠注射液', day, t(1));
          L.daily('紫杉醇注射液', day, t(1));
          L.daily('盐酸昂丹司琼注射液', day, t(1));
        }, { dept: 'A19', fundCap: exact ? capFen - total : undefined });
        total += kit.visitFund(m);
        last = m;
        if (total >= capFen) break;
      }
      if (total < capFen) throw new Error('annual cap case did not reach the cap');
      kit.record('annual_outpatient_cap', exact ? 'boundary' : 'violation', last, [], total - 400_000, 'annual_excess',
        desc.replace('{total}', fmtFen(total)),
        { params: { year: yearOf(y0), cap: '4000.00', fund_total: fmtFen(total),
          med_type: '11', insutype: '390' } });
    };
    weekly(400_001, false, '城乡居民普通门诊年度统筹基金支付累计{total}元，超过年度限额（按A档4000元计，金额为超出部分）');
    weekly(300_000, true, '城乡居民普通门诊年度统筹基金支付累计恰好{total}元（等于B档限额3000元，低于A档4000元），不应提示');
    if (BACKGROUND_OTP_CAP_FEN >= 300_000) throw new Error('background cap must stay below every tier');
  }

  const P = kit.env.providers;
  const sus = P.institutions.find((i) => i.role === 'suspended' && i.kind !== 'pharmacy')!;
  const susRx = P.institutions.find((i) => i.role === 'suspended' && i.kind === 'pharmacy')!;
  const term = P.institutions.find((i) => i.role === 'terminated' && i.kind !== 'pharmacy')!;
  const visitAt = (inst: Institution, day: number, kind: 'violation' | 'boundary', desc: string) => {
    if (day <= kit.env.start || day >= kit.env.end - 1) {
      kit.skipped.push({ rule_id: 'suspended_institution', reason: '协议状态期间不在窗口期内' });
      return;
    }
    const p = kit.person({ gend: kit.rng.chance(0.5) ? '1' : '2', birth: kit.birthAged(kit.rng.int(25, 70), day) });
    const m = inst.kind === 'pharmacy'
      ? kit.otp(p, inst, '41', day, [], (L, t) => { L.packs('板蓝根颗粒', day, t(1), 1); })
      : kit.otp(p, inst, '11', day, ['J06.900'], (L, t) => { L.packs('阿莫西林胶囊', day, t(1), 1); });
    kit.record('suspended_institution', kind, m, [], kit.visitFund(m), 'visit', desc);
  };
  const span = `${fmtDate(P.suspension.begin)}至${fmtDate(P.suspension.end)}`;
  visitAt(sus, P.suspension.begin + 2, 'violation', `在协议中止期间（${span}）于${sus.name}结算`);
  visitAt(susRx, P.suspension.begin + 3, 'violation', `在协议中止期间于${susRx.name}购药结算`);
  visitAt(term, P.termination + 3, 'violation', `${term.name}协议已于${fmtDate(P.termination)}解除，其后仍发生结算`);
  visitAt(sus, P.suspension.begin - 1, 'boundary', `${sus.name}协议中止前一日结算，不应提示`);
  visitAt(sus, P.suspension.end + 1, 'boundary', `${sus.name}协议中止期满次日（恢复）结算，不应提示`);
  visitAt(term, P.termination - 1, 'boundary', `${term.name}协议解除前一日结算，不应提示`);

  const dr = caseDoctor(P);
  const byDoctor = (day: number, kind: 'violation' | 'boundary', desc: string) => {
    const p = kit.person({ gend: '1', birth: kit.birthAged(kit.rng.int(30, 70), day) });
    const m = kit.otp(p, dr.inst, '11', day, ['J20.900'], (L, t) => {
      L.packs('阿莫西林胶囊', day, t(1), 1);
      L.packs('盐酸氨溴索片', day, t(1), 1);
    }, { dept: dr.dept.code, doctor: dr });
    kit.record('disqualified_doctor', kind, m, m.visit.lines, kit.lineAmount(m.visit.lines), 'lines', desc);
  };
  const ds = P.doctorSuspension;
  byDoctor(ds.begin + 1, 'violation', `医保医师${dr.name}（${dr.code}）暂停期间（${fmtDate(ds.begin)}至${fmtDate(ds.end)}）开具的费用`);
  byDoctor(ds.begin - 1, 'boundary', `医保医师${dr.name}暂停前一日开具的费用，不应提示`);
  byDoctor(ds.end + 1, 'boundary', `医保医师${dr.name}暂停期满次日开具的费用，不应提示`);
}

