/**
 * Random regions for the differential tests (fast-check): institutions with agreement histories,
 * doctors, persons of all ages, visits of every kind close together in time, lines drawn from the
 * codes the knowledge names (national batches plus random knowledge rows), diagnoses, operations,
 * returns and refunds. A plan is plain JSON, so a failing case prints as a readable counterexample.
 * Besides the random visits a plan holds a few patterns: small bursts of visits shaped like what the
 * pattern rules look for (cards at one pharmacy within minutes, a readmission, shifted spending around a
 * stay, refills, peer cases of one procedure, operation sessions, therapy days, herb prescriptions …),
 * with their boundaries on either side, so that those rules are compared on findings too.
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
  patterns: PatternPlan[];
}

/** Priced amount lines of a pattern (codes by index into the pattern's own list). */
export interface PricedLine { code: number; cnt: string; pric: string }

/**
 * Visit patterns. Persons are indices: below the plan's count its persons (sharing their random visits),
 * above it extra persons C… with default attributes (the pattern alone). Institutions are the plan's
 * (modulo), except a burst's pharmacy and a hop's stops, which above the plan's count are extra
 * institutions H…/P… with an active agreement.
 */
export type PatternPlan =
  /** card_skimming: cards at one pharmacy within minutes (setl_time = begntime = the minute given). */
  | { kind: 'burst'; inst: number; cards: number; day: number; hour: number; minute: number; offsets: number[]; med_type: string }
  /** frequent_visits / card_skimming: one person at several institutions on one day, an hour apart. */
  | { kind: 'hop'; psn: number; first: number; stops: number; pharmacies: boolean; day: number; hour: number; med_type: string }
  /**
   * cost_shifting: cheap calm visits, a stay, then a dear visit days before the admission or after the discharge;
   * with cover, another stay (settled after it) that turns out to hold the dear visit.
   */
  | { kind: 'shift'; psn: number; inst: number; base: number[]; baseFee: string; adm: number; los: number; before: boolean;
    gap: number; fee: string; med_type: string; cover: boolean }
  /** readmission_split: two stays at one institution, the second gap days after the first discharge. */
  | { kind: 'readmit'; psn: number; inst: number; begin: number; los: number; los2: number; gap: number; diag: number;
    second: 'same' | 'category' | 'other' | 'planned'; onList: boolean; med_type: string }
  /** low_threshold_admission: a short stay with only tests and basic charges (or one treatment line). */
  | { kind: 'lowStay'; psn: number; inst: number; begin: number; los: number; med_type: string;
    lines: { code: number; chrgitm: string; pric: string }[] }
  /** overlapping_prescriptions: a drug dispensed twice, the second time while the first supply still runs. */
  | { kind: 'refill'; psn: number; drug: number; drug2: number; med_type: string; inst: number; inst2: number; day: number;
    supply: number; gap: number; supply2: number | null; cnt: string; returned: string | null }
  /** high_value_consumables: peer stays with one main procedure and their stents (a case above the others, > 3 stents). */
  | { kind: 'pci'; inst: number; begin: number; cases: { psn: number; stents: number; oprn: string; balloon: boolean }[] }
  /**
   * primary_secondary_surgery: operations in one session, of one pair of codes (0: 胆囊切除 and 胆总管探查, both 肝胆手术组;
   * 1: 阑尾切除 and 直肠粘膜环切, both 经腹直肠手术组); the reference price is the lines' upper limit (line), the
   * catalogue's price for the institution's class (catalogue; class: for another class), both, or none.
   */
  | { kind: 'surgery'; psn: number; inst: number; begin: number; los: number; opDay: number; pair: number;
    ops: { code: number; pric: string; uplmt: string }[]; refs: 'line' | 'catalogue' | 'class' | 'both' | 'none' }
  /** rehab_daily_excess: therapy items on one day (the last one the next day when split). */
  | { kind: 'rehab'; psn: number; inst: number; med_type: string; begin: number; items: number[]; pric: string; split: boolean }
  /** unspecified_diagnosis: a main diagnosis (unspecified or specific) with its own item (own) or another needing a specific one. */
  | { kind: 'unspecified'; psn: number; inst: number; med_type: string; begin: number; los: number; dx: number; onList: boolean;
    items: (PricedLine & { own: boolean })[] }
  /** auxiliary_drug_share: a visit's auxiliary drugs against its other drugs. */
  | { kind: 'auxiliary'; psn: number; inst: number; med_type: string; begin: number; los: number; aux: PricedLine[];
    other: PricedLine[] }
  /** tcm_overdose: herb lines (list_type 102, grams, prd_days = doses, sin_dos_dscr). */
  | { kind: 'herbs'; psn: number; inst: number; med_type: string; begin: number;
    herbs: { herb: number; grams: number; doses: number | null; sin: boolean }[] };

