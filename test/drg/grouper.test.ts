// CHS-DRG 1.1 grouper: the 2,000 published test vectors, the input check, explain(), a small
// made-up scheme (nothing of CHS-DRG is built in) and the scheme loader's errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import {
  DRG_SCHEME_FILES, DrgSchemeError, drgSchemeHash, loadDrgScheme, parseDrgScheme, type DrgSchemeJson,
} from '../../src/drg/scheme.js';
import { buildDrgGrouper, compileGrouper, type DrgRecord, type DrgRejectReason } from '../../src/drg/grouper.js';
import { DRG_MESSAGES } from '../../src/domain/messages/drg.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const schemeDir = resolve(repoRoot, '../shared/data/chs-drg-1.1');

const data = await loadDrgScheme(schemeDir);
const grouper = compileGrouper(data);

interface Sample { id: string; record: DrgRecord; expected: string }
const numOrNull = (s: string): number | null => (s.trim() === '' ? null : Number(s));
const samples: Sample[] = (parse(readFileSync(join(schemeDir, 'samples.csv')), { columns: true }) as Record<string, string>[]).map((r) => ({
  id: r.record_id,
  expected: r.expected_drg,
  record: {
    sex: r.sex.trim() === '' ? null : r.sex,
    age_years: numOrNull(r.age_years),
    age_days: numOrNull(r.age_days),
    birth_weight_g: numOrNull(r.birth_weight_g),
    diagnoses: r.diagnoses ? r.diagnoses.split('|') : [],
    procedures: r.procedures ? r.procedures.split('|') : [],
  },
}));

/** The README's input check, read literally: which reasons a record fails, in the documented order. */
function readmeInputFailures(r: DrgRecord): DrgRejectReason[] {
  const out: DrgRejectReason[] = [];
  if (r.sex === null || r.sex.trim() === '') out.push('missing_sex');
  if (r.diagnoses.length === 0 || r.diagnoses[0].trim() === '') out.push('missing_diagnoses');
  if (r.age_years === 0 && r.age_days !== null && r.age_days <= 28 && !(r.birth_weight_g !== null && r.birth_weight_g > 0)) out.push('newborn_without_weight');
  return out;
}

const isHan = (s: string): boolean => /[\u4e00-\u9fff]/.test(s);

test('samples.csv: all 2,000 rows give expected_drg', () => {
  assert.equal(samples.length, 2000);
  const mismatches: string[] = [];
  for (const s of samples) {
    const got = grouper.group(s.record).drg;
    if (got !== s.expected) mismatches.push(`${s.id}: expected ${s.expected}, got ${got} (${JSON.stringify(s.record)})`);
  }
  if (mismatches.length) console.log(`mismatches:\n${mismatches.join('\n')}`);
  assert.equal(mismatches.length, 0, `${mismatches.length} of 2000 rows differ`);
  // The README's "616" counts 0000 among the results: 615 real DRGs are reached.
  const reached = new Set(samples.map((s) => s.expected));
  assert.equal(reached.size, 616);
  assert.ok(reached.has('0000'));
});

test('samples.csv: 0000 rows are ungrouped or rejected exactly as the README input check says', () => {
  let rejected = 0, ungrouped = 0;
  for (const s of samples) {
    const res = grouper.group(s.record);
    const failures = readmeInputFailures(s.record);
    if (s.expected !== '0000') {
      assert.equal(res.status, 'grouped', s.id);
      assert.deepEqual(failures, [], `${s.id} passes the input check`);
      assert.equal(res.mdc, data.scheme.mdcs.find((m) => m.adrgs.some((a) => a.code === res.adrg))!.code);
      assert.ok(res.adrg !== null && res.drg.startsWith(res.adrg), `${s.id}: ${res.drg} under ${res.adrg}`);
      continue;
    }
    assert.equal(res.drg, '0000');
    assert.equal(res.adrg, null);
    assert.equal(res.mdc, null);
    if (failures.length) {
      rejected++;
      assert.equal(res.status, 'rejected', s.id);
      assert.equal(res.reject_reason, failures[0], s.id);
    } else {
      ungrouped++;
      assert.equal(res.status, 'ungrouped', s.id);
      assert.equal(res.reject_reason, null, s.id);
    }
  }
  console.log(`0000 rows: ${ungrouped} ungrouped, ${rejected} rejected by the input check`);
  assert.equal(rejected + ungrouped, samples.filter((s) => s.expected === '0000').length);
});

