// Properties of the compiled DRG grouper on random records built from the scheme's own codes
// (plus unknown ones), and a differential test against a deliberately plain reference
// interpreter of the README semantics (string Sets, no compilation).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { loadDrgScheme, type Condition, type DrgSchemeData, type When } from '../../src/drg/scheme.js';
import { compileGrouper, type DrgRecord, type DrgRejectReason, type DrgResult } from '../../src/drg/grouper.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const data = await loadDrgScheme(resolve(repoRoot, '../shared/data/chs-drg-1.1'));
const grouper = compileGrouper(data);

// ---- reference interpreter: the README read literally ----

function readmeInputCheck(r: DrgRecord): DrgRejectReason | null {
  if (r.sex === null || r.sex.trim() === '') return 'missing_sex';
  if (r.diagnoses.length === 0 || r.diagnoses[0].trim() === '') return 'missing_diagnoses';
  if (r.age_years === 0 && r.age_days !== null && r.age_days <= 28 && !(r.birth_weight_g !== null && r.birth_weight_g > 0)) return 'newborn_without_weight';
  return null;
}

function referenceGrouper(d: DrgSchemeData): (r: DrgRecord) => DrgResult {
  const sets = new Map<string, Set<string>>();
  const set = (id: string): Set<string> => {
    let s = sets.get(id);
    if (!s) { s = new Set(d.codeLists[id] as string[]); sets.set(id, s); }
    return s;
  };
  const has = (o: Record<string, string>, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

  return (r) => {
    const reason = readmeInputCheck(r);
    if (reason) return { status: 'rejected', drg: '0000', adrg: null, mdc: null, reject_reason: reason };
    const main = r.diagnoses[0];
    const secondary = r.diagnoses.slice(1);
    const mainGroup = has(d.exclusionGroups, main) ? d.exclusionGroups[main] : undefined;
    const counts = (t: Record<string, string>): boolean => secondary.some((s) => has(t, s) && t[s] !== mainGroup);

    const holds = (c: Condition): boolean => {
      if ('mainDiagIn' in c) return set(c.mainDiagIn).has(main);
      if ('anyDiagIn' in c) return r.diagnoses.some((x) => set(c.anyDiagIn).has(x));
      if ('mainProcIn' in c) return r.procedures.length > 0 && set(c.mainProcIn).has(r.procedures[0]);
      if ('anyProcIn' in c) return r.procedures.some((x) => set(c.anyProcIn).has(x));
      if ('not' in c) return !holds(c.not);
      if ('sexEq' in c) return r.sex === c.sexEq;
      if ('ageYearsEq' in c) return r.age_years !== null && r.age_years === c.ageYearsEq;
      if ('ageDaysLte' in c) return r.age_days !== null && r.age_days <= c.ageDaysLte;
      if ('weightGramsGt' in c) return r.birth_weight_g !== null && r.birth_weight_g > c.weightGramsGt;
      if ('weightGramsGte' in c) return r.birth_weight_g !== null && r.birth_weight_g >= c.weightGramsGte;
      if ('weightGramsLt' in c) return r.birth_weight_g !== null && r.birth_weight_g < c.weightGramsLt;
      if ('procGroups' in c) {
        const codes = d.codeLists[c.procGroups.codes] as string[];
        const groupOf = d.codeLists[c.procGroups.groupOf] as string[];
        const labels = new Set<string>();
        for (const p of r.procedures) { const i = codes.indexOf(p); if (i >= 0) labels.add(groupOf[i]); }
        return c.procGroups.anyOf.some((alt) => alt.every((l) => labels.has(l)));
      }
      if ('diagRegionsAtLeast' in c) {
        const map = d.codeLists[c.diagRegionsAtLeast.regions] as Record<string, string>;
        return new Set(r.diagnoses.filter((x) => has(map, x)).map((x) => map[x])).size >= c.diagRegionsAtLeast.min;
      }
      if ('always' in c) return true;
      if ('hasMcc' in c) return secondary.length > 0 && counts(d.mcc);
      if ('hasMccOrCc' in c) return secondary.length > 0 && (counts(d.mcc) || counts(d.cc));
      throw new Error(`unknown condition ${JSON.stringify(c)}`);
    };
    const all = (w: When): boolean => (Array.isArray(w) ? w : [w]).every(holds);

    for (const m of d.scheme.mdcs) {
      if (!all(m.when)) continue;
      for (const a of m.adrgs) {
        if (!all(a.when)) continue;
        const g = a.drgs.find((x) => all(x.when))!;
        return { status: 'grouped', drg: g.code, adrg: a.code, mdc: m.code, reject_reason: null };
      }
    }
    return { status: 'ungrouped', drg: '0000', adrg: null, mdc: null, reject_reason: null };
  };
}

const reference = referenceGrouper(data);

// ---- arbitraries built from the scheme ----

const diagLists: string[][] = [];
const procLists: string[][] = [];
const targets: { main: string[] | null; procs: string[][] }[] = [];
{
  const seenD = new Set<string>(), seenP = new Set<string>();
  const visit = (c: Condition): void => {
    if ('mainDiagIn' in c || 'anyDiagIn' in c) {
      const id = 'mainDiagIn' in c ? c.mainDiagIn : c.anyDiagIn;
      if (!seenD.has(id)) { seenD.add(id); diagLists.push(data.codeLists[id] as string[]); }
    } else if ('mainProcIn' in c || 'anyProcIn' in c) {
      const id = 'mainProcIn' in c ? c.mainProcIn : c.anyProcIn;
      if (!seenP.has(id)) { seenP.add(id); procLists.push(data.codeLists[id] as string[]); }
    } else if ('procGroups' in c) {
      if (!seenP.has(c.procGroups.codes)) { seenP.add(c.procGroups.codes); procLists.push(data.codeLists[c.procGroups.codes] as string[]); }
    } else if ('diagRegionsAtLeast' in c) {
      diagLists.push(Object.keys(data.codeLists[c.diagRegionsAtLeast.regions]));
    } else if ('not' in c) visit(c.not);
  };
  const list = (w: When): Condition[] => (Array.isArray(w) ? w : [w]);
  for (const m of data.scheme.mdcs) {
    list(m.when).forEach(visit);
    const mdcMain = list(m.when).find((c): c is { mainDiagIn: string } => 'mainDiagIn' in c);
    for (const a of m.adrgs) {
      list(a.when).forEach(visit);
      const main = list(a.when).find((c): c is { mainDiagIn: string } => 'mainDiagIn' in c) ?? mdcMain;
      const procs = list(a.when).flatMap((c) =>
        'mainProcIn' in c ? [c.mainProcIn] : 'anyProcIn' in c ? [c.anyProcIn] : 'procGroups' in c ? [c.procGroups.codes] : []);
      targets.push({ main: main ? (data.codeLists[main.mainDiagIn] as string[]) : null, procs: procs.map((id) => data.codeLists[id] as string[]) });
    }
  }
}
const mccCodes = Object.keys(data.mcc), ccCodes = Object.keys(data.cc);
const complicationsByGroup = new Map<string, string[]>();
for (const t of [data.mcc, data.cc]) for (const [code, g] of Object.entries(t)) complicationsByGroup.set(g, [...(complicationsByGroup.get(g) ?? []), code]);

const fromLists = (lists: string[][]): fc.Arbitrary<string> =>
  fc.tuple(fc.nat(lists.length - 1), fc.nat()).map(([l, k]) => lists[l][k % lists[l].length]);
const fromList = (xs: string[]): fc.Arbitrary<string> => fc.nat(xs.length - 1).map((k) => xs[k]);
const unknownCode = fc.string({ minLength: 1, maxLength: 8 }).map((s) => `UNK-${s}`);
const SAME_GROUP = '\u0000same-group';

const diagArb = fc.oneof(
  { arbitrary: fromLists(diagLists), weight: 8 },
  { arbitrary: fromList(mccCodes), weight: 2 },
  { arbitrary: fromList(ccCodes), weight: 3 },
  { arbitrary: unknownCode, weight: 1 },
  { arbitrary: fc.constant(SAME_GROUP), weight: 2 },
);
const procArb = fc.oneof({ arbitrary: fromLists(procLists), weight: 8 }, { arbitrary: unknownCode, weight: 1 });

const demographics = fc.record({
  sex: fc.oneof({ arbitrary: fc.constantFrom('1', '2'), weight: 12 }, { arbitrary: fc.constantFrom<string | null>(null, '', ' ', '9'), weight: 1 }),
  age_years: fc.oneof({ arbitrary: fc.constant<number | null>(0), weight: 3 }, { arbitrary: fc.integer({ min: 1, max: 100 }), weight: 6 }, { arbitrary: fc.constant(null), weight: 1 }),
  age_days: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 28 }), weight: 3 }, { arbitrary: fc.integer({ min: 29, max: 400 }), weight: 2 }, { arbitrary: fc.constant<number | null>(null), weight: 1 }),
  birth_weight_g: fc.oneof(
    { arbitrary: fc.constantFrom<number | null>(0, null), weight: 2 },
    { arbitrary: fc.constantFrom(999, 1000, 1499, 1500, 1501, 1999, 2000, 2001, 2499, 2500, 2501), weight: 2 },
    { arbitrary: fc.integer({ min: 1, max: 6000 }), weight: 3 },
  ),
});

