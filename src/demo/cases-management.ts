/** Injected cases of the management rules (管理类): behaviour of institutions and insured persons. */
import { fmtDate } from './dates.js';
import type { LineSpec } from './emit.js';
import type { Person } from './persons.js';
import type { Institution } from './providers.js';
import { CaseKit, SEC, hospital, item, medical, pharmacy, type Made } from './cases-kit.js';


function adult(kit: CaseKit, day: number, age = kit.rng.int(35, 75), gend: '1' | '2' = kit.rng.chance(0.5) ? '1' : '2',
  insutype: '310' | '390' = '310'): Person {
  return kit.person({ gend, birth: kit.birthAged(age, day), insutype });
}

function otherInst(kit: CaseKit, not: Institution, from: number, to: number, pred: (i: Institution) => boolean): Institution {
  return kit.inst(from, to, (i) => pred(i) && i.code !== not.code);
}

function stays(kit: CaseKit): void {
  const o0 = kit.place('overlapping_inpatient', 12);
  if (o0 !== null) {
    const p = adult(kit, o0, 68);
    const a = kit.inst(o0, o0 + 8, hospital(2));
    kit.stay(p, a, o0, o0 + 8, ['J18.900'], () => {});
    const b = otherInst(kit, a, o0 + 4, o0 + 10, hospital(2));
    const m = kit.stay(p, b, o0 + 4, o0 + 10, ['J44.100'], () => {});
    kit.record('overlapping_inpatient', 'violation', m, [], kit.visitFund(m), 'visit',
      `${fmtDate(o0)}至${fmtDate(o0 + 8)}在${a.name}住院期间，${fmtDate(o0 + 4)}又在${b.name}入院，重叠4天`);
    const q = adult(kit, o0, 71);
    const c = kit.inst(o0, o0 + 5, hospital(1));
    kit.stay(q, c, o0, o0 + 5, ['I63.900'], () => {}, { dscgWay: '2' });
    const d = otherInst(kit, c, o0 + 5, o0 + 12, hospital(3));
    const m2 = kit.stay(q, d, o0 + 5, o0 + 12, ['I63.900'], () => {});
    kit.record('overlapping_inpatient', 'boundary', m2, [], 0, 'none',
      `${fmtDate(o0 + 5)}由${c.name}医嘱转院、同日入住${d.name}（无重叠住院日），不应提示`);
  }

  const i0 = kit.place('outpatient_during_inpatient', 8);
  if (i0 !== null) {
    const p = adult(kit, i0, 57);
    const hosp = kit.inst(i0, i0 + 7, hospital(2));
    kit.stay(p, hosp, i0, i0 + 7, ['K80.200'], () => {}, { dept: 'A04' });
    const rx = kit.otp(p, kit.inst(i0 + 3, i0 + 3, pharmacy), '41', i0 + 3, [], (L, t) => { L.packs('板蓝根颗粒', i0 + 3, t(1), 1); });
    kit.record('outpatient_during_inpatient', 'violation', rx, [], kit.visitFund(rx), 'visit',
      `住院期间（${fmtDate(i0)}至${fmtDate(i0 + 7)}）于${fmtDate(i0 + 3)}在定点药店购药结算`);
    const q = adult(kit, i0, 62);
    const hosp2 = kit.inst(i0, i0 + 7, hospital(2));
    kit.stay(q, hosp2, i0, i0 + 7, ['J18.900'], () => {});
    const o = kit.otp(q, otherInst(kit, hosp2, i0 + 4, i0 + 4, (i) => medical(i) && i.kind === 'community'), '11', i0 + 4,
      ['R51.x00'], (L, t) => { L.packs('对乙酰氨基酚片', i0 + 4, t(1), 1); });
    kit.record('outpatient_during_inpatient', 'violation', o, [], kit.visitFund(o), 'visit',
      `住院期间于${fmtDate(i0 + 4)}在其他机构门诊结算`);
    const r = adult(kit, i0, 49);
    const hosp3 = kit.inst(i0, i0 + 6, hospital(2));
    kit.stay(r, hosp3, i0, i0 + 6, ['K35.800'], () => {}, { dept: 'A04' });
    const after = kit.otp(r, kit.inst(i0 + 6, i0 + 6, pharmacy), '41', i0 + 6, [], (L, t) => { L.packs('复方甘草片', i0 + 6, t(1), 1); },
      { sec: SEC(16, 30) });
    kit.record('outpatient_during_inpatient', 'boundary', after, [], 0, 'none', '出院当日出院后于药店购药，不在住院期间内，不应提示');
    const s = adult(kit, i0, 45);
    const hosp4 = kit.inst(i0 + 1, i0 + 6, hospital(2));
    const before = kit.otp(s, otherInst(kit, hosp4, i0 + 1, i0 + 1, (i) => medical(i) && i.kind === 'community'), '11', i0 + 1,
      ['R10.400'], (L, t) => { L.service('血细胞分析', i0 + 1, t(1)); }, { sec: SEC(6, 40) });
    kit.stay(s, hosp4, i0 + 1, i0 + 6, ['K35.800'], () => {}, { dept: 'A04', medType: '24' });
    kit.record('outpatient_during_inpatient', 'boundary', before, [], 0, 'none', '入院当日入院前的门诊结算，不应提示');
  }

  const r0 = kit.place('readmission_split', 30);
  if (r0 !== null) {
    const pair = (gap: number, dx1: string[], dx2: string[], kind: 'violation' | 'boundary', desc: string) => {
      const p = adult(kit, r0, 66);
      const h = kit.inst(r0, r0 + 6 + gap + 5, hospital(1));
      kit.stay(p, h, r0, r0 + 6, dx1, () => {});
      const adm = r0 + 6 + gap;
      const m = kit.stay(p, h, adm, adm + 5, dx2, () => {});
      kit.record('readmission_split', kind, m, [], kit.visitFund(m), 'visit', desc.replace('{adm}', fmtDate(adm)));
    };
    pair(10, ['J18.900'], ['J18.900'], 'violation', '出院后第10天（{adm}）以同一主诊断类目（J18）再次入住同一机构');
    pair(16, ['J18.900'], ['J18.900'], 'boundary', '出院后第16天（{adm}）再次入院，超过15天，不应提示');
    pair(8, ['Z51.100', 'C34.900'], ['Z51.100', 'C34.900'], 'boundary', '肿瘤化疗（Z51）计划性再入院（出院后第8天），不应提示');
    pair(8, ['J18.900'], ['K80.100'], 'boundary', '出院后第8天再次入院但主诊断类目不同（J18→K80），不应提示');
  }
}

