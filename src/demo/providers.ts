/**
 * Designated institutions (hospitals of every level, primary care, clinics, retail pharmacies)
 * with their agreement status history, and the 医保医师 registered at each, with theirs.
 */
import type { Rng } from './rng.js';
import { personName } from './ids.js';

/** Vocabulary of the reference tables' status columns, as the demo writes them. */
/** agreement_status as the import contract defines it: 1 正常, 2 中止, 3 解除. */
export const AGREEMENT_STATUS = { active: '1', suspended: '2', terminated: '3' } as const;
/** dr_status: 1 正常, 0 暂停 (the import contract); 2 注销 is this region's addition for a removed doctor. */
export const DOCTOR_STATUS = { active: '1', suspended: '0', revoked: '2' } as const;
/** fixmedins_type: 1 定点医疗机构, 2 定点零售药店. */
export const FIXMEDINS_TYPE = { medical: '1', pharmacy: '2' } as const;

export const CITY = { admdvs: '339900', name: '江源市' };
export const COUNTIES = [
  { admdvs: '339902', name: '城东区' },
  { admdvs: '339903', name: '城西区' },
  { admdvs: '339921', name: '青山县' },
  { admdvs: '339922', name: '白水县' },
  { admdvs: '339923', name: '临河县' },
  { admdvs: '339981', name: '云岭市' },
];

export type InstKind = 'tertiary' | 'secondary' | 'primary' | 'community' | 'clinic' | 'pharmacy';

export interface Dept {
  code: string;
  name: string;
}

export const DEPTS: Record<string, Dept> = Object.fromEntries(([
  ['A02', '全科医疗科'], ['A03', '内科'], ['A04', '外科'], ['A05', '妇产科'], ['A07', '儿科'], ['A10', '眼科'],
  ['A19', '肿瘤科'], ['A20', '急诊医学科'], ['A21', '康复医学科'], ['A50', '中医科'], ['P01', '药房'],
] as const).map(([code, name]) => [code, { code, name }]));

export interface StatusPeriod {
  status: string;
  begin: number;
  /** Inclusive; null while open. */
  end: number | null;
}

export interface Doctor {
  code: string;
  name: string;
  inst: Institution;
  dept: Dept;
  periods: StatusPeriod[];
}

export interface Institution {
  code: string;
  name: string;
  kind: InstKind;
  hospLv: string;
  /** 1, 2 or 3, from hosp_lv as the rule catalogue maps it. */
  cls: 1 | 2 | 3;
  admdvs: string;
  type: string;
  periods: StatusPeriod[];
  depts: Dept[];
  doctors: Doctor[];
  byDept: Map<string, Doctor[]>;
  beds: boolean;
  tcm: boolean;
  rehab: boolean;
  /** Role in the injected cases ('suspended', 'terminated'), if any. */
  role?: string;
}

export function classOfHospLv(lv: string): 1 | 2 | 3 {
  if (['01', '02', '03', '04', '12'].includes(lv)) return 3;
  if (['05', '06', '07', '13'].includes(lv)) return 2;
  return 1;
}

export function statusOn(periods: readonly StatusPeriod[], day: number): string | null {
  for (const p of periods) if (day >= p.begin && (p.end === null || day <= p.end)) return p.status;
  return null;
}

export function activeThrough(periods: readonly StatusPeriod[], from: number, to: number): boolean {
  for (const p of periods) {
    if (p.status === AGREEMENT_STATUS.active) continue;
    if (p.begin <= to && (p.end === null || p.end >= from)) return false;
  }
  return statusOn(periods, from) === AGREEMENT_STATUS.active;
}

interface InstDef {
  name: string;
  kind: InstKind;
  lv: string;
  county: number;
  depts: string;
  tcm?: boolean;
  rehab?: boolean;
  role?: string;
}