const DAY0 = Date.parse('2023-03-01T00:00:00Z');
const day = (n: number) => new Date(DAY0 + n * 86_400_000).toISOString().slice(0, 10);
const MED_TYPES = ['11', '11', '14', '21', '21', '2101', '41', '52', '12'];
const CHRGITM = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13', '14'];
/**
 * Codes of the themed rules, with catalogue names where a rule matches by name (auxiliary drugs, stents,
 * toxic herbs); the codes and names are those of the rules' case tables (national codes or their shape).
 */
const AUX = ['XN07XXY089B002010101234', 'XN07XXS162B001010101234']; // 依达拉奉, 鼠神经生长因子 (auxiliary by name)
const OTHER_DRUGS = ['XJ01DDA123B001010101234', 'XN02BEB075A001010103443', 'ZA01AAA0001010101234']; // 头孢曲松, …, a patent drug
const HERBS = ['T001700001', 'T001700002', 'T001700005', 'T001700006']; // 当归 党参 细辛 附子
/** 0034 康复 (6), 0041 贴敷, 0044 灸法, 0042 骨折手法整复 (not a therapy of the rule). */
const REHAB = ['003402000210000', '003402000220000', '003402000230000', '003402000240000', '003402000250000', '003402000260200',
  '004100000010000', '004400000010000', '004200000010000'];
/** 胆囊切除术, 胆总管探查T管引流术 (肝胆手术组), 阑尾切除术 (胃肠/经腹直肠), 直肠粘膜环切术 (直肠肛门/经腹直肠). */
const SURGERY = ['003310060020000', '003310060110000', '003310030220000', '003310040180000'];
const SURGERY_PRICE: Record<string, string> = { '003310060020000': '1800', '003310060110000': '1500', '003310030220000': '900',
  '003310040180000': '1200' };
const STENT = 'C0202010010100104744';
const BALLOON = 'C0205020020100204744';
const HIP = 'C0342010710100105555';
/** Items needing a specific diagnosis: XB01 antithrombotic, XA10 antidiabetic, XL01 antineoplastic, C03 orthopaedic. */
const SPECIFIC_ITEMS = ['XB01ACA056A001010101234', 'XA10BJD332B002010178403', 'XL01BCF123B001010101234', HIP, 'XJ01DDA123B001010101234'];
/** Main diagnoses with the item they go with: unspecified ones (I64, I67.9, E14, C80, T14.2) and specific ones. */
const DX_ITEM: [string, number][] = [['I64.x00', 0], ['I67.900', 0], ['E14.900', 1], ['C80.900', 2], ['T14.200', 3],
  ['I63.900', 0], ['E11.900', 1], ['C34.900', 2]];
