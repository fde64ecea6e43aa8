/** Injected cases of the medical rules (医疗类: clinical reasonableness) and the clustered-visit pattern. */
import { fmtDate } from './dates.js';
import type { LineSpec } from './emit.js';
import { CaseKit, SEC, hospital, item, medical, type Made } from './cases-kit.js';
import { fmtFen } from './money.js';


function exams(kit: CaseKit): void {
  const r0 = kit.place('repeated_examination', 4);
  if (r0 === null) return;
  const p = kit.person({ gend: '2', birth: kit.birthAged(58, r0) });
  const a = kit.inst(r0, r0, hospital(2));
  kit.otp(p, a, '11', r0, ['R51.x00'], (L, t) => { L.service('头颅CT平扫', r0, t(1)); });
  const b = kit.inst(r0 + 3, r0 + 3, (i) => hospital(2)(i) && i.code !== a.code);
  let f!: LineSpec;
  const m = kit.otp(p, b, '11', r0 + 3, ['R51.x00'], (L, t) => { f = L.service('头颅CT平扫', r0 + 3, t(1)); });
  kit.record('repeated_examination', 'violation', m, [f], kit.lineAmount([f]), 'lines',
    `${fmtDate(r0)}已在${a.name}行【头颅CT平扫】，3天后诊断未变又在${b.name}重复检查`);
}

function diagnoses(kit: CaseKit): void {
  const g0 = kit.place('diagnosis_gender_conflict', 6);
  if (g0 === null) return;
  const p = kit.person({ gend: '2', birth: kit.birthAged(68, g0) });
  const m = kit.stay(p, kit.inst(g0, g0 + 5, hospital(2)), g0, g0 + 5, ['N40.x00'], (L) => {
    for (let d = g0; d < g0 + 5; d++) L.daily('注射用头孢曲松钠', d, SEC(11));
  });
  const fund = kit.visitFund(m);
  kit.record('diagnosis_gender_conflict', 'violation', m, [], fund, 'visit', '女性患者主诊断为前列腺增生（N40，限男性）');
  kit.record('settlement_list_quality', 'violation', m, [], fund, 'visit', '结算清单主诊断与性别不符（女性患者诊断前列腺增生）');
}

function rehab(kit: CaseKit): void {
  const r0 = kit.place('rehab_daily_excess', 9);
  if (r0 === null) return;
  const day = r0 + 3;
  const items = ['运动疗法', '偏瘫肢体综合训练', '关节松动训练', '作业疗法', '言语训练', '吞咽功能障碍训练'];
  const stay = (perDay: number, kind: 'violation' | 'boundary', desc: string) => {
    const p = kit.person({ gend: '1', birth: kit.birthAged(64, r0) });
    const inst = kit.inst(r0, r0 + 8, (i) => hospital(2)(i) && (i.rehab || i.depts.some((d) => d.code === 'A21')));
    const that: LineSpec[] = [];
    const m = kit.stay(p, inst, r0, r0 + 8, ['I69.300'], (L) => {
      L.service('康复评定', r0, SEC(9, 30));
      for (let d = r0 + 1; d < r0 + 8; d++) {
        const n = d === day ? perDay : 2 + ((d - r0) % 2);
        for (let k = 0; k < n; k++) {
          const l = L.service(items[(k + (d === day ? 0 : d)) % items.length], d, SEC(14, k * 10));
          if (d === day) that.push(l);
        }
      }
    }, { dept: 'A21' });
    kit.record('rehab_daily_excess', kind, m, that, kit.lineAmount(that), 'lines', desc,
      { params: { day: fmtDate(day), items: perDay } });
  };
  stay(6, 'violation', `${fmtDate(day)}一日内收取6项康复治疗（超过每日4项）`);
  stay(4, 'boundary', `${fmtDate(day)}一日内恰好收取4项康复治疗，不应提示`);
}

