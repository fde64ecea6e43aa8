/** Injected cases of the policy rules (政策类): violations and compliant boundary cases. */
import { birthTurning } from './persons.js';
import { fmtFen, lineFen } from './money.js';
import { fmtDate } from './dates.js';
import type { Institution } from './providers.js';
import { CaseKit, K, SEC, hospital, medical } from './cases-kit.js';
import type { LineSpec } from './emit.js';

function genderAndAge(kit: CaseKit): void {
  const d0 = kit.place('gender_restriction', 3);
  if (d0 !== null) {
    const man = kit.person({ gend: '1', birth: kit.birthAged(46, d0) });
    const inst = kit.inst(d0, d0, hospital(2));
    let f!: LineSpec;
    const m = kit.otp(man, inst, '11', d0, ['R10.400'], (L, t) => { f = L.service('子宫输卵管造影术', d0, t(1)); });
    kit.record('gender_restriction', 'violation', m, [f], kit.lineAmount([f]), 'lines',
      '男性患者收取限女性项目【子宫输卵管造影术】', { knowledge: K.itemGender });
    const woman = kit.person({ gend: '2', birth: kit.birthAged(52, d0 + 1) });
    let g!: LineSpec;
    const m2 = kit.otp(woman, kit.inst(d0 + 1, d0 + 1, hospital(2)), '11', d0 + 1, ['N39.000'],
      (L, t) => { g = L.packs('前列宁通胶囊', d0 + 1, t(1), 1); });
    kit.record('gender_restriction', 'violation', m2, [g], kit.lineAmount([g]), 'lines',
      '女性患者使用限男性药品【前列宁通胶囊】', { knowledge: K.drugGender });
    const woman2 = kit.person({ gend: '2', birth: kit.birthAged(34, d0 + 2) });
    let b!: LineSpec;
    const m3 = kit.otp(woman2, kit.inst(d0 + 2, d0 + 2, hospital(2)), '11', d0 + 2, ['D25.900'],
      (L, t) => { b = L.service('子宫输卵管造影术', d0 + 2, t(1)); }, { dept: 'A05' });
    kit.record('gender_restriction', 'boundary', m3, [b], 0, 'none', '女性患者行【子宫输卵管造影术】，性别相符，不应提示',
      { knowledge: K.itemGender });
    const man2 = kit.person({ gend: '1', birth: kit.birthAged(41, d0 + 3) });
    let v!: LineSpec;
    const m4 = kit.otp(man2, kit.inst(d0 + 3, d0 + 3, hospital(2)), '11', d0 + 3, ['R10.400'], (L, t) => {
      L.service('腹部彩色多普勒超声', d0 + 3, t(1));
      v = L.service('子宫输卵管造影术', d0 + 3, t(2));
      v.void = true;
    });
    kit.record('gender_restriction', 'boundary', m4, [v], 0, 'none',
      '男性患者的【子宫输卵管造影术】明细已作废（vali_flag=0），不应提示', { knowledge: K.itemGender });
  }

  const a0 = kit.place('age_restriction', 3);
  if (a0 !== null) {
    const adult = kit.person({ gend: '2', birth: kit.birthAged(38, a0) });
    const tcm = kit.inst(a0, a0, (i) => medical(i) && i.tcm && i.kind !== 'clinic');
    let f!: LineSpec;
    const m = kit.otp(adult, tcm, '11', a0, ['K30.x00'], (L, t) => { f = L.service('小儿推拿', a0, t(1)); }, { dept: 'A50' });
    kit.record('age_restriction', 'violation', m, [f], kit.lineAmount([f]), 'lines', '38岁患者收取限儿童项目【小儿推拿】',
      { knowledge: K.itemAge });
    const adult2 = kit.person({ gend: '1', birth: kit.birthAged(35, a0 + 1) });
    let g!: LineSpec;
    const m2 = kit.otp(adult2, kit.inst(a0 + 1, a0 + 1, hospital(2)), '11', a0 + 1, ['J06.900'],
      (L, t) => { g = L.packs('小儿清热退烧颗粒', a0 + 1, t(1), 1); });
    kit.record('age_restriction', 'violation', m2, [g], kit.lineAmount([g]), 'lines', '35岁患者使用限儿童药品【小儿清热退烧颗粒】',
      { knowledge: K.drugAge });
    // 17 years old on the visit day, 18 the next day: still a child.
    const teen = kit.person({ gend: '1', birth: birthTurning(18, a0 + 3), insutype: '390' });
    let b!: LineSpec;
    const m3 = kit.otp(teen, kit.inst(a0 + 2, a0 + 2, (i) => medical(i) && i.tcm && i.kind !== 'clinic'), '11', a0 + 2,
      ['K30.x00'], (L, t) => { b = L.service('小儿推拿', a0 + 2, t(1)); }, { dept: 'A50' });
    kit.record('age_restriction', 'boundary', m3, [b], 0, 'none',
      `患者就诊日17周岁（${fmtDate(a0 + 3)}满18周岁），使用限儿童项目【小儿推拿】不应提示`, { knowledge: K.itemAge });
  }

  const w0 = kit.place('working_age_restriction', 4);
  if (w0 !== null) {
    const rehab = (i: Institution) => medical(i) && (i.rehab || i.depts.some((d) => d.code === 'A21')) && i.cls >= 2;
    const train = (p: ReturnType<CaseKit['person']>, day: number, desc: string, kind: 'violation' | 'boundary') => {
      let f!: LineSpec;
      const m = kit.otp(p, kit.inst(day, day, rehab), '11', day, ['I69.300'],
        (L, t) => { f = L.service('职业康复训练', day, t(1)); }, { dept: 'A21' });
      kit.record('working_age_restriction', kind, m, [f], kit.lineAmount([f]), 'lines', desc, { knowledge: K.workingAge });
    };
    train(kit.person({ gend: '1', birth: kit.birthAged(62, w0) }), w0, '62岁男性（超过法定就业年龄60岁）收取【职业康复训练】',
      'violation');
    train(kit.person({ gend: '2', birth: kit.birthAged(56, w0 + 1) }), w0 + 1,
      '56岁女性（超过法定就业年龄55岁）收取【职业康复训练】', 'violation');
    train(kit.person({ gend: '1', birth: birthTurning(60, w0 + 3) }), w0 + 2,
      '男性就诊日59周岁（次日满60周岁），【职业康复训练】不应提示', 'boundary');
    train(kit.person({ gend: '2', birth: birthTurning(55, w0 + 4) }), w0 + 3,
      '女性就诊日54周岁（次日满55周岁），【职业康复训练】不应提示', 'boundary');
  }
}

