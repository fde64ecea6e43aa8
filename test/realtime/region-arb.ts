/**
 * Random regions for the differential tests (fast-check): institutions with agreement histories,
 * doctors, persons of all ages, visits of every kind close together in time, lines drawn from the
 * codes the knowledge names (national batches plus random knowledge rows), diagnoses, operations,
 * returns and refunds. A plan is plain JSON, so a failing case prints as a readable counterexample.
 */
import fc from 'fast-check';
import type { Warehouse } from '../../src/store/warehouse.js';
import { RegionBuilder } from '../rules/builders.js';

export interface CodePool {
  /** Codes the national knowledge restricts, by what restricts them. */
  knowledge: string[];
  /** Main/sub code pairs of the duplicate-charge batch. */
  dupPairs: [string, string][];
  diagnoses: string[];
  procedures: string[];
}

/** Random knowledge rows added as their own set; their codes join the pool. */
export interface RandomKnowledge {
  drug: { code: string; gend: string | null; age_min: number | null; age_max: number | null; insu_type: string | null;
    visit_types: string[] | null; hosp_class_min: number | null; course_days: number | null }[];
  item: { code: string; gend: string | null; age_min: number | null; age_max: number | null; lmt_cnt: string | null;
    lmt_cnt_unit: string | null; working_age_only: boolean | null; total_days: number | null; min_interval_days: number | null;
    period_max_cnt: number | null; period_days: number | null }[];
}

export interface LinePlan {
  code: number; // index into the visit's code list (the pool)
  cnt: string;
  pric: string;
  day: number; // days after the visit's begin (clamped to its end)
  hour: number;
  ownpay: boolean;
  chrgitm: string;
  dr: number;
  prd_days: number | null;
  freq: string | null;
  returned: boolean;
}

export interface VisitPlan {
  psn: number;
  inst: number;
  med_type: string;
  begin: number; // day offset from 2023-03-01
  days: number;
  diag: number[];
  oprn: number[];
  lines: LinePlan[];
  refunded: boolean;
  dscg_way: string;
}

export interface RegionPlan {
  persons: { gend: string; birthYear: number; birthDay: number; die: number | null; insutype: string }[];
  institutions: { hosp_lv: string; type: string; suspendedFrom: number | null }[];
  doctors: { inst: number; suspendedFrom: number | null }[];
  prices: { code: number; cls: string; max: string }[];
  knowledge: RandomKnowledge;
  visits: VisitPlan[];
}

const DAY0 = Date.parse('2023-03-01T00:00:00Z');
const day = (n: number) => new Date(DAY0 + n * 86_400_000).toISOString().slice(0, 10);
const MED_TYPES = ['11', '11', '14', '21', '21', '2101', '41', '52', '12'];
const CHRGITM = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13', '14'];
const PLAIN = ['001102000010000', '001109000010000', '002101030300000', '210300001', '004', 'C0202010010100104744',
  'XN02BEB075A001010103443', '001201000010000', 'XN02BEB075A001010103444', '001102000010001'];

