/**
 * The background population's year of care: for each person, stays first, then chronic
 * follow-ups, acute visits and pharmacy purchases on free days, emitted in date order. The
 * scheduling keeps the whole background clear of the management rules (no overlaps, no visits
 * around or inside stays, no readmissions, refills only when the supply is nearly used, at most
 * one visit a day and a few a month, nothing after death, outpatient fund within its cap).
 */
import { Rng } from './rng.js';
import { ageOn, yearOf } from './dates.js';
import type { VisitSpec } from './emit.js';
import { Lines } from './lines.js';
import type { Person } from './persons.js';
import { DEPTS, pickDoctor, type Institution, type InstKind } from './providers.js';
import {
  acuteDept, acuteVisit, chronicRegimen, chronicVisit, pharmacyPurchase, pickAcuteKind, CHRONIC_KEYS,
  type AcuteKind, type History,
} from './profiles.js';
import { eligibleProfiles, stayContent, type StayPlan, type StayProfile } from './stays.js';
import { activeOf, pharmacyTime, writePerson, type Env } from './region-env.js';
import { codeStay } from './stay-coding.js';

/** Outpatient fund paid per person and calendar year stays below this (fen): under every tier's cap. */
export const BACKGROUND_OTP_CAP_FEN = 250_000;
const STAY_GAP_DAYS = 45;
const OTP_GAP_DAYS = 4;
const AROUND_STAY_DAYS = 7;

function stayRate(age: number): number {
  return age < 5 ? 0.26 : age < 15 ? 0.1 : age < 45 ? 0.15 : age < 60 ? 0.27 : age < 75 ? 0.52 : 0.8;
}

function acuteRate(age: number): number {
  return age < 5 ? 11 : age < 15 ? 7.5 : age < 45 ? 6 : age < 60 ? 7 : 9;
}

type Event =
  | { kind: 'stay'; day: number; plan: StayPlan }
  | { kind: 'chronic'; day: number; supply: number }
  | { kind: 'acute'; day: number; what: AcuteKind; emergency: boolean }
  | { kind: 'pharmacy'; day: number };

class Calendar {
  private readonly otp: number[] = [];
  private readonly blocked: [number, number][] = [];

  constructor(readonly first: number, readonly last: number) {}

  block(from: number, to: number): void {
    this.blocked.push([from, to]);
  }

  isBlocked(d: number): boolean {
    return this.blocked.some(([a, b]) => d >= a && d <= b);
  }

  /** First free day ≥ d outside the blocked spans. */
  after(d: number): number {
    let x = d;
    for (let guard = 0; guard < 20 && this.isBlocked(x); guard++) {
      const span = this.blocked.find(([a, b]) => x >= a && x <= b)!;
      x = span[1] + 1;
    }
    return x;
  }

  otpFree(d: number): boolean {
    return d >= this.first && d <= this.last && !this.isBlocked(d) && this.otp.every((x) => Math.abs(x - d) >= OTP_GAP_DAYS);
  }

  takeOtp(d: number): void {
    this.otp.push(d);
  }
}

function planStays(rng: Rng, env: Env, p: Person, cal: Calendar): StayPlan[] {
  const stays: StayPlan[] = [];
  const span = cal.last - cal.first + 1;
  if (span < 10) return stays;
  if (p.chronic.has('cancer')) {
    // Chemotherapy cycles every 21 days (planned readmissions, main diagnosis Z51.1).
    for (let adm = cal.first + rng.int(0, 20); ; adm += 21) {
      const dscg = adm + rng.int(3, 4);
      if (dscg > cal.last) break;
      stays.push({ adm, dscg, profile: 'chemo' });
    }
    return stays;
  }
  const n = rng.poisson(stayRate(ageOn(p.birth, env.start)) * span / 365);
  for (let k = 0; k < n; k++) {
    for (let attempt = 0; attempt < 8; attempt++) {
      const adm0 = cal.first + rng.int(0, span - 1);
      const profiles = eligibleProfiles(p, adm0);
      if (!profiles.length) break;
      const profile = rng.weighted(profiles.map((s) => [s, s.weight(ageOn(p.birth, adm0))] as const));
      const los = rng.int(profile.los[0], profile.los[1]);
      const dscg = adm0 + los;
      if (dscg > cal.last) continue;
      if (stays.some((s) => adm0 <= s.dscg + STAY_GAP_DAYS && dscg >= s.adm - STAY_GAP_DAYS)) continue;
      stays.push({ adm: adm0, dscg, profile });
      break;
    }
  }
  return stays.sort((a, b) => a.adm - b.adm);
}