function insuranceLevelVisit(kit: CaseKit): void {
  const i0 = kit.place('insurance_type_restriction', 6);
  if (i0 !== null) {
    const worker = kit.person({ gend: '1', birth: kit.birthAged(39, i0) });
    let f!: LineSpec;
    const m = kit.otp(worker, kit.inst(i0, i0, hospital(2)), '11', i0, ['T30.000'],
      (L, t) => { f = L.packs('烧伤修复软膏', i0, t(1), 1); }, { dept: 'A04' });
    kit.record('insurance_type_restriction', 'violation', m, [f], kit.lineAmount([f]), 'lines',
      '限工伤保险药品【烧伤修复软膏】纳入职工基本医疗保险（310）结算', { knowledge: K.insurance });
    const mother = kit.person({ gend: '2', birth: kit.birthAged(29, i0) });
    let b!: LineSpec;
    const adm = i0 + 1;
    const m2 = kit.stay(mother, kit.inst(adm, adm + 4, (i) => hospital(2)(i) && i.depts.some((d) => d.code === 'A05')),
      adm, adm + 4, ['O82.000'], (L) => {
        L.service('剖宫产术', adm + 1, SEC(10));
        L.service('椎管内麻醉', adm + 1, SEC(10));
        b = L.daily('缩宫助产注射液', adm + 1, SEC(11));
      }, { dept: 'A05', medType: '52', insutype: '510',
        oprns: (dr) => [{ proc: { code: '74.1x00', name: '子宫下段剖宫产' }, day: adm + 1, sec: SEC(10), main: true,
          anst: '2', doctor: dr }] });
    kit.record('insurance_type_restriction', 'boundary', m2, [b], 0, 'none',
      '限生育保险药品【缩宫助产注射液】在生育住院（险种510）中使用，不应提示', { knowledge: K.insurance });
  }

  const l0 = kit.place('institution_level_restriction', 2);
  if (l0 !== null) {
    const level1 = kit.inst(l0, l0, (i) => medical(i) && i.kind === 'primary' && i.cls === 1);
    const p = kit.person({ gend: '1', birth: kit.birthAged(67, l0) });
    let f!: LineSpec;
    const m = kit.otp(p, level1, '11', l0, ['I69.300'], (L, t) => {
      L.service('静脉输液', l0, t(1));
      L.daily('0.9%氯化钠注射液', l0, t(1));
      f = L.daily('丹红通络注射液', l0, t(1));
    });
    kit.record('institution_level_restriction', 'violation', m, [f], kit.lineAmount([f]), 'lines',
      `限二级及以上医疗机构药品【丹红通络注射液】在一级机构（hosp_lv ${level1.hospLv}）使用`, { knowledge: K.level });
    const lv13 = kit.inst(l0 + 1, l0 + 1, (i) => medical(i) && i.hospLv === '13');
    const q = kit.person({ gend: '2', birth: kit.birthAged(71, l0 + 1) });
    let b!: LineSpec;
    const m2 = kit.otp(q, lv13, '11', l0 + 1, ['I69.300'], (L, t) => {
      L.service('静脉输液', l0 + 1, t(1));
      L.daily('0.9%氯化钠注射液', l0 + 1, t(1));
      b = L.daily('丹红通络注射液', l0 + 1, t(1));
    });
    kit.record('institution_level_restriction', 'boundary', m2, [b], 0, 'none',
      '【丹红通络注射液】在二级无等机构（hosp_lv 13，按二级计）使用，不应提示', { knowledge: K.level });
  }

  const v0 = kit.place('visit_type_restriction', 8);
  if (v0 !== null) {
    const p = kit.person({ gend: '1', birth: kit.birthAged(58, v0) });
    let f!: LineSpec;
    const m = kit.otp(p, kit.inst(v0, v0, hospital(2)), '11', v0, ['K29.700'], (L, t) => {
      L.service('静脉输液', v0, t(1));
      f = L.daily('复方氨基酸营养注射液', v0, t(1));
    });
    kit.record('visit_type_restriction', 'violation', m, [f], kit.lineAmount([f]), 'lines',
      '限住院使用的【复方氨基酸营养注射液】在普通门诊（11）使用', { knowledge: K.visitType });
    const q = kit.person({ gend: '2', birth: kit.birthAged(74, v0 + 1) });
    const adm = v0 + 1;
    const bl: LineSpec[] = [];
    const m2 = kit.stay(q, kit.inst(adm, adm + 6, hospital(2)), adm, adm + 6, ['S52.500'], (L) => {
      for (let d = adm + 1; d <= adm + 3; d++) bl.push(L.daily('复方氨基酸营养注射液', d, SEC(11)));
    }, { dept: 'A04', medType: '22' });
    kit.record('visit_type_restriction', 'boundary', m2, bl, 0, 'none',
      '【复方氨基酸营养注射液】在外伤住院（22）中使用，不应提示', { knowledge: K.visitType });
  }
}

