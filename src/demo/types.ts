/** Options, summary and manifest shapes of the demo region generator. */
import type { ManifestCase } from './cases-kit.js';

export interface DemoOptions {
  /** Insured persons (background plus the persons of the injected cases); default 20000. */
  persons?: number;
  /** Calendar months of claims from `start`; default 12. */
  months?: number;
  seed?: number;
  /** First day, YYYY-MM-DD; default 2023-01-01. */
  start?: string;
  onProgress?: (msg: string) => void;
}

export interface DemoSummary {
  outDir: string;
  seed: number;
  start: string;
  /** Last day with claims (inclusive). */
  end: string;
  months: number;
  persons: number;
  backgroundPersons: number;
  casePersons: number;
  institutions: number;
  pharmacies: number;
  doctors: number;
  visits: number;
  settlements: number;
  feeLines: number;
  diagnoses: number;
  operations: number;
  cases: { violation: number; boundary: number; byRule: Record<string, { violation: number; boundary: number }> };
  notInjected: { rule_id: string; reason: string }[];
  /** Paths relative to outDir. */
  files: string[];
  bytes: number;
  seconds: number;
}

export interface Manifest {
  format: string;
  region: { name: string; admdvs: string };
  seed: number;
  start: string;
  end: string;
  months: number;
  persons: number;
  conventions: Record<string, unknown>;
  knowledge: { batches: string[]; icd: { diagnoses: string; procedures: string }; indications: string; catalogue: string };
  cases: ManifestCase[];
  not_injected: { rule_id: string; reason: string }[];
  /** Patterns that show once the demo DRG scheme is imported and the stays are grouped. */
  drg: ManifestDrg;
}

/** A planted stay the DRG grouper must reject or leave ungrouped (0000). */
export interface ManifestDrgCase {
  psn_no: string;
  mdtrt_id: string;
  setl_id: string;
  status: 'rejected' | 'ungrouped';
  /** The grouper's reject reason (src/drg/input.ts) when rejected. */
  reject_reason: 'missing_sex' | 'missing_diagnoses' | 'newborn_without_weight' | null;
  description: string;
}

export interface ManifestDrg {
  /** The scheme folder, relative to the region folder (the national scheme file format). */
  scheme: string;
  version: string;
  /** The institution that codes extra MCC/CC secondary diagnoses (高套分组). */
  upcoding: {
    fixmedins_code: string;
    fixmedins_name: string;
    /** The ADRG where its share of cases with MCC/CC shows most (most of its planted stays). */
    adrg: string;
    /** Share of its background stays given an extra MCC/CC code. */
    coding_rate: number;
    description: string;
    /** Its planted stays: main diagnosis and the codes added. */
    cases: { psn_no: string; mdtrt_id: string; setl_id: string; main_diag: string; added: string[]; description: string }[];
  };
  ungroupable: ManifestDrgCase[];
}

export type { ManifestCase };