test('input check: reasons, their order, and Chinese messages', () => {
  const base = samples.find((s) => s.expected !== '0000' && s.record.age_years! > 0)!.record;
  const newborn = samples.find((s) => s.record.age_years === 0 && s.record.age_days! <= 28 && s.record.birth_weight_g! > 0)!.record;
  const cases: [DrgRecord, DrgRejectReason | null][] = [
    [{ ...base, sex: null }, 'missing_sex'],
    [{ ...base, sex: '' }, 'missing_sex'],
    [{ ...base, sex: '  ' }, 'missing_sex'],
    [{ ...base, diagnoses: [] }, 'missing_diagnoses'],
    [{ ...base, diagnoses: ['', ...base.diagnoses.slice(1)] }, 'missing_diagnoses'],
    [{ ...base, sex: null, diagnoses: [] }, 'missing_sex'], // sex is checked first
    [{ ...newborn, birth_weight_g: 0 }, 'newborn_without_weight'],
    [{ ...newborn, birth_weight_g: null }, 'newborn_without_weight'],
    [{ ...newborn, birth_weight_g: 0, diagnoses: [] }, 'missing_diagnoses'], // newborn check last
    [{ ...newborn, birth_weight_g: 0, age_days: 29 }, null],
    [{ ...newborn, birth_weight_g: 0, age_days: null }, null], // unknown age in days: not known to be a newborn
    [{ ...newborn, birth_weight_g: 0, age_years: 1 }, null],
    [newborn, null],
    [base, null],
  ];
  for (const [rec, reason] of cases) {
    const res = grouper.group(rec);
    const label = JSON.stringify({ sex: rec.sex, age_years: rec.age_years, age_days: rec.age_days, w: rec.birth_weight_g, dx: rec.diagnoses.length });
    if (reason === null) {
      assert.notEqual(res.status, 'rejected', label);
      continue;
    }
    assert.deepEqual({ ...res }, { status: 'rejected', drg: '0000', adrg: null, mdc: null, reject_reason: reason }, label);
    const e = grouper.explain(rec);
    assert.deepEqual(e.input_check.failures, readmeInputFailures(rec), label);
    assert.equal(e.input_check.reject_reason, reason);
    assert.deepEqual(e.message, DRG_MESSAGES[`drg.reject.${reason}`]);
    assert.ok(isHan(e.message.zh));
    assert.deepEqual(e.mdcs, []);
  }
  for (const [k, v] of Object.entries(DRG_MESSAGES)) {
    assert.ok(k.startsWith('drg.'), k);
    assert.ok(isHan(v.zh), `${k} has a Chinese text`);
  }
});