function courses(kit: CaseKit): void {
  const stroke = (days: number, los: number, kind: 'violation' | 'boundary', desc: string) => {
    const d0 = kit.place('drug_course_limit', los + 1);
    if (d0 === null) return;
    const p = kit.person({ gend: '1', birth: kit.birthAged(66, d0) });
    const lines: LineSpec[] = [];
    const m = kit.stay(p, kit.inst(d0, d0 + los, hospital(2)), d0, d0 + los, ['I63.900'], (L) => {
      for (let k = 0; k < days; k++) lines.push(L.daily('脑络通注射液', d0 + k, SEC(11)));
    });
    const flagged = lines.slice(14);
    kit.record('drug_course_limit', kind, m, kind === 'violation' ? flagged : lines, kit.lineAmount(flagged), 'lines', desc,
      { knowledge: K.course, params: { course_days: 14, first_use: fmtDate(d0) } });
  };
  stroke(16, 17, 'violation', '【脑络通注射液】限支付14天，连续使用16天，第15、16天费用超出支付疗程');
  stroke(14, 15, 'boundary', '【脑络通注射液】限支付14天，恰好使用14天，不应提示');
  // A gap of more than 30 days starts a new course: 10 days, 33 days without it, 10 days again.
  const g0 = kit.place('drug_course_limit', 56);
  if (g0 !== null) {
    const p = kit.person({ gend: '2', birth: kit.birthAged(72, g0) });
    const inst = kit.inst(g0, g0 + 56, hospital(2));
    const first: LineSpec[] = [];
    kit.stay(p, inst, g0, g0 + 11, ['I63.900'], (L) => {
      for (let k = 0; k < 10; k++) first.push(L.daily('脑络通注射液', g0 + k, SEC(11)));
    });
    const adm2 = g0 + 9 + 33;
    const second: LineSpec[] = [];
    const m2 = kit.stay(p, inst, adm2, adm2 + 11, ['I63.900'], (L) => {
      for (let k = 0; k < 10; k++) second.push(L.daily('脑络通注射液', adm2 + k, SEC(11)));
    });
    kit.record('drug_course_limit', 'boundary', m2, second, 0, 'none',
      '【脑络通注射液】两段用药相隔33天（>30天另起疗程），每段各10天，不应提示', { knowledge: K.course });
  }

  const rehab = (i: Institution) => hospital(2)(i) && (i.rehab || i.depts.some((d) => d.code === 'A21'));
  const walk = (days: number, kind: 'violation' | 'boundary', desc: string) => {
    const los = days + 2;
    const d0 = kit.place('item_course_limit', los + 1);
    if (d0 === null) return;
    const p = kit.person({ gend: '1', birth: kit.birthAged(57, d0) });
    const lines: LineSpec[] = [];
    const m = kit.stay(p, kit.inst(d0, d0 + los, rehab), d0, d0 + los, ['I69.300'], (L) => {
      L.service('康复评定', d0, SEC(9, 30));
      for (let k = 0; k < days; k++) {
        lines.push(L.service('减重步态训练', d0 + 1 + k, SEC(14)));
        L.service(k % 2 ? '运动疗法' : '作业疗法', d0 + 1 + k, SEC(15));
      }
    }, { dept: 'A21' });
    const flagged = lines.slice(30);
    kit.record('item_course_limit', kind, m, kind === 'violation' ? flagged : lines, kit.lineAmount(flagged), 'lines', desc,
      { knowledge: K.itemCourse, params: { course_days: 30, first_use: fmtDate(d0 + 1) } });
  };
  walk(33, 'violation', '【减重步态训练】限支付30天，连续33天收费，第31至33天超出支付疗程');
  walk(30, 'boundary', '【减重步态训练】限支付30天，恰好收费30天，不应提示');
}

