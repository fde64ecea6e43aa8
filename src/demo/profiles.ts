/**
 * Clinical content of background visits: what a patient with a given complaint is billed for
 * at an outpatient visit, a chronic-disease follow-up, a pharmacy purchase or an inpatient stay.
 * Everything here keeps to the region's knowledge (sex, age, level, visit type, course, period,
 * frequency) so that the background carries no violations of its own.
 */
import { HERB_ITEMS, item, itemsTagged, usable, type Item } from './catalog.js';
import { dx, proc, type Diagnosis } from './icd.js';
import type { LineSpec, OprnSpec } from './emit.js';
import { Lines } from './lines.js';
import type { Person } from './persons.js';
import type { Rng } from './rng.js';
import type { Institution } from './providers.js';
import { DEPTS } from './providers.js';
import { ageOn } from './dates.js';

/** What the background remembers of a person, so repeated care stays within the rules. */
export interface History {
  imaging: Map<string, number>;
  hba1c: number | null;
  courseDrugUsed: boolean;
  courseItemUsed: boolean;
  chronicDrugs: Item[];
  chronicPrefixes: Set<string>;
}

export const IMAGING_GAP_DAYS = 90;
const HBA1C_GAP_DAYS = 75;

function imagingOk(h: History, it: Item, day: number): boolean {
  const last = h.imaging.get(it.code);
  return last === undefined || day - last >= IMAGING_GAP_DAYS;
}

const pools = new Map<string, Item[]>();

function pool(tag: string): Item[] {
  let p = pools.get(tag);
  if (!p) {
    p = itemsTagged(tag).filter(usable);
    pools.set(tag, p);
  }
  return p;
}

/** Packs of a drug that fit within maxDays of supply (at least one pack when it fits). */
function packsWithin(it: Item, maxDays: number, rng: Rng): number {
  const per = it.drug!.daysPerPack;
  const most = Math.floor(maxDays / per);
  return Math.max(1, Math.min(most, rng.chance(0.3) ? 2 : 1));
}

function drugCode(rng: Rng, it: Item): string {
  const codes = it.drug!.codes;
  return rng.chance(0.8) ? codes[0] : codes[1 % codes.length];
}

export type AcuteKind = 'resp' | 'gi' | 'pain' | 'skin' | 'uti' | 'vaginitis' | 'injury' | 'herbs' | 'kid-tcm' | 'bph';

export function pickAcuteKind(rng: Rng, p: Person, day: number): AcuteKind {
  const age = ageOn(p.birth, day);
  if (age < 15) {
    return rng.weighted<AcuteKind>([['resp', 55], ['gi', 25], ['skin', 10], ['injury', 5], ['kid-tcm', age <= 12 ? 5 : 0]]);
  }
  return rng.weighted<AcuteKind>([
    ['resp', 30], ['gi', 18], ['pain', age >= 30 ? 18 : 6], ['skin', 8], ['uti', p.gend === '2' ? 7 : 2],
    ['vaginitis', p.gend === '2' && age >= 18 && age <= 60 ? 6 : 0], ['injury', 5], ['herbs', 15],
    ['bph', p.chronic.has('bph') ? 12 : 0],
  ]);
}

const ACUTE_DX: Record<AcuteKind, string[]> = {
  resp: ['J06.900', 'J02.900', 'J03.900', 'J20.900', 'R50.900'],
  gi: ['K29.700', 'K30.x00', 'A09.900', 'R10.400'],
  pain: ['M54.500', 'M17.900', 'R51.x00'],
  skin: ['L30.900', 'L50.900'],
  uti: ['N39.000'],
  vaginitis: ['N76.000'],
  injury: ['S61.900'],
  herbs: ['K30.x00', 'R51.x00', 'M54.500'],
  'kid-tcm': ['K30.x00', 'A09.900'],
  bph: ['N40.x00'],
};

/** Department an acute complaint is seen in, if the institution has it. */
export function acuteDept(kind: AcuteKind, age: number, inst: Institution, emergency: boolean): string {
  const has = (c: string) => inst.depts.some((d) => d.code === c);
  const want = emergency ? 'A20' : age < 15 ? 'A07' : kind === 'vaginitis' ? 'A05'
    : kind === 'injury' ? 'A04' : kind === 'herbs' || kind === 'kid-tcm' || (kind === 'pain' && inst.tcm) ? 'A50' : 'A03';
  if (has(want)) return want;
  return has('A02') ? 'A02' : inst.depts[0].code;
}