test('explain agrees with group on the samples and names real MCC/CC codes', () => {
  const { mcc, cc, exclusionGroups, codeLists, drgNames } = data;
  let withExcluded = 0;
  for (const s of samples) {
    const res = grouper.group(s.record);
    const e = grouper.explain(s.record);
    assert.deepEqual({ ...e.result }, { ...res }, s.id);
    const main = s.record.diagnoses[0];
    const mainGroup = exclusionGroups[main] ?? null;
    assert.equal(e.complications.main_exclusion_group, mainGroup);
    for (const c of [...e.complications.counted, ...e.complications.excluded]) {
      const table = c.level === 'MCC' ? mcc : cc;
      assert.equal(table[c.code], c.exclusion_group, `${s.id}: ${c.code} is a ${c.level} of group ${c.exclusion_group}`);
      assert.equal(s.record.diagnoses[c.position], c.code);
      assert.ok(c.position >= 1, 'only secondary diagnoses count');
    }
    for (const c of e.complications.excluded) assert.equal(c.exclusion_group, mainGroup, `${s.id}: ${c.code} shares the main diagnosis's group`);
    for (const c of e.complications.counted) assert.notEqual(c.exclusion_group, mainGroup);
    if (e.complications.excluded.length) withExcluded++;

    if (res.status === 'grouped') {
      assert.equal(e.drg_name, drgNames[res.drg]);
      assert.equal(e.adrg?.code, res.adrg);
      assert.equal(e.drg?.code, res.drg);
      assert.ok(e.adrg!.conditions.every((c) => c.holds));
      assert.ok(e.drg!.conditions.every((c) => c.holds));
      assert.deepEqual(e.adrg!.drgs!.map((d) => d.holds), [...Array(e.adrg!.drgs!.length - 1).fill(false), true]);
      const last = e.mdcs[e.mdcs.length - 1];
      assert.equal(last.code, res.mdc);
      assert.ok(last.entered);
      assert.equal(e.message.zh, `入组 ${res.drg} ${drgNames[res.drg]}`);
    } else {
      assert.equal(e.mdcs.length, data.scheme.mdcs.length, 'an ungrouped record tried every MDC');
      assert.ok(isHan(e.message.zh));
    }
    // Every MDC before the deciding one was either not entered or had no matching ADRG.
    for (const m of e.mdcs.slice(0, res.status === 'grouped' ? -1 : undefined)) {
      assert.ok(!m.entered || m.adrgs.every((a) => !a.holds), `${s.id}: ${m.code}`);
      assert.equal(m.entered, m.conditions.every((c) => c.holds));
    }
    // List matches name real list members.
    for (const m of e.mdcs) {
      for (const t of [...m.conditions, ...m.adrgs.flatMap((a) => a.conditions)]) {
        for (const x of t.matches) {
          const l = codeLists[x.list];
          if (Array.isArray(l)) assert.ok(l.includes(x.code), `${x.code} in ${x.list}`);
          else if (l) assert.equal(l[x.code], x.label);
        }
        if (t.kind.endsWith('In')) assert.equal(t.holds, t.matches.length > 0);
      }
    }
  }
  assert.ok(withExcluded > 0, 'some sample has an excluded MCC/CC');
});

test('explain: a CC excluded by the main diagnosis (sample 8552) and the same record with counted ones', () => {
  const s = samples.find((x) => x.id === '8552')!;
  assert.deepEqual(s.record.diagnoses, ['I63.207', 'I67.901+G46.3*']);
  assert.equal(s.expected, 'BR25');
  const e = grouper.explain(s.record);
  assert.equal(e.result.drg, 'BR25');
  assert.equal(e.complications.main_exclusion_group, data.exclusionGroups['I63.207']);
  assert.deepEqual(e.complications.excluded, [{ code: 'I67.901+G46.3*', position: 1, level: 'CC', exclusion_group: data.exclusionGroups['I63.207'] }]);
  assert.deepEqual(e.complications.counted, []);
  assert.equal(e.complications.has_mcc_or_cc, false);
  assert.deepEqual(e.adrg!.drgs!.map((d) => [d.code, d.holds]), [['BR21', false], ['BR23', false], ['BR25', true]]);

  const group = data.exclusionGroups['I63.207'];
  const otherCc = Object.keys(data.cc).find((c) => data.cc[c] !== group)!;
  const otherMcc = Object.keys(data.mcc).find((c) => data.mcc[c] !== group)!;
  const sameMcc = Object.keys(data.mcc).find((c) => data.mcc[c] === group);
  const withCc = { ...s.record, diagnoses: [...s.record.diagnoses, otherCc] };
  assert.equal(grouper.group(withCc).drg, 'BR23');
  assert.deepEqual(grouper.explain(withCc).complications.counted.map((c) => [c.code, c.level]), [[otherCc, 'CC']]);
  assert.equal(grouper.group({ ...s.record, diagnoses: [...s.record.diagnoses, otherMcc] }).drg, 'BR21');
  if (sameMcc) assert.equal(grouper.group({ ...s.record, diagnoses: [...s.record.diagnoses, sameMcc] }).drg, 'BR25');
  // The main diagnosis itself repeated as a secondary one is not a complication of itself.
  assert.equal(grouper.group({ ...s.record, diagnoses: ['I63.207', 'I63.207'] }).drg, 'BR25');
});

