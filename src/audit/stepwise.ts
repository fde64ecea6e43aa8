/**
 * Runs batch rules one rule per step of the server's warehouse queue (`serial`), so that other
 * requests get the one DuckDB connection between two rules instead of waiting for a whole audit.
 *
 * The SQL is the same as runBatchRules (batch-run.ts): the same base relations, the same INSERT per
 * rule, so results do not change. Two things could change them when other work interleaves, and
 * both are handled: (1) another request may rebuild the temp base relations (a_setl, a_visit,
 * a_fee) for another period (samples, indicators): their catalog oids are checked before each rule
 * and the relations rebuilt for our period when they changed; (2) the findings go to a table of
 * this job's own (not the shared `audit_findings`), so no other run can overwrite them.
 */
import type { Warehouse } from '../store/warehouse.js';
import { ensureKnowledgeSchema } from '../knowledge/index.js';
import { createBaseViews } from '../rules/base-views.js';
import type { AnyRuleKind } from '../rules/registry.js';
import type { RuleConfig } from '../rules/config.js';
import { FINDINGS_COLUMNS, runRuleInto, type RuleTiming } from './batch-run.js';

export type Serial = <T>(fn: () => Promise<T>) => Promise<T>;
export interface Period { from: string; to: string; institutions?: string[] }

export class StepwiseRules {
  private oids = '';

  constructor(private readonly wh: Warehouse, private readonly kinds: Map<string, AnyRuleKind>, private readonly serial: Serial,
    private readonly period: Period) {}

  /** The base relations' identity: a rebuild by anyone gives new oids. */
  private async baseOids(): Promise<string> {
    const rows = await this.wh.all<{ n: string; o: string }>(`SELECT table_name AS n, CAST(table_oid AS VARCHAR) AS o FROM duckdb_tables()
      WHERE temporary AND table_name IN ('a_setl', 'a_visit', 'a_fee') ORDER BY table_name`);
    return rows.map((r) => `${r.n}:${r.o}`).join(',');
  }

  private async ensureBase(): Promise<void> {
    const now = await this.baseOids();
    if (this.oids && now === this.oids) return;
    await createBaseViews(this.wh, this.period.to);
    this.oids = await this.baseOids();
  }

  /** Builds the base relations and (re)creates the given findings tables, empty. */
  async prepare(tables: string[]): Promise<void> {
    await this.serial(async () => {
      await ensureKnowledgeSchema(this.wh);
      this.oids = '';
      await this.ensureBase();
      for (const t of tables) await this.wh.run(`CREATE OR REPLACE TEMP TABLE ${t} (${FINDINGS_COLUMNS})`);
    });
  }

  /** One rule's findings into `table`, as one step of the queue. */
  async run(cfg: RuleConfig, table: string): Promise<RuleTiming> {
    const kind = this.kinds.get(cfg.kind);
    if (!kind) throw new Error(`unknown rule kind ${cfg.kind} (rule ${cfg.rule_id})`);
    return this.serial(async () => {
      await this.ensureBase();
      return runRuleInto(this.wh, table, kind, cfg, { from: this.period.from, to: this.period.to }, this.period.institutions ?? []);
    });
  }

  async drop(tables: string[]): Promise<void> {
    await this.serial(async () => {
      for (const t of tables) await this.wh.run(`DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
    });
  }
}