function wardCharges(kit: CaseKit): void {
  const g0 = kit.place('ghost_bed_stay', 10);
  if (g0 !== null) {
    const ghost = (idleDays: number, kind: 'violation' | 'boundary', desc: string) => {
      const p = adult(kit, g0, 74);
      const idle = new Set<number>();
      for (let k = 0; k < idleDays; k++) idle.add(g0 + 3 + k);
      const m = kit.stay(p, kit.inst(g0, g0 + 9, hospital(1)), g0, g0 + 9, ['I10.x00x002'], () => {}, { idle });
      kit.record('ghost_bed_stay', kind, m, [], kit.visitFund(m), 'visit', desc,
        { params: { idle_days: idleDays, idle_from: fmtDate(g0 + 3) } });
    };
    ghost(4, 'violation', '住院9天中有4天（连续）仅收取床位费、诊查费和护理费，无任何治疗、检查或用药');
    ghost(2, 'boundary', '住院9天中仅2天无治疗、检查或用药（少于3天且占比低于50%），不应提示');
  }

  const q0 = kit.place('quantity_exceeds_days', 6);
  if (q0 !== null) {
    const beds = (extra: number, kind: 'violation' | 'boundary', desc: string) => {
      const p = adult(kit, q0, 61);
      const m = kit.stay(p, kit.inst(q0, q0 + 5, hospital(1)), q0, q0 + 5, ['J20.900'], (L) => {
        L.service('普通病房床位费', q0 + 5, SEC(7), extra);
      });
      const bed = m.visit.lines.filter((l) => l.item.name === '普通病房床位费');
      const total = bed.reduce((a, l) => a + l.cnt, 0);
      const excess = total - 6;
      kit.record('quantity_exceeds_days', kind, m, bed, excess * (bed[0].fee ?? 0), 'excess_qty', desc
        .replace('{total}', String(total)), { params: { item: bed[0].item.code, allowed_qty: 6, total_qty: total,
        excess_qty: Math.max(0, excess) } });
    };
    beds(3, 'violation', '住院5天（按出入院日期计最多6日），【普通病房床位费】计费{total}日');
    beds(1, 'boundary', '【普通病房床位费】计费{total}日，恰好等于出院日期−入院日期+1，不应提示');
  }

  const l0 = kit.place('low_threshold_admission', 5);
  if (l0 !== null) {
    const checkup = (los: number, kind: 'violation' | 'boundary', desc: string) => {
      const p = adult(kit, l0, 55, '1', '390');
      const level1 = (i: Institution) => medical(i) && i.beds && i.kind === 'primary' && i.cls === 1;
      const m = kit.stay(p, kit.inst(l0, l0 + los, level1), l0, l0 + los, ['E78.500'], (L) => {
        L.service('心脏彩色多普勒超声', l0, SEC(10));
        L.service('常规心电图检查', l0, SEC(10));
        const tests = ['腹部彩色多普勒超声', '血脂四项测定', '胸部X线摄影', '凝血功能检查', '尿液分析'];
        for (let d = l0 + 1; d <= l0 + los; d++) L.service(tests[(d - l0 - 1) % tests.length], d, SEC(9, 30));
      }, { noInfusion: true });
      kit.record('low_threshold_admission', kind, m, [], kit.visitFund(m), 'visit', desc);
    };
    checkup(2, 'violation', '住院2天，费用不足2000元，仅有检查化验，无治疗和手术');
    checkup(4, 'boundary', '仅检查化验的住院但住院天数4天（超过3天），不应提示');
  }
}

