/**
 * Tools for the injected cases: fresh persons with exact birthdays, institutions active on the
 * dates, visits and stays built from the same emitter as the background, and the manifest entry
 * with the amount as the rule catalogue defines it for that rule.
 */
import { item, type Item } from './catalog.js';
import { ageOn, dayFromYmd, ymd } from './dates.js';
import type { EmittedVisit, LineSpec, OprnSpec, VisitSpec } from './emit.js';
import { dx, type Diagnosis } from './icd.js';
import { Lines } from './lines.js';
import { fmtFen, lineFen } from './money.js';
import type { Person } from './persons.js';
import { DEPTS, activeThrough, pickDoctor, type Doctor, type Institution } from './providers.js';
import { pharmacyTime, writePerson, type Env } from './region-env.js';
import { Rng } from './rng.js';

export type AmountRule = 'lines' | 'visit' | 'excess_qty' | 'excess_price' | 'secondary_discount' | 'annual_excess' |
  'members' | 'none';

export interface ManifestCase {
  rule_id: string;
  kind: 'violation' | 'boundary';
  psn_no: string;
  mdtrt_id: string;
  setl_id: string;
  bkkp_sn: string[];
  amount: string;
  description: string;
  /** How `amount` follows from the files (the manifest explains each under conventions.amount_rule). */
  amount_rule: AmountRule;
  params?: Record<string, string | number>;
  /** Other visits of a provider-level case (clustered visits). */
  members?: { psn_no: string; mdtrt_id: string; setl_id: string }[];
  /** The knowledge the rule needs, relative to the region folder. */
  knowledge?: string;
}

export interface Made {
  visit: VisitSpec;
  out: EmittedVisit;
}

const SEC = (h: number, m = 0) => h * 3600 + m * 60;

export class CaseKit {
  readonly rng: Rng;
  readonly cases: ManifestCase[] = [];
  readonly skipped: { rule_id: string; reason: string }[] = [];
  personsMade = 0;

  constructor(readonly env: Env, private nextIndex: number) {
    this.rng = Rng.derive(env.seed, 'cases');
  }

  /** A day d0 with [d0, d0 + len] inside the window, or null (the case is skipped). */
  place(ruleId: string, len: number, opts: { sameYear?: boolean } = {}): number | null {
    const first = this.env.start + 1;
    const last = this.env.end - 2 - len;
    if (last < first) {
      this.skipped.push({ rule_id: ruleId, reason: `窗口期过短（本案例需要 ${len + 3} 天）` });
      return null;
    }
    for (let i = 0; i < 50; i++) {
      const d = this.rng.int(first, last);
      if (opts.sameYear && ymd(d).y !== ymd(d + len).y) continue;
      if (ymd(d).m === 2 && ymd(d).d === 29) continue;
      if (ymd(d + 1).m === 2 && ymd(d + 1).d === 29) continue;
      return d;
    }
    this.skipped.push({ rule_id: ruleId, reason: '窗口期内没有能放下本案例的同一自然年时段' });
    return null;
  }

  person(facts: { gend: '1' | '2'; birth: number; insutype?: '310' | '390'; death?: number | null;
    chronic?: string[] }): Person {
    const idx = this.nextIndex++;
    this.personsMade++;
    const p = this.env.persons.make(idx, Rng.derive(this.env.seed, `case-person:${idx}`), {
      gend: facts.gend, birth: facts.birth, insutype: facts.insutype ?? '310', death: facts.death ?? null,
      chronic: new Set(facts.chronic ?? []), county: this.rng.int(0, 5),
    });
    writePerson(this.env, p);
    return p;
  }

  /** A birth date giving `age` whole years on `day`, the birthday 40–300 days before it. */
  birthAged(age: number, day: number): number {
    const { y, m, d } = ymd(day);
    const birth = dayFromYmd(y - age, m, d) - this.rng.int(40, 300);
    if (ageOn(birth, day) !== age) throw new Error('birthAged: bad age');
    return birth;
  }

  inst(from: number, to: number, pred: (i: Institution) => boolean): Institution {
    const pool = this.env.providers.institutions.filter((i) => pred(i) && activeThrough(i.periods, from, to));
    if (!pool.length) throw new Error('no institution for an injected case');
    return this.rng.pick(pool);
  }

  doctor(inst: Institution, dept: string, from: number, to: number): Doctor {
    return pickDoctor(this.rng, inst, dept, from, to);
  }

  deptOf(inst: Institution, want: string): string {
    return inst.depts.some((d) => d.code === want) ? want : inst.depts[0].code;
  }

  /** An outpatient or pharmacy visit on one day; build adds the lines. */
  otp(p: Person, inst: Institution, medType: string, day: number, diags: string[],
    build: (L: Lines, t: (k: number) => number) => void,
    opts: { dept?: string; doctor?: Doctor; sec?: number; insutype?: string; fundCap?: number } = {}): Made {
    const dept = inst.kind === 'pharmacy' ? 'P01' : this.deptOf(inst, opts.dept ?? 'A03');
    const doctor = opts.doctor ?? this.doctor(inst, dept, day, day);
    const sec = opts.sec ?? (inst.kind === 'pharmacy' ? pharmacyTime(this.env, this.rng, inst, day)
      : SEC(9) + this.rng.int(0, 6 * 3600));
    const L = new Lines(inst, doctor, DEPTS[dept]);
    if (inst.kind !== 'pharmacy' && medType !== '41') {
      L.service(inst.kind === 'community' || inst.kind === 'clinic' ? '一般诊疗费' : medType === '13' ? '急诊诊查费'
        : '普通门诊诊查费', day, sec + 60);
    }
    build(L, (k) => sec + 120 + k * 60);
    // Pharmacies settle within minutes of the card being read; clinics after the consultation.
    const setl = sec + (inst.kind === 'pharmacy' ? 120 : 1200);
    const visit: VisitSpec = {
      person: p, inst, medType, insutype: opts.insutype, begin: [day, sec], end: [day, setl],
      setl: [day, setl], dept: DEPTS[dept], doctor, diags: diags.map(dx), lines: L.out, fundCap: opts.fundCap,
    };
    return { visit, out: this.env.emitter.visit(visit) };
  }

