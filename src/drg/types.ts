/** Input, result and explanation of the DRG grouper. */
import type { Condition, ConditionKind } from './scheme.js';

/** One discharge. Lists are main first. Missing values are null (the scheme files use 0 for "unknown" weight). */
export interface DrgRecord {
  sex: string | null;
  age_years: number | null;
  age_days: number | null;
  birth_weight_g: number | null;
  diagnoses: string[];
  procedures: string[];
}

export type DrgRejectReason = 'missing_sex' | 'missing_diagnoses' | 'newborn_without_weight';
export type DrgStatus = 'grouped' | 'ungrouped' | 'rejected';

/** Results are shared frozen objects (one per DRG and outcome): do not mutate. */
export interface DrgResult {
  status: DrgStatus;
  /** '0000' when ungrouped or rejected. */
  drg: string;
  adrg: string | null;
  mdc: string | null;
  reject_reason: DrgRejectReason | null;
}

export interface DrgText { zh: string; en: string }

/** A list code of the record that made a list condition hold (or, under `not`, fail). */
export interface DrgListMatch {
  list: string;
  code: string;
  /** 0 = main diagnosis / procedure. */
  position: number;
  /** For procGroups: the procedure's group label; for diagRegionsAtLeast: the body region. */
  label?: string;
}

export interface DrgConditionTrace {
  kind: ConditionKind;
  condition: Condition;
  holds: boolean;
  text: DrgText;
  matches: DrgListMatch[];
  /** For `not`: the negated condition. */
  inner?: DrgConditionTrace;
}

export interface DrgDrgTrace {
  code: string;
  name: string;
  holds: boolean;
  conditions: DrgConditionTrace[];
}

export interface DrgAdrgTrace {
  code: string;
  holds: boolean;
  conditions: DrgConditionTrace[];
  /** Only for the ADRG entered: its DRGs tried in order, the last one chosen. */
  drgs?: DrgDrgTrace[];
}

export interface DrgMdcTrace {
  code: string;
  entered: boolean;
  conditions: DrgConditionTrace[];
  /** The ADRGs tried when entered, in order. */
  adrgs: DrgAdrgTrace[];
}

export interface DrgComplication {
  code: string;
  /** Index in diagnoses (secondary diagnoses only, so ≥ 1). */
  position: number;
  level: 'MCC' | 'CC';
  /** Its group id in mcc.json / cc.json. */
  exclusion_group: string;
}

export interface DrgExplanation {
  result: DrgResult;
  /** DRG name from drg-names.json when grouped. */
  drg_name: string | null;
  /** Why the record was rejected, not grouped or where it went. */
  message: DrgText;
  input_check: { passed: boolean; reject_reason: DrgRejectReason | null; failures: DrgRejectReason[] };
  /** Every MDC tried, in order (empty when rejected). */
  mdcs: DrgMdcTrace[];
  adrg: DrgAdrgTrace | null;
  drg: DrgDrgTrace | null;
  complications: {
    /** The main diagnosis's group in exclusion-groups.json (null: it excludes nothing). */
    main_exclusion_group: string | null;
    /** Secondary MCC/CC diagnoses that count. */
    counted: DrgComplication[];
    /** Secondary MCC/CC diagnoses excluded by the main diagnosis's exclusion group. */
    excluded: DrgComplication[];
    has_mcc: boolean;
    has_mcc_or_cc: boolean;
  };
}

export interface DrgGrouper {
  readonly version: string;
  /** Fast path: no allocation per condition; returns shared frozen results. */
  group(record: DrgRecord): DrgResult;
  /** Slow path: why the record gets its result. Same result as group(). */
  explain(record: DrgRecord): DrgExplanation;
}