function otpInstitution(rng: Rng, env: Env, p: Person, day: number, what: AcuteKind | 'chronic', emergency: boolean,
  age: number): Institution {
  const county = p.admdvs;
  if (emergency) {
    return rng.pick(activeOf(env, ['secondary', 'tertiary'], county, day, day, (i) => i.depts.some((d) => d.code === 'A20')));
  }
  const tcm = what === 'herbs' || what === 'kid-tcm';
  if (tcm) {
    return rng.pick(activeOf(env, ['tertiary', 'secondary', 'clinic', 'community'], rng.chance(0.5) ? county : null, day, day,
      (i) => i.tcm || (i.kind === 'community' && i.depts.some((d) => d.code === 'A50'))));
  }
  const kinds: InstKind[] = [rng.weighted<InstKind>([
    ['community', what === 'chronic' ? 60 : 40], ['clinic', what === 'chronic' ? 0 : 8], ['secondary', 24],
    ['primary', what === 'chronic' ? 4 : 8], ['tertiary', what === 'chronic' ? 12 : 20]])];
  const pool = activeOf(env, kinds, kinds[0] === 'tertiary' ? null : county, day, day,
    (i) => i.hospLv !== '12' || age < 15 || what === 'vaginitis');
  return rng.pick(pool.length ? pool : activeOf(env, ['community', 'secondary'], county, day, day));
}

function stayInstitution(rng: Rng, env: Env, p: Person, plan: StayPlan): Institution | null {
  const key = plan.profile === 'chemo' ? 'chemo' : plan.profile.key;
  const minClass = plan.profile === 'chemo' ? 2 : plan.profile.minClass;
  const dept = plan.profile === 'chemo' ? 'A03' : plan.profile.dept;
  const ok = (i: Institution) => i.beds && i.cls >= minClass && (i.depts.some((d) => d.code === dept) ||
    (key === 'rehab' && i.rehab)) && (i.hospLv !== '12' || key === 'diarrhoea' || key === 'pneumonia');
  const kinds: InstKind[] = minClass === 3 ? ['tertiary']
    : minClass === 2 ? [rng.chance(0.6) ? 'secondary' : 'tertiary']
      : [rng.weighted<InstKind>([['community', 35], ['primary', 20], ['secondary', 30], ['tertiary', 15]])];
  let pool = activeOf(env, kinds, kinds[0] === 'tertiary' ? null : p.admdvs, plan.adm, plan.dscg, ok);
  if (!pool.length) pool = activeOf(env, ['secondary', 'tertiary'], null, plan.adm, plan.dscg, ok);
  return pool.length ? rng.pick(pool) : null;
}

function otpTime(rng: Rng): number {
  return 7 * 3600 + 1800 + rng.int(0, 9 * 3600 + 1800);
}

/** One background person: writes the psn_info row and every visit of the window. */
export function backgroundPerson(env: Env, index: number): void {
  const p = env.persons.background(index);
  writePerson(env, p);
  const rng = Rng.derive(env.seed, `care:${index}`);
  const last = Math.min(env.end - 1, (p.death ?? env.end) - 1);
  const cal = new Calendar(env.start, last);
  if (last < env.start) return;
  const h: History = { imaging: new Map(), hba1c: null, courseDrugUsed: false, courseItemUsed: false,
    chronicDrugs: chronicRegimen(rng, p), chronicPrefixes: new Set() };
  for (const d of h.chronicDrugs) h.chronicPrefixes.add(d.drug!.prefix);
  const events: Event[] = [];
  for (const s of planStays(rng, env, p, cal)) {
    events.push({ kind: 'stay', day: s.adm, plan: s });
    cal.block(s.adm - AROUND_STAY_DAYS, s.dscg + AROUND_STAY_DAYS);
  }
  const span = last - env.start + 1;
  if (h.chronicDrugs.length && CHRONIC_KEYS.some((c) => p.chronic.has(c))) {
    for (let d = cal.after(env.start + rng.int(0, 27)); d <= last;) {
      if (!cal.otpFree(d)) { d = cal.after(d + 1); continue; }
      const supply = rng.chance(0.2) ? 56 : 28;
      cal.takeOtp(d);
      events.push({ kind: 'chronic', day: d, supply });
      d = cal.after(d + supply - rng.int(0, 3));
    }
  }
  const age = ageOn(p.birth, env.start);
  const place = (make: (d: number) => Event) => {
    for (let attempt = 0; attempt < 6; attempt++) {
      const d = env.start + rng.int(0, span - 1);
      if (!cal.otpFree(d)) continue;
      cal.takeOtp(d);
      events.push(make(d));
      return;
    }
  };
  const nAcute = rng.poisson(acuteRate(age) * span / 365);
  for (let k = 0; k < nAcute; k++) {
    place((d) => ({ kind: 'acute', day: d, what: pickAcuteKind(rng, p, d), emergency: rng.chance(0.07) }));
  }
  const nRx = rng.poisson((age < 15 ? 1 : 6.5) * span / 365);
  for (let k = 0; k < nRx; k++) place((d) => ({ kind: 'pharmacy', day: d }));
  events.sort((a, b) => a.day - b.day);

  const capUsed = new Map<number, number>();
  for (const e of events) emitEvent(env, rng, p, h, e, capUsed);
}