const NAMES: Record<string, string> = {
  [AUX[0]]: '依达拉奉注射液', [AUX[1]]: '注射用鼠神经生长因子', [OTHER_DRUGS[0]]: '注射用头孢曲松钠', [OTHER_DRUGS[2]]: '艾附暖宫丸',
  [HERBS[0]]: '当归', [HERBS[1]]: '党参', [HERBS[2]]: '细辛', [HERBS[3]]: '附子',
  [REHAB[0]]: '减重支持系统训练', [REHAB[1]]: '轮椅功能训练', [REHAB[2]]: '电动起立床训练', [REHAB[3]]: '平衡功能训练',
  [REHAB[4]]: '手功能训练', [REHAB[5]]: '关节松动训练(大关节)', [REHAB[6]]: '贴敷疗法', [REHAB[7]]: '灸法', [REHAB[8]]: '骨折手法整复术',
  [SURGERY[0]]: '胆囊切除术', [SURGERY[1]]: '胆总管探查T管引流术', [SURGERY[2]]: '阑尾切除术', [SURGERY[3]]: '直肠粘膜环切术',
  [STENT]: '冠状动脉药物洗脱支架', [BALLOON]: '冠状动脉球囊扩张导管', [HIP]: '髋关节假体',
  [SPECIFIC_ITEMS[0]]: '阿司匹林肠溶片', [SPECIFIC_ITEMS[1]]: '度拉糖肽注射液', [SPECIFIC_ITEMS[2]]: '注射用某抗肿瘤药',
};
const PLAIN = ['001102000010000', '001109000010000', '002101030300000', '210300001', '004', STENT,
  'XN02BEB075A001010103443', '001201000010000', 'XN02BEB075A001010103444', '001102000010001',
  AUX[0], OTHER_DRUGS[0], HERBS[0], HERBS[2], REHAB[0], REHAB[6], HIP, SPECIFIC_ITEMS[0], SPECIFIC_ITEMS[2]];
/** Non-drug, non-material codes for the lines of a low-threshold stay (their charge type is the pattern's). */
const SERVICES = ['001102000010000', '001109000010000', '002101030300000', '210300001', '001201000010000', '004'];

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
    'J18.900', 'I10.x00', 'E11.900', 'O80.000', 'N40.x00', 'R50.900', 'I64.x00', 'E14.900', 'Z51.100'];
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

/** Drug codes of the pool (X…/Z…), for the refill pattern. */
const poolDrugs = (pool: CodePool) => [...pool.knowledge.filter((c) => /^[XZ]/.test(c)), ...OTHER_DRUGS, AUX[0]];

const day45 = fc.nat({ max: 45 });
const psnIx = fc.nat({ max: 5 });
const instIx = fc.nat({ max: 3 });
const priced = (nCodes: number, pric: fc.Arbitrary<string>): fc.Arbitrary<PricedLine> =>
  fc.record({ code: fc.nat({ max: nCodes - 1 }), cnt: fc.constantFrom('1', '2', '5'), pric });

const service = (chrgitm: fc.Arbitrary<string>) => fc.record({ code: fc.nat({ max: SERVICES.length - 1 }), chrgitm,
  pric: fc.constantFrom('30', '120', '400', '1500') });