/** Replaces the placeholder by an MCC/CC sharing the main diagnosis's exclusion group (or drops it). */
function resolveSameGroup(diagnoses: string[]): string[] {
  const g = data.exclusionGroups[diagnoses[0]];
  const pool = g !== undefined ? complicationsByGroup.get(g) : undefined;
  return diagnoses.flatMap((x, i) => (x !== SAME_GROUP ? [x] : pool ? [pool[(i * 7919) % pool.length]] : []));
}

const mainArb = fc.oneof({ arbitrary: diagArb, weight: 30 }, { arbitrary: fc.constant(''), weight: 1 });

/** Codes from any lists: exercises MDC and ADRG entry broadly. */
const looseRecord: fc.Arbitrary<DrgRecord> = fc.record({
  demo: demographics,
  main: mainArb,
  secondary: fc.array(diagArb, { maxLength: 6 }),
  procedures: fc.array(procArb, { maxLength: 4 }),
}).map(({ demo, main, secondary, procedures }) => ({ ...demo, diagnoses: resolveSameGroup(main === SAME_GROUP ? secondary : [main, ...secondary]), procedures }));

/** Aimed at one ADRG: its main diagnosis list and procedure lists, so deep DRGs are reached too. */
const aimedRecord: fc.Arbitrary<DrgRecord> = fc.record({
  demo: demographics,
  target: fc.nat(targets.length - 1),
  picks: fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
  secondary: fc.array(diagArb, { maxLength: 5 }),
  extraProcs: fc.array(procArb, { maxLength: 2 }),
}).map(({ demo, target, picks, secondary, extraProcs }) => {
  const t = targets[target];
  const main = t.main ? t.main[picks[0] % t.main.length] : diagLists[picks[0] % diagLists.length][picks[1] % 97 % diagLists[picks[0] % diagLists.length].length];
  const procedures = [...t.procs.map((l, i) => l[picks[(i + 1) % 6] % l.length]), ...extraProcs];
  return { ...demo, diagnoses: resolveSameGroup([main, ...secondary]), procedures };
});

