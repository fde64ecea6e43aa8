import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { loadRuleKinds } from '../../src/rules/registry.js';
import { currentRules, saveRules } from '../../src/rules/store.js';
import { runAudit } from '../../src/audit/audit.js';
import { compareRulesets } from '../../src/audit/whatif.js';
import { drawSample } from '../../src/audit/sample.js';
import { FINDING_FIELDS, type Finding } from '../../src/audit/findings.js';
import { demoRegion, type DemoRegion } from './demo-region.js';

let R: DemoRegion;
before(async () => { R = await demoRegion(); });
after(async () => { await R?.ops.close(); R?.wh.close(); });

const readJsonl = (p: string): Finding[] => readFileSync(p, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Finding);

test('whole region: every injected violation is found with its exact amount; no boundary case fires', async () => {
  const kinds = await loadRuleKinds();
  const out = join(R.dir, 'all.jsonl');
  await runAudit(R.wh, R.ops, kinds, { out, by: 'test' });
  const findings = readJsonl(out);
  // Every rule id the demo injects must exist as a kind.
  const missingKinds = [...new Set(R.manifest.cases.map((c) => c.rule_id))].filter((id) => !kinds.has(id));
  assert.deepEqual(missingKinds, []);
  const problems: string[] = [];
  const cents = (a: string) => Math.round(Number(a) * 100);
  for (const c of R.manifest.cases) {
    // A case names its lines (line rules) or its visit; a finding belongs to it when it shares a line or, for
    // visit-level cases, the visit. Several findings may together make up one case (e.g. one per line).
    const visits = [c.mdtrt_id, ...(c.members ?? []).map((m) => m.mdtrt_id)];
    const hits = findings.filter((f) => f.rule_id === c.rule_id && (c.bkkp_sn.length && f.bkkp_sn.length
      ? f.bkkp_sn.some((b) => c.bkkp_sn.includes(b))
      : visits.includes(f.mdtrt_id ?? '')));
    if (c.kind === 'violation') {
      const sum = hits.reduce((a, h) => a + cents(h.amount), 0);
      if (!hits.length) problems.push(`missed ${c.rule_id} ${c.mdtrt_id} ${c.bkkp_sn.join(',')}: ${c.description}`);
      else if (sum !== cents(c.amount)) problems.push(`${c.rule_id} ${c.mdtrt_id}: amount ${hits.map((h) => h.amount).join('+')} ≠ ${c.amount}`);
    } else if (hits.length) {
      problems.push(`boundary fired ${c.rule_id} ${c.mdtrt_id}: ${c.description}`);
    }
  }
  assert.deepEqual(problems, []);
});

test('determinism: two runs give byte-identical JSON Lines', async () => {
  const kinds = await loadRuleKinds();
  const a = join(R.dir, 'a.jsonl'); const b = join(R.dir, 'b.jsonl');
  await runAudit(R.wh, R.ops, kinds, { out: a, by: 'test' });
  await runAudit(R.wh, R.ops, kinds, { out: b, by: 'test' });
  const ta = readFileSync(a); const tb = readFileSync(b);
  assert.ok(ta.length > 0);
  assert.ok(ta.equals(tb));
  const f = readJsonl(a);
  const sorted = [...f].sort((x, y) => (x.fixmedins_code.localeCompare(y.fixmedins_code) || x.psn_no.localeCompare(y.psn_no)
    || x.occurred_at.localeCompare(y.occurred_at) || x.rule_id.localeCompare(y.rule_id) || (x.bkkp_sn[0] ?? '').localeCompare(y.bkkp_sn[0] ?? '')));
  assert.deepEqual(f.map((x) => x.fixmedins_code + x.psn_no + x.occurred_at + x.rule_id), sorted.map((x) => x.fixmedins_code + x.psn_no + x.occurred_at + x.rule_id));
  for (const x of f) {
    assert.deepEqual(Object.keys(x), FINDING_FIELDS);
    assert.match(x.amount, /^-?\d+\.\d{2}$/);
  }
});

test('a region audited in parts of its persons gives byte-identical findings to one pass, for any number of parts', async () => {
  const kinds = await loadRuleKinds();
  const one = join(R.dir, 'parts-1.jsonl');
  const r1 = await runAudit(R.wh, R.ops, kinds, { out: one, by: 'test', parts: 1 });
  const expected = readFileSync(one);
  // Every rule that compares persons finds something here, so a rule wrongly run per part would lose findings.
  const found = new Set(readJsonl(one).map((f) => f.rule_id));
  for (const id of ['card_skimming', 'clustered_visits', 'high_value_consumables', 'provider_outlier']) assert.ok(found.has(id), id);
  for (const parts of [2, 5]) {
    const out = join(R.dir, `parts-${parts}.jsonl`);
    const seen = new Set<string>();
    const r = await runAudit(R.wh, R.ops, kinds, { out, by: 'test', parts, onRule: (id, _i, _n, p) => { if (p) seen.add(`${id}#${p.part}`); } });
    assert.ok(readFileSync(out).equals(expected), `${parts} parts`);
    assert.equal(r.summary.amount, r1.summary.amount);
    // Person-local rules ran once per part; the others once over the whole region.
    assert.ok(seen.has(`gender_restriction#${parts - 1}`));
    assert.ok(![...seen].some((k) => k.startsWith('card_skimming#')));
  }
});