/** The visit patterns (see PatternPlan). */
function patternPlan(pool: CodePool): fc.Arbitrary<PatternPlan> {
  const k = <K extends string>(kind: K) => fc.constant(kind);
  return fc.oneof(
    fc.record({ kind: k('burst'), inst: instIx, cards: fc.integer({ min: 3, max: 7 }), day: day45,
      hour: fc.constantFrom(2, 9, 16, 23), minute: fc.nat({ max: 56 }),
      offsets: fc.array(fc.constantFrom(0, 0, 1, 2, 3), { minLength: 7, maxLength: 7 }),
      med_type: fc.constantFrom('41', '41', '11') }),
    fc.record({ kind: k('hop'), psn: psnIx, first: fc.nat({ max: 3 }), stops: fc.integer({ min: 2, max: 5 }), pharmacies: fc.boolean(),
      day: day45, hour: fc.constantFrom(0, 5, 8, 14, 18), med_type: fc.constantFrom('11', '11', '41', '13', '14', '16', '12') }),
    fc.record({ kind: k('shift'), psn: psnIx, inst: instIx, base: fc.array(fc.nat({ max: 12 }), { minLength: 2, maxLength: 6 }),
      baseFee: fc.constantFrom('20', '50', '150'), adm: fc.integer({ min: 22, max: 40 }), los: fc.integer({ min: 1, max: 6 }),
      before: fc.boolean(), gap: fc.integer({ min: 1, max: 8 }), fee: fc.constantFrom('300', '800', '1500', '4800'),
      med_type: fc.constantFrom('11', '41'), cover: rarely }),
    fc.record({ kind: k('readmit'), psn: psnIx, inst: instIx, begin: fc.nat({ max: 20 }), los: fc.integer({ min: 1, max: 8 }),
      los2: fc.integer({ min: 1, max: 8 }), gap: fc.nat({ max: 18 }), diag: fc.nat({ max: pool.diagnoses.length - 1 }),
      second: fc.constantFrom('same', 'same', 'category', 'other', 'planned'), onList: fc.boolean(),
      med_type: fc.constantFrom('21', '21', '2101', '52') }),
    fc.record({ kind: k('lowStay'), psn: psnIx, inst: instIx, begin: day45, los: fc.nat({ max: 4 }), med_type: fc.constantFrom('21', '2101'),
      // the first line mostly a test, the others any basic charge or now and then a treatment (05)
      lines: fc.tuple(service(fc.constantFrom('03', '04', '02')), fc.array(service(fc.constantFrom('03', '04', '01', '02', '07', '13', '14', '05')),
        { maxLength: 2 })).map(([first, rest]) => [first, ...rest]) }),
    fc.record({ kind: k('refill'), psn: psnIx, drug: fc.nat({ max: poolDrugs(pool).length - 1 }), drug2: fc.nat({ max: 2 }),
      med_type: fc.constantFrom('11', '41', '14'), inst: instIx, inst2: instIx, day: fc.nat({ max: 30 }),
      supply: fc.constantFrom(7, 14, 28, 30), gap: fc.nat({ max: 20 }), supply2: maybe(fc.constantFrom(3, 7, 28)),
      cnt: fc.constantFrom('1', '2'), returned: fc.option(fc.constantFrom('0.5', '1'), { nil: null, freq: 4 }) }),
    fc.record({ kind: k('pci'), inst: fc.nat({ max: 2 }), begin: fc.nat({ max: 30 }),
      cases: fc.array(fc.record({ psn: fc.nat({ max: 5 }), stents: fc.nat({ max: 4 }), oprn: fc.constantFrom('36.0700', '36.0700', '36.0600'),
        balloon: fc.boolean() }), { minLength: 3, maxLength: 6 }) }),
    fc.record({ kind: k('surgery'), psn: psnIx, inst: instIx, begin: day45, los: fc.integer({ min: 2, max: 6 }), opDay: fc.nat({ max: 1 }),
      pair: fc.nat({ max: 1 }), ops: fc.array(fc.record({ code: fc.nat({ max: 1 }), pric: fc.constantFrom('750', '750.01', '900', '1500', '1800'),
        uplmt: fc.constantFrom('900', '1500', '1800') }), { minLength: 2, maxLength: 3 }),
      refs: fc.constantFrom('line', 'line', 'catalogue', 'class', 'both', 'none') }),
    fc.record({ kind: k('rehab'), psn: psnIx, inst: instIx, med_type: fc.constantFrom('21', '11', '2101'), begin: day45,
      items: fc.uniqueArray(fc.nat({ max: REHAB.length - 1 }), { minLength: 3, maxLength: 7 }), pric: fc.constantFrom('20', '30', '45'),
      split: rarely }),
    fc.record({ kind: k('unspecified'), psn: psnIx, inst: instIx, med_type: fc.constantFrom('21', '11', '14'), begin: day45,
      los: fc.integer({ min: 1, max: 6 }), dx: fc.nat({ max: DX_ITEM.length - 1 }), onList: fc.boolean(),
      items: fc.array(fc.record({ own: fc.constantFrom(true, true, false), code: fc.nat({ max: SPECIFIC_ITEMS.length - 1 }),
        cnt: fc.constantFrom('1', '2', '5'), pric: fc.constantFrom('1.5', '161.87', '18000') }), { minLength: 1, maxLength: 3 }) }),
    fc.record({ kind: k('auxiliary'), psn: psnIx, inst: instIx, med_type: fc.constantFrom('21', '21', '2101', '11'), begin: day45,
      los: fc.integer({ min: 1, max: 8 }), aux: fc.array(priced(AUX.length, fc.constantFrom('40', '100', '300', '300.01')), { minLength: 1, maxLength: 2 }),
      other: fc.array(priced(OTHER_DRUGS.length + HERBS.length, fc.constantFrom('15', '100', '699.99', '700')), { maxLength: 3 }) }),
    fc.record({ kind: k('herbs'), psn: psnIx, inst: instIx, med_type: fc.constantFrom('11', '13', '140104', '21', '41'), begin: day45,
      herbs: fc.array(fc.record({ herb: fc.nat({ max: HERBS.length - 1 }), grams: fc.constantFrom(3, 4, 10, 15, 16, 60, 61, 200),
        doses: maybe(fc.constantFrom(1, 3, 4, 7, 8, 14, 15)), sin: fc.boolean() }), { minLength: 1, maxLength: 4 }) }),
  ) as fc.Arbitrary<PatternPlan>;
}

