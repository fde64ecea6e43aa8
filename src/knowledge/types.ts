/**
 * Shared shapes of the knowledge importer: what a file reads into (sheets of text cells), the
 * knowledge rows it yields, and the report it returns.
 */

/** One knowledge kind = one rule's knowledge. The effective set is chosen per kind. */
export const KNOWLEDGE_KINDS = [
  'drug-gender', 'drug-age', 'drug-insurance-type', 'drug-visit-type', 'drug-institution-level',
  'drug-course-days',
  'item-gender', 'item-age', 'item-surgery-group', 'item-duplicate-charge', 'item-frequency',
  'item-working-age', 'item-course', 'item-period',
  'icd-diagnosis', 'icd-procedure',
] as const;
export type KnowledgeKind = (typeof KNOWLEDGE_KINDS)[number];

export type SourceFormat = 'xlsx' | 'csv' | 'json';

export interface SourceFile {
  /** Path as given by the caller. */
  path: string;
  /** Base name: what knowledge rows cite. */
  fileName: string;
  format: SourceFormat;
  encoding?: string;
  sha256: string;
  bytes: number;
}

/** One row of a sheet as text cells; `row` is 1-based as Excel shows it. */
export interface RawRow {
  row: number;
  cells: string[];
}

export interface RawSheet {
  file: SourceFile;
  /** Worksheet name; null for CSV and JSON. */
  sheet: string | null;
  rows: RawRow[];
  /** A dictionary without a header row (JSON {code: name}). */
  headerless?: boolean;
}

/** Where a knowledge row came from, so findings can cite "batch file + row". */
export interface SourceRef {
  src_file: string;
  src_sheet: string | null;
  src_row: number;
}

export interface DrugRestrictionRow extends SourceRef {
  kind: KnowledgeKind;
  hilist_code: string;
  hilist_name: string;
  code_seq: string | null;
  drug_dscr: string | null;
  lmt_type: string;
  lmt_value: string;
  gend: string | null;
  age_group: string | null;
  age_min: number | null;
  age_max: number | null;
  insu_type: string | null;
  visit_types: string[] | null;
  hosp_class_min: number | null;
  course_days: number | null;
  lmt_src_file: string;
  lmt_src_sheet: string | null;
  lmt_src_row: number;
}

export interface ItemRestrictionRow extends SourceRef {
  kind: KnowledgeKind;
  hilist_code: string;
  hilist_name: string | null;
  item_seq: string | null;
  item_dscr: string | null;
  lmt_type: string | null;
  lmt_value: string | null;
  gend: string | null;
  age_group: string | null;
  age_min: number | null;
  age_max: number | null;
  surgery_group: string | null;
  lmt_cnt: string | null;
  lmt_cnt_unit: string | null;
  working_age_only: boolean | null;
  total_days: number | null;
  min_interval_days: number | null;
  period_max_cnt: number | null;
  period_days: number | null;
  memo: string | null;
  /** The published row, header → cell text. */
  src_raw: Record<string, string>;
}

export interface DuplicateChargeRow extends SourceRef {
  kind: KnowledgeKind;
  dup_seq: string | null;
  frequency: string;
  freq_scope: 'day' | 'visit' | 'hours';
  freq_hours: number | null;
  main_hilist_code: string;
  main_hilist_name: string | null;
  sub_hilist_code: string;
  sub_hilist_name: string | null;
  memo: string | null;
}

export interface IcdRow extends SourceRef {
  kind: 'icd-diagnosis' | 'icd-procedure';
  code: string;
  name: string;
}

/** All knowledge rows of one import, by table. */
export interface KnowledgeRows {
  drug: DrugRestrictionRow[];
  item: ItemRestrictionRow[];
  dup: DuplicateChargeRow[];
  icd: IcdRow[];
}

export interface RejectedRow {
  file: string;
  sheet: string | null;
  row: number;
  /** Message key (knowledge.reject.*), stable for tests and filters. */
  reasonKey: string;
  /** "中文 | English". */
  reason: string;
}

export interface SheetReport {
  sheet: string | null;
  layout: string;
  kinds: KnowledgeKind[];
  headerRow: number | null;
  /** Data rows read (header, blank, total and remark rows excluded). */
  rowsRead: number;
  /** Data rows that went into knowledge (for a drug restriction sheet: names with codes). */
  rowsUsed: number;
  /** Non-data rows after the header: blank, 合计, 备注 … */
  rowsSkipped: number;
}

export interface KnowledgeFileReport {
  file: string;
  fileName: string;
  format: SourceFormat;
  encoding?: string;
  sha256: string;
  kinds: KnowledgeKind[];
  /** For a drug sheet arriving as its own file: the file holding the other sheet. */
  pairedWith?: string[];
  sheets: SheetReport[];
  /** Sheets present but not recognised (e.g. an instructions sheet), with the reason. */
  ignoredSheets: { sheet: string | null; reason: string }[];
  rowsRead: number;
  /** Knowledge rows written that cite this file as their source row. */
  rowsLoaded: number;
  rowsSkipped: number;
  rejected: RejectedRow[];
}

export interface KnowledgeImportReport {
  setId: number;
  label: string;
  /** True when byte-identical content was already loaded: no new set was created. */
  alreadyLoaded: boolean;
  contentSha256: string;
  files: KnowledgeFileReport[];
  rowCounts: Partial<Record<KnowledgeKind, number>>;
  rowsLoaded: number;
  rowsRejected: number;
}

export interface KnowledgeImportOptions {
  label?: string;
  /** Forces the CSV text encoding (utf-8, gbk, gb18030 …); detected when absent. */
  encoding?: string;
  onProgress?: (msg: string) => void;
}

export interface KnowledgeSetInfo {
  setId: number;
  label: string;
  importedAt: string;
  contentSha256: string;
  files: { file: string; fileName: string; sha256: string; kinds: KnowledgeKind[]; rowsLoaded: number }[];
  rowCounts: Partial<Record<KnowledgeKind, number>>;
  /** Kinds for which this set is currently the effective knowledge. */
  effectiveKinds: KnowledgeKind[];
}

/** An error about one input file; nothing was written. */
export class KnowledgeImportError extends Error {
  constructor(message: string, readonly file: string | null, readonly key: string) {
    super(message);
    this.name = 'KnowledgeImportError';
  }
}