const HOSPITALS: InstDef[] = [
  { name: '江源大学附属第一医院', kind: 'tertiary', lv: '01', county: 0, depts: 'A03 A04 A05 A07 A10 A19 A20 A21 A50' },
  { name: '江源市人民医院', kind: 'tertiary', lv: '02', county: 0, depts: 'A03 A04 A05 A07 A10 A19 A20 A21 A50' },
  { name: '江源市中心医院', kind: 'tertiary', lv: '02', county: 1, depts: 'A03 A04 A05 A07 A10 A19 A20 A21' },
  { name: '江源市中医院', kind: 'tertiary', lv: '03', county: 0, depts: 'A50 A03 A04 A20 A21', tcm: true, rehab: true },
  { name: '江源市第二人民医院', kind: 'tertiary', lv: '04', county: 1, depts: 'A03 A04 A05 A07 A20' },
  { name: '江源市妇幼保健院', kind: 'tertiary', lv: '12', county: 0, depts: 'A05 A07 A20' },
  { name: '青山县人民医院', kind: 'secondary', lv: '05', county: 2, depts: 'A03 A04 A05 A07 A10 A20 A21' },
  { name: '白水县人民医院', kind: 'secondary', lv: '05', county: 3, depts: 'A03 A04 A05 A07 A10 A20' },
  { name: '临河县人民医院', kind: 'secondary', lv: '06', county: 4, depts: 'A03 A04 A05 A07 A20' },
  { name: '云岭市人民医院', kind: 'secondary', lv: '05', county: 5, depts: 'A03 A04 A05 A07 A10 A20 A21' },
  { name: '青山县中医院', kind: 'secondary', lv: '07', county: 2, depts: 'A50 A03 A21', tcm: true, rehab: true },
  { name: '白水县中医院', kind: 'secondary', lv: '06', county: 3, depts: 'A50 A03 A04', tcm: true },
  { name: '江源市康复医院', kind: 'secondary', lv: '13', county: 1, depts: 'A21 A03', rehab: true },
  { name: '江源仁和骨科医院', kind: 'secondary', lv: '13', county: 1, depts: 'A04 A21' },
  { name: '城西区人民医院', kind: 'secondary', lv: '06', county: 1, depts: 'A03 A04 A07 A20' },
  { name: '城东区第三医院', kind: 'primary', lv: '08', county: 0, depts: 'A03 A04 A07 A20 A50' },
  { name: '临河县第二人民医院', kind: 'primary', lv: '09', county: 4, depts: 'A03 A04 A07 A20' },
  { name: '云岭市第二人民医院', kind: 'primary', lv: '10', county: 5, depts: 'A03 A04 A07' },
  { name: '江源康宁医院', kind: 'primary', lv: '14', county: 0, depts: 'A03 A04 A50' },
  { name: '江源济民医院', kind: 'primary', lv: '14', county: 1, depts: 'A03 A04 A50', role: 'suspended' },
  { name: '青山县第二人民医院', kind: 'primary', lv: '08', county: 2, depts: 'A03 A04 A07' },
  { name: '白水县第二人民医院', kind: 'primary', lv: '09', county: 3, depts: 'A03 A04 A07' },
];

const COMMUNITY_NAMES: [string, number][] = [
  ['城东区东湖街道社区卫生服务中心', 0], ['城东区文昌街道社区卫生服务中心', 0], ['城东区新华街道社区卫生服务中心', 0],
  ['城西区西山街道社区卫生服务中心', 1], ['城西区河滨街道社区卫生服务中心', 1], ['城西区北门街道社区卫生服务中心', 1],
  ['青山县青石镇中心卫生院', 2], ['青山县龙口乡卫生院', 2], ['青山县桃源镇卫生院', 2],
  ['白水县白沙镇中心卫生院', 3], ['白水县柳溪乡卫生院', 3], ['白水县石门镇卫生院', 3],
  ['临河县河口镇中心卫生院', 4], ['临河县双桥乡卫生院', 4], ['临河县杨柳镇卫生院', 4],
  ['云岭市云峰镇中心卫生院', 5], ['云岭市松林乡卫生院', 5], ['云岭市清泉镇卫生院', 5],
];

