/** Shapes of the API's answers (docs/workbench-api.md). */
export interface Finding {
  run_id: number;
  seq: number;
  rule_id: string;
  rule_version: number;
  severity: string;
  fixmedins_code: string;
  fixmedins_name: string | null;
  psn_no: string;
  mdtrt_id: string | null;
  setl_id: string | null;
  bkkp_sn: string[];
  amount: string;
  occurred_at: string;
  message: string;
  evidence: Record<string, unknown> | null;
  knowledge_ref: string | null;
  basis: string | null;
  status: string;
  version: number;
  due_at: string | null;
  overdue: boolean;
  deducted_amount: string | null;
}

export interface FindingList { run_id: number | null; total: number; amount: string; page: number; page_size: number; findings: Finding[] }

export interface Attachment { id?: string | number; name: string; size: number; sha256?: string }

export interface HistoryEntry {
  action: string;
  from_status: string;
  to_status: string;
  reason: string | null;
  amount: string | null;
  attachments: Attachment[] | null;
  by_user: string;
  by_role: string;
  at: string;
}

export interface Visit {
  mdtrt_id: string;
  med_type: string | null;
  fixmedins_code: string;
  fixmedins_name: string | null;
  begntime: string | null;
  endtime: string | null;
  ipt_days?: string | null;
  adm_dept_name?: string | null;
  dscg_dept_name?: string | null;
  dscg_maindiag_code: string | null;
  dscg_maindiag_name?: string | null;
  dscg_way?: string | null;
}

export interface Person { psn_no?: string; psn_name: string | null; certno: string | null; tel: string | null; gend?: string | null; brdy?: string | null; masked?: boolean }

export type FeeLine = Record<string, string | number | null>;

export interface FindingDetail { finding: Finding; lines: FeeLine[]; visit: Visit | null; related_visits: Visit[]; person: Person | null; history: HistoryEntry[] }
