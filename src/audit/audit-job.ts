/**
 * The audit of the workbench's 稽核任务: what `runAudit` (audit.ts, the CLI's `audit`) does, with
 * the same rules, SQL, ordering and run record, but each rule a step of the server's warehouse
 * queue (see stepwise.ts) and progress reported per rule. Requests that need the warehouse wait
 * for the rule being run at most, not for the whole audit.
 */
import type { Warehouse } from '../store/warehouse.js';
import type { OpStore } from '../store/opstore.js';
import { listKnowledgeSets } from '../knowledge/index.js';
import type { AnyRuleKind } from '../rules/registry.js';
import { loadedPeriod, rebuildIndicators, resolveConfigs, type AuditResult } from './audit.js';
import { readFindings } from './findings.js';
import { finishRun, startRun } from './run-store.js';
import { summarise } from './summary.js';
import type { RuleTiming } from './batch-run.js';
import { StepwiseRules, type Serial } from './stepwise.js';
import type { JobContext } from './jobs.js';
import { JobError } from './jobs.js';

export interface AuditJobOptions {
  from?: string;
  to?: string;
  institutions?: string[];
  rules?: string[];
  by: string;
}

export async function runAuditJob(wh: Warehouse, ops: OpStore, kinds: Map<string, AnyRuleKind>, serial: Serial,
  opts: AuditJobOptions, ctx: JobContext): Promise<AuditResult> {
  const t0 = performance.now();
  const loaded = await serial(() => loadedPeriod(wh).catch(() => null));
  if (!loaded) throw new JobError('admin.audit.no_data');
  const period = { from: opts.from ?? loaded.from, to: opts.to ?? loaded.to };
  const { configs, version } = await resolveConfigs(ops, kinds, { rules: opts.rules });
  const enabled = configs.filter((c) => c.enabled);
  const knowledge = (await serial(() => listKnowledgeSets(wh))).filter((k) => k.effectiveKinds.length).map((k) => k.setId);
  ctx.progress(0, enabled.length, null);
  const table = `fg_job_${ctx.jobId}_findings`;
  const steps = new StepwiseRules(wh, kinds, serial, { ...period, institutions: opts.institutions });
  const runId = await startRun(ops, { kind: 'audit', period_from: period.from, period_to: period.to,
    institutions: opts.institutions ?? [], ruleset_version: version,
    rules: enabled.map((c) => ({ rule_id: c.rule_id, version: c.version })), knowledge_sets: knowledge, created_by: opts.by });
  try {
    await steps.prepare([table]);
    const timings: RuleTiming[] = [];
    for (const [i, cfg] of enabled.entries()) {
      ctx.checkpoint();
      ctx.progress(i, enabled.length, cfg.rule_id);
      timings.push(await steps.run(cfg, table));
    }
    ctx.progress(enabled.length, enabled.length, null);
    const kindOf = new Map(configs.map((c) => [c.rule_id, c.kind]));
    // Reading the findings streams from the connection: the summary and the copy are one step.
    const summary = await serial(async () => {
      const s = await summarise(wh, table);
      // Other requests may have rebuilt the base relations for another period meanwhile: the indicators build their own.
      const indicators = await rebuildIndicators(wh, kinds, configs, period.to, false);
      await finishRun(ops, runId, readFindings(wh, kinds, (id) => kindOf.get(id) ?? id, table), { findings: s.findings, amount: s.amount,
        duration_s: (performance.now() - t0) / 1000, detail: { ...s, timings, indicators } });
      return { s, indicators };
    });
    return { run_id: runId, period, summary: summary.s, timings, seconds: (performance.now() - t0) / 1000, out: null, ruleset_version: version,
      indicators: summary.indicators };
  } finally {
    await steps.drop([table]);
  }
}