/** Codes the national knowledge in this warehouse restricts, a few per feature (deterministic). */
export async function codePool(wh: Warehouse): Promise<CodePool> {
  const codes = async (sql: string) => (await wh.all<{ c: string }>(sql)).map((r) => r.c);
  const feats = ['gend IS NOT NULL', 'age_group IS NOT NULL', 'insu_type IS NOT NULL', 'len(visit_types) > 0',
    'hosp_class_min IS NOT NULL', 'course_days IS NOT NULL'];
  const itemFeats = ['gend IS NOT NULL', 'age_group IS NOT NULL', 'lmt_cnt IS NOT NULL', 'working_age_only',
    'total_days IS NOT NULL', 'min_interval_days IS NOT NULL', 'period_max_cnt IS NOT NULL', 'surgery_group IS NOT NULL'];
  const knowledge: string[] = [];
  for (const f of feats) knowledge.push(...await codes(`SELECT DISTINCT hilist_code AS c FROM kn_effective_drug_restriction WHERE ${f} ORDER BY 1 LIMIT 3`));
  for (const f of itemFeats) knowledge.push(...await codes(`SELECT DISTINCT hilist_code AS c FROM kn_effective_item_restriction WHERE ${f} ORDER BY 1 LIMIT 3`));
  const dupPairs = (await wh.all<{ m: string; s: string }>(`SELECT main_hilist_code AS m, sub_hilist_code AS s
    FROM kn_effective_duplicate_charge ORDER BY freq_scope, main_hilist_code, sub_hilist_code LIMIT 6`)).map((r) => [r.m, r.s] as [string, string]);
  const diagnoses = [...await codes(`SELECT diag_code AS c FROM kn_effective_icd_diagnosis
      WHERE diag_code SIMILAR TO '(O|N4|N7|N8|C5|C6|J18|I21|E11|Z|R).*' ORDER BY hash(diag_code) LIMIT 24`),
    'J18.900', 'I10.x00', 'E11.900', 'O80.000', 'N40.x00', 'R50.900'];
  const procedures = [...await codes(`SELECT oprn_oprt_code AS c FROM kn_effective_icd_procedure ORDER BY hash(oprn_oprt_code) LIMIT 8`),
    '36.0700', '88.5500'];
  return { knowledge: [...new Set(knowledge)], dupPairs, diagnoses, procedures };
}

const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null, freq: 2 });

const randomKnowledge: fc.Arbitrary<RandomKnowledge> = fc.record({
  drug: fc.array(fc.record({
    code: fc.constantFrom('XR00000000000000000001', 'XR00000000000000000002', 'ZR00000000000000000003').map((c) => `${c}A`),
    gend: maybe(fc.constantFrom('1', '2')), age_min: maybe(fc.integer({ min: 0, max: 70 })), age_max: maybe(fc.integer({ min: 1, max: 90 })),
    insu_type: maybe(fc.constantFrom('工伤', '生育')), visit_types: maybe(fc.subarray(['住院', '门诊', '急诊'], { minLength: 1 })),
    hosp_class_min: maybe(fc.constantFrom(2, 3)), course_days: maybe(fc.integer({ min: 1, max: 20 })),
  }), { maxLength: 3 }),
  item: fc.array(fc.record({
    code: fc.constantFrom('990000000000001', '990000000000002', '990000000000003'),
    gend: maybe(fc.constantFrom('1', '2')), age_min: maybe(fc.integer({ min: 0, max: 70 })), age_max: maybe(fc.integer({ min: 1, max: 90 })),
    lmt_cnt: maybe(fc.constantFrom('1', '2', '3')), lmt_cnt_unit: fc.constant('日'),
    working_age_only: maybe(fc.boolean()), total_days: maybe(fc.integer({ min: 1, max: 20 })),
    min_interval_days: maybe(fc.integer({ min: 1, max: 10 })), period_max_cnt: maybe(fc.integer({ min: 1, max: 3 })),
    period_days: maybe(fc.constantFrom(7, 30, 365)),
  }).map((r) => ({ ...r, lmt_cnt_unit: r.lmt_cnt ? r.lmt_cnt_unit : null,
    period_days: r.period_max_cnt ? r.period_days ?? 30 : null, period_max_cnt: r.period_days ? r.period_max_cnt : null })),
  { maxLength: 3 }),
});

/** True about one time in eight. */
const rarely = fc.nat({ max: 7 }).map((n) => n === 0);

const line = (nCodes: number): fc.Arbitrary<LinePlan> => fc.record({
  code: fc.nat({ max: nCodes - 1 }),
  cnt: fc.constantFrom('1', '1', '2', '3', '5', '0.5', '10'),
  pric: fc.constantFrom('0.55', '10', '12.3456', '100', '1234.5', '6800'),
  day: fc.nat({ max: 12 }),
  hour: fc.integer({ min: 0, max: 23 }),
  ownpay: fc.boolean(),
  chrgitm: fc.constantFrom(...CHRGITM),
  dr: fc.nat({ max: 3 }),
  prd_days: maybe(fc.integer({ min: 1, max: 40 })),
  freq: maybe(fc.constantFrom('qd', 'bid', 'tid', 'qid', 'q8h', 'prn')),
  returned: rarely,
});