const CLINIC_NAMES: [string, number, string?][] = [
  ['江源东湖诊所', 0], ['江源仁济诊所', 0], ['江源康泰中医诊所', 1], ['江源博爱诊所', 1, 'terminated'],
  ['青山县惠民诊所', 2], ['白水县安康诊所', 3], ['临河县同心诊所', 4], ['云岭市百草中医诊所', 5],
];

const PHARMACY_CHAINS = ['江源百姓大药房', '益寿堂大药房', '仁心大药房', '康源药房', '同济堂药店'];
const PHARMACY_BRANCHES = ['东湖店', '文昌店', '新华店', '西山店', '河滨店', '北门店', '青石店', '桃源店', '白沙店', '柳溪店',
  '河口店', '杨柳店', '云峰店', '松林店', '人民路店', '解放路店', '中山路店', '建设路店', '火车站店', '汽车站店',
  '滨江店', '花园店', '学府店', '工业园店', '城南店', '城北店', '金桥店', '和平店', '幸福店', '长安店'];

const STAFF_PER_DEPT: Record<InstKind, [number, number]> = {
  tertiary: [5, 7], secondary: [3, 5], primary: [2, 3], community: [2, 2], clinic: [1, 2], pharmacy: [2, 3],
};

export interface Providers {
  institutions: Institution[];
  doctors: Doctor[];
  byCode: Map<string, Institution>;
  /** Dates of the special agreement periods, for the injected cases. */
  suspension: { begin: number; end: number };
  termination: number;
  /** Doctor suspensions used by the cases and avoided by the background. */
  doctorSuspension: { begin: number; end: number };
}