function dispensing(kit: CaseKit): void {
  const e0 = kit.place('excessive_dispensing', 6);
  if (e0 !== null) {
    const rx = (medType: string, day: number, drug: string, packs: number, kind: 'violation' | 'boundary', desc: string,
      dxs: string[]) => {
      const p = adult(kit, day, 58);
      const inst = kit.inst(day, day, medType === '13' ? (i) => hospital(2)(i) && i.depts.some((d) => d.code === 'A20')
        : (i) => medical(i) && i.kind !== 'clinic');
      let f!: LineSpec;
      const m = kit.otp(p, inst, medType, day, dxs, (L, t) => { f = L.packs(drug, day, t(1), packs); },
        { dept: medType === '13' ? 'A20' : 'A03' });
      kit.record('excessive_dispensing', kind, m, [f], kit.lineAmount([f]), 'lines', desc.replace('{days}', String(f.prdDays)),
        { params: { prd_days: f.prdDays ?? 0, med_type: medType } });
    };
    rx('11', e0, '苯磺酸氨氯地平片', 1, 'violation', '普通门诊一次开具【苯磺酸氨氯地平片】{days}天用量，超过7天', ['I10.x00x002']);
    rx('13', e0 + 1, '阿莫西林胶囊', 2, 'violation', '急诊一次开具【阿莫西林胶囊】{days}天用量，超过3天', ['J03.900']);
    rx('14', e0 + 2, '苯磺酸氨氯地平片', 3, 'boundary', '门诊慢特病开具【苯磺酸氨氯地平片】恰好{days}天（上限84天），不应提示',
      ['I10.x00x002']);
    rx('11', e0 + 3, '奥美拉唑肠溶胶囊', 1, 'boundary', '普通门诊开具【奥美拉唑肠溶胶囊】恰好{days}天（上限7天），不应提示', ['K29.700']);
    rx('13', e0 + 4, '阿奇霉素片', 1, 'boundary', '急诊开具【阿奇霉素片】恰好{days}天（上限3天），不应提示', ['J03.900']);
  }

  const r0 = kit.place('overlapping_prescriptions', 16);
  if (r0 !== null) {
    const refill = (gap: number, kind: 'violation' | 'boundary', desc: string) => {
      const p = adult(kit, r0, 67, '2');
      const aml = item('苯磺酸氨氯地平片');
      const first = kit.inst(r0, r0, (i) => medical(i) && i.kind === 'community');
      kit.otp(p, first, '14', r0, ['I10.x00x002'], (L, t) => { L.packs(aml, r0, t(1), 1, aml.drug!.codes[0]); });
      let f!: LineSpec;
      const second = otherInst(kit, first, r0 + gap, r0 + gap, (i) => medical(i) && i.kind === 'secondary');
      const m = kit.otp(p, second, '14', r0 + gap, ['I10.x00x002'], (L, t) => {
        f = L.packs(aml, r0 + gap, t(1), 1, aml.drug!.codes[1]);
      });
      kit.record('overlapping_prescriptions', kind, m, [f], kit.lineAmount([f]), 'lines', desc,
        { params: { previous_supply_days: 28, elapsed_days: gap } });
    };
    refill(6, 'violation', '【苯磺酸氨氯地平片】28天用量开出后第6天又在另一机构开具（剩余约79%）');
    refill(15, 'boundary', '【苯磺酸氨氯地平片】28天用量开出后第15天再次开具（剩余约46%，低于50%），不应提示');
  }
}