/** A region plan over a code pool. */
export function regionPlan(pool: CodePool): fc.Arbitrary<RegionPlan> {
  const nCodes = pool.knowledge.length + pool.dupPairs.length * 2 + PLAIN.length + 6;
  return fc.record({
    persons: fc.array(fc.record({
      gend: fc.constantFrom('1', '2'), birthYear: fc.integer({ min: 1935, max: 2022 }), birthDay: fc.integer({ min: 0, max: 364 }),
      die: maybe(fc.integer({ min: 0, max: 60 })), insutype: fc.constantFrom('310', '390', '410', '510'),
    }), { minLength: 1, maxLength: 4 }),
    institutions: fc.array(fc.record({
      hosp_lv: fc.constantFrom('01', '05', '08', '11'), type: fc.constantFrom('1', '1', '2'),
      suspendedFrom: maybe(fc.integer({ min: 0, max: 60 })),
    }), { minLength: 1, maxLength: 3 }),
    doctors: fc.array(fc.record({ inst: fc.nat({ max: 2 }), suspendedFrom: maybe(fc.integer({ min: 0, max: 60 })) }), { minLength: 1, maxLength: 4 }),
    prices: fc.array(fc.record({ code: fc.nat({ max: nCodes - 1 }), cls: fc.constantFrom('1', '2', '3'), max: fc.constantFrom('5', '100', '1000') }), { maxLength: 4 }),
    knowledge: randomKnowledge,
    visits: fc.array(fc.record({
      psn: fc.nat({ max: 3 }), inst: fc.nat({ max: 2 }), med_type: fc.constantFrom(...MED_TYPES),
      begin: fc.nat({ max: 60 }), days: fc.nat({ max: 12 }),
      diag: fc.array(fc.nat({ max: pool.diagnoses.length - 1 }), { maxLength: 3 }),
      oprn: fc.array(fc.nat({ max: pool.procedures.length - 1 }), { maxLength: 2 }),
      lines: fc.array(line(nCodes), { minLength: 1, maxLength: 6 }),
      refunded: rarely,
      dscg_way: fc.constantFrom('1', '1', '4', '5'),
    }), { minLength: 1, maxLength: 10 }),
  });
}