const recordArb = fc.oneof(looseRecord, aimedRecord);

const plain = (r: DrgResult): DrgResult => ({ status: r.status, drg: r.drg, adrg: r.adrg, mdc: r.mdc, reject_reason: r.reject_reason });

// ---- properties ----

test('differential: compiled grouper equals the reference interpreter', () => {
  const reached = new Set<string>();
  let n = 0;
  fc.assert(fc.property(recordArb, (r) => {
    const got = grouper.group(r);
    assert.deepEqual(plain(got), reference(r));
    reached.add(got.drg);
    n++;
  }), { numRuns: 20_000, seed: 20240601 });
  console.log(`differential: ${n} records, ${reached.size} distinct results`);
  assert.ok(reached.size > 300, `random records reach many DRGs (${reached.size})`);
});

test('the reference interpreter itself gives expected_drg on all samples', () => {
  const rows = parse(readFileSync(resolve(repoRoot, '../shared/data/chs-drg-1.1/samples.csv')), { columns: true }) as Record<string, string>[];
  const num = (s: string): number | null => (s.trim() === '' ? null : Number(s));
  for (const x of rows) {
    const r: DrgRecord = {
      sex: x.sex.trim() === '' ? null : x.sex, age_years: num(x.age_years), age_days: num(x.age_days), birth_weight_g: num(x.birth_weight_g),
      diagnoses: x.diagnoses ? x.diagnoses.split('|') : [], procedures: x.procedures ? x.procedures.split('|') : [],
    };
    assert.equal(reference(r).drg, x.expected_drg, x.record_id);
  }
});