test('scheme hash: stable over key order and formatting, changes with content', async () => {
  const h = drgSchemeHash(data);
  assert.match(h, /^[0-9a-f]{64}$/);
  assert.equal(drgSchemeHash(await loadDrgScheme(schemeDir)), h);
  const json = rawJson();
  const reordered = Object.fromEntries(Object.entries(json.drgNames as Record<string, string>).reverse());
  assert.equal(drgSchemeHash(parseDrgScheme({ ...json, drgNames: reordered })), h);
  const changed = structuredClone(json.drgNames) as Record<string, string>;
  changed.AA19 += ' ';
  assert.notEqual(drgSchemeHash(parseDrgScheme({ ...json, drgNames: changed })), h);
  assert.equal(data.version, 'CHS-DRG 1.1');
});

test('parseDrgScheme rebuilds the same grouper from already-parsed JSON', () => {
  const g2 = buildDrgGrouper(rawJson());
  for (const s of samples) assert.deepEqual(g2.group(s.record), grouper.group(s.record));
});

function rawJson(): DrgSchemeJson {
  const out = {} as Record<string, unknown>;
  for (const [k, f] of Object.entries(DRG_SCHEME_FILES)) out[k] = JSON.parse(readFileSync(join(schemeDir, f), 'utf8'));
  return out as DrgSchemeJson;
}

// ---- a small made-up scheme: the grouper knows nothing of CHS-DRG ----

function miniScheme(): DrgSchemeJson {
  return {
    scheme: {
      version: 'MINI 0.1',
      mdcs: [
        {
          code: 'M1', when: [{ mainProcIn: 'SURG' }],
          adrgs: [{ code: 'T1', when: [{ mainProcIn: 'T1.ss' }], drgs: [{ code: 'T11', name: 't', when: { hasMcc: true } }, { code: 'T15', name: 't', when: { always: true } }] }],
        },
        {
          code: 'M2', when: [{ mainDiagIn: 'M2.zd' }],
          adrgs: [
            { code: 'G1', when: [{ procGroups: { codes: 'G1.ss', groupOf: 'G1.grp', anyOf: [['a'], ['b', 'c']] } }], drgs: [{ code: 'G19', name: 'g', when: { always: true } }] },
            { code: 'R1', when: [{ diagRegionsAtLeast: { regions: 'SITES', min: 2 } }], drgs: [{ code: 'R19', name: 'r', when: [{ always: true }] }] },
            { code: 'S1', when: [{ not: { anyProcIn: 'SURG' } }, { sexEq: '2' }], drgs: [{ code: 'S13', name: 's', when: { hasMccOrCc: true } }, { code: 'S15', name: 's', when: { always: true } }] },
            { code: 'N1', when: [{ ageYearsEq: 0 }, { ageDaysLte: 28 }, { weightGramsGte: 1000 }, { weightGramsLt: 2500 }], drgs: [{ code: 'N19', name: 'n', when: { always: true } }] },
            { code: 'Z1', when: [], drgs: [{ code: 'Z19', name: 'z', when: { always: true } }] },
          ],
        },
      ],
    },
    codeLists: {
      SURG: ['p1', 'p2', 'pa', 'pb', 'pc'], 'T1.ss': ['p1'], 'M2.zd': ['d1', 'd2', 'd3', 'd4'],
      'G1.ss': ['pa', 'pb', 'pc'], 'G1.grp': ['a', 'b', 'c'], SITES: { d2: 'head', d3: 'leg', d4: 'leg' },
    },
    mcc: { m1: 'g1', m2: 'g2' },
    cc: { c1: 'g1', c2: 'g2' },
    exclusionGroups: { d1: 'g1' },
    drgNames: { T11: '甲伴', T15: '甲', G19: '乙', R19: '丙', S13: '丁伴', S15: '丁', N19: '戊', Z19: '己' },
  };
}