test('CSV and xlsx carry the same columns and values as JSON Lines; names appear only when unmasked', async () => {
  const kinds = await loadRuleKinds();
  const j = join(R.dir, 'f.jsonl'); const c = join(R.dir, 'f.csv'); const x = join(R.dir, 'f.xlsx'); const u = join(R.dir, 'u.csv');
  await runAudit(R.wh, R.ops, kinds, { out: j, by: 'test' });
  await runAudit(R.wh, R.ops, kinds, { out: c, format: 'csv', by: 'test' });
  await runAudit(R.wh, R.ops, kinds, { out: x, format: 'xlsx', by: 'test' });
  await runAudit(R.wh, R.ops, kinds, { out: u, format: 'csv', unmask: true, by: 'test' });
  const json = readJsonl(j);
  const csv = parse(readFileSync(c, 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
  assert.deepEqual(Object.keys(csv[0]), FINDING_FIELDS);
  assert.equal(csv.length, json.length);
  assert.deepEqual(csv.map((r) => [r.rule_id, r.amount, JSON.parse(r.bkkp_sn)]), json.map((r) => [r.rule_id, r.amount, r.bkkp_sn]));
  const masked = readFileSync(c, 'utf8');
  assert.doesNotMatch(masked.split('\n')[0], /psn_name|certno/);
  const people = await R.wh.all<{ psn_name: string; certno: string }>(`SELECT psn_name, certno FROM psn_info
    WHERE psn_no IN (SELECT DISTINCT psn_no FROM audit_findings)`);
  assert.ok(people.length > 0);
  for (const p of people) {
    assert.ok(!masked.includes(p.certno), 'no ID number in a masked export');
    assert.ok(!masked.includes(`,${p.psn_name},`), 'no name in a masked export');
  }
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(x);
  const ws = wb.worksheets[0];
  assert.equal(ws.rowCount, json.length + 1);
  assert.deepEqual((ws.getRow(1).values as string[]).slice(1), FINDING_FIELDS);
  const unmasked = parse(readFileSync(u, 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
  assert.ok(unmasked.filter((r) => r.psn_no).every((r) => r.psn_name && r.certno));
  assert.ok(unmasked.some((r) => r.psn_name));
});

test('rule changes create versions; a run records the versions it used; a draft only compares', async () => {
  const kinds = await loadRuleKinds();
  const before = await currentRules(R.ops, kinds);
  const g = before.find((r) => r.rule_id === 'gender_restriction')!;
  const r1 = await runAudit(R.wh, R.ops, kinds, { rules: ['gender_restriction'], by: 'test' });
  assert.equal(await saveRules(R.ops, kinds, [{ ...g, enabled: true }], 'test').then((x) => x.length), 0, 'unchanged config: no version');
  const changed = await saveRules(R.ops, kinds, [{ ...g, severity: 'suspect_high' }], 'test', '改为高度可疑');
  assert.deepEqual(changed, ['gender_restriction']);
  const after = (await currentRules(R.ops, kinds)).find((r) => r.rule_id === 'gender_restriction')!;
  assert.equal(after.version, g.version + 1);
  const r2 = await runAudit(R.wh, R.ops, kinds, { rules: ['gender_restriction'], by: 'test' });
  assert.notEqual(r2.ruleset_version, r1.ruleset_version);
  const versions = await R.ops.query<{ run_id: number; v: number; s: string }>(`SELECT run_id, min(rule_version) AS v, min(severity) AS s
    FROM audit_finding WHERE run_id IN ($1, $2) GROUP BY run_id ORDER BY run_id`, [r1.run_id, r2.run_id]);
  assert.deepEqual(versions.map((v) => [Number(v.v), v.s]), [[g.version, 'violation'], [g.version + 1, 'suspect_high']]);
  await assert.rejects(saveRules(R.ops, kinds, [{ ...g, params: { nonsense: 1 } }], 'test'), /参数不合法/);
  // What-if: a draft with the rule disabled removes all its findings and money; nothing is stored as a version.
  const cur = await currentRules(R.ops, kinds);
  const draft = cur.map((r) => (r.rule_id === 'gender_restriction' ? { ...r, enabled: false } : r));
  const rows = await compareRulesets(R.wh, kinds, cur.filter((r) => r.rule_id === 'gender_restriction'),
    draft.filter((r) => r.rule_id === 'gender_restriction'), { from: '2023-01-01', to: '2023-12-31' });
  assert.equal(rows.length, 1);
  assert.equal(rows[0].removed, rows[0].base_findings);
  assert.equal(rows[0].draft_findings, 0);
  assert.equal((await currentRules(R.ops, kinds)).find((r) => r.rule_id === 'gender_restriction')!.version, g.version + 1);
  // Over the whole rule set, disabling some of the rules whose findings name no fee lines (visit and provider
  // findings, whose line lists are all empty) while others stay: exactly the disabled rules' findings go, none
  // counts as another rule's.
  const same = await compareRulesets(R.wh, kinds, cur, cur, { from: '2023-01-01', to: '2023-12-31' });
  assert.deepEqual(same.filter((r) => r.added || r.removed), [], 'the same rules twice: no difference');
  const lineless = (await R.wh.all<{ rule_id: string }>(`SELECT DISTINCT rule_id FROM audit_findings WHERE len(bkkp_sn) = 0 ORDER BY 1`))
    .map((r) => r.rule_id);
  assert.ok(lineless.length >= 2, `two such rules to tell apart: ${lineless.join(', ')}`);
  const off = new Set(lineless.slice(1));
  const all = await compareRulesets(R.wh, kinds, cur, cur.map((r) => (off.has(r.rule_id) ? { ...r, enabled: false } : r)),
    { from: '2023-01-01', to: '2023-12-31' });
  for (const r of all) {
    if (off.has(r.rule_id)) assert.deepEqual([r.removed, r.draft_findings, r.added], [r.base_findings, 0, 0], r.rule_id);
    else assert.deepEqual([r.added, r.removed, r.net_amount], [0, 0, '0.00'], r.rule_id);
  }
});

test('re-review sample: at least 5% and one per institution, reproducible from the seed, recorded', async () => {
  const a = await drawSample(R.wh, R.ops, { period: '2023-06', rate: 0.05, seed: 'S1', by: 'test' });
  const b = await drawSample(R.wh, R.ops, { period: '2023-06', rate: 0.05, seed: 'S1', by: 'test' });
  const c = await drawSample(R.wh, R.ops, { period: '2023-06', rate: 0.05, seed: 'S2', by: 'test' });
  assert.ok(a.items.length > 0);
  assert.deepEqual(a.items, b.items);
  assert.notDeepEqual(a.items, c.items);
  for (const p of a.per_institution) {
    assert.ok(p.sampled >= 1);
    assert.ok(p.sampled >= Math.ceil(p.settlements * 0.05));
    assert.ok(p.sampled <= Math.max(1, Math.ceil(p.settlements * 0.05)));
  }
  const stored = await R.ops.query<{ n: number; seed: string }>('SELECT count(*)::int AS n, min(d.seed) AS seed FROM sample_item i JOIN sample_draw d USING (draw_id) WHERE draw_id = $1', [a.draw_id]);
  assert.deepEqual([stored[0].n, stored[0].seed], [a.items.length, 'S1']);
  await assert.rejects(drawSample(R.wh, R.ops, { period: '2023-13', rate: 0.05, seed: 'x', by: 'test' }), /YYYY-MM/);
});

test('provider_outlier reads the indicators the audit built first and finds exactly what it computes on its own', async () => {
  const kinds = await loadRuleKinds();
  const r = await runAudit(R.wh, R.ops, kinds, { rules: ['provider_outlier'], by: 'test' });
  assert.ok(r.indicators?.rows && r.indicators.settings, 'provider_indicator is built before the rules');
  const kind = kinds.get('provider_outlier')!;
  const params = kind.meta.params.parse({});
  const rows = async (ctx: Parameters<typeof kind.batch>[1]) => {
    const q = kind.batch(params, ctx);
    return R.wh.all(`SELECT fixmedins_code, occurred_at, CAST(facts AS VARCHAR) AS f, CAST(evidence AS VARCHAR) AS e FROM (${q.sql})
      ORDER BY ALL`, q.params);
  };
  const period = { from: r.period.from, to: r.period.to };
  const computed = await rows(period);
  const prebuilt = await rows({ ...period, indicators: r.indicators.settings });
  assert.ok(computed.length > 0, 'the demo region has provider outliers');
  const inPeriod = (x: Record<string, unknown>) => String(x.occurred_at) >= r.period.from && String(x.occurred_at) <= r.period.to;
  assert.equal(r.summary.findings, computed.filter(inPeriod).length);
  assert.deepEqual(prebuilt, computed);
  // Other peer settings than the table's: the rule computes its own.
  const other = kind.batch(kind.meta.params.parse({ min_peers: 3 }), { ...period, indicators: r.indicators.settings });
  assert.match(other.sql, /pi_fee AS MATERIALIZED/);
});