function emitEvent(env: Env, rng: Rng, p: Person, h: History, e: Event, capUsed: Map<number, number>): void {
  const em = env.emitter;
  const age = ageOn(p.birth, e.day);
  const useAccount = p.insutype === '310' && rng.chance(0.7);
  if (e.kind === 'stay') {
    const inst = stayInstitution(rng, env, p, e.plan);
    if (!inst) return;
    const profile = e.plan.profile;
    const deptCode = profile === 'chemo' ? (inst.depts.some((d) => d.code === 'A19') ? 'A19' : 'A03')
      : inst.depts.some((d) => d.code === profile.dept) ? profile.dept : inst.depts[0].code;
    const doctor = pickDoctor(rng, inst, deptCode, e.plan.adm, e.plan.dscg);
    const L = new Lines(inst, doctor, DEPTS[deptCode]);
    const c = stayContent(rng, p, h, L, e.plan);
    // Coding has its own stream: the stay's care and everything after it stay as they were.
    const diags = codeStay(Rng.derive(env.seed, `coding:${p.psnNo}:${e.plan.adm}`), p,
      profile === 'chemo' ? 'chemo' : profile.key, age, c.diags, inst.code === env.drgUpcoder);
    if (rng.chance(0.03)) {
      const first = c.lines.find((l) => l.item.name === '血细胞分析');
      if (first) c.lines.push({ ...first, void: true, bkkp: undefined });
    }
    const medType = profile === 'chemo' ? '21' : (profile as StayProfile).medType === '24' && rng.chance(0.3) ? '21'
      : (profile as StayProfile).medType;
    const v: VisitSpec = {
      person: p, inst, medType, begin: [e.plan.adm, 7 * 3600 + rng.int(0, 3599)],
      end: [e.plan.dscg, 11 * 3600 + 1800 + rng.int(0, 1799)], setl: [e.plan.dscg, 13 * 3600 + rng.int(0, 7200)],
      dept: DEPTS[deptCode], doctor, diags, oprns: c.oprns, lines: c.lines, dscgWay: '1',
    };
    em.visit(v);
    return;
  }
  if (e.kind === 'pharmacy') {
    const pool = activeOf(env, ['pharmacy'], p.admdvs, e.day, e.day);
    if (!pool.length) return;
    const inst = rng.pick(pool);
    const sec = pharmacyTime(env, rng, inst, e.day);
    const doctor = pickDoctor(rng, inst, 'P01', e.day, e.day);
    const L = new Lines(inst, doctor, DEPTS.P01);
    const c = pharmacyPurchase(rng, L, e.day, sec);
    emitOtp(env, p, inst, '41', e.day, sec, sec + 60 + rng.int(0, 240), L, c.diags, c.lines, capUsed, useAccount, rng);
    return;
  }
  const what: AcuteKind | 'chronic' = e.kind === 'chronic' ? 'chronic' : e.what;
  const emergency = e.kind === 'acute' && e.emergency && what !== 'herbs' && what !== 'kid-tcm' && what !== 'vaginitis' &&
    what !== 'bph';
  const inst = otpInstitution(rng, env, p, e.day, what, emergency, age);
  const deptCode = what === 'chronic' ? (inst.depts.some((d) => d.code === 'A03') ? 'A03' : inst.depts[0].code)
    : acuteDept(what, age, inst, emergency);
  const doctor = pickDoctor(rng, inst, deptCode, e.day, e.day);
  const L = new Lines(inst, doctor, DEPTS[deptCode]);
  const sec = otpTime(rng);
  const c = e.kind === 'chronic' ? chronicVisit(rng, p, h, L, e.day, sec, e.supply)
    : acuteVisit(rng, p, h, L, e.what, e.day, sec, emergency);
  const medType = e.kind === 'chronic' ? '14' : emergency ? '13' : '11';
  emitOtp(env, p, inst, medType, e.day, sec, sec + 900 + rng.int(0, 1800), L, c.diags, c.lines, capUsed, useAccount, rng,
    e.kind === 'acute');
}

function emitOtp(env: Env, p: Person, inst: Institution, medType: string, day: number, begin: number, setl: number,
  L: Lines, diags: VisitSpec['diags'], lines: VisitSpec['lines'], capUsed: Map<number, number>, useAccount: boolean,
  rng: Rng, mayRefund = false): void {
  const capped = medType !== '14';
  const y = yearOf(day);
  const used = capUsed.get(y) ?? 0;
  const r = rng.float();
  const v: VisitSpec = {
    person: p, inst, medType, begin: [day, begin], end: [day, setl], setl: [day, setl], dept: L.dept,
    doctor: L.doctor, diags, lines, useAccount,
    fundCap: capped ? BACKGROUND_OTP_CAP_FEN - used : undefined,
    void: mayRefund && r < 0.002,
    refund: mayRefund && r >= 0.002 && r < 0.005 ? 'refund' : mayRefund && r >= 0.005 && r < 0.008 ? 'resettle' : undefined,
  };
  const out = env.emitter.visit(v);
  if (capped && !v.void) capUsed.set(y, used + out.fundNet);
}
