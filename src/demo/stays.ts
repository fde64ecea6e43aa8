/**
 * Inpatient stays of the background: per-day bed, 诊查 and nursing charges on every night of the
 * stay, treatment on every day (no idle days), tests and imaging once, surgery with its
 * consumables and settlement-list operations, rehabilitation within its limits.
 */
import { item, itemsTagged, usable, type Item } from './catalog.js';
import { dx, proc, type Diagnosis } from './icd.js';
import type { LineSpec, OprnSpec } from './emit.js';
import { Lines } from './lines.js';
import type { Person } from './persons.js';
import type { Rng } from './rng.js';
import { ageOn } from './dates.js';
import type { History } from './profiles.js';
import { IMAGING_GAP_DAYS } from './profiles.js';

export interface StayProfile {
  key: string;
  dx: string[];
  secondary?: string[];
  minAge: number;
  maxAge: number;
  sex?: '1' | '2';
  los: [number, number];
  minClass: 1 | 2 | 3;
  dept: string;
  medType: string;
  weight: (age: number) => number;
}

export const STAY_PROFILES: StayProfile[] = [
  { key: 'pneumonia', dx: ['J18.900'], minAge: 0, maxAge: 120, los: [5, 10], minClass: 1, dept: 'A03', medType: '21',
    weight: (a) => (a < 6 ? 30 : a >= 65 ? 30 : 8) },
  { key: 'copd', dx: ['J44.100'], minAge: 50, maxAge: 120, los: [7, 12], minClass: 1, dept: 'A03', medType: '21',
    weight: (a) => (a >= 65 ? 14 : 6) },
  { key: 'stroke', dx: ['I63.900'], secondary: ['I10.x00x002', 'E78.500'], minAge: 50, maxAge: 120, los: [10, 14],
    minClass: 2, dept: 'A03', medType: '21', weight: (a) => (a >= 65 ? 14 : 6) },
  { key: 'pci', dx: ['I21.900', 'I20.000'], secondary: ['I10.x00x002'], minAge: 45, maxAge: 90, los: [5, 9],
    minClass: 3, dept: 'A03', medType: '24', weight: (a) => (a >= 60 ? 6 : 3) },
  { key: 'gallstone', dx: ['K80.100', 'K80.200'], minAge: 25, maxAge: 80, los: [4, 7], minClass: 2, dept: 'A04',
    medType: '21', weight: () => 6 },
  { key: 'appendix', dx: ['K35.800'], minAge: 8, maxAge: 70, los: [3, 6], minClass: 2, dept: 'A04', medType: '24',
    weight: (a) => (a < 40 ? 8 : 3) },
  { key: 'hernia', dx: ['K40.900'], sex: '1', minAge: 30, maxAge: 85, los: [3, 5], minClass: 2, dept: 'A04',
    medType: '21', weight: () => 3 },
  { key: 'hip', dx: ['S72.000'], minAge: 65, maxAge: 120, los: [10, 16], minClass: 2, dept: 'A04', medType: '22',
    weight: (a) => (a >= 75 ? 6 : 3) },
  { key: 'turp', dx: ['N40.x00'], sex: '1', minAge: 60, maxAge: 90, los: [5, 8], minClass: 2, dept: 'A04',
    medType: '21', weight: () => 3 },
  { key: 'fibroid', dx: ['D25.900'], sex: '2', minAge: 30, maxAge: 55, los: [5, 7], minClass: 2, dept: 'A05',
    medType: '21', weight: () => 4 },
  { key: 'cataract', dx: ['H25.900'], minAge: 55, maxAge: 95, los: [1, 3], minClass: 2, dept: 'A10', medType: '21',
    weight: (a) => (a >= 65 ? 6 : 2) },
  { key: 'htn', dx: ['I10.x00x002'], minAge: 50, maxAge: 120, los: [5, 9], minClass: 1, dept: 'A03', medType: '21',
    weight: () => 5 },
  { key: 'dm', dx: ['E11.900'], minAge: 40, maxAge: 120, los: [6, 10], minClass: 1, dept: 'A03', medType: '21',
    weight: () => 4 },
  { key: 'diarrhoea', dx: ['A09.900'], minAge: 0, maxAge: 12, los: [3, 5], minClass: 1, dept: 'A07', medType: '21',
    weight: () => 10 },
  { key: 'rehab', dx: ['I69.300'], minAge: 50, maxAge: 90, los: [14, 21], minClass: 2, dept: 'A21', medType: '21',
    weight: (a) => (a >= 60 ? 4 : 2) },
];

