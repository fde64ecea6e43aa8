/**
 * Runs configured rules in DuckDB over the base relations and collects their findings in the
 * temp table `audit_findings`, cut to the period (and institutions, when given).
 *
 * A large region is audited in parts of its persons: the base relations of every fee line are far larger than
 * memory uncompressed (about 50 GB for 100M lines), and spilled to disk every rule reads them back. Rules whose
 * findings for a person depend on that person's rows alone (`meta.perPerson`) run once per part over that part's
 * relations, which fit in memory; the others (peer statistics, bursts across persons) then run once over views
 * of the whole region. The findings are the same either way (tested); only the time and memory differ.
 *
 * Those rules read a_visit and a_setl as views, but not a_fee: joined again for the whole region it is the largest
 * thing an audit computes, and at 100M lines it ran out of memory beside the rules' own work. Instead each part
 * appends the a_fee columns they name to a compressed in-memory database (a few bytes per value instead of 16 and
 * more), which the rules then read as a_fee.
 */
import type { Warehouse, SqlParam } from '../store/warehouse.js';
import { ensureKnowledgeSchema } from '../knowledge/index.js';
import { createBaseSides, createBaseViews, dropBaseSides } from '../rules/base-views.js';
import type { AnyRuleKind } from '../rules/registry.js';
import type { RuleConfig } from '../rules/config.js';
import type { BatchContext } from '../rules/types.js';
import { INDICATOR_DEFAULTS, indicatorCtes } from '../rules/indicators.js';

export interface BatchRunOptions {
  from: string;
  to: string;
  institutions?: string[];
  /** Parts of the persons to audit in turn; default from the region's size and DuckDB's memory limit (auditParts). */
  parts?: number;
  onRule?: (ruleId: string, index: number, total: number, part?: { part: number; parts: number }) => void;
  /** Runs once the base relations exist, before the first rule; what it returns is added to each rule's context. */
  prepare?: () => Promise<Pick<BatchContext, 'indicators'>>;
}

export interface RuleTiming {
  rule_id: string;
  findings: number;
  seconds: number;
}

/**
 * Bytes of memory planned per fee line of a part: a_fee holds about 500 bytes per line uncompressed (measured:
 * ~50 GB spilled for 98M lines), and the rules' joins and sorts need as much again.
 */
const BYTES_PER_FEE_LINE = 1000;

/** The in-memory database that holds the whole region's a_fee columns for the rules that compare persons. */
const REGION_DB = 'audit_region';

/** FUNDGUARD_AUDIT_PARTS, or as many parts as it takes for one part's lines to fit DuckDB's memory limit. */
export async function auditParts(wh: Warehouse): Promise<number> {
  const env = process.env.FUNDGUARD_AUDIT_PARTS;
  if (env) {
    const n = Number(env);
    if (!Number.isInteger(n) || n < 1 || n > 1024) throw new Error(`FUNDGUARD_AUDIT_PARTS 应为 1–1024 的整数 / must be an integer 1–1024: ${env}`);
    return n;
  }
  const r = await wh.one<{ lines: string | number; limit: string | number }>(`SELECT
    (SELECT sum(estimated_size) FROM duckdb_tables() WHERE table_name = 'fee_list_d' AND NOT temporary) AS lines,
    current_setting('memory_limit') AS limit`);
  const lines = Number(r?.lines ?? 0);
  const limit = parseBytes(String(r?.limit ?? ''));
  if (!lines || !limit) return 1;
  return Math.max(1, Math.ceil((lines * BYTES_PER_FEE_LINE) / limit));
}

/** DuckDB's memory setting as bytes ('11.0 GiB', '8.0 GB', '4000000000'). */
export function parseBytes(s: string): number {
  const m = /^\s*([\d.]+)\s*([KMGT]?i?B)?\s*$/i.exec(s);
  if (!m) return 0;
  const unit = (m[2] ?? 'B').toUpperCase();
  const pow = { B: 0, KB: 1, MB: 2, GB: 3, TB: 4, KIB: 1, MIB: 2, GIB: 3, TIB: 4 }[unit] ?? 0;
  return Number(m[1]) * (unit.includes('I') ? 1024 : 1000) ** pow;
}

/** The columns of a findings table (audit_findings, or a workbench job's own). */
export const FINDINGS_COLUMNS = `rule_id VARCHAR, rule_version INTEGER, severity VARCHAR, fixmedins_code VARCHAR, psn_no VARCHAR,
  mdtrt_id VARCHAR, setl_id VARCHAR, bkkp_sn VARCHAR[], amount DECIMAL(18,4), occurred_at DATE, facts JSON, evidence JSON,
  knowledge_ref VARCHAR`;