test('differential on edge records: the main diagnosis repeated, duplicated complications', () => {
  // Secondary diagnoses equal to the main one, and duplicates, are plain records for both.
  const main = Object.keys(data.exclusionGroups)[0];
  for (const extra of [[main], [main, main], mccCodes.slice(0, 3), [ccCodes[0], ccCodes[0]]]) {
    const r: DrgRecord = { sex: '1', age_years: 50, age_days: 0, birth_weight_g: 0, diagnoses: [main, ...extra], procedures: [] };
    assert.deepEqual(plain(grouper.group(r)), reference(r));
  }
});

test('group() equals explain() on random records', () => {
  fc.assert(fc.property(recordArb, (r) => {
    const res = grouper.group(r);
    const e = grouper.explain(r);
    assert.deepEqual(plain(e.result), plain(res));
    assert.equal(e.complications.has_mcc_or_cc, e.complications.counted.length > 0);
  }), { numRuns: 2_000, seed: 7 });
});

test('determinism: the same record gives the same result, whatever was grouped before', () => {
  const other = compileGrouper(data);
  fc.assert(fc.property(recordArb, recordArb, (a, b) => {
    const first = plain(grouper.group(a));
    grouper.group(b);
    assert.deepEqual(plain(grouper.group(a)), first);
    assert.deepEqual(plain(other.group(a)), first);
  }), { numRuns: 2_000, seed: 11 });
});

test('the order of secondary diagnoses does not change the result', () => {
  fc.assert(fc.property(recordArb, fc.integer(), (r, seed) => {
    const rest = r.diagnoses.slice(1);
    let s = seed >>> 0;
    const keys = rest.map(() => (s = (Math.imul(s, 1103515245) + 12345) >>> 0));
    const shuffled = rest.map((x, i) => [keys[i], x] as const).sort((p, q) => p[0] - q[0]).map(([, x]) => x);
    const r2 = { ...r, diagnoses: r.diagnoses.length ? [r.diagnoses[0], ...shuffled] : [] };
    assert.deepEqual(plain(grouper.group(r2)), plain(grouper.group(r)));
  }), { numRuns: 3_000, seed: 13 });
});

test('an unknown secondary diagnosis (or non-main procedure) does not change the result', () => {
  fc.assert(fc.property(recordArb, unknownCode, fc.nat(), (r, unk, at) => {
    const before = plain(grouper.group(r));
    if (r.diagnoses.length === 0) return;
    const dx = [...r.diagnoses];
    dx.splice(1 + (at % dx.length), 0, unk);
    assert.deepEqual(plain(grouper.group({ ...r, diagnoses: dx })), before);
    if (r.procedures.length > 0) {
      const px = [...r.procedures];
      px.splice(1 + (at % px.length), 0, unk);
      assert.deepEqual(plain(grouper.group({ ...r, procedures: px })), before);
    }
  }), { numRuns: 3_000, seed: 17 });
});

test('a record is rejected exactly when it fails the input check, with the first failing reason', () => {
  fc.assert(fc.property(recordArb, (r) => {
    const res = grouper.group(r);
    const reason = readmeInputCheck(r);
    assert.equal(res.status === 'rejected', reason !== null);
    assert.equal(res.reject_reason, reason);
    if (reason) assert.deepEqual(plain(res), { status: 'rejected', drg: '0000', adrg: null, mdc: null, reject_reason: reason });
  }), { numRuns: 3_000, seed: 19 });
});
