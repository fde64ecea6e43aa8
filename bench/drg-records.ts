/**
 * Generated DRG records for the benchmarks: deterministic, aimed at each ADRG of a scheme (read off
 * the conditions of the ADRG and its MDC, codes drawn from the scheme's own lists, so most records
 * reach a real DRG), with unknown codes and input-check failures at realistic rates. Codes are split
 * out of a joined line per record, as a CSV reader would hand them over (fresh strings).
 */
import type { Condition, DrgSchemeData } from '../src/drg/scheme.js';
import type { DrgRecord } from '../src/drg/types.js';

// mulberry32: small, fast, deterministic.
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A generator of records aimed at each ADRG, read off the conditions of the ADRG and its MDC. */
export function makeGenerator(d: DrgSchemeData, seed: number): (i: number) => DrgRecord {
  const rand = rng(seed);
  const int = (n: number): number => Math.floor(rand() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const list = (id: string): string[] => d.codeLists[id] as string[];
  const whenOf = (w: Condition | Condition[]): Condition[] => (Array.isArray(w) ? w : [w]);

  const diagPool = new Set<string>();
  const procPool = new Set<string>();
  const visit = (c: Condition): void => {
    if ('mainDiagIn' in c) list(c.mainDiagIn).forEach((x) => diagPool.add(x));
    else if ('anyDiagIn' in c) list(c.anyDiagIn).forEach((x) => diagPool.add(x));
    else if ('mainProcIn' in c) list(c.mainProcIn).forEach((x) => procPool.add(x));
    else if ('anyProcIn' in c) list(c.anyProcIn).forEach((x) => procPool.add(x));
    else if ('not' in c) visit(c.not);
  };
  const targets: { mdc: Condition[]; adrg: Condition[] }[] = [];
  for (const m of d.scheme.mdcs) {
    whenOf(m.when).forEach(visit);
    for (const a of m.adrgs) { whenOf(a.when).forEach(visit); targets.push({ mdc: whenOf(m.when), adrg: whenOf(a.when) }); }
  }
  const diags = [...diagPool], procs = [...procPool];
  const mccCodes = Object.keys(d.mcc), ccCodes = Object.keys(d.cc);

  return (i: number): DrgRecord => {
    const roll = rand();
    const t = pick(targets);
    let main: string | null = null;
    const extraDx: string[] = [];
    const px: string[] = [];
    let sex: string | null = rand() < 0.5 ? '1' : '2';
    let ageYears: number | null = 1 + int(90), ageDays: number | null = 0, weight: number | null = 0;
    let lo = 0, hi = 6000, noProc = false;
    for (const c of [...t.mdc, ...t.adrg]) {
      if ('mainDiagIn' in c) main ??= pick(list(c.mainDiagIn));
      else if ('anyDiagIn' in c) extraDx.push(pick(list(c.anyDiagIn)));
      else if ('mainProcIn' in c) px.unshift(pick(list(c.mainProcIn)));
      else if ('anyProcIn' in c) px.push(pick(list(c.anyProcIn)));
      else if ('not' in c) noProc = true;
      else if ('sexEq' in c) sex = c.sexEq;
      else if ('ageYearsEq' in c) { ageYears = c.ageYearsEq; ageDays = 1 + int(364); weight = 500 + int(4000); }
      else if ('ageDaysLte' in c) ageDays = int(c.ageDaysLte + 1);
      else if ('weightGramsGt' in c) lo = Math.max(lo, c.weightGramsGt + 1);
      else if ('weightGramsGte' in c) lo = Math.max(lo, c.weightGramsGte);
      else if ('weightGramsLt' in c) hi = Math.min(hi, c.weightGramsLt - 1);
      else if ('procGroups' in c) {
        const codes = list(c.procGroups.codes), labels = list(c.procGroups.groupOf);
        for (const label of pick(c.procGroups.anyOf)) {
          const k = labels.indexOf(label, int(labels.length));
          px.push(codes[k >= 0 ? k : labels.indexOf(label)]);
        }
      } else if ('diagRegionsAtLeast' in c) {
        const sites = Object.entries(d.codeLists[c.diagRegionsAtLeast.regions] as Record<string, string>);
        for (let k = 0; k < c.diagRegionsAtLeast.min + int(2); k++) extraDx.push(pick(sites)[0]);
      }
    }
    if (ageYears === 0 && lo > 0) weight = lo + int(Math.max(1, hi - lo));
    main ??= pick(diags);
    if (noProc) px.length = 0;
    else if (px.length === 0 && rand() < 0.4) px.push(pick(procs));
    for (let k = int(3); k > 0; k--) px.push(pick(procs));
    const dx = [main, ...extraDx];
    for (let k = int(5); k > 0; k--) {
      const r = rand();
      dx.push(r < 0.2 ? pick(mccCodes) : r < 0.5 ? pick(ccCodes) : pick(diags));
    }
    // Unknown codes (not in the scheme) and rejects, at realistic rates.
    if (roll < 0.03) dx.push(`Z${(i % 97).toString().padStart(2, '0')}.9${int(1000)}x999`);
    else if (roll < 0.04) px.push(`99.${int(100)}00x999`);
    else if (roll < 0.045) dx[0] = `U${int(100)}.900`;
    if (roll > 0.995) sex = null;
    else if (roll > 0.992) dx.length = 0;
    else if (roll > 0.99) { ageYears = 0; ageDays = int(29); weight = 0; }
    else if (roll > 0.989) { ageYears = null; ageDays = null; }
    return {
      sex, age_years: ageYears, age_days: ageDays, birth_weight_g: weight,
      diagnoses: dx.length ? dx.join('|').split('|') : [],
      procedures: px.length ? px.join('|').split('|') : [],
    };
  };
}

