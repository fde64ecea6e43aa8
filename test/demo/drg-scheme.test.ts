/**
 * The demo DRG scheme: it passes the product's own validation, and grouping a demo region with it
 * (through the warehouse, as the first start does) gives a realistic result with the planted
 * patterns: most stays grouped with a mix of MCC/CC, a few ungrouped or rejected, and the planted
 * upcoding institution far above its peers.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_DRG_DIR, DEMO_DRG_VERSION, demoDrgSamples, demoDrgScheme, generateDemoRegion, writeDemoDrgScheme,
  type Manifest } from '../../src/demo/index.js';
import { DIAGNOSES, PROCEDURES } from '../../src/demo/icd.js';
import { DRG_SCHEME_FILES, loadDrgScheme, parseDrgScheme, type Condition } from '../../src/drg/scheme.js';
import { compileGrouper } from '../../src/drg/grouper.js';
import { importDrgScheme, type DrgSchemeImportReport } from '../../src/drg/scheme-store.js';
import { explainSettlement, runDrgGrouping, type GroupRunSummary } from '../../src/drg/group-run.js';
import { importPath } from '../../src/ingest/importer.js';
import { Warehouse } from '../../src/store/warehouse.js';
import { freshDir, removeDirs } from './region-files.js';

let wh: Warehouse | undefined;
after(() => { wh?.close(); removeDirs(); });

let demo: string;
let manifest: Manifest;
let imported: DrgSchemeImportReport;
let run: GroupRunSummary;

before(async () => {
  demo = freshDir();
  const s = await generateDemoRegion(demo, { persons: 2500, months: 12, seed: 20230101 });
  manifest = JSON.parse(readFileSync(join(demo, 'manifest.json'), 'utf8')) as Manifest;
  const dataDir = join(freshDir(), 'data');
  wh = await Warehouse.open(dataDir);
  await importPath(wh, dataDir, demo);
  imported = await importDrgScheme(wh, join(demo, DEMO_DRG_DIR));
  run = await runDrgGrouping(wh, { from: s.start, to: s.end });
});

const conds = (w: Condition | Condition[]) => (Array.isArray(w) ? w : [w]);

test('the generated scheme passes the product\'s validation and is built from the demo dictionaries', async () => {
  const data = parseDrgScheme(demoDrgScheme());
  assert.equal(data.version, DEMO_DRG_VERSION);
  assert.match(data.version, /演示/);
  // The written folder is the same scheme, in the national file layout.
  const loaded = await loadDrgScheme(join(demo, DEMO_DRG_DIR));
  assert.deepEqual(loaded, data);
  assert.deepEqual(readdirSync(join(demo, DEMO_DRG_DIR)).sort(), [...Object.values(DRG_SCHEME_FILES), 'samples.csv'].sort());
  assert.ok(data.scheme.mdcs.length >= 10);
  for (const m of data.scheme.mdcs) {
    for (const a of m.adrgs) {
      const last = a.drgs[a.drgs.length - 1];
      assert.ok(conds(last.when).every((c) => 'always' in c), `${a.code}: last DRG must be always`);
      for (const g of a.drgs) {
        // 1 = with MCC, 3 = with MCC or CC, 5/9 = the rest.
        const kind = Object.keys(conds(g.when)[0])[0];
        assert.equal(kind, { 1: 'hasMcc', 3: 'hasMccOrCc', 5: 'always', 9: 'always' }[g.code.slice(-1)], g.code);
        assert.ok(g.code.startsWith(a.code), g.code);
        assert.ok(data.drgNames[g.code]?.length > 0, `name of ${g.code}`);
      }
    }
  }
  for (const [id, list] of Object.entries(data.codeLists)) {
    assert.ok(Array.isArray(list));
    const dict = id.endsWith('.ss') ? PROCEDURES : DIAGNOSES;
    for (const c of list) assert.ok(dict.has(c), `${id}: ${c}`);
  }
  for (const c of [...Object.keys(data.mcc), ...Object.keys(data.cc), ...Object.keys(data.exclusionGroups)]) assert.ok(DIAGNOSES.has(c), c);
  // Every split appears, and so does the not-split kind.
  const suffixes = new Set(Object.keys(data.drgNames).map((c) => c.slice(-1)));
  assert.deepEqual([...suffixes].sort(), ['1', '3', '5', '9']);
  // The exclusion table matters: some main diagnosis excludes an MCC/CC of its own group.
  assert.ok(Object.entries(data.exclusionGroups).some(([, g]) => Object.values({ ...data.mcc, ...data.cc }).includes(g)));
});

test('the scheme reproduces its own samples, also as the importer\'s self-check', () => {
  const g = compileGrouper(parseDrgScheme(demoDrgScheme()));
  const samples = demoDrgSamples();
  const drgs = Object.keys(demoDrgScheme().drgNames as Record<string, string>);
  for (const d of drgs) assert.ok(samples.some((s) => s.expected_drg === d), `a sample for ${d}`);
  for (const s of samples) {
    const r = g.group({ sex: s.sex, age_years: s.age_years, age_days: s.age_days, birth_weight_g: s.birth_weight_g,
      diagnoses: s.diagnoses, procedures: s.procedures });
    assert.equal(r.drg, s.expected_drg, s.record_id);
  }
  assert.equal(imported.alreadyLoaded, false);
  assert.equal(imported.version, DEMO_DRG_VERSION);
  assert.equal(imported.selfCheck?.samples, samples.length);
  assert.equal(imported.selfCheck?.mismatch_count, 0);
});

test('the same scheme files, byte for byte, for the same seed (and the scheme does not depend on it)', async () => {
  const a = freshDir();
  const b = freshDir();
  await generateDemoRegion(a, { persons: 300, months: 2, seed: 7 });
  await generateDemoRegion(b, { persons: 300, months: 2, seed: 7 });
  const c = freshDir();
  writeDemoDrgScheme(c);
  for (const f of readdirSync(join(demo, DEMO_DRG_DIR))) {
    const bytes = readFileSync(join(a, DEMO_DRG_DIR, f));
    assert.ok(bytes.equals(readFileSync(join(b, DEMO_DRG_DIR, f))), `${f} differs between two runs with one seed`);
    assert.ok(bytes.equals(readFileSync(join(c, DEMO_DRG_DIR, f))), `${f} written alone differs`);
    assert.ok(bytes.equals(readFileSync(join(demo, DEMO_DRG_DIR, f))), `${f} differs for another seed`);
  }
  const ma = JSON.parse(readFileSync(join(a, 'manifest.json'), 'utf8')) as Manifest;
  const mb = JSON.parse(readFileSync(join(b, 'manifest.json'), 'utf8')) as Manifest;
  assert.deepEqual(ma.drg, mb.drg);
});

test('the region groups realistically: most stays grouped with a mix of MCC/CC, a few ungrouped or rejected', async () => {
  const share = (n: number) => n / run.cases;
  assert.ok(run.cases > 500, `inpatient settlements: ${run.cases}`);
  assert.equal(run.grouped + run.ungrouped + run.rejected, run.cases);
  assert.ok(share(run.grouped) >= 0.85 && share(run.grouped) <= 0.97, `grouped ${share(run.grouped)}`);
  assert.ok(share(run.ungrouped) >= 0.01 && share(run.ungrouped) <= 0.1, `ungrouped ${share(run.ungrouped)}`);
  assert.ok(run.rejected >= 2 && share(run.rejected) <= 0.01, `rejected ${run.rejected}`);
  assert.ok(run.distinct_drgs >= 30, `DRGs reached: ${run.distinct_drgs}`);
  const bySuffix = new Map((await wh!.all<{ s: string; n: number }>(
    `SELECT right(drg, 1) AS s, CAST(count(*) AS INTEGER) AS n FROM drg_result WHERE status = 'grouped' GROUP BY 1`)).map((r) => [r.s, r.n]));
  const g = (s: string) => (bySuffix.get(s) ?? 0) / run.grouped;
  assert.ok(g('1') >= 0.03, `with MCC ${g('1')}`);
  assert.ok(g('3') >= 0.08, `with CC ${g('3')}`);
  assert.ok(g('5') >= 0.4, `without ${g('5')}`);
  assert.ok(g('9') > 0, `not split ${g('9')}`);
  // The ungrouped background stays have a symptom as their main diagnosis (the planted woman with N40 aside).
  const mains = await wh!.all<{ main_diag: string | null }>(`SELECT DISTINCT main_diag FROM drg_result WHERE status = 'ungrouped'`);
  for (const m of mains) assert.ok(m.main_diag?.startsWith('R') || m.main_diag === 'N40.x00', String(m.main_diag));
});

test('the planted ungroupable stays are rejected or left at 0000, with their reasons', async () => {
  const planted = manifest.drg.ungroupable;
  assert.ok(planted.some((c) => c.reject_reason === 'missing_diagnoses'));
  assert.ok(planted.some((c) => c.reject_reason === 'newborn_without_weight'));
  assert.ok(planted.some((c) => c.status === 'ungrouped'));
  for (const c of planted) {
    const r = await wh!.one<{ status: string; drg: string; reject_reason: string | null }>(
      'SELECT status, drg, reject_reason FROM drg_result WHERE setl_id = ?', [c.setl_id]);
    assert.ok(r, `${c.setl_id} grouped`);
    assert.deepEqual({ status: r.status, drg: r.drg, reject_reason: r.reject_reason },
      { status: c.status, drg: '0000', reject_reason: c.reject_reason }, c.description);
  }
  // The run's summary counts them too (a background infant admitted in its first weeks may add to the newborns).
  const reasons = new Map(run.reject_reasons.map((r) => [r.reason, r.cases]));
  assert.equal(reasons.get('missing_diagnoses'), 1);
  assert.ok((reasons.get('newborn_without_weight') ?? 0) >= 1);
});

test('the planted upcoding institution\'s share of MCC/CC cases in its main ADRG is far above its peers\'', async () => {
  const { fixmedins_code: code, adrg } = manifest.drg.upcoding;
  const rows = await wh!.all<{ inst: string; n: number; k: number }>(
    `SELECT fixmedins_code AS inst, CAST(count(*) AS INTEGER) AS n,
      CAST(count(*) FILTER (WHERE right(drg, 1) IN ('1', '3')) AS INTEGER) AS k
     FROM drg_result WHERE status = 'grouped' AND adrg = ? GROUP BY 1`, [adrg]);
  const me = rows.find((r) => r.inst === code)!;
  assert.ok(me && me.n >= 12, `${code} has ${me?.n} ${adrg} cases`);
  const others = rows.filter((r) => r.inst !== code);
  const mine = me.k / me.n;
  const pooled = others.reduce((a, r) => a + r.k, 0) / others.reduce((a, r) => a + r.n, 0);
  assert.ok(mine >= 0.8, `planted share ${mine}`);
  assert.ok(mine - pooled >= 0.4, `planted ${mine} vs others ${pooled}`);
  // Above every peer with enough cases to compare, by a clear margin.
  const peers = others.filter((r) => r.n >= 7);
  assert.ok(peers.length >= 5, `peers: ${peers.length}`);
  for (const r of peers) assert.ok(mine - r.k / r.n >= 0.3, `${r.inst}: ${r.k}/${r.n} vs ${mine}`);
  // Its planted stays carry the added code as a counted complication.
  for (const c of manifest.drg.upcoding.cases) {
    const r = await wh!.one<{ drg: string; mcc_codes: string[]; cc_codes: string[] }>(
      'SELECT drg, mcc_codes, cc_codes FROM drg_result WHERE setl_id = ?', [c.setl_id]);
    assert.ok(r && /^ES3[13]$/.test(r.drg), `${c.setl_id}: ${r?.drg}`);
    assert.ok(c.added.every((x) => [...r.mcc_codes, ...r.cc_codes].includes(x)), c.setl_id);
  }
});

test('the exclusion table decides real cases: a COPD exacerbation\'s own COPD code is no CC', async () => {
  const r = await wh!.one<{ setl_id: string }>(
    `SELECT r.setl_id FROM drg_result r
     WHERE r.main_diag = 'J44.100' AND r.drg = 'ET25'
       AND EXISTS (SELECT 1 FROM setl_list_diag_d d WHERE d.setl_id = r.setl_id AND d.diag_code = 'J44.900')
     ORDER BY r.setl_id LIMIT 1`);
  assert.ok(r, 'a J44.100 stay coded with J44.900 that stays without CC');
  const e = await explainSettlement(wh!, r.setl_id);
  assert.ok(e.explanation.complications.excluded.some((x) => x.code === 'J44.900'));
  assert.equal(e.explanation.result.drg, 'ET25');
});
