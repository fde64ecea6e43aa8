/** Shared state of one generation run: window, providers, writers, institution choice. */
import { CsvSink } from './csv-out.js';
import { fmtDate } from './dates.js';
import type { Emitter } from './emit.js';
import type { Person, PersonFactory } from './persons.js';
import { activeThrough, type Institution, type InstKind, type Providers } from './providers.js';
import type { Rng } from './rng.js';

export interface Env {
  seed: number;
  start: number;
  /** Exclusive. */
  end: number;
  providers: Providers;
  emitter: Emitter;
  persons: PersonFactory;
  psnSink: CsvSink;
  /** Settlements per pharmacy and day, so that no two cards settle there within minutes. */
  pharmacySlots: Map<string, number>;
  /** The institution planted as coding extra MCC/CC diagnoses on its stays (高套分组), if any. */
  drgUpcoder?: string | null;
}

export const PSN_COLUMNS = ['psn_no', 'psn_name', 'certno', 'gend', 'brdy', 'insutype', 'die_date', 'tel'];

export function writePerson(env: Env, p: Person): void {
  env.psnSink.row([p.psnNo, p.name, p.certno, p.gend, fmtDate(p.birth), p.insutype,
    p.death === null ? '' : fmtDate(p.death), p.tel]);
}

export function insts(env: Env, pred: (i: Institution) => boolean): Institution[] {
  return env.providers.institutions.filter(pred);
}

const SLOT_SECONDS = 300;

/** A settlement time at a pharmacy on a day: 5-minute slots from 08:00, a little jitter inside. */
export function pharmacyTime(env: Env, rng: Rng, inst: Institution, day: number): number {
  const key = `${inst.code}:${day}`;
  const n = env.pharmacySlots.get(key) ?? rng.int(0, 20);
  env.pharmacySlots.set(key, n + 1 + rng.int(0, 6));
  return 8 * 3600 + ((n * SLOT_SECONDS) % (13 * 3600)) + rng.int(0, 90);
}

/** Institutions of a kind in a county (any county when none there), active over [from, to]. */
export function activeOf(env: Env, kinds: InstKind[], county: string | null, from: number, to: number,
  extra: (i: Institution) => boolean = () => true): Institution[] {
  const all = env.providers.institutions.filter((i) => kinds.includes(i.kind) && extra(i) &&
    activeThrough(i.periods, from, to));
  if (county === null) return all;
  const local = all.filter((i) => i.admdvs === county);
  return local.length ? local : all;
}
