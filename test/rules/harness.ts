/**
 * The shared harness for rule case tables (in the manner of ESLint's RuleTester): each rule kind
 * has a table of cases in ./cases/<rule_id>.ts; every case builds a small region, runs the rule on
 * it and must produce exactly the expected findings (keys and amounts).
 */
import { readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Warehouse } from '../../src/store/warehouse.js';
import { importPath } from '../../src/ingest/importer.js';
import { importKnowledge } from '../../src/knowledge/index.js';
import { TABLES } from '../../src/domain/tables.js';
import { loadRuleKinds } from '../../src/rules/registry.js';
import { defaultConfig, type RuleConfig } from '../../src/rules/config.js';
import { runBatchRules } from '../../src/audit/batch-run.js';
import { readFindings, type Finding } from '../../src/audit/findings.js';
import { RegionBuilder } from './builders.js';
import { tempDir } from '../ingest/helpers.js';

export const SHARED_DATA = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'data');

export interface Expected {
  psn_no?: string;
  mdtrt_id?: string;
  bkkp_sn?: string[];
  amount: string;
  occurred_at?: string;
  /** A part of the Chinese message. */
  message?: string;
}

export interface RuleCase {
  name: string;
  /** Builds the region; returns values the expectations need (e.g. bkkp_sn) through closure. */
  build: (r: RegionBuilder) => Expected[];
  params?: Record<string, unknown>;
  from?: string;
  to?: string;
  /** Why the real-time executor cannot be compared on this case (it sees no audit period, for one). */
  realtime_exempt?: string;
}

export interface CaseTable {
  rule_id: string;
  cases: RuleCase[];
}

/** Every case table in ./cases. */
export async function loadCaseTables(): Promise<CaseTable[]> {
  const dir = join(import.meta.dirname, 'cases');
  const out: CaseTable[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts')).sort()) {
    out.push(((await import(pathToFileURL(join(dir, f)).href)) as { table: CaseTable }).table);
  }
  return out;
}

/** A warehouse with the official knowledge batches and ICD dictionaries loaded from ../shared/data. */
export async function knowledgeWarehouse(): Promise<{ wh: Warehouse; dir: string }> {
  const dir = tempDir('fg-rules-');
  const wh = await Warehouse.open(join(dir, 'data'));
  const libs = join(SHARED_DATA, 'nhsa-two-libs');
  const files = readdirSync(libs).filter((f) => f.endsWith('.xlsx')).map((f) => join(libs, f));
  files.push(join(SHARED_DATA, 'icd', 'icd10-chs-2.0-diagnoses.json'), join(SHARED_DATA, 'icd', 'icd9cm3-chs-2.0-procedures.json'));
  await importKnowledge(wh, files, { label: '国家两库（测试）' });
  return { wh, dir };
}

export interface CaseResult {
  findings: Finding[];
  expected: Expected[];
  config: RuleConfig;
  from: string;
  to: string;
}

/** Clears the claims, loads the case's region, runs one rule with the case's parameters. */
export async function runCase(wh: Warehouse, dir: string, ruleId: string, c: RuleCase, n: number): Promise<CaseResult> {
  for (const t of TABLES) await wh.run(`DELETE FROM ${t.name}`);
  await wh.run('DELETE FROM drg_result');
  const region = new RegionBuilder();
  const expected = c.build(region);
  const src = join(dir, `case-${n}`);
  region.write(src);
  await importPath(wh, join(dir, 'data'), src);
  rmSync(src, { recursive: true, force: true });
  // drg_result is the DRG grouping's output, not an extract table: the case's rows go in directly.
  for (const d of region.drgRows) {
    await wh.run(`INSERT INTO drg_result VALUES (?, ?, ?, ?, CAST(? AS DATE), ?, ?, ?, ?, ?, ?, from_json(?, '["VARCHAR"]'),
      from_json(?, '["VARCHAR"]'), ?, ?)`, [d.setl_id, d.mdtrt_id, d.psn_no, d.fixmedins_code, d.dscg_date, d.status, d.drg, d.adrg,
      d.mdc, d.reject_reason, d.main_diag, JSON.stringify(d.mcc_codes), JSON.stringify(d.cc_codes), d.scheme_version, d.run_id]);
  }
  const kinds = await loadRuleKinds();
  const kind = kinds.get(ruleId);
  if (!kind) throw new Error(`no rule kind ${ruleId}`);
  const cfg = { ...defaultConfig(kind), params: { ...defaultConfig(kind).params, ...c.params } };
  const from = c.from ?? '2023-01-01'; const to = c.to ?? '2023-12-31';
  await runBatchRules(wh, kinds, [cfg], { from, to });
  const findings: Finding[] = [];
  for await (const f of readFindings(wh, kinds, () => ruleId)) findings.push(f);
  return { findings, expected, config: cfg, from, to };
}
