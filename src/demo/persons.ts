/** Insured persons of the demo region: identity, insurance, health conditions, life span. */
import { Rng } from './rng.js';
import { ageOn, birthdayAt, compactDate, dayFromYmd, ymd } from './dates.js';
import { certNo, mobile, personName } from './ids.js';
import { COUNTIES } from './providers.js';

export interface Person {
  psnNo: string;
  name: string;
  certno: string;
  gend: '1' | '2';
  birth: number;
  insutype: '310' | '390';
  admdvs: string;
  county: number;
  tel: string;
  death: number | null;
  /** Chronic conditions: htn, dm, copd, chd, osteo, bph, cancer. */
  chronic: Set<string>;
}

// Share of the population by 5-year age band 0–4 … 95–99.
const AGE_BANDS = [5.0, 5.6, 5.8, 5.4, 5.2, 6.2, 7.6, 7.8, 7.0, 7.4, 8.6, 8.4, 7.0, 6.2, 4.8, 3.0, 2.0, 1.2, 0.5, 0.1];

export class PersonFactory {
  private readonly certSeq = new Map<string, number>();

  constructor(private readonly seed: number, private readonly start: number, private readonly end: number) {}

  psnNo(index: number): string {
    return `${COUNTIES[index % COUNTIES.length].admdvs}${String(index + 1).padStart(14, '0')}`;
  }

  /** A person with the given facts; identity fields drawn from rng. */
  make(index: number, rng: Rng, facts: { gend: '1' | '2'; birth: number; insutype: '310' | '390'; county?: number;
    death?: number | null; chronic?: Set<string> }): Person {
    const county = facts.county ?? index % COUNTIES.length;
    const admdvs = COUNTIES[county].admdvs;
    const bc = compactDate(facts.birth);
    const key = admdvs + bc;
    const seq = (this.certSeq.get(key) ?? rng.int(0, 200)) + 1;
    this.certSeq.set(key, seq);
    return {
      psnNo: this.psnNo(index), name: personName(rng, facts.gend), certno: certNo(admdvs, bc, seq, facts.gend),
      gend: facts.gend, birth: facts.birth, insutype: facts.insutype, admdvs, county, tel: mobile(rng),
      death: facts.death ?? null, chronic: facts.chronic ?? new Set(),
    };
  }

  /** A background person: age from the population pyramid, conditions by age and sex. */
  background(index: number): Person {
    const rng = Rng.derive(this.seed, `person:${index}`);
    const gend: '1' | '2' = rng.chance(0.51) ? '1' : '2';
    const band = rng.weighted(AGE_BANDS.map((w, i) => [i, w] as const));
    const age = band * 5 + rng.int(0, 4);
    const { y } = ymd(this.start);
    let birth = dayFromYmd(y - age - 1, 1, 1) + rng.int(1, 365);
    if (birth >= this.start) birth = this.start - rng.int(30, 300);
    const a = ageOn(birth, this.start);
    const insutype: '310' | '390' = a < 18 ? '390' : a < 60 ? (rng.chance(0.45) ? '310' : '390')
      : rng.chance(0.3) ? '310' : '390';
    const chronic = new Set<string>();
    if (a >= 40 && rng.chance(a >= 60 ? 0.42 : 0.2)) chronic.add('htn');
    if (a >= 40 && rng.chance(a >= 60 ? 0.16 : 0.08)) chronic.add('dm');
    if (a >= 50 && rng.chance(0.06)) chronic.add('copd');
    if (a >= 50 && rng.chance(a >= 65 ? 0.1 : 0.05)) chronic.add('chd');
    if (gend === '2' && a >= 55 && rng.chance(0.12)) chronic.add('osteo');
    if (gend === '1' && a >= 55 && rng.chance(0.18)) chronic.add('bph');
    if (a >= 45 && rng.chance(0.004)) chronic.add('cancer');
    let death: number | null = null;
    const span = this.end - this.start;
    const pDeath = (a >= 80 ? 0.06 : a >= 70 ? 0.025 : a >= 60 ? 0.01 : 0.001) * (span / 365);
    if (rng.chance(pDeath)) death = this.start + rng.int(Math.min(20, span - 1), span - 1);
    return this.make(index, rng, { gend, birth, insutype, death, chronic });
  }
}

/** psn_type: 1101 在职, 1102 退休 (employees); 1501 成年居民, 1502 学生儿童, 1503 老年居民 (residents). */
export function psnType(p: Person, day: number): string {
  const a = ageOn(p.birth, day);
  if (p.insutype === '310') return a >= (p.gend === '1' ? 60 : 50) ? '1102' : '1101';
  return a < 18 ? '1502' : a >= 60 ? '1503' : '1501';
}

/** A birth date on which the person turns `years` on `onDay` (onDay must not be 29 February). */
export function birthTurning(years: number, onDay: number): number {
  const { y, m, d } = ymd(onDay);
  const birth = dayFromYmd(y - years, m, d);
  if (birthdayAt(birth, years) !== onDay) throw new Error('birthday does not fall on the requested day');
  return birth;
}