export function eligibleProfiles(p: Person, day: number): StayProfile[] {
  const age = ageOn(p.birth, day);
  return STAY_PROFILES.filter((s) => age >= s.minAge && age <= s.maxAge && (!s.sex || s.sex === p.gend));
}

export interface StayPlan {
  adm: number;
  dscg: number;
  profile: StayProfile | 'chemo';
}

export interface StayContent {
  diags: Diagnosis[];
  lines: LineSpec[];
  oprns: OprnSpec[];
}

const SURGERY: Record<string, { items: string[]; procs: string[]; anaes: string; consumables: [string, number, number][];
  day: number }> = {
  gallstone: { items: ['腹腔镜胆囊切除术'], procs: ['51.2300'], anaes: '全身麻醉',
    consumables: [['腹腔镜用穿刺器', 1, 1]], day: 1 },
  appendix: { items: ['腹腔镜阑尾切除术'], procs: ['47.0100'], anaes: '全身麻醉',
    consumables: [['腹腔镜用穿刺器', 1, 1]], day: 0 },
  hernia: { items: ['腹股沟疝修补术'], procs: ['53.0000'], anaes: '椎管内麻醉', consumables: [], day: 1 },
  turp: { items: ['经尿道前列腺电切术'], procs: ['60.2900'], anaes: '椎管内麻醉',
    consumables: [['一次性使用导尿管', 1, 2]], day: 1 },
  fibroid: { items: ['子宫肌瘤剔除术'], procs: ['68.2900'], anaes: '全身麻醉', consumables: [], day: 1 },
  cataract: { items: ['白内障超声乳化摘除术'], procs: ['13.4100', '13.7000x001'], anaes: '局部浸润麻醉',
    consumables: [['人工晶状体', 1, 1]], day: 0 },
  pci: { items: ['冠状动脉造影术', '经皮冠状动脉支架置入术'], procs: ['36.0700', '88.5500', '00.6600'],
    anaes: '局部浸润麻醉', consumables: [['冠状动脉药物洗脱支架', 1, 2], ['冠状动脉球囊扩张导管', 1, 1],
      ['冠状动脉导引导丝', 1, 1]], day: 0 },
  hip: { items: ['人工全髋关节置换术'], procs: ['81.5100'], anaes: '椎管内麻醉', consumables: [['髋关节假体', 1, 1]],
    day: 2 },
};

const DAILY_IV: Record<string, string[][]> = {
  pneumonia: [['注射用头孢曲松钠', '左氧氟沙星氯化钠注射液', '注射用哌拉西林钠他唑巴坦钠'], ['盐酸氨溴索注射液'],
    ['注射用泮托拉唑钠']],
  copd: [['左氧氟沙星氯化钠注射液', '注射用哌拉西林钠他唑巴坦钠'], ['盐酸氨溴索注射液']],
  stroke: [['丹红通络注射液']],
  pci: [['低分子量肝素钙注射液'], ['硝酸甘油注射液']],
  gallstone: [['注射用泮托拉唑钠'], ['注射用头孢曲松钠']],
  appendix: [['注射用头孢曲松钠']],
  hernia: [],
  hip: [['低分子量肝素钙注射液'], ['注射用头孢曲松钠']],
  turp: [['注射用头孢曲松钠']],
  fibroid: [['注射用头孢曲松钠']],
  cataract: [],
  htn: [],
  dm: [],
  diarrhoea: [['5%葡萄糖注射液']],
  rehab: [],
};

const DAILY_ORAL: Record<string, string[]> = {
  pneumonia: ['盐酸氨溴索片'], copd: ['噻托溴铵粉吸入剂', '盐酸氨溴索片'], stroke: ['阿司匹林肠溶片', '阿托伐他汀钙片'],
  pci: ['阿司匹林肠溶片', '阿托伐他汀钙片', '单硝酸异山梨酯缓释片'], gallstone: ['对乙酰氨基酚片'],
  appendix: ['对乙酰氨基酚片'], hernia: ['对乙酰氨基酚片'], hip: ['对乙酰氨基酚片', '塞来昔布胶囊'],
  turp: ['左氧氟沙星片'], fibroid: ['对乙酰氨基酚片'], cataract: ['对乙酰氨基酚片'], htn: ['苯磺酸氨氯地平片', '缬沙坦胶囊'],
  dm: ['盐酸二甲双胍片', '阿卡波糖片'], diarrhoea: ['蒙脱石散'], rehab: ['阿司匹林肠溶片', '阿托伐他汀钙片'],
};

const IDLE_TYPES = new Set(['01', '02', '07']);
const MONITORED = new Set(['pci', 'stroke', 'copd', 'pneumonia', 'hip', 'appendix', 'gallstone']);

