/**
 * What-if of the workbench: the current configuration of the changed rules against the draft,
 * over one period, each rule (current, then draft) a step of the warehouse queue. Only the rules
 * a draft changes are run: an unchanged rule finds the same either way. A finding is the same
 * in both when rule, institution, person, visit, settlement and lines are.
 */
import { FINDING_KEY_SQL } from './whatif.js';
import type { Warehouse } from '../store/warehouse.js';
import type { AnyRuleKind } from '../rules/registry.js';
import type { RuleConfig } from '../rules/config.js';
import { loadedPeriod } from './audit.js';
import { StepwiseRules, type Serial } from './stepwise.js';
import { JobError, type JobContext } from './jobs.js';

export interface WhatIfRuleResult {
  rule_id: string;
  base_version: number;
  base_enabled: boolean;
  draft_enabled: boolean;
  base_findings: number;
  base_amount: string;
  draft_findings: number;
  draft_amount: string;
  added: number;
  added_amount: string;
  removed: number;
  removed_amount: string;
  /** draft_amount − base_amount: also counts findings kept with another amount. */
  net_amount: string;
}

export interface WhatIfResult {
  period: { from: string; to: string };
  base_ruleset_version: string;
  rules: WhatIfRuleResult[];
  seconds: number;
}

const dec = (e: string) => `CAST(CAST(${e} AS DECIMAL(18,2)) AS VARCHAR)`;

export async function runWhatIfJob(wh: Warehouse, kinds: Map<string, AnyRuleKind>, serial: Serial,
  opts: { base: RuleConfig[]; draft: RuleConfig[]; from?: string; to?: string; baseVersion: string }, ctx: JobContext): Promise<WhatIfResult> {
  const t0 = performance.now();
  const loaded = await serial(() => loadedPeriod(wh).catch(() => null));
  if (!loaded) throw new JobError('admin.audit.no_data');
  const period = { from: opts.from ?? loaded.from, to: opts.to ?? loaded.to };
  const baseT = `fg_job_${ctx.jobId}_base`;
  const draftT = `fg_job_${ctx.jobId}_draft`;
  const steps = new StepwiseRules(wh, kinds, serial, period);
  const work = [...opts.base.map((c) => [c, baseT] as const), ...opts.draft.map((c) => [c, draftT] as const)].filter(([c]) => c.enabled);
  try {
    await steps.prepare([baseT, draftT]);
    for (const [i, [cfg, table]] of work.entries()) {
      ctx.checkpoint();
      ctx.progress(i, work.length, `${cfg.rule_id} (${table === baseT ? 'current' : 'draft'})`);
      await steps.run(cfg, table);
    }
    ctx.progress(work.length, work.length, null);
    const rows = await serial(() => wh.all<Record<string, string>>(`
      WITH b AS (SELECT ${FINDING_KEY_SQL} AS k, rule_id, round(amount, 2) AS amount FROM ${baseT}),
           d AS (SELECT ${FINDING_KEY_SQL} AS k, rule_id, round(amount, 2) AS amount FROM ${draftT}),
           added AS (SELECT rule_id, count(*) AS n, sum(amount) AS amt FROM d WHERE k NOT IN (SELECT k FROM b) GROUP BY rule_id),
           removed AS (SELECT rule_id, count(*) AS n, sum(amount) AS amt FROM b WHERE k NOT IN (SELECT k FROM d) GROUP BY rule_id),
           bt AS (SELECT rule_id, count(*) AS n, sum(amount) AS amt FROM b GROUP BY rule_id),
           dt AS (SELECT rule_id, count(*) AS n, sum(amount) AS amt FROM d GROUP BY rule_id)
      SELECT ids.rule_id, coalesce(bt.n, 0) AS base_findings, ${dec('coalesce(bt.amt, 0)')} AS base_amount,
        coalesce(dt.n, 0) AS draft_findings, ${dec('coalesce(dt.amt, 0)')} AS draft_amount,
        coalesce(a.n, 0) AS added, ${dec('coalesce(a.amt, 0)')} AS added_amount,
        coalesce(r.n, 0) AS removed, ${dec('coalesce(r.amt, 0)')} AS removed_amount,
        ${dec('coalesce(dt.amt, 0) - coalesce(bt.amt, 0)')} AS net_amount
      FROM (VALUES ${opts.base.map(() => '(?)').join(', ')}) ids(rule_id) LEFT JOIN bt USING (rule_id) LEFT JOIN dt USING (rule_id)
        LEFT JOIN added a USING (rule_id) LEFT JOIN removed r USING (rule_id) ORDER BY ids.rule_id`,
    opts.base.map((c) => c.rule_id)));
    const base = new Map(opts.base.map((c) => [c.rule_id, c]));
    const draft = new Map(opts.draft.map((c) => [c.rule_id, c]));
    return {
      period, base_ruleset_version: opts.baseVersion, seconds: (performance.now() - t0) / 1000,
      rules: rows.map((r) => ({ rule_id: r.rule_id, base_version: base.get(r.rule_id)!.version, base_enabled: base.get(r.rule_id)!.enabled,
        draft_enabled: draft.get(r.rule_id)!.enabled, base_findings: Number(r.base_findings), base_amount: r.base_amount,
        draft_findings: Number(r.draft_findings), draft_amount: r.draft_amount, added: Number(r.added), added_amount: r.added_amount,
        removed: Number(r.removed), removed_amount: r.removed_amount, net_amount: r.net_amount })),
    };
  } finally {
    await steps.drop([baseT, draftT]);
  }
}