/** The plan as a region (files written by the RegionBuilder) and its random knowledge rows. */
export function buildRegion(plan: RegionPlan, pool: CodePool): RegionBuilder {
  const codes = [...pool.knowledge, ...pool.dupPairs.flat(), ...PLAIN,
    ...plan.knowledge.drug.map((d) => d.code), ...plan.knowledge.item.map((i) => i.code)];
  const code = (i: number) => codes[i % codes.length];
  const r = new RegionBuilder();
  const persons = plan.persons.map((p, i) => {
    const id = `P${i + 1}`;
    const brdy = new Date(Date.UTC(p.birthYear, 0, 1) + p.birthDay * 86_400_000).toISOString().slice(0, 10);
    r.person(id, { gend: p.gend, brdy, die_date: p.die === null ? undefined : day(p.die), insutype: p.insutype });
    return id;
  });
  const insts = plan.institutions.map((inst, i) => {
    const id = `${inst.type === '2' ? 'P' : 'H'}${i + 1}`;
    r.institution(id, { hosp_lv: inst.hosp_lv, type: inst.type, periods: inst.suspendedFrom === null
      ? [{ status: '1', begin: '2020-01-01' }]
      : [{ status: '1', begin: '2020-01-01', end: day(inst.suspendedFrom - 1) }, { status: '2', begin: day(inst.suspendedFrom) }] });
    return id;
  });
  const doctors = plan.doctors.map((d, i) => {
    const id = `D${i + 1}`;
    const inst = insts[d.inst % insts.length];
    r.doctor(id, inst, d.suspendedFrom === null ? [{ status: '1', begin: '2020-01-01' }]
      : [{ status: '1', begin: '2020-01-01', end: day(d.suspendedFrom - 1) }, { status: '0', begin: day(d.suspendedFrom) }]);
    return id;
  });
  for (const p of plan.prices) r.price(code(p.code), p.cls, p.max);
  for (const v of plan.visits) {
    const inpatient = /^(2|52)/.test(v.med_type);
    const days = inpatient ? Math.max(1, v.days) : v.med_type === '14' ? Math.min(v.days, 1) : 0;
    const visit = r.visit({ psn: persons[v.psn % persons.length], inst: insts[v.inst % insts.length], med_type: v.med_type,
      begin: day(v.begin), end: day(v.begin + days), diag: v.diag.map((d) => pool.diagnoses[d]),
      oprn: v.oprn.map((o) => ({ code: pool.procedures[o] })), dscg_way: v.dscg_way });
    for (const l of v.lines) {
      const c = code(l.code);
      const t = `${day(v.begin + Math.min(l.day, days))} ${String(l.hour).padStart(2, '0')}:15:00`;
      const sn = visit.line({ code: c, cnt: l.cnt, pric: l.pric, time: t, ownpay: l.ownpay ? '0.50' : 0,
        med_chrgitm_type: /^[XZ]/.test(c) ? '09' : c.startsWith('C') ? '08' : l.chrgitm, dr: doctors[l.dr % doctors.length],
        prd_days: l.prd_days ?? undefined, used_frqu_dscr: l.freq ?? undefined });
      if (l.returned) visit.line({ code: c, cnt: l.cnt, pric: l.pric, time: t, returnOf: sn });
    }
    if (v.refunded) r.refund(visit);
  }
  return r;
}

/** Adds the plan's random knowledge rows as one more knowledge set (kind 'fc-random'); removes earlier ones. */
export async function loadRandomKnowledge(wh: Warehouse, k: RandomKnowledge): Promise<void> {
  await wh.run(`DELETE FROM kn_drug_restriction WHERE kind = 'fc-random'`);
  await wh.run(`DELETE FROM kn_item_restriction WHERE kind = 'fc-random'`);
  const set = Number((await wh.one<{ n: number }>('SELECT coalesce(max(set_id), 0) + 1 AS n FROM kn_set'))?.n);
  const ageGroup = (a: number | null, b: number | null) => (a === null && b === null ? null : `${a ?? 0}-${b ?? 150}岁`);
  for (const [i, d] of k.drug.entries()) {
    await wh.run(`INSERT INTO kn_drug_restriction (set_id, kind, hilist_code, hilist_name, lmt_type, lmt_value, gend, age_group, age_min,
        age_max, insu_type, visit_types, hosp_class_min, course_days, src_file, src_sheet, src_row, lmt_src_file, lmt_src_row)
      VALUES (?, 'fc-random', ?, '随机药品', '随机', '随机', ?, ?, ?, ?, ?, ?::VARCHAR[], ?, ?, 'random.xlsx', NULL, ?, 'random.xlsx', ?)`,
    [set, d.code, d.gend, ageGroup(d.age_min, d.age_max), d.age_min, d.age_max, d.insu_type, d.visit_types === null ? null : JSON.stringify(d.visit_types),
      d.hosp_class_min, d.course_days, i + 2, i + 2]);
  }
  for (const [i, it] of k.item.entries()) {
    await wh.run(`INSERT INTO kn_item_restriction (set_id, kind, hilist_code, hilist_name, gend, age_group, age_min, age_max, lmt_cnt,
        lmt_cnt_unit, working_age_only, total_days, min_interval_days, period_max_cnt, period_days, src_file, src_sheet, src_row)
      VALUES (?, 'fc-random', ?, '随机项目', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'random.xlsx', NULL, ?)`,
    [set, it.code, it.gend, ageGroup(it.age_min, it.age_max), it.age_min, it.age_max, it.lmt_cnt, it.lmt_cnt_unit, it.working_age_only,
      it.total_days, it.min_interval_days, it.period_max_cnt, it.period_days, i + 2]);
  }
}
