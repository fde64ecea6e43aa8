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
}

export type { ManifestCase };