/** A region plan over a code pool. */
export function regionPlan(pool: CodePool): fc.Arbitrary<RegionPlan> {
  const nCodes = pool.knowledge.length + pool.dupPairs.length * 2 + PLAIN.length + 6;
  return fc.record({
    persons: fc.array(fc.record({
      gend: fc.constantFrom('1', '2'), birthYear: fc.integer({ min: 1935, max: 2022 }), birthDay: fc.integer({ min: 0, max: 364 }),
      die: maybe(fc.integer({ min: 0, max: 60 })), insutype: fc.constantFrom('310', '390', '410', '510'),
    }), { minLength: 1, maxLength: 3 }),
    institutions: fc.array(fc.record({
      hosp_lv: fc.constantFrom('01', '05', '08', '11'), type: fc.constantFrom('1', '1', '2'),
      suspendedFrom: maybe(fc.integer({ min: 0, max: 60 })),
    }), { minLength: 1, maxLength: 3 }),
    doctors: fc.array(fc.record({ inst: fc.nat({ max: 2 }), suspendedFrom: maybe(fc.integer({ min: 0, max: 60 })) }), { minLength: 1, maxLength: 4 }),
    prices: fc.array(fc.record({ code: fc.nat({ max: nCodes - 1 }), cls: fc.constantFrom('1', '2', '3'), max: fc.constantFrom('5', '100', '1000') }), { maxLength: 4 }),
    knowledge: randomKnowledge,
    visits: fc.array(fc.record({
      psn: fc.nat({ max: 3 }), inst: fc.nat({ max: 2 }), med_type: fc.constantFrom(...MED_TYPES),
      begin: fc.nat({ max: 45 }), days: fc.nat({ max: 12 }),
      diag: fc.array(fc.nat({ max: pool.diagnoses.length - 1 }), { maxLength: 3 }),
      oprn: fc.array(fc.nat({ max: pool.procedures.length - 1 }), { maxLength: 2 }),
      lines: fc.array(line(nCodes), { minLength: 1, maxLength: 6 }),
      refunded: rarely,
      dscg_way: fc.constantFrom('1', '1', '4', '5'),
    }), { minLength: 1, maxLength: 16 }),
    patterns: fc.array(patternPlan(pool), { maxLength: 8 }),
  });
}

/** A fee line in explicit form (codes resolved, times as day offset and HH:MM). */
interface LineSpec {
  code: string; cnt: string; pric: string; day: number; time: string; ownpay?: boolean; chrgitm?: string; dr?: number;
  prd_days?: number | null; freq?: string | null; returned?: string | null; uplmt?: string; sin?: string; list_type?: string;
}
/** A visit in explicit form; `at` (HH:MM) sets its begin, end and settlement time (else 08:00, 15:00 and 16:00). */
interface VisitSpec {
  psn: string; inst: string; med_type: string; begin: number; days: number; diag: string[]; oprn: string[]; lines: LineSpec[];
  refunded?: boolean; dscg_way?: string; at?: string; dscgDx?: string;
}