const rec = (diagnoses: string[], procedures: string[] = [], extra: Partial<DrgRecord> = {}): DrgRecord =>
  ({ sex: '1', age_years: 40, age_days: 0, birth_weight_g: 0, diagnoses, procedures, ...extra });

test('a made-up scheme groups by its own data', () => {
  const g = compileGrouper(parseDrgScheme(miniScheme()));
  assert.equal(g.version, 'MINI 0.1');
  const cases: [DrgRecord, string][] = [
    [rec(['x'], ['p1']), 'T15'],
    [rec(['x', 'm1'], ['p1']), 'T11'],
    [rec(['d1', 'm1'], ['p1']), 'T15'], // m1 shares d1's exclusion group
    [rec(['d1', 'm1', 'm2'], ['p1']), 'T11'],
    [rec(['x'], ['p2']), '0000'], // M1 entered, no ADRG; M2 not entered
    [rec(['d1'], ['zz', 'pa']), 'G19'],
    [rec(['d1'], ['pb']), 'Z19'],
    [rec(['d1'], ['pc', 'pb']), 'G19'],
    [rec(['d1', 'd2', 'd4']), 'R19'], // head and leg (d1 has no region)
    [rec(['d3', 'd4']), 'Z19'], // one region twice
    [rec(['d1'], [], { sex: '2' }), 'S15'],
    [rec(['d1', 'c1'], [], { sex: '2' }), 'S15'], // CC excluded
    [rec(['d1', 'c2'], [], { sex: '2' }), 'S13'],
    [rec(['d1', 'c2'], ['p2'], { sex: '2' }), 'Z19'], // a surgical procedure: not S1
    [rec(['d1'], [], { age_years: 0, age_days: 10, birth_weight_g: 1200 }), 'N19'],
    [rec(['d1'], [], { age_years: 0, age_days: 10, birth_weight_g: 2500 }), 'Z19'],
    [rec(['d1'], [], { age_years: 0, age_days: 30, birth_weight_g: null }), 'Z19'],
  ];
  for (const [r, drg] of cases) {
    assert.equal(g.group(r).drg, drg, JSON.stringify(r));
    assert.equal(g.explain(r).result.drg, drg, JSON.stringify(r));
  }
  const e = g.explain(rec(['d1', 'c1', 'c2'], ['zz'], { sex: '2' }));
  assert.equal(e.result.drg, 'S13');
  assert.deepEqual(e.complications.excluded.map((c) => c.code), ['c1']);
  assert.deepEqual(e.complications.counted.map((c) => c.code), ['c2']);
  assert.equal(e.drg_name, '丁伴');
  const pg = g.explain(rec(['d1'], ['pc', 'pb']));
  assert.deepEqual(pg.adrg!.conditions[0].matches.map((m) => [m.code, m.label]), [['pc', 'c'], ['pb', 'b']]);
  const none = g.explain(rec(['x'], ['p2']));
  assert.equal(none.result.status, 'ungrouped');
  assert.match(none.message.en, /entered M1/);
  assert.deepEqual(none.mdcs.map((m) => [m.code, m.entered]), [['M1', true], ['M2', false]]);
  assert.deepEqual(none.mdcs[0].conditions[0].matches, [{ list: 'SURG', code: 'p2', position: 0 }]);
});

