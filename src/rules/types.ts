/**
 * The shape of a rule kind (one file per kind under ./kinds, like ESLint's rules): metadata with
 * a parameter schema and defaults, and its executors. `batch` returns SQL over the audit's base
 * relations (see base-views.ts); `realtime` evaluates one person's rows in process (realtime/data.ts)
 * and must give the same findings on the same data (the differential tests hold the two together).
 */
import type { z } from 'zod';
import type { SqlParam } from '../store/warehouse.js';
import type { RtData, RtFindingRow } from './realtime/data.js';

export type Severity = 'violation' | 'suspect_high' | 'suspect';
export type Scope = 'line' | 'visit' | 'person' | 'provider';
export type Category = 'policy' | 'management' | 'medical' | 'provider';

export interface RuleMeta<P> {
  id: string;
  name_zh: string;
  name_en: string;
  category: Category;
  scope: Scope;
  /**
   * True when a person's findings depend on that person's rows alone (no counts, medians or bursts across
   * persons): a large region's audit then runs the rule once per part of the persons (audit/batch-run.ts).
   * Not the same as scope: a person-scope rule may still compare persons (card_skimming).
   */
  perPerson?: boolean;
  severity: Severity;
  /** Parameter schema; `.parse({})` gives the catalogue defaults. */
  params: z.ZodType<P>;
  /** Where the rule's knowledge comes from (Chinese), or null when it uses none. */
  knowledge: string | null;
  /** How the amount at stake is computed (Chinese). */
  amount_zh: string;
  /** Legal basis cited in every finding. */
  basis: string;
}

export interface BatchContext {
  /** Audit period, inclusive ISO dates. Base relations hold history up to `to`; findings are kept from `from`. */
  from: string;
  to: string;
  /**
   * Set when this audit has just built `provider_indicator` from the same base relations with these peer
   * settings: a rule that needs the indicator rows reads them there instead of computing them again.
   */
  indicators?: { regionDigits: number; minPeers: number };
}

export interface BatchQuery {
  sql: string;
  params?: SqlParam[];
}

/**
 * Columns every batch query returns, one row per finding:
 * fixmedins_code, psn_no, mdtrt_id, setl_id (VARCHAR), bkkp_sn (VARCHAR[]; empty for non-line
 * findings), amount (DECIMAL), occurred_at (DATE), facts (JSON: the values the message states),
 * evidence (JSON: compared values and related keys), knowledge_ref (VARCHAR).
 */
export const FINDING_COLUMNS = ['fixmedins_code', 'psn_no', 'mdtrt_id', 'setl_id', 'bkkp_sn', 'amount', 'occurred_at',
  'facts', 'evidence', 'knowledge_ref'] as const;

export interface RuleKind<P = Record<string, unknown>> {
  meta: RuleMeta<P>;
  batch(params: P, ctx: BatchContext): BatchQuery;
  /**
   * The same rule over one person's data, in process: every finding the batch query would return
   * for this person (before the period cut). Absent for provider statistics, which are batch only.
   */
  realtime?(params: P, data: RtData): RtFindingRow[];
}

export function defineRule<P>(kind: RuleKind<P>): RuleKind<P> {
  return kind;
}