const hhmm = (h: number, m = 0) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
const isInpatient = (med_type: string) => /^(2|52)/.test(med_type);

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
  const priced = new Set<string>();
  for (const p of plan.prices) {
    r.price(code(p.code), p.cls, p.max);
    priced.add(`${code(p.code)}|${p.cls}`);
  }
  /** A person by index: one of the plan's, or an extra one (default attributes). */
  const person = (i: number) => (i < persons.length ? persons[i] : `C${i + 1}`);
  /** An institution by index: one of the plan's, or an extra hospital or pharmacy (active agreement). */
  const place = (i: number, pharmacy = false) => {
    if (i < insts.length) return insts[i];
    const id = `${pharmacy ? 'P' : 'H'}${i + 1}`;
    r.institution(id, { type: pharmacy ? '2' : '1', hosp_lv: pharmacy ? '11' : '05' });
    return id;
  };

  const emit = (v: VisitSpec) => {
    const end = v.begin + v.days;
    const extra: Record<string, string> = {};
    if (v.at !== undefined) Object.assign(extra, { begntime: `${day(v.begin)} ${v.at}:00`, endtime: `${day(end)} ${v.at}:00` });
    if (v.dscgDx !== undefined) Object.assign(extra, { dscg_maindiag_code: v.dscgDx, dscg_maindiag_name: v.dscgDx });
    const visit = r.visit({ psn: v.psn, inst: v.inst, med_type: v.med_type, begin: day(v.begin), end: day(end), diag: v.diag,
      oprn: v.oprn.map((o) => ({ code: o })), dscg_way: v.dscg_way ?? '1', extra,
      setl_extra: v.at === undefined ? undefined : { setl_time: `${day(end)} ${v.at}:00` } });
    for (const l of v.lines) {
      const c = l.code;
      const herb = c.startsWith('T');
      const t = `${day(v.begin + Math.min(l.day, v.days))} ${l.time}:00`;
      const common = { code: c, name: NAMES[c], pric: l.pric, time: t, list_type: l.list_type ?? (herb ? '102' : undefined) };
      const sn = visit.line({ ...common, cnt: l.cnt, ownpay: l.ownpay ? '0.50' : 0,
        med_chrgitm_type: /^[XZ]/.test(c) ? '09' : c.startsWith('C') ? '08' : herb ? '10' : l.chrgitm ?? '05',
        dr: doctors[(l.dr ?? 0) % doctors.length], prd_days: l.prd_days ?? undefined, used_frqu_dscr: l.freq ?? undefined,
        pric_uplmt_amt: l.uplmt, extra: l.sin === undefined ? undefined : { sin_dos_dscr: l.sin } });
      if (l.returned) visit.line({ ...common, cnt: l.returned, returnOf: sn });
    }
    if (v.refunded) r.refund(visit);
  };

  for (const v of plan.visits) {
    const days = isInpatient(v.med_type) ? Math.max(1, v.days) : v.med_type === '14' ? Math.min(v.days, 1) : 0;
    emit({ psn: persons[v.psn % persons.length], inst: insts[v.inst % insts.length], med_type: v.med_type, begin: v.begin, days,
      diag: v.diag.map((d) => pool.diagnoses[d]), oprn: v.oprn.map((o) => pool.procedures[o]), refunded: v.refunded,
      dscg_way: v.dscg_way, lines: v.lines.map((l) => ({ code: code(l.code), cnt: l.cnt, pric: l.pric, day: l.day, time: hhmm(l.hour, 15),
        ownpay: l.ownpay, chrgitm: l.chrgitm, dr: l.dr, prd_days: l.prd_days, freq: l.freq, returned: l.returned ? l.cnt : null })) });
  }
  for (const p of plan.patterns) for (const v of expand(p)) emit(v);
  return r;

  /** A pattern's visits. */
  function expand(p: PatternPlan): VisitSpec[] {
    const inst = (i: number) => insts[i % insts.length];
    const bed = (los: number): LineSpec => ({ code: '001109000010000', cnt: String(Math.max(1, los)), pric: '50', day: 0, time: '09:00', chrgitm: '01' });
    switch (p.kind) {
      case 'burst': {
        const at = (i: number) => {
          const m = p.hour * 60 + p.minute + p.offsets[i];
          return hhmm(Math.floor(m / 60), m % 60);
        };
        return Array.from({ length: p.cards }, (_, i) => ({ psn: person(i), inst: place(p.inst, true), med_type: p.med_type, begin: p.day,
          days: 0, diag: [], oprn: [], at: at(i), lines: [{ code: 'XN02BEB075A001010103443', cnt: '1', pric: '12', day: 0, time: at(i) }] }));
      }
      case 'hop':
        return Array.from({ length: p.stops }, (_, i) => ({ psn: person(p.psn), inst: place(p.first + i, p.pharmacies), med_type: p.med_type,
          begin: p.day, days: 0, diag: [], oprn: [], at: hhmm(p.hour + i),
          lines: [{ code: p.med_type === '41' ? 'XN02BEB075A001010103443' : '001102000010000', cnt: '1', pric: '25', day: 0,
            time: hhmm(p.hour + i) }] }));
      case 'shift': {
        const out = (begin: number, fee: string): VisitSpec => ({ psn: person(p.psn), inst: inst(p.inst), med_type: p.med_type, begin, days: 0,
          diag: ['I10.x00'], oprn: [], lines: [{ code: 'XN02BEB075A001010103443', cnt: '1', pric: fee, day: 0, time: '10:00' }] });
        const dear = p.before ? p.adm - p.gap : p.adm + p.los + p.gap;
        const stay = (begin: number, los: number, where: number): VisitSpec => ({ psn: person(p.psn), inst: inst(where), med_type: '21',
          begin, days: los, diag: ['I21.004'], oprn: [], lines: [bed(los)] });
        return [...p.base.map((b) => out(b, p.baseFee)), stay(p.adm, p.los, p.inst + 1), out(dear, p.fee),
          ...(p.cover ? [stay(dear - 1, 3, p.inst + 2)] : [])];
      }
      case 'readmit': {
        const dx = pool.diagnoses[p.diag];
        const dx2 = p.second === 'same' ? dx : p.second === 'category' ? `${dx.slice(0, 3)}.900`
          : p.second === 'planned' ? 'Z51.100' : pool.diagnoses[(p.diag + 1) % pool.diagnoses.length];
        const stay = (begin: number, los: number, d: string): VisitSpec => ({ psn: person(p.psn), inst: inst(p.inst), med_type: p.med_type,
          begin, days: los, diag: p.onList ? [d] : [], dscgDx: p.onList ? undefined : d, oprn: [],
          lines: [bed(los), { code: 'XN02BEB075A001010103443', cnt: '2', pric: '12', day: 1, time: '10:00' }] });
        return [stay(p.begin, p.los, dx), stay(p.begin + p.los + p.gap, p.los2, dx2)];
      }
      case 'lowStay':
        return [{ psn: person(p.psn), inst: inst(p.inst), med_type: p.med_type, begin: p.begin, days: p.los, diag: ['R50.900'], oprn: [],
          lines: p.lines.map((l, i) => ({ code: SERVICES[l.code], cnt: '1', pric: l.pric, day: i, time: '11:00', chrgitm: l.chrgitm })) }];
      case 'refill': {
        const drugs = poolDrugs(pool);
        const a = drugs[p.drug];
        // the second dispensing: the same code, another code of the pool, or the next in the pool (often the same generic)
        const b = [a, drugs[(p.drug + 1) % drugs.length], drugs[(p.drug + 7) % drugs.length]][p.drug2];
        const rx = (d: string, i: number, begin: number, supply: number, returned: string | null): VisitSpec => ({ psn: person(p.psn),
          inst: inst(i), med_type: p.med_type, begin, days: 0, diag: ['I10.x00'], oprn: [],
          lines: [{ code: d, cnt: p.cnt, pric: '24', day: 0, time: '10:00', prd_days: supply, freq: 'qd', returned }] });
        return [rx(a, p.inst, p.day, p.supply, p.returned), rx(b, p.inst2, p.day + p.gap, p.supply2 ?? p.supply, null)];
      }
      case 'pci':
        return p.cases.map((c, i) => ({ psn: person(c.psn), inst: inst(p.inst), med_type: '21', begin: p.begin + i * 2, days: 4,
          diag: ['I21.004'], oprn: [c.oprn, '88.5500'],
          lines: [...(c.stents ? [{ code: STENT, cnt: String(c.stents), pric: '6800', day: 1, time: '10:00' }] : []),
            ...(c.balloon ? [{ code: BALLOON, cnt: '1', pric: '1800', day: 1, time: '10:30' }] : []), bed(4)] }));
      case 'surgery': {
        const where = inst(p.inst);
        // the institution's price class (as the base views derive it from hosp_lv), or the next one
        const lv = plan.institutions[p.inst % insts.length].hosp_lv;
        const own = ['01', '02', '03', '04', '12'].includes(lv) ? 3 : ['05', '06', '07', '13'].includes(lv) ? 2 : 1;
        const cls = String(p.refs === 'class' ? (own % 3) + 1 : own);
        if (p.refs === 'catalogue' || p.refs === 'class' || p.refs === 'both') {
          for (const o of p.ops) {
            const c = SURGERY[p.pair * 2 + o.code];
            if (priced.has(`${c}|${cls}`)) continue;
            priced.add(`${c}|${cls}`);
            r.price(c, cls, SURGERY_PRICE[c]);
          }
        }
        return [{ psn: person(p.psn), inst: where, med_type: '21', begin: p.begin, days: p.los, diag: ['K80.200'], oprn: [], lines: [bed(p.los),
          ...p.ops.map((o, i) => ({ code: SURGERY[p.pair * 2 + o.code], cnt: '1', pric: o.pric, day: p.opDay, time: hhmm(10 + i), chrgitm: '06',
            uplmt: p.refs === 'line' || p.refs === 'both' ? o.uplmt : undefined }))] }];
      }
      case 'rehab':
        return [{ psn: person(p.psn), inst: inst(p.inst), med_type: p.med_type, begin: p.begin, days: isInpatient(p.med_type) ? 3 : 1,
          diag: ['I69.300'], oprn: [], lines: p.items.map((it, i) => ({ code: REHAB[it], cnt: '1', pric: p.pric,
            day: p.split && i === p.items.length - 1 ? 1 : 0, time: hhmm(9 + i), chrgitm: '05' })) }];
      case 'unspecified':
        return [{ psn: person(p.psn), inst: inst(p.inst), med_type: p.med_type, begin: p.begin, days: isInpatient(p.med_type) ? p.los : 0,
          diag: p.onList ? [DX_ITEM[p.dx][0], 'I10.x00'] : [], dscgDx: p.onList ? undefined : DX_ITEM[p.dx][0], oprn: [],
          lines: p.items.map((l, i) => ({ code: SPECIFIC_ITEMS[l.own ? DX_ITEM[p.dx][1] : l.code], cnt: l.cnt, pric: l.pric, day: i,
            time: '10:00' })) }];
      case 'auxiliary':
        return [{ psn: person(p.psn), inst: inst(p.inst), med_type: p.med_type, begin: p.begin, days: isInpatient(p.med_type) ? p.los : 0,
          diag: ['I63.900'], oprn: [], lines: [
            ...p.aux.map((l, i) => ({ code: AUX[l.code], cnt: l.cnt, pric: l.pric, day: i, time: '10:00' })),
            ...p.other.map((l, i) => ({ code: [...OTHER_DRUGS, ...HERBS][l.code], cnt: l.cnt, pric: l.pric, day: i, time: '11:00' }))] }];
      case 'herbs':
        return [{ psn: person(p.psn), inst: inst(p.inst), med_type: p.med_type, begin: p.begin, days: isInpatient(p.med_type) ? 5 : 0,
          diag: ['K30.x00'], oprn: [], lines: p.herbs.map((h, i) => ({ code: HERBS[h.herb], cnt: String(h.grams * (h.doses ?? 1)),
            pric: '0.10', day: 0, time: hhmm(10, i), prd_days: h.doses, sin: h.sin ? `${h.grams}g` : undefined })) }];
    }
  }
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