/** One rule over the base relations as they stand; its findings in the period (and institutions) go into `table`. */
export async function runRuleInto(wh: Warehouse, table: string, kind: AnyRuleKind, cfg: RuleConfig, ctx: BatchContext,
  institutions: string[]): Promise<RuleTiming> {
  const params = kind.meta.params.parse(cfg.params);
  const q = kind.batch(params, ctx);
  const inst = institutions.length ? ` AND q.fixmedins_code IN (${institutions.map(() => '?').join(', ')})` : '';
  const t0 = performance.now();
  const r = await wh.conn.run(`INSERT INTO ${table} SELECT ?, ?, ?, q.fixmedins_code, q.psn_no, q.mdtrt_id, q.setl_id,
      coalesce(q.bkkp_sn, []), q.amount, q.occurred_at, q.facts, q.evidence, q.knowledge_ref
    FROM (${q.sql}) q WHERE q.occurred_at BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)${inst}`,
    [cfg.rule_id, cfg.version, cfg.severity, ...(q.params ?? []), ctx.from, ctx.to, ...institutions] as SqlParam[] as never);
  return { rule_id: cfg.rule_id, findings: Number(r.rowsChanged), seconds: (performance.now() - t0) / 1000 };
}

export async function runBatchRules(wh: Warehouse, kinds: Map<string, AnyRuleKind>, configs: RuleConfig[],
  opts: BatchRunOptions): Promise<RuleTiming[]> {
  await ensureKnowledgeSchema(wh);
  await wh.run(`CREATE OR REPLACE TEMP TABLE audit_findings (${FINDINGS_COLUMNS})`);
  const enabled = configs.filter((c) => c.enabled);
  const kindOf = (cfg: RuleConfig) => {
    const kind = kinds.get(cfg.kind);
    if (!kind) throw new Error(`unknown rule kind ${cfg.kind} (rule ${cfg.rule_id})`);
    return kind;
  };
  enabled.forEach(kindOf);
  const institutions = opts.institutions ?? [];
  const timings = new Map(enabled.map((c) => [c.rule_id, { rule_id: c.rule_id, findings: 0, seconds: 0 }]));
  const add = (cfg: RuleConfig, r: { findings: number; seconds: number }) => {
    const t = timings.get(cfg.rule_id)!;
    t.findings += r.findings;
    t.seconds += r.seconds;
  };
  const parts = opts.parts ?? await auditParts(wh);
  const ctx: BatchContext = { from: opts.from, to: opts.to };

  if (parts === 1) {
    await createBaseViews(wh, opts.to);
    Object.assign(ctx, (await opts.prepare?.()) ?? {});
    for (const [i, cfg] of enabled.entries()) {
      opts.onRule?.(cfg.rule_id, i, enabled.length);
      add(cfg, await runRuleInto(wh, 'audit_findings', kindOf(cfg), cfg, ctx, institutions));
    }
    return [...timings.values()];
  }

  const perPerson = enabled.filter((c) => kindOf(c).meta.perPerson);
  const whole = enabled.filter((c) => !kindOf(c).meta.perPerson);
  // The SQL the whole-region work will run: the a_fee columns it names are the ones kept for it.
  const wholeSql = [indicatorCtes(INDICATOR_DEFAULTS).sql,
    ...whole.map((c) => kindOf(c).batch(kindOf(c).meta.params.parse(c.params), ctx).sql)].join('\n');
  await createBaseSides(wh);
  await wh.run(`DETACH DATABASE IF EXISTS ${REGION_DB}`);
  await wh.run(`ATTACH ':memory:' AS ${REGION_DB} (COMPRESS)`);
  let kept: string[] = [];
  try {
    for (let part = 0; part < parts; part++) {
      await createBaseViews(wh, opts.to, { persons: { part, parts } });
      if (part === 0) {
        kept = (await wh.all<{ c: string }>(`SELECT column_name AS c FROM duckdb_columns()
          WHERE table_name = 'a_fee' AND database_name = 'temp' ORDER BY column_index`)).map((r) => `"${r.c}"`)
          .filter((c) => new RegExp(`\\b${c.slice(1, -1)}\\b`).test(wholeSql));
        await wh.run(`CREATE TABLE ${REGION_DB}.a_fee AS SELECT ${kept.join(', ')} FROM a_fee LIMIT 0`);
      }
      await wh.run(`INSERT INTO ${REGION_DB}.a_fee SELECT ${kept.join(', ')} FROM a_fee`);
      // Values are compressed when written out: a checkpoint of the in-memory database.
      await wh.run(`CHECKPOINT ${REGION_DB}`);
      for (const [i, cfg] of perPerson.entries()) {
        opts.onRule?.(cfg.rule_id, i, enabled.length, { part, parts });
        add(cfg, await runRuleInto(wh, 'audit_findings', kindOf(cfg), cfg, ctx, institutions));
      }
    }
    // a_visit and a_setl as views of the whole region; a_fee is the compressed copy.
    await createBaseViews(wh, opts.to, { materialise: false });
    await wh.run('DROP VIEW a_fee');
    await wh.run(`CREATE TEMP VIEW a_fee AS SELECT * FROM ${REGION_DB}.a_fee`);
    Object.assign(ctx, (await opts.prepare?.()) ?? {});
    for (const [i, cfg] of whole.entries()) {
      opts.onRule?.(cfg.rule_id, perPerson.length + i, enabled.length);
      add(cfg, await runRuleInto(wh, 'audit_findings', kindOf(cfg), cfg, ctx, institutions));
    }
  } finally {
    await dropBaseSides(wh);
    await wh.run('DROP VIEW IF EXISTS a_fee').catch(() => undefined);
    await wh.run(`DETACH DATABASE IF EXISTS ${REGION_DB}`);
  }
  return [...timings.values()];
}
