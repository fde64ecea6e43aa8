/**
 * One audit: every enabled rule over a period, all institutions at once (100% of settlements),
 * findings written to a file and recorded with the run in the operational store.
 */
import type { Warehouse } from '../store/warehouse.js';
import type { OpStore } from '../store/opstore.js';
import { listKnowledgeSets } from '../knowledge/index.js';
import type { AnyRuleKind } from '../rules/registry.js';
import type { RuleConfig } from '../rules/config.js';
import { currentRules, rulesetVersion } from '../rules/store.js';
import { runBatchRules, type BatchRunOptions, type RuleTiming } from './batch-run.js';
import { readFindings } from './findings.js';
import { writeFindings, type ExportFormat, type PersonLookup } from './export.js';
import { finishRun, startRun } from './run-store.js';
import { summarise, type RunSummary } from './summary.js';
import { INDICATOR_DEFAULTS, materialiseProviderIndicators, type IndicatorOptions } from '../rules/indicators.js';

export interface AuditOptions {
  from?: string;
  to?: string;
  institutions?: string[];
  /** Only these rule ids. */
  rules?: string[];
  /** A rule set from a file instead of the stored configuration (recorded by its content). */
  ruleset?: { configs: RuleConfig[]; label: string };
  out?: string;
  format?: ExportFormat;
  unmask?: boolean;
  by: string;
  /** Parts of the persons to audit in turn (batch-run.ts); default from the region's size and the memory limit. */
  parts?: number;
  onRule?: BatchRunOptions['onRule'];
}

export interface AuditResult {
  run_id: number;
  period: { from: string; to: string };
  summary: RunSummary;
  timings: RuleTiming[];
  seconds: number;
  out: string | null;
  ruleset_version: string;
  /** The warehouse table provider_indicator rebuilt for the dashboards: rows and time, or why it failed. */
  indicators?: { rows: number | null; seconds: number; error?: string; settings?: IndicatorOptions };
}

/**
 * Rebuilds provider_indicator for the dashboards and the portal, with the outlier rule's peer settings when it
 * is configured. A failure must not lose the audit it follows: it is reported, and the portal says the table
 * is missing.
 */
export async function rebuildIndicators(wh: Warehouse, kinds: Map<string, AnyRuleKind>, configs: RuleConfig[], to: string,
  baseViewsReady: boolean): Promise<NonNullable<AuditResult['indicators']>> {
  const ti = performance.now();
  const indicators: NonNullable<AuditResult['indicators']> = { rows: null, seconds: 0 };
  try {
    const outlier = configs.find((c) => c.kind === 'provider_outlier');
    const p = outlier ? kinds.get('provider_outlier')?.meta.params.safeParse(outlier.params) : undefined;
    const settings = { ...INDICATOR_DEFAULTS, ...(p?.success ? { regionDigits: p.data.region_digits, minPeers: p.data.min_peers } : {}) };
    indicators.rows = await materialiseProviderIndicators(wh, to, settings, baseViewsReady);
    indicators.settings = settings;
  } catch (e) {
    indicators.error = (e as Error).message;
  }
  indicators.seconds = (performance.now() - ti) / 1000;
  return indicators;
}

/** The loaded history's first and last settlement dates: the default period. */
export async function loadedPeriod(wh: Warehouse): Promise<{ from: string; to: string }> {
  const r = await wh.one<{ a: string | null; b: string | null }>(`SELECT CAST(CAST(min(setl_time) AS DATE) AS VARCHAR) AS a,
    CAST(CAST(max(setl_time) AS DATE) AS VARCHAR) AS b FROM setl_d`);
  if (!r?.a || !r.b) throw new Error('仓库中没有结算数据，请先导入 / no settlements loaded: import an extract first');
  return { from: r.a, to: r.b };
}

export async function resolveConfigs(ops: OpStore, kinds: Map<string, AnyRuleKind>, opts: Pick<AuditOptions, 'rules' | 'ruleset'>):
  Promise<{ configs: RuleConfig[]; version: string }> {
  let configs: RuleConfig[]; let version: string;
  if (opts.ruleset) { configs = opts.ruleset.configs; version = opts.ruleset.label; } else {
    configs = await currentRules(ops, kinds);
    version = String(await rulesetVersion(ops));
  }
  if (opts.rules?.length) {
    const unknown = opts.rules.filter((r) => !configs.some((c) => c.rule_id === r));
    if (unknown.length) throw new Error(`未知的规则 / unknown rules: ${unknown.join(', ')}`);
    configs = configs.filter((c) => opts.rules!.includes(c.rule_id));
  }
  return { configs, version };
}

export async function personLookup(wh: Warehouse): Promise<PersonLookup> {
  const rows = await wh.all<{ psn_no: string; psn_name: string | null; certno: string | null }>(
    'SELECT psn_no, psn_name, certno FROM psn_info');
  const m = new Map(rows.map((r) => [r.psn_no, r]));
  return (p) => m.get(p);
}

export async function runAudit(wh: Warehouse, ops: OpStore, kinds: Map<string, AnyRuleKind>, opts: AuditOptions): Promise<AuditResult> {
  const t0 = performance.now();
  const loaded = await loadedPeriod(wh);
  const period = { from: opts.from ?? loaded.from, to: opts.to ?? loaded.to };
  const { configs, version } = await resolveConfigs(ops, kinds, opts);
  const enabled = configs.filter((c) => c.enabled);
  const knowledge = (await listKnowledgeSets(wh)).filter((k) => k.effectiveKinds.length).map((k) => k.setId);
  const runId = await startRun(ops, { kind: 'audit', period_from: period.from, period_to: period.to,
    institutions: opts.institutions ?? [], ruleset_version: version,
    rules: enabled.map((c) => ({ rule_id: c.rule_id, version: c.version })), knowledge_sets: knowledge, created_by: opts.by });
  // provider_indicator is built first, from the same base relations: the outlier rule then reads its rows
  // instead of computing the same indicators again. A failure here must not lose the audit: it is reported,
  // the outlier rule computes its own, and the portal says the table is missing.
  let indicators: NonNullable<AuditResult['indicators']> = { rows: null, seconds: 0 };
  const timings = await runBatchRules(wh, kinds, configs, { ...period, institutions: opts.institutions, onRule: opts.onRule, parts: opts.parts,
    prepare: async () => {
      indicators = await rebuildIndicators(wh, kinds, configs, period.to, true);
      return indicators.rows === null ? {} : { indicators: indicators.settings };
    } });
  const kindOf = new Map(configs.map((c) => [c.rule_id, c.kind]));
  const summary = await summarise(wh);
  const seconds = (performance.now() - t0) / 1000;
  const findings = () => readFindings(wh, kinds, (id) => kindOf.get(id) ?? id);
  if (opts.out) await writeFindings(findings(), opts.out, opts.format ?? 'jsonl', opts.unmask ? await personLookup(wh) : undefined);
  await finishRun(ops, runId, findings(), { findings: summary.findings, amount: summary.amount, duration_s: seconds,
    detail: { ...summary, timings, indicators } });
  return { run_id: runId, period, summary, timings, seconds, out: opts.out ?? null, ruleset_version: version, indicators };
}