/** Institutions and doctors for a window [start, end). Status periods are placed inside it. */
export function buildProviders(rng: Rng, start: number, end: number): Providers {
  const span = end - start;
  const period = (from: number, len: number) => ({ begin: start + Math.floor(span * from),
    end: start + Math.floor(span * from) + Math.max(10, Math.floor(span * len)) });
  const suspension = period(0.45, 0.15);
  const termination = start + Math.floor(span * 0.6);
  const doctorSuspension = period(0.3, 0.2);
  const institutions: Institution[] = [];
  const seqByCounty = new Map<string, number>();
  const nextCode = (prefix: 'H' | 'P', admdvs: string): string => {
    const k = prefix + admdvs;
    const n = (seqByCounty.get(k) ?? 0) + 1 + rng.int(0, 40);
    seqByCounty.set(k, n);
    return `${prefix}${admdvs}${String(n).padStart(5, '0')}`;
  };
  const add = (def: InstDef, type: string): void => {
    const county = COUNTIES[def.county];
    const code = nextCode(type === FIXMEDINS_TYPE.pharmacy ? 'P' : 'H', county.admdvs);
    const agreed = start - rng.int(400, 3000);
    const periods: StatusPeriod[] = [];
    if (def.role === 'suspended') {
      periods.push({ status: AGREEMENT_STATUS.active, begin: agreed, end: suspension.begin - 1 },
        { status: AGREEMENT_STATUS.suspended, begin: suspension.begin, end: suspension.end },
        { status: AGREEMENT_STATUS.active, begin: suspension.end + 1, end: null });
    } else if (def.role === 'terminated') {
      periods.push({ status: AGREEMENT_STATUS.active, begin: agreed, end: termination - 1 },
        { status: AGREEMENT_STATUS.terminated, begin: termination, end: null });
    } else {
      periods.push({ status: AGREEMENT_STATUS.active, begin: agreed, end: null });
    }
    const cls = classOfHospLv(def.lv);
    const depts = def.depts.split(' ').map((d) => DEPTS[d]);
    institutions.push({
      code, name: def.name, kind: def.kind, hospLv: def.lv, cls, admdvs: county.admdvs, type, periods, depts,
      doctors: [], byDept: new Map(), beds: def.kind !== 'clinic' && def.kind !== 'pharmacy',
      tcm: def.tcm ?? false, rehab: def.rehab ?? false, role: def.role,
    });
  };
  for (const h of HOSPITALS) add(h, FIXMEDINS_TYPE.medical);
  for (const [name, county] of COMMUNITY_NAMES) {
    add({ name, kind: 'community', lv: '11', county, depts: 'A02 A03 A50' }, FIXMEDINS_TYPE.medical);
  }
  for (const [name, county, role] of CLINIC_NAMES) {
    add({ name, kind: 'clinic', lv: '11', county, depts: 'A02', tcm: name.includes('中医'), role },
      FIXMEDINS_TYPE.medical);
  }
  PHARMACY_BRANCHES.forEach((branch, i) => {
    const role = i === 4 ? 'suspended' : i === 11 ? 'terminated' : undefined;
    add({ name: `${PHARMACY_CHAINS[i % PHARMACY_CHAINS.length]}(${branch})`, kind: 'pharmacy', lv: '11',
      county: i % COUNTIES.length, depts: 'P01', role }, FIXMEDINS_TYPE.pharmacy);
  });

  const doctors: Doctor[] = [];
  let drSeq = 0;
  for (const inst of institutions) {
    const [lo, hi] = STAFF_PER_DEPT[inst.kind];
    for (const dept of inst.depts) {
      const list: Doctor[] = [];
      const n = rng.int(lo, hi);
      for (let k = 0; k < n; k++) {
        drSeq++;
        const code = `D${inst.admdvs}${String(drSeq).padStart(5, '0')}`;
        const since = start - rng.int(200, 4000);
        const d: Doctor = { code, name: personName(rng, rng.chance(0.5) ? '1' : '2'), inst, dept,
          periods: [{ status: DOCTOR_STATUS.active, begin: since, end: null }] };
        list.push(d);
        doctors.push(d);
        inst.doctors.push(d);
      }
      inst.byDept.set(dept.code, list);
    }
  }
  // A few suspended and revoked doctors, always where a colleague in the department can stand in.
  const eligible = doctors.filter((d) => (d.inst.byDept.get(d.dept.code)?.length ?? 0) >= 3 && d.inst.kind !== 'pharmacy' &&
    !d.inst.role);
  const chosen = rng.sample(eligible, 8);
  chosen.forEach((d, i) => {
    const since = d.periods[0].begin;
    if (i < 6) {
      const b = i === 0 ? doctorSuspension.begin : doctorSuspension.begin + rng.int(-10, 20);
      const e = i === 0 ? doctorSuspension.end : b + rng.int(10, 40);
      d.periods = [{ status: DOCTOR_STATUS.active, begin: since, end: b - 1 }, { status: DOCTOR_STATUS.suspended, begin: b, end: e },
        { status: DOCTOR_STATUS.active, begin: e + 1, end: null }];
    } else {
      const r = start + rng.int(Math.floor(span * 0.2), Math.floor(span * 0.8));
      d.periods = [{ status: DOCTOR_STATUS.active, begin: since, end: r - 1 }, { status: DOCTOR_STATUS.revoked, begin: r, end: null }];
    }
  });
  return { institutions, doctors, byCode: new Map(institutions.map((i) => [i.code, i])), suspension, termination,
    doctorSuspension };
}

/** The doctor suspended over `doctorSuspension` exactly (the first one chosen above). */
export function caseDoctor(p: Providers): Doctor {
  const d = p.doctors.find((x) => x.periods.length === 3 && x.periods[1].begin === p.doctorSuspension.begin &&
    x.periods[1].end === p.doctorSuspension.end);
  if (!d) throw new Error('no suspended doctor for the cases');
  return d;
}

/** An active doctor of the department (any department as a fallback) over [from, to]. */
export function pickDoctor(rng: Rng, inst: Institution, deptCode: string, from: number, to: number): Doctor {
  const pool = (inst.byDept.get(deptCode) ?? []).filter((d) => activeThrough(d.periods, from, to));
  if (pool.length) return rng.pick(pool);
  const any = inst.doctors.filter((d) => activeThrough(d.periods, from, to));
  if (!any.length) throw new Error(`no active doctor at ${inst.name}`);
  return rng.pick(any);
}