export interface Content {
  diags: Diagnosis[];
  lines: LineSpec[];
  oprns?: OprnSpec[];
}

function consultItem(inst: Institution, emergency: boolean, rng: Rng): string {
  if (emergency) return '急诊诊查费';
  if (inst.kind === 'community' || inst.kind === 'clinic') return '一般诊疗费';
  return rng.chance(0.2) ? '副主任医师门诊诊查费' : '普通门诊诊查费';
}

/** An acute outpatient (11) or emergency (13) visit. */
export function acuteVisit(rng: Rng, p: Person, h: History, L: Lines, kind: AcuteKind, day: number, sec: number,
  emergency: boolean): Content {
  const age = ageOn(p.birth, day);
  const main = dx(rng.pick(ACUTE_DX[kind]));
  const maxDays = emergency ? 3 : 7;
  const t = (k: number) => sec + 120 + k * 60;
  L.service(consultItem(L.inst, emergency, rng), day, t(0));
  const cls = L.inst.cls;
  const give = (drugs: Item[]) => {
    for (const d of drugs) {
      if (d.drug!.daysPerPack > maxDays) continue;
      L.packs(d, day, t(2), packsWithin(d, maxDays, rng), drugCode(rng, d));
    }
  };
  const choose = (tag: string, lo: number, hi: number) => rng.sample(pool(tag), rng.int(lo, hi));
  switch (kind) {
    case 'resp': {
      const kids = age <= 14 ? choose('kid-resp', 1, 1) : [];
      give([...kids, ...choose('resp', age <= 14 ? 1 : 2, age <= 14 ? 2 : 4)]);
      if (rng.chance(0.6)) L.service('血细胞分析', day, t(1));
      if (rng.chance(0.3)) L.service('C反应蛋白测定', day, t(1));
      if (main.code === 'J20.900' && rng.chance(0.3)) L.service('雾化吸入', day, t(3));
      if (!emergency && (L.inst.kind === 'community' || L.inst.kind === 'primary') && age >= 15 && rng.chance(0.12)) {
        L.service('静脉输液', day, t(3));
        L.daily('0.9%氯化钠注射液', day, t(3));
        L.daily('注射用头孢曲松钠', day, t(3));
        L.consumable('一次性使用输液器', day, t(3));
      }
      break;
    }
    case 'gi':
      give(choose('gi', 2, 3));
      if (main.code === 'A09.900') L.service('粪便常规检查', day, t(1));
      if (cls >= 2 && age >= 15 && rng.chance(0.12) && imagingOk(h, item('腹部彩色多普勒超声'), day)) {
        L.service('腹部彩色多普勒超声', day, t(1));
        h.imaging.set(item('腹部彩色多普勒超声').code, day);
      }
      if (cls >= 2 && !emergency && age >= 18 && rng.chance(0.03)) L.service('电子胃镜检查', day, t(4));
      break;
    case 'pain':
      give(choose('pain', 2, 3));
      if (L.inst.tcm || L.dept.code === 'A50') {
        for (const tr of rng.sample(['普通针刺', '推拿治疗', '拔罐', '艾灸'], rng.int(1, 2))) L.service(tr, day, t(3));
      } else if (rng.chance(0.25)) {
        L.service(rng.pick(['红外线治疗', '中频脉冲电治疗']), day, t(3));
      }
      if (cls >= 2 && rng.chance(0.05) && imagingOk(h, item('腰椎磁共振平扫'), day)) {
        L.service('腰椎磁共振平扫', day, t(1));
        h.imaging.set(item('腰椎磁共振平扫').code, day);
      } else if (rng.chance(0.08)) {
        L.service('胸部X线摄影', day, t(1));
      }
      break;
    case 'skin':
      give(choose('skin', 1, 1));
      if (rng.chance(0.5)) give(choose('resp', 1, 1).filter((d) => d.name.includes('对乙酰氨基酚')));
      break;
    case 'uti':
      give(choose('uti', 1, 1));
      L.service('尿液分析', day, t(1));
      break;
    case 'vaginitis':
      give([item('甲硝唑阴道泡腾片')]);
      if (rng.chance(0.3)) L.service('宫颈细胞学检查', day, t(1));
      if (rng.chance(0.15)) L.service('阴道镜检查', day, t(1));
      break;
    case 'injury':
      L.service('清创缝合术', day, t(1));
      L.consumable('医用脱脂纱布', day, t(1), rng.int(1, 3));
      if (rng.chance(0.5)) give([item('阿莫西林胶囊')]);
      break;
    case 'herbs': {
      const doses = rng.pick([5, 7]);
      for (const herb of rng.sample(HERB_ITEMS.filter((x) => x.lv !== '03' || rng.chance(0.3)), rng.int(6, 10))) {
        const grams = herb.name === '黄芪' ? rng.int(15, 30) : rng.pick([6, 9, 10, 12, 15]);
        L.herb(herb, day, t(2), grams, doses);
      }
      if (rng.chance(0.5)) L.service('中药饮片代煎', day, t(3), doses);
      break;
    }
    case 'kid-tcm':
      L.service('小儿推拿', day, t(2));
      if (rng.chance(0.5)) give(choose('gi', 1, 1));
      break;
    case 'bph':
      give([item('前列宁通胶囊')]);
      if (rng.chance(0.3) && imagingOk(h, item('经直肠前列腺超声'), day)) {
        L.service('经直肠前列腺超声', day, t(1));
        h.imaging.set(item('经直肠前列腺超声').code, day);
      }
      break;
  }
  if (L.out.length === 1) give(choose(age <= 14 ? 'kid-resp' : 'otc', 1, 1));
  if (L.out.some((l) => l.item.tags.has('lab') && l.item.name !== '尿液分析' && l.item.name !== '粪便常规检查')) {
    L.service('静脉采血', day, t(1));
  }
  return { diags: [main], lines: L.out };
}