const REHAB_ITEMS = itemsTagged('rehab').filter((i) => usable(i) && !i.tags.has('course-item') && !i.tags.has('rehab-assess'));

function imagingFor(key: string, cls: number): string | null {
  switch (key) {
    case 'pneumonia': case 'copd': return cls >= 2 ? '胸部CT平扫' : '胸部X线摄影';
    case 'stroke': return '头颅CT平扫';
    case 'pci': return '心脏彩色多普勒超声';
    case 'gallstone': case 'appendix': return '腹部彩色多普勒超声';
    case 'hip': return '胸部X线摄影';
    case 'turp': return '经直肠前列腺超声';
    case 'htn': case 'dm': return '常规心电图检查';
    default: return null;
  }
}

/** Fee lines, diagnoses and operations of one background stay. */
export function stayContent(rng: Rng, p: Person, h: History, L: Lines, plan: StayPlan): StayContent {
  const { adm, dscg } = plan;
  const key = plan.profile === 'chemo' ? 'chemo' : plan.profile.key;
  const oprns: OprnSpec[] = [];
  const cls = L.inst.cls;
  const sec = (k: number) => 8 * 3600 + k * 900 + rng.int(0, 600);
  // Drugs the person takes at home are not re-dispensed on the ward (no overlap with their supply).
  const oral = (names: string[]) => names.map((n) => safeItem(n)).filter((i): i is Item => !!i && usable(i) &&
    !h.chronicPrefixes.has(i.drug!.prefix));
  const nursing = key === 'pci' || key === 'hip' ? '一级护理' : '二级护理';
  for (let d = adm; d < dscg; d++) {
    L.service('普通病房床位费', d, sec(0));
    L.service('住院诊查费', d, sec(1));
    L.service(nursing, d, sec(2));
  }
  const ivGroups = key === 'chemo' ? [['盐酸昂丹司琼注射液'], ['益气扶正注射液']] : DAILY_IV[key];
  const ivDays = Math.max(1, dscg - adm);
  const ivChoice = ivGroups.map((g) => item(rng.pick(g)));
  for (let k = 0; k < ivDays; k++) {
    const d = adm + k;
    let bags = 0;
    for (const drug of ivChoice) {
      for (const dose of L.administrations(drug, d, sec(0))) {
        // Each infusion comes with its own carrier bag.
        const base = L.daily('0.9%氯化钠注射液', d, dose.sec);
        base.cnt = 1;
        bags++;
        if (k === 1 && rng.chance(0.02)) L.giveBack(base, d, dose.sec + 600, 1);
      }
    }
    if (ivChoice.length) {
      L.service('静脉输液', d, sec(4), bags);
      L.consumable('一次性使用输液器', d, sec(4), bags);
      L.consumable('一次性使用无菌注射器', d, sec(4), 2);
      if (k % 3 === 0) L.consumable('静脉留置针', d, sec(4));
    }
  }
  if (MONITORED.has(key)) {
    for (let d = adm; d < Math.min(dscg, adm + 3); d++) {
      L.service('心电监测', d, sec(3), 24);
      L.service('血氧饱和度监测', d, sec(3), 24);
    }
  }
  if (key === 'stroke' && !h.courseDrugUsed) {
    // The 14-day course drug for at most 10 days, once per person.
    h.courseDrugUsed = true;
    for (let d = adm; d < Math.min(dscg, adm + 10); d++) L.daily('脑络通注射液', d, sec(5));
  }
  const orals = oral(key === 'chemo' ? [] : DAILY_ORAL[key] ?? []);
  for (let d = adm; d <= dscg; d++) {
    for (const o of orals) {
      if (d === dscg) L.daily(o, d, 7 * 3600 + 1800);
      else L.administrations(o, d, sec(3));
    }
  }
  if (key === 'pneumonia' || key === 'copd') {
    for (let d = adm; d < Math.min(dscg, adm + 3); d++) L.service('持续吸氧', d, sec(6));
    if (key === 'copd' || rng.chance(0.5)) for (let d = adm; d < dscg; d++) L.service('雾化吸入', d, sec(7));
  }
  if (ivChoice.some((i) => i.drug!.route === '静脉注射')) {
    for (let d = adm; d < dscg; d++) L.service('静脉注射', d, sec(4));
  }
  // Tests on admission and mid-stay.
  L.service('血细胞分析', adm, sec(9));
  L.service('肝功能检测', adm, sec(9));
  L.service('肾功能检测', adm, sec(9));
  if (key === 'pneumonia' || key === 'copd' || key === 'appendix') L.service('C反应蛋白测定', adm, sec(9));
  if (SURGERY[key]) L.service('凝血功能检查', adm, sec(9));
  if (key === 'dm' || p.chronic.has('dm')) {
    for (let d = adm; d <= dscg; d++) L.service('快速血糖测定', d, d === dscg ? 7 * 3600 : sec(10), d === dscg ? 1 : 4);
    if (key === 'dm' && (h.hba1c === null || adm - h.hba1c >= 75)) {
      L.service('糖化血红蛋白测定', adm, sec(10));
      h.hba1c = adm;
    }
  }
  if (key === 'chemo') L.service('肿瘤标志物测定', adm, sec(9));
  L.service('静脉采血', adm, sec(9));
  for (let d = adm + 3; d < dscg; d += 3) {
    L.service('血细胞分析', d, sec(9));
    L.service(d % 2 ? 'C反应蛋白测定' : '肾功能检测', d, sec(9));
    L.service('静脉采血', d, sec(9));
  }
  // Discharge day: a test and the day's drugs, never an idle day.
  if (!orals.length) L.service('血细胞分析', dscg, 7 * 3600 + rng.int(0, 1800));
  const img = imagingFor(key, cls);
  if (img) {
    const it = item(img);
    const d = key === 'stroke' || key === 'pci' || key === 'appendix' ? adm : Math.min(adm + 1, dscg);
    if (!it.tags.has('imaging') || h.imaging.get(it.code) === undefined || d - h.imaging.get(it.code)! >= IMAGING_GAP_DAYS) {
      L.service(it, d, sec(11));
      if (it.tags.has('imaging')) h.imaging.set(it.code, d);
    }
  }
  const surg = SURGERY[key];
  if (surg) {
    const d = Math.min(adm + surg.day, dscg);
    const surgeon = L.doctor;
    for (const s of surg.items) L.service(s, d, 10 * 3600);
    L.service(surg.anaes, d, 10 * 3600);
    for (const [c, lo, hi] of surg.consumables) L.consumable(c, d, 10 * 3600 + 600, rng.int(lo, hi));
    surg.procs.forEach((c, i) => oprns.push({ proc: proc(c), day: d, sec: 10 * 3600, main: i === 0,
      anst: surg.anaes === '全身麻醉' ? '1' : surg.anaes === '椎管内麻醉' ? '2' : '3', doctor: surgeon }));
  }
  if (key === 'chemo') {
    const d = Math.min(adm + 1, dscg);
    L.daily('紫杉醇注射液', d, sec(5));
    L.daily('注射用顺铂', d, sec(5));
    oprns.push({ proc: proc('99.2500'), day: d, sec: sec(5), main: true, anst: '', doctor: L.doctor });
  }
  if (key === 'stroke' || key === 'rehab') {
    const from = key === 'stroke' ? adm + 3 : adm + 1;
    if (from < dscg) L.service('康复评定', from, sec(12));
    const useCourse = !h.courseItemUsed;
    if (useCourse) h.courseItemUsed = true;
    for (let d = from; d < dscg; d++) {
      const n = rng.int(2, 3);
      const todays = rng.sample(REHAB_ITEMS, useCourse && d - from < 20 ? n - 1 : n);
      for (const r of todays) L.service(r, d, sec(13));
      if (useCourse && d - from < 20) L.service('平衡功能训练', d, sec(13));
    }
  }
  if (key === 'pneumonia' && ageOn(p.birth, adm) >= 70 && rng.chance(0.3)) {
    for (let d = adm + 1; d < Math.min(dscg, adm + 5); d++) L.daily('中长链脂肪乳注射液', d, sec(14));
  }
  // No idle day: any day with only bed, 诊查 or nursing charges gets its infusion.
  const busy = new Set(L.out.filter((l) => !IDLE_TYPES.has(l.item.chrgType)).map((l) => l.day));
  for (let d = adm; d <= dscg; d++) {
    if (busy.has(d)) continue;
    L.daily('0.9%氯化钠注射液', d, 7 * 3600 + 2700);
    L.service('静脉输液', d, 7 * 3600 + 2700);
  }
  const diags: Diagnosis[] = key === 'chemo' ? [dx('Z51.100'), dx('C34.900')]
    : [dx(rng.pick((plan.profile as StayProfile).dx)),
      ...((plan.profile as StayProfile).secondary ?? []).filter(() => rng.chance(0.5)).map(dx)];
  return { diags, lines: L.out, oprns };
}

function safeItem(name: string): Item | null {
  try {
    return item(name);
  } catch {
    return null;
  }
}