function frequencies(kit: CaseKit): void {
  const f0 = kit.place('item_daily_frequency', 7);
  if (f0 !== null) {
    const p = kit.person({ gend: '2', birth: kit.birthAged(63, f0) });
    let extra!: LineSpec;
    const day = f0 + 2;
    const m = kit.stay(p, kit.inst(f0, f0 + 6, hospital(1)), f0, f0 + 6, ['J18.900'], (L) => {
      extra = L.service('住院诊查费', day, SEC(16));
    });
    const sameDay = m.visit.lines.filter((l) => l.item.name === '住院诊查费' && l.day === day);
    kit.record('item_daily_frequency', 'violation', m, sameDay, lineFen(1, extra.p4), 'excess_qty',
      `【住院诊查费】限每日1次，${fmtDate(day)}收费2次，超出1次`,
      { knowledge: K.frequency, params: { item: extra.item.code, day: fmtDate(day), limit: 1, excess_qty: 1,
        unit_price: fmtFen(lineFen(1, extra.p4)) } });
    const q = kit.person({ gend: '1', birth: kit.birthAged(59, f0) });
    const m2 = kit.stay(q, kit.inst(f0, f0 + 6, hospital(1)), f0, f0 + 6, ['J18.900'], () => {});
    kit.record('item_daily_frequency', 'boundary', m2,
      m2.visit.lines.filter((l) => l.item.name === '住院诊查费'), 0, 'none', '【住院诊查费】每日恰好1次，不应提示',
      { knowledge: K.frequency });
    const r = kit.person({ gend: '2', birth: kit.birthAged(48, f0) });
    let back!: LineSpec;
    const m3 = kit.stay(r, kit.inst(f0, f0 + 6, hospital(1)), f0, f0 + 6, ['J18.900'], (L) => {
      const dup = L.service('住院诊查费', day, SEC(16));
      back = L.giveBack(dup, day, SEC(17), 1);
    });
    kit.record('item_daily_frequency', 'boundary', m3, [back], 0, 'none',
      '【住院诊查费】同日重复收取1次后已退费冲销（init_feedetl_sn），净数量每日1次，不应提示', { knowledge: K.frequency });
    const s = kit.person({ gend: '1', birth: kit.birthAged(70, f0) });
    let voided!: LineSpec;
    const m4 = kit.stay(s, kit.inst(f0, f0 + 6, hospital(1)), f0, f0 + 6, ['J18.900'], (L) => {
      voided = L.service('住院诊查费', day, SEC(16));
      voided.void = true;
    });
    kit.record('item_daily_frequency', 'boundary', m4, [voided], 0, 'none',
      '【住院诊查费】同日重复的一条明细已作废（vali_flag=0），不应提示', { knowledge: K.frequency });
  }

  const p0 = kit.place('item_period_frequency', 16);
  if (p0 !== null) {
    const lab = (gap: number, kind: 'violation' | 'boundary', desc: string) => {
      const p = kit.person({ gend: '1', birth: kit.birthAged(61, p0), chronic: ['dm'] });
      const inst = kit.inst(p0, p0 + gap, (i) => medical(i) && i.kind !== 'clinic');
      kit.otp(p, inst, '14', p0, ['E11.900'], (L, t) => {
        L.packs('盐酸二甲双胍片', p0, t(1), 2);
        L.service('糖化血红蛋白测定', p0, t(2));
      });
      let f!: LineSpec;
      const m = kit.otp(p, inst, '11', p0 + gap, ['E11.900'], (L, t) => {
        L.service('葡萄糖测定', p0 + gap, t(1));
        f = L.service('糖化血红蛋白测定', p0 + gap, t(2));
      });
      kit.record('item_period_frequency', kind, m, [f], kit.lineAmount([f]), 'lines', desc,
        { knowledge: K.period, params: { max_cnt: 1, period_days: 15 } });
    };
    lab(10, 'violation', '【糖化血红蛋白测定】限15天内1次，间隔10天再次检测');
    lab(15, 'boundary', '【糖化血红蛋白测定】两次检测间隔恰好15天（不在同一15天周期内），不应提示');
  }
}

export function policyCases(kit: CaseKit): void {
  genderAndAge(kit);
  insuranceLevelVisit(kit);
  courses(kit);
  frequencies(kit);
}
