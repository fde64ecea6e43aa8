/** Builds the fee lines of one visit at one institution: prices by class, packs, per-day units. */
import { item as catalogItem, type Item } from './catalog.js';
import { divRound } from './money.js';
import type { LineSpec } from './emit.js';
import { unitsPerDay } from './emit.js';
import type { Dept, Doctor, Institution } from './providers.js';

export class Lines {
  readonly out: LineSpec[] = [];

  constructor(readonly inst: Institution, public doctor: Doctor, public dept: Dept) {}

  private add(l: Omit<LineSpec, 'doctor' | 'dept'> & Partial<Pick<LineSpec, 'doctor' | 'dept'>>): LineSpec {
    const spec: LineSpec = { doctor: this.doctor, dept: this.dept, ...l };
    this.out.push(spec);
    return spec;
  }

  /** A service item at the institution's class price (the highest allowed). */
  service(it: Item | string, day: number, sec: number, cnt = 1, p4?: number): LineSpec {
    const i = typeof it === 'string' ? catalogItem(it) : it;
    return this.add({ item: i, day, sec, cnt, p4: p4 ?? i.maxByClass[this.inst.cls - 1] });
  }

  /** Whole packs of a drug dispensed for home use; prd_days = packs × days per pack. */
  packs(it: Item | string, day: number, sec: number, packs: number, code?: string): LineSpec {
    const i = typeof it === 'string' ? catalogItem(it) : it;
    const d = i.drug;
    if (!d) throw new Error(`${i.name} is not a drug`);
    return this.add({ item: i, code, day, sec, cnt: packs, p4: i.p4, prdDays: packs * d.daysPerPack });
  }

  /** One day of a drug given on the ward: injections by the unit, oral drugs split from the pack. */
  daily(it: Item | string, day: number, sec: number, code?: string): LineSpec {
    const i = typeof it === 'string' ? catalogItem(it) : it;
    const d = i.drug;
    if (!d) throw new Error(`${i.name} is not a drug`);
    const p4 = d.perUnit ? i.p4 : divRound(i.p4, d.packUnits);
    return this.add({ item: i, code, day, sec, cnt: unitsPerDay(i), p4, prdDays: 1 });
  }

  /** One day of a drug as the ward records it: one line per administration. */
  administrations(it: Item | string, day: number, firstSec: number): LineSpec[] {
    const i = typeof it === 'string' ? catalogItem(it) : it;
    const d = i.drug;
    if (!d) throw new Error(`${i.name} is not a drug`);
    const times = unitsPerDay(i) / d.doseUnits;
    const p4 = d.perUnit ? i.p4 : divRound(i.p4, d.packUnits);
    const out: LineSpec[] = [];
    for (let k = 0; k < times; k++) {
      out.push(this.add({ item: i, day, sec: firstSec + k * 5 * 3600, cnt: d.doseUnits, p4, prdDays: 1 }));
    }
    return out;
  }

  /** One herb of a decoction: grams per dose × doses. */
  herb(it: Item, day: number, sec: number, grams: number, doses: number): LineSpec {
    return this.add({ item: it, day, sec, cnt: grams * doses, p4: it.p4, prdDays: doses });
  }

  consumable(it: Item | string, day: number, sec: number, cnt = 1): LineSpec {
    const i = typeof it === 'string' ? catalogItem(it) : it;
    return this.add({ item: i, day, sec, cnt, p4: i.p4 });
  }

  /** A negative line returning `cnt` units of an earlier line. */
  giveBack(of: LineSpec, day: number, sec: number, cnt: number): LineSpec {
    return this.add({ ...of, day, sec, cnt: -cnt, returnOf: of, bkkp: undefined, void: false });
  }
}