// ---- loader errors ----

function writeScheme(json: DrgSchemeJson): string {
  const dir = mkdtempSync(join(tmpdir(), 'fg-drg-'));
  for (const [k, f] of Object.entries(DRG_SCHEME_FILES)) writeFileSync(join(dir, f), JSON.stringify((json as Record<string, unknown>)[k]));
  return dir;
}

async function expectError(json: DrgSchemeJson, key: string, file: string, path: string, mentions: string[] = []): Promise<void> {
  const dir = writeScheme(json);
  try {
    await assert.rejects(loadDrgScheme(dir), (e: unknown) => {
      assert.ok(e instanceof DrgSchemeError, String(e));
      assert.equal(e.key, key, e.message);
      assert.ok(e.file.endsWith(file), `${e.file} should be ${file}`);
      assert.equal(e.path, path, e.message);
      assert.ok(e.message.includes(file) && e.message.includes(path), e.message);
      for (const m of mentions) assert.ok(e.message.includes(m), `${e.message} should mention ${m}`);
      assert.match(e.message, / \| /);
      return true;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type Mini = ReturnType<typeof miniScheme> & { scheme: { mdcs: { adrgs: { when: unknown; drgs: { code: string; when: unknown }[] }[]; when: unknown }[] } };
const broken = (edit: (j: Mini) => void): DrgSchemeJson => { const j = miniScheme() as Mini; edit(j); return j; };

test('loader: the made-up scheme loads from a directory', async () => {
  const dir = writeScheme(miniScheme());
  try {
    const d = await loadDrgScheme(dir);
    assert.equal(d.version, 'MINI 0.1');
    assert.equal(drgSchemeHash(d), drgSchemeHash(parseDrgScheme(miniScheme())));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('loader: clear errors naming the file and the JSON path', async () => {
  await expectError(broken((j) => { j.scheme.mdcs[1].adrgs[0].when = [{ procGroups: { codes: 'NOPE', groupOf: 'G1.grp', anyOf: [['a']] } }]; }),
    'drg.scheme.unknownList', 'scheme.json', '$.mdcs[1].adrgs[0].when[0].procGroups.codes', ['NOPE']);
  await expectError(broken((j) => { j.scheme.mdcs[0].when = [{ mainProcIn: 'MISSING.ss' }]; }),
    'drg.scheme.unknownList', 'scheme.json', '$.mdcs[0].when[0].mainProcIn', ['MISSING.ss']);
  await expectError(broken((j) => { j.scheme.mdcs[1].adrgs[2].when = [{ not: { anyProcIn: 'GONE' } }]; }),
    'drg.scheme.unknownList', 'scheme.json', '$.mdcs[1].adrgs[2].when[0].not.anyProcIn', ['GONE']);
  await expectError(broken((j) => { j.scheme.mdcs[1].adrgs[2].when = [{ mainDiagIn: 'SITES' }]; }),
    'drg.scheme.notCodeList', 'scheme.json', '$.mdcs[1].adrgs[2].when[0].mainDiagIn', ['SITES']);
  await expectError(broken((j) => { j.scheme.mdcs[1].adrgs[1].drgs[0].when = { diagRegionsAtLeast: { regions: 'SURG', min: 2 } }; }),
    'drg.scheme.notRegionMap', 'scheme.json', '$.mdcs[1].adrgs[1].drgs[0].when.diagRegionsAtLeast.regions');
  await expectError(broken((j) => { j.scheme.mdcs[1].adrgs[2].when = [{ sexEq: '2' }, { losGt: 30 }]; }),
    'drg.scheme.unknownKind', 'scheme.json', '$.mdcs[1].adrgs[2].when[1].losGt', ['losGt']);
  await expectError(broken((j) => { j.scheme.mdcs[1].adrgs[2].when = [{ not: { sexIs: '2' } }]; }),
    'drg.scheme.unknownKind', 'scheme.json', '$.mdcs[1].adrgs[2].when[0].not.sexIs');
  await expectError(broken((j) => { j.scheme.mdcs[1].adrgs[2].when = [{ sexEq: '2', ageYearsEq: 0 }]; }),
    'drg.scheme.notObject', 'scheme.json', '$.mdcs[1].adrgs[2].when[0]');
  await expectError(broken((j) => { j.scheme.mdcs[1].adrgs[3].when = [{ ageDaysLte: 'young' }]; }),
    'drg.scheme.invalid', 'scheme.json', '$.mdcs[1].adrgs[3].when[0].ageDaysLte');
  await expectError(broken((j) => { j.scheme.mdcs[0].adrgs[0].drgs.reverse(); }),
    'drg.scheme.lastDrgNotAlways', 'scheme.json', '$.mdcs[0].adrgs[0].drgs[1].when', ['T1', 'T11']);
  await expectError(broken((j) => { j.scheme.mdcs[1].adrgs[2].drgs[1].when = { sexEq: '2' }; }),
    'drg.scheme.lastDrgNotAlways', 'scheme.json', '$.mdcs[1].adrgs[2].drgs[1].when', ['S1', 'S15']);
  await expectError(broken((j) => { j.scheme.mdcs[1].adrgs[4].drgs[0].code = 'G19'; }),
    'drg.scheme.duplicateCode', 'scheme.json', '$.mdcs[1].adrgs[4].drgs[0].code', ['G19', '$.mdcs[1].adrgs[0].drgs[0].code']);
  await expectError(broken((j) => { delete (j.drgNames as Record<string, string>).N19; }),
    'drg.scheme.missingName', 'scheme.json', '$.mdcs[1].adrgs[3].drgs[0].code', ['N19', 'drg-names.json']);
  await expectError(broken((j) => { (j.codeLists as Record<string, string[]>)['G1.grp'] = ['a', 'b']; }),
    'drg.scheme.groupLengths', 'scheme.json', '$.mdcs[1].adrgs[0].when[0].procGroups');
  await expectError(broken((j) => { (j.scheme.mdcs[1].adrgs[0].when as { procGroups: { anyOf: string[][] } }[])[0].procGroups.anyOf.push(['d']); }),
    'drg.scheme.unknownLabel', 'scheme.json', '$.mdcs[1].adrgs[0].when[0].procGroups.anyOf[2][0]', ['"d"']);
  await expectError(broken((j) => { (j.codeLists as Record<string, unknown>)['M2.zd'] = ['d1', 7]; }),
    'drg.scheme.invalid', 'code-lists.json', '$["M2.zd"][1]');
  await expectError(broken((j) => { (j.mcc as Record<string, unknown>).m2 = 2; }),
    'drg.scheme.invalid', 'mcc.json', '$.m2');
  await expectError(broken((j) => { (j.scheme as { version?: string }).version = ''; }),
    'drg.scheme.invalid', 'scheme.json', '$.version');
  await expectError(broken((j) => { j.scheme.mdcs[0].adrgs[0].drgs = []; }),
    'drg.scheme.invalid', 'scheme.json', '$.mdcs[0].adrgs[0].drgs');
});

test('loader: missing file and bad JSON name the file', async () => {
  const dir = writeScheme(miniScheme());
  try {
    rmSync(join(dir, 'cc.json'));
    await assert.rejects(loadDrgScheme(dir), (e: unknown) =>
      e instanceof DrgSchemeError && e.key === 'drg.scheme.fileNotFound' && e.message.includes(join(dir, 'cc.json')));
    writeFileSync(join(dir, 'cc.json'), '{"c1": "g1",');
    await assert.rejects(loadDrgScheme(dir), (e: unknown) =>
      e instanceof DrgSchemeError && e.key === 'drg.scheme.badJson' && e.file === join(dir, 'cc.json') && isHan(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