  /**
   * An inpatient stay: per-day bed, 诊查 and nursing on each night, an infusion on every day not
   * listed as idle, admission tests; build adds the case's own lines.
   */
  stay(p: Person, inst: Institution, adm: number, dscg: number, diags: string[],
    build: (L: Lines) => void,
    opts: { dept?: string; medType?: string; insutype?: string; idle?: Set<number>; noPerDay?: Set<number>;
      dscgWay?: string; iptDays?: number; dieDate?: number; oprns?: (doctor: Doctor) => OprnSpec[];
      noInfusion?: boolean; noTests?: boolean } = {}): Made {
    const dept = this.deptOf(inst, opts.dept ?? 'A03');
    const doctor = this.doctor(inst, dept, adm, dscg);
    const L = new Lines(inst, doctor, DEPTS[dept]);
    for (let d = adm; d < dscg; d++) {
      if (opts.noPerDay?.has(d)) continue;
      L.service('普通病房床位费', d, SEC(8));
      L.service('住院诊查费', d, SEC(8, 10));
      L.service('二级护理', d, SEC(8, 20));
    }
    if (!opts.noTests) {
      L.service('血细胞分析', adm, SEC(9));
      L.service('肝功能检测', adm, SEC(9));
      L.service('肾功能检测', adm, SEC(9));
    }
    if (!opts.noInfusion) {
      for (let d = adm; d <= dscg; d++) {
        if (opts.idle?.has(d)) continue;
        const at = d === dscg ? SEC(7, 30) : SEC(10);
        // An antibiotic infusion on the ward days: the stay costs more than the deductible.
        if (d < dscg) L.daily('注射用哌拉西林钠他唑巴坦钠', d, at);
        L.daily('0.9%氯化钠注射液', d, at);
        L.service('静脉输液', d, at);
      }
    }
    build(L);
    const visit: VisitSpec = {
      person: p, inst, medType: opts.medType ?? '21', insutype: opts.insutype, begin: [adm, SEC(7, 20)],
      end: [dscg, SEC(11, 40)], setl: [dscg, SEC(14)], dept: DEPTS[dept], doctor, diags: diags.map(dx),
      lines: L.out, dscgWay: opts.dscgWay ?? '1', iptDays: opts.iptDays, dieDate: opts.dieDate,
      oprns: opts.oprns?.(doctor),
    };
    return { visit, out: this.env.emitter.visit(visit) };
  }

  /** Sum over lines of det_item_fee_sumamt − fulamt_ownpay_amt, fen. */
  lineAmount(lines: LineSpec[]): number {
    return lines.reduce((a, l) => a + (l.fee ?? 0) - (l.fulamt ?? 0), 0);
  }

  visitFund(m: Made): number {
    return m.out.setls.filter((s) => s.valid).reduce((a, s) => a + s.fund, 0);
  }

  record(ruleId: string, kind: 'violation' | 'boundary', m: Made, flagged: LineSpec[], amountFen: number,
    amountRule: AmountRule, description: string, extra: Partial<ManifestCase> = {}): void {
    this.cases.push({
      rule_id: ruleId, kind, psn_no: m.visit.person.psnNo, mdtrt_id: m.out.mdtrtId,
      setl_id: m.out.setls.find((s) => !s.refund)!.setlId, bkkp_sn: flagged.map((l) => l.bkkp!),
      amount: fmtFen(kind === 'boundary' ? 0 : amountFen), description, amount_rule: kind === 'boundary' ? 'none' : amountRule,
      ...extra,
    });
  }

  async flush(): Promise<void> {
    await this.env.emitter.pressure();
  }
}

/** Knowledge files each rule relies on, relative to the region folder. */
export const K = {
  itemGender: 'knowledge/b1-item-gender.xlsx', drugGender: 'knowledge/b1-drug-gender.xlsx',
  itemAge: 'knowledge/b1-item-age.xlsx', drugAge: 'knowledge/b1-drug-age.xlsx',
  workingAge: 'knowledge/b8-2-item-working-age.xlsx', insurance: 'knowledge/b3-drug-insurance-type.xlsx',
  level: 'knowledge/b5-drug-institution-level.xlsx', visitType: 'knowledge/b4-drug-visit-type.xlsx',
  course: 'knowledge/b6-drug-course-days.xlsx', itemCourse: 'knowledge/b8-3-item-course.xlsx',
  frequency: 'knowledge/b8-1-item-frequency.xlsx', period: 'knowledge/b8-4-item-period.xlsx',
  duplicate: 'knowledge/b7-item-duplicate-charge.xlsx', surgery: 'knowledge/b2-item-primary-secondary.xlsx',
  indication: 'config/indications.json',
};

/** Medical institutions without a special agreement history. */
export const medical = (i: Institution) => i.kind !== 'pharmacy' && !i.role;
/** Hospitals with beds of at least the given class. */
export const hospital = (cls: number) => (i: Institution) => medical(i) && i.beds && i.cls >= cls && i.kind !== 'community';
export const pharmacy = (i: Institution) => i.kind === 'pharmacy' && !i.role;

export { SEC, item, lineFen, type Item, type Diagnosis };