function herbs(kit: CaseKit): void {
  const h0 = kit.place('tcm_overdose', 1);
  if (h0 === null) return;
  const p = kit.person({ gend: '2', birth: kit.birthAged(45, h0) });
  let f!: LineSpec;
  const m = kit.otp(p, kit.inst(h0, h0, (i) => medical(i) && i.tcm && i.kind !== 'clinic'), '11', h0, ['K30.x00'], (L, t) => {
    for (const h of ['党参', '白术', '茯苓', '甘草']) L.herb(item(h), h0, t(1), 10, 7);
    f = L.herb(item('当归'), h0, t(1), 200, 7);
  }, { dept: 'A50' });
  kit.record('tcm_overdose', 'violation', m, [f], kit.lineAmount([f]), 'lines', '中药饮片【当归】每剂200克（常用量6–12克），共7剂',
    { params: { grams_per_dose: 200, doses: 7 } });
}

function consumables(kit: CaseKit): void {
  const c0 = kit.place('high_value_consumables', 7);
  if (c0 === null) return;
  const p = kit.person({ gend: '1', birth: kit.birthAged(62, c0) });
  let f!: LineSpec;
  const m = kit.stay(p, kit.inst(c0, c0 + 6, hospital(3)), c0, c0 + 6, ['I21.900'], (L) => {
    L.service('冠状动脉造影术', c0, SEC(10));
    L.service('经皮冠状动脉支架置入术', c0, SEC(10));
    L.service('局部浸润麻醉', c0, SEC(10));
    f = L.consumable('冠状动脉药物洗脱支架', c0, SEC(10, 10), 6);
    L.consumable('冠状动脉球囊扩张导管', c0, SEC(10, 10), 1);
    L.consumable('冠状动脉导引导丝', c0, SEC(10, 10), 1);
  }, { medType: '24', oprns: (dr) => [
    { proc: { code: '36.0700', name: '药物洗脱冠状动脉支架置入' }, day: c0, sec: SEC(10), main: true, anst: '3', doctor: dr },
    { proc: { code: '88.5500', name: '单根导管冠状动脉造影' }, day: c0, sec: SEC(10), main: false, anst: '3', doctor: dr }] });
  kit.record('high_value_consumables', 'violation', m, [f], kit.visitFund(m), 'visit',
    `单次经皮冠状动脉介入治疗使用药物洗脱支架6个（同类病例通常1–2个），耗材金额${fmtFen(f.fee ?? 0)}元`);
}

function clusters(kit: CaseKit): void {
  const c0 = kit.place('clustered_visits', 2);
  if (c0 === null) return;
  const used = new Set<string>();
  const group = (n: number, day: number, kind: 'violation' | 'boundary', desc: string) => {
    const clinic = kit.inst(day, day, (i) => medical(i) && i.kind === 'clinic' && !used.has(i.code) && !i.tcm);
    used.add(clinic.code);
    const made: Made[] = [];
    for (let k = 0; k < n; k++) {
      const p = kit.person({ gend: k % 2 ? '1' : '2', birth: kit.birthAged(kit.rng.int(60, 80), day), insutype: '390' });
      made.push(kit.otp(p, clinic, '11', day, ['J06.900'], (L, t) => {
        L.packs('阿莫西林胶囊', day, t(1), 1);
        L.packs('对乙酰氨基酚片', day, t(1), 1);
        L.packs('清瘟解毒胶囊', day, t(1), 1);
      }, { dept: 'A02', sec: SEC(8, 30) + k * 600 }));
    }
    const total = made.reduce((a, m) => a + kit.visitFund(m), 0);
    kit.record('clustered_visits', kind, made[0], [], total, 'members', desc, {
      members: made.map((m) => ({ psn_no: m.visit.person.psnNo, mdtrt_id: m.out.mdtrtId, setl_id: m.out.setls[0].setlId })),
      params: { institution: clinic.code, day: fmtDate(day), persons: n },
    });
  };
  group(12, c0, 'violation', '同一诊所同日12名参保人诊断均为急性上呼吸道感染，诊疗项目与药品完全相同');
  group(9, c0 + 1, 'boundary', '同一诊所同日9名参保人诊疗项目相同（少于10人），不应提示');
}

export function medicalCases(kit: CaseKit): void {
  exams(kit);
  diagnoses(kit);
  rehab(kit);
  herbs(kit);
  consumables(kit);
  clusters(kit);
}