const CHRONIC_DX: Record<string, string> = {
  htn: 'I10.x00x002', dm: 'E11.900', copd: 'J44.900', chd: 'I25.100', osteo: 'M81.000',
};
export const CHRONIC_KEYS = ['htn', 'dm', 'chd', 'copd', 'osteo'] as const;

/** The drugs a chronic patient takes, fixed for the year. */
export function chronicRegimen(rng: Rng, p: Person): Item[] {
  const out: Item[] = [];
  for (const c of CHRONIC_KEYS) {
    if (!p.chronic.has(c)) continue;
    const tag = c === 'chd' ? 'chd' : c;
    const options = pool(tag).filter((d) => !out.includes(d));
    out.push(...rng.sample(options, c === 'osteo' ? rng.int(1, 2) : rng.int(1, 2)));
  }
  return out;
}

export function chronicDiagnoses(p: Person): Diagnosis[] {
  return CHRONIC_KEYS.filter((c) => p.chronic.has(c)).map((c) => dx(CHRONIC_DX[c]));
}

/** A chronic-disease follow-up (14): the regimen for `supplyDays`, routine checks. */
export function chronicVisit(rng: Rng, p: Person, h: History, L: Lines, day: number, sec: number,
  supplyDays: number): Content {
  const t = (k: number) => sec + 120 + k * 60;
  L.service(consultItem(L.inst, false, rng), day, t(0));
  for (const d of h.chronicDrugs) L.packs(d, day, t(2), supplyDays / d.drug!.daysPerPack, d.drug!.codes[0]);
  if (p.chronic.has('dm')) {
    if (rng.chance(0.6)) {
      L.service('葡萄糖测定', day, t(1));
      L.service('静脉采血', day, t(1));
    }
    if (h.hba1c === null || day - h.hba1c >= HBA1C_GAP_DAYS) {
      if (rng.chance(0.7)) {
        L.service('糖化血红蛋白测定', day, t(1));
        h.hba1c = day;
      }
    }
  }
  if (p.chronic.has('chd') && rng.chance(0.15)) L.service('常规心电图检查', day, t(1));
  if ((p.chronic.has('chd') || p.chronic.has('htn')) && rng.chance(0.08)) L.service('血脂四项测定', day, t(1));
  return { diags: chronicDiagnoses(p), lines: L.out };
}

/** A retail pharmacy purchase (41): over-the-counter drugs for at most a week. */
export function pharmacyPurchase(rng: Rng, L: Lines, day: number, sec: number): Content {
  for (const d of rng.sample(pool('otc'), rng.int(1, 4))) {
    L.packs(d, day, sec, packsWithin(d, 7, rng), drugCode(rng, d));
  }
  return { diags: [], lines: L.out };
}

export { DEPTS, proc };