function persons(kit: CaseKit): void {
  const d0 = kit.place('post_death_claim', 12);
  if (d0 !== null) {
    const death = d0 + 4;
    const p = kit.person({ gend: '1', birth: kit.birthAged(81, d0), death, insutype: '390' });
    const m = kit.otp(p, kit.inst(death + 5, death + 5, pharmacy), '41', death + 5, [],
      (L, t) => { L.packs('铝碳酸镁咀嚼片', death + 5, t(1), 1); });
    kit.record('post_death_claim', 'violation', m, [], kit.visitFund(m), 'visit',
      `参保人已于${fmtDate(death)}死亡，${fmtDate(death + 5)}仍有购药结算`);
    const q = kit.person({ gend: '2', birth: kit.birthAged(84, d0), death, insutype: '390' });
    const m2 = kit.otp(q, kit.inst(death, death, (i) => medical(i) && i.kind === 'community'), '11', death, ['J20.900'],
      (L, t) => { L.packs('盐酸氨溴索片', death, t(1), 1); });
    kit.record('post_death_claim', 'violation', m2, [], kit.visitFund(m2), 'visit', `死亡当日（${fmtDate(death)}）发生门诊费用`);
    const r = kit.person({ gend: '1', birth: kit.birthAged(79, d0), death, insutype: '390' });
    const m3 = kit.otp(r, kit.inst(death - 1, death - 1, (i) => medical(i) && i.kind === 'community'), '11', death - 1,
      ['J20.900'], (L, t) => { L.packs('盐酸氨溴索片', death - 1, t(1), 1); });
    kit.record('post_death_claim', 'boundary', m3, [], 0, 'none', `死亡前一日（${fmtDate(death - 1)}）的门诊费用，不应提示`);
    const s = kit.person({ gend: '2', birth: kit.birthAged(86, d0), death: d0 + 6, insutype: '390' });
    const m4 = kit.stay(s, kit.inst(d0, d0 + 6, hospital(2)), d0, d0 + 6, ['J18.900'], (L) => {
      L.out.splice(0, L.out.length, ...L.out.filter((l) => l.day < d0 + 6));
    }, { dscgWay: '5', dieDate: d0 + 6 });
    kit.record('post_death_claim', 'boundary', m4, [], 0, 'none',
      `住院期间于${fmtDate(d0 + 6)}死亡（离院方式5），全部费用发生在死亡日之前，不应提示`);
  }

  const f0 = kit.place('frequent_visits', 30);
  if (f0 !== null) {
    const series = (offsets: number[], kind: 'violation' | 'boundary', desc: string) => {
      const p = adult(kit, f0, 52);
      let last!: Made;
      const insts = [kit.inst(f0, f0 + 30, (i) => medical(i) && i.kind === 'community'),
        kit.inst(f0, f0 + 30, (i) => medical(i) && i.kind === 'clinic')];
      offsets.forEach((o, k) => {
        last = kit.otp(p, insts[k % 2], '11', f0 + o, ['S61.900'], (L, t) => {
          L.service('中换药', f0 + o, t(1));
          L.consumable('医用脱脂纱布', f0 + o, t(1), 1);
        }, { dept: 'A02' });
      });
      kit.record('frequent_visits', kind, last, [], kit.visitFund(last), 'visit', desc,
        { params: { visits: offsets.length, window_days: 30 } });
    };
    series([0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 29], 'violation', '30天内门诊就诊11次（超过10次）');
    series([0, 3, 6, 9, 12, 15, 18, 21, 24, 27], 'boundary', '30天内门诊就诊恰好10次，不应提示');
  }

  const c0 = kit.place('card_skimming', 2);
  if (c0 !== null) {
    const p = adult(kit, c0, 45);
    const night = kit.otp(p, kit.inst(c0, c0, pharmacy), '41', c0, [], (L, t) => {
      L.packs('布洛芬缓释胶囊', c0, t(1), 1);
      L.packs('复方甘草片', c0, t(1), 1);
    }, { sec: SEC(2, 11) });
    kit.record('card_skimming', 'violation', night, [], kit.visitFund(night), 'visit', '凌晨02:13在定点药店刷卡结算');
    const q = adult(kit, c0 + 1, 38);
    const used = new Set<string>();
    let third!: Made;
    for (let k = 0; k < 3; k++) {
      const inst = kit.inst(c0 + 1, c0 + 1, (i) => pharmacy(i) && !used.has(i.code));
      used.add(inst.code);
      third = kit.otp(q, inst, '41', c0 + 1, [], (L, t) => { L.packs('对乙酰氨基酚片', c0 + 1, t(1), 1); },
        { sec: SEC(9 + 3 * k, 10) });
    }
    kit.record('card_skimming', 'violation', third, [], kit.visitFund(third), 'visit', '同一社保卡一日内在3家定点药店刷卡结算');
    const r = adult(kit, c0 + 2, 41);
    const late = kit.otp(r, kit.inst(c0 + 2, c0 + 2, pharmacy), '41', c0 + 2, [], (L, t) => {
      L.packs('板蓝根颗粒', c0 + 2, t(1), 1);
    }, { sec: SEC(22, 57) });
    kit.record('card_skimming', 'boundary', late, [], 0, 'none', '22:57在药店结算，不在夜间时段（23:00–06:00），不应提示');
    const s = adult(kit, c0 + 2, 36);
    const u2 = new Set<string>();
    let second!: Made;
    for (let k = 0; k < 2; k++) {
      const inst = kit.inst(c0 + 2, c0 + 2, (i) => pharmacy(i) && !u2.has(i.code));
      u2.add(inst.code);
      second = kit.otp(s, inst, '41', c0 + 2, [], (L, t) => { L.packs('氯雷他定片', c0 + 2, t(1), 1); },
        { sec: SEC(10 + 4 * k, 20) });
    }
    kit.record('card_skimming', 'boundary', second, [], 0, 'none', '一日内在2家药店结算（少于3家），不应提示');
  }

  const s0 = kit.place('cost_shifting', 36);
  if (s0 !== null) {
    const p = adult(kit, s0, 64, '1', '390');
    for (const k of [0, 8, 16]) {
      kit.otp(p, kit.inst(s0 + k, s0 + k, pharmacy), '41', s0 + k, [], (L, t) => { L.packs('复方甘草片', s0 + k, t(1), 1); });
    }
    const h = kit.inst(s0 + 24, s0 + 36, hospital(2));
    kit.stay(p, h, s0 + 24, s0 + 30, ['J18.900'], () => {});
    const day = s0 + 32;
    const m = kit.otp(p, h, '11', day, ['J18.900'], (L, t) => {
      for (const x of ['胸部CT平扫', '心脏彩色多普勒超声', '腹部彩色多普勒超声', '肝功能检测', '肾功能检测', '凝血功能检查',
        '肿瘤标志物测定', '血脂四项测定']) L.service(x, day, t(1));
    });
    kit.record('cost_shifting', 'violation', m, [], kit.visitFund(m), 'visit',
      '出院后第2天在同一医院门诊集中检查，费用远高于本人此前门诊/购药水平（疑似住院费用转移至门诊）');
  }

  const n0 = kit.place('pharmacy_non_drug', 1);
  if (n0 !== null) {
    const p = adult(kit, n0, 33, '2');
    let f!: LineSpec;
    const m = kit.otp(p, kit.inst(n0, n0, pharmacy), '41', n0, [], (L, t) => {
      f = L.packs('复方甘草片', n0, t(1), 1);
      f.medinsName = '玻尿酸补水面膜（化妆品）';
    });
    kit.record('pharmacy_non_drug', 'violation', m, [f], kit.lineAmount([f]), 'lines',
      '药店将化妆品【玻尿酸补水面膜】串换为药品【复方甘草片】刷卡结算');
  }
}

function quality(kit: CaseKit): void {
  const q0 = kit.place('settlement_list_quality', 7);
  if (q0 === null) return;
  const p = adult(kit, q0, 59);
  const m = kit.stay(p, kit.inst(q0, q0 + 6, hospital(1)), q0, q0 + 6, ['J18.900'], () => {}, { iptDays: 9 });
  kit.record('settlement_list_quality', 'violation', m, [], kit.visitFund(m), 'visit',
    '结算清单住院天数填报9天，与出入院日期（6天）不符', { params: { ipt_days: 9, date_days: 6 } });
}

export function managementCases(kit: CaseKit): void {
  stays(kit);
  wardCharges(kit);
  dispensing(kit);
  persons(kit);
  quality(kit);
}
