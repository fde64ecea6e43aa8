/**
 * The data a real-time evaluator sees: one person's rows in the shapes the batch rules read.
 *
 * Rows are plain JSON objects exactly as the warehouse returns them (national column names;
 * decimals as strings such as "85.5000", dates "YYYY-MM-DD", timestamps "YYYY-MM-DD HH:MM:SS").
 * `deriveBase` turns a person's raw extract rows into the base relations a_setl, a_visit and
 * a_fee with the same semantics as base-views.ts (void rows out, refunds cancel what they reverse,
 * returns netted into their original line, sex/birth date from psn_info first), so that an
 * evaluator can be a line-by-line port of its kind's batch query.
 */
import { Decimal } from 'decimal.js';
import { rowCopier } from './row-copy.js';

/** A row as the warehouse returns it (getRowObjectsJson). */
export type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** One person's raw extract rows (any of them may be empty). */
export interface RawPersonData {
  psn_info: Row | null;
  mdtrt_d: Row[];
  setl_d: Row[];
  fee_list_d: Row[];
  setl_list_diag_d: Row[];
  setl_list_oprn_d: Row[];
}

export function emptyPersonData(): RawPersonData {
  return { psn_info: null, mdtrt_d: [], setl_d: [], fee_list_d: [], setl_list_diag_d: [], setl_list_oprn_d: [] };
}

/** The region-wide knowledge and reference rows (kn_effective_* views, reference tables). */
export interface RtKnowledge {
  drug_restriction: Row[];
  item_restriction: Row[];
  duplicate_charge: Row[];
  icd_diagnosis: Row[];
  icd_procedure: Row[];
  fixmedins_info: Row[];
  dr_info: Row[];
  price_catalog: Row[];
  /** Distinct med_type values of mdtrt_d in the warehouse (a few rules classify them). */
  med_types: string[];
  /**
   * The region's surgical cases as peers for high_value_consumables (its CONSUMABLE_CASES_SQL): per visit with a main
   * procedure and an end date, mdtrt_id, psn_no, fixmedins_code, end_date, oprn (main procedure code) and
   * lines [{ code, amt }] (consumable codes C…, upper-cased, with the sum of their net amounts). Absent: no other cases known.
   */
  consumable_cases?: Row[];
}

/** Settlements of other persons at one institution (rules that look across cards, e.g. card_skimming). */
export interface PeerSettlement {
  setl: Row;
  visit: Row;
}

/** What an evaluator reads. */
export interface RtData {
  psn_no: string;
  raw: RawPersonData;
  a_setl: Row[];
  a_visit: Row[];
  a_fee: Row[];
  kn: RtKnowledge;
  /** Other persons' settlements at an institution (a_setl row with its a_visit row); empty when unknown. */
  peers(fixmedins_code: string): PeerSettlement[];
}

/** What places a finding: institution, person, visit, settlement, lines, money and day. */
export interface FindingPlace {
  fixmedins_code: string;
  psn_no: string;
  mdtrt_id: string | null;
  setl_id: string | null;
  bkkp_sn: string[];
  /** Decimal text (the contract's findings: exactly 2 places). */
  amount: string;
  occurred_at: string;
  evidence: Record<string, unknown>;
  knowledge_ref: string | null;
}

/** A finding row as an evaluator returns it: the batch query's columns (types.ts FINDING_COLUMNS). */
export interface RtFindingRow extends FindingPlace {
  facts: Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------
// Derivation of the base relations (mirror of base-views.ts)

const valid = (r: Row): boolean => (r.vali_flag ?? '1') !== '0';
export const dec = (v: unknown): Decimal => new Decimal(v === null || v === undefined || v === '' ? 0 : String(v));
/** A decimal as the warehouse writes DECIMAL(18,4). */
export const dec4 = (d: Decimal): string => d.toFixed(4);
/**
 * Decimal text (at most 4 places) as an integer count of 1/10000; NULL or empty as 0. Through a
 * double and rounding, which is exact for such text below 10^10 (the error stays far under half a unit).
 */
export function units(v: unknown): number {
  if (v === null || v === undefined || v === '') return 0;
  const t = String(v);
  const dot = t.indexOf('.');
  if ((dot >= 0 && t.length - dot > 5) || t.length > 16) return dec(t).times(10_000).toNumber();
  return Math.round(Number(t) * 10_000);
}

/** An integer count of 1/10000 as DECIMAL(18,4) text. */
export function unitsText(n: number): string {
  const a = Math.abs(n);
  return `${n < 0 ? '-' : ''}${Math.floor(a / 10_000)}.${String(a % 10_000).padStart(4, '0')}`;
}

export const dateOf = (ts: string | null | undefined): string | null => (ts ? String(ts).slice(0, 10) : null);

export function hospClass(hosp_lv: string | null | undefined): number {
  if (hosp_lv !== null && hosp_lv !== undefined && ['01', '02', '03', '04', '12'].includes(hosp_lv)) return 3;
  if (hosp_lv !== null && hosp_lv !== undefined && ['05', '06', '07', '13'].includes(hosp_lv)) return 2;
  return 1;
}

/** Whole years between a birth date and a day (AGE_SQL). */
export function ageYears(day: string | null, birth: string | null): number | null {
  if (!day || !birth) return null;
  return Number(day.slice(0, 4)) - Number(birth.slice(0, 4)) - (monthDay(day) < monthDay(birth) ? 1 : 0);
}

const monthDay = (d: string): number => Number(d.slice(5, 7)) * 100 + Number(d.slice(8, 10));

export interface BaseRelations {
  a_setl: Row[];
  a_visit: Row[];
  a_fee: Row[];
}

/**
 * What deriveBase may take as already derived: the base of the first `setl_d`, `mdtrt_d` and `fee_list_d`
 * rows of the raw data, derived alone with the same psn_info and `to`. The caller vouches that the later
 * rows refund, return, void and replace none of those and name none of their visits, settlements or lines
 * (then the first rows derive exactly as they did alone, and only the later ones need deriving).
 */
export interface PriorBase {
  base: BaseRelations;
  setl_d: number;
  mdtrt_d: number;
  fee_list_d: number;
}

/** The base relations of one person's raw rows, up to `to` (inclusive date) when given. */
export function deriveBase(raw: RawPersonData, to?: string, prior?: PriorBase): BaseRelations {
  const refunded = new Set<string>();
  for (const r of raw.setl_d) {
    if (r.refd_setl_flag === '1' && valid(r) && r.init_setl_id !== null && r.init_setl_id !== undefined) refunded.add(String(r.init_setl_id));
  }
  const a_setl = prior ? prior.base.a_setl.slice() : [];
  for (let i = prior?.setl_d ?? 0; i < raw.setl_d.length; i++) {
    const s = raw.setl_d[i];
    if (valid(s) && (s.refd_setl_flag ?? '0') !== '1' && s.setl_time != null && (!to || (dateOf(s.setl_time) ?? '') <= to)
      && !refunded.has(String(s.setl_id))) a_setl.push(s);
  }

  const byVisit = new Map<string, Row[]>();
  for (const s of a_setl) {
    if (s.mdtrt_id === null || s.mdtrt_id === undefined) continue;
    const list = byVisit.get(s.mdtrt_id);
    if (list) list.push(s);
    else byVisit.set(s.mdtrt_id, [s]);
  }
  const p = raw.psn_info;
  const a_visit = prior ? prior.base.a_visit.slice() : [];
  for (let i = prior?.mdtrt_d ?? 0; i < raw.mdtrt_d.length; i++) {
    const m = raw.mdtrt_d[i];
    if (!valid(m)) continue;
    const setls = byVisit.get(m.mdtrt_id);
    if (!setls) continue;
    // In units where every amount has at most 4 places (the warehouse's DECIMAL(18,4)); Decimal otherwise.
    let fund = 0;
    let whole = true;
    for (const s of setls) {
      const u = units(s.fund_pay_sumamt);
      whole &&= Number.isInteger(u);
      fund += u;
    }
    const fundText = whole && Number.isSafeInteger(fund) ? unitsText(fund)
      : dec4(setls.reduce((a: Decimal, s) => a.plus(dec(s.fund_pay_sumamt)), new Decimal(0)));
    // rowCopier: {...m, psn_gend, …} built fast (row-copy.ts).
    const own = p != null && p.psn_no === m.psn_no;
    a_visit.push(visitRow(m, [
      own && p.gend !== null ? p.gend : m.gend ?? null,
      own && p.brdy !== null ? p.brdy : m.brdy ?? null,
      own ? p.die_date ?? null : null,
      hospClass(m.hosp_lv), dateOf(m.begntime), dateOf(m.endtime), fundText, setls.map(setlIdOf).sort(),
    ]));
  }

  const setlIds = new Set<string>();
  for (const s of a_setl) setlIds.add(String(s.setl_id));
  const visitById = new Map<string, Row>();
  for (const v of a_visit) visitById.set(String(v.mdtrt_id), v);
  // Fixed-point units of 1/10000 in plain numbers (exact far beyond any line's money): this runs on
  // every real-time check, and Decimal objects per value cost more than the rules themselves.
  const ret = new Map<string, { cnt: number; amt: number; own: number }>();
  for (const r of raw.fee_list_d) {
    if (r.init_feedetl_sn === null || r.init_feedetl_sn === undefined || !valid(r)) continue;
    const k = `${r.fixmedins_code}\u0000${r.init_feedetl_sn}`;
    let acc = ret.get(k);
    if (!acc) ret.set(k, (acc = { cnt: 0, amt: 0, own: 0 }));
    // SQL sum() skips NULLs; a NULL cnt or amount among returns contributes nothing.
    acc.cnt += units(r.cnt);
    acc.amt += units(r.det_item_fee_sumamt);
    acc.own += units(r.fulamt_ownpay_amt);
  }
  const a_fee = prior ? prior.base.a_fee.slice() : [];
  for (let i = prior?.fee_list_d ?? 0; i < raw.fee_list_d.length; i++) {
    const f = raw.fee_list_d[i];
    if (!valid(f) || (f.init_feedetl_sn !== null && f.init_feedetl_sn !== undefined)) continue;
    if (f.cnt === null || f.cnt === undefined) continue;
    const ownCnt = units(f.cnt);
    if (!(ownCnt > 0)) continue;
    if (!setlIds.has(String(f.setl_id))) continue;
    const v = visitById.get(String(f.mdtrt_id));
    if (!v) continue;
    const r = ret.size ? ret.get(`${f.fixmedins_code}\u0000${f.bkkp_sn}`) : undefined;
    const cnt = ownCnt + (r?.cnt ?? 0);
    if (!(cnt > 0)) continue;
    const feeDate = dateOf(f.fee_ocur_time);
    // The batch always has a period end, so a line without a time never passes its date filter.
    if (feeDate === null || (to && feeDate > to)) continue;
    const amt = f.det_item_fee_sumamt === null || f.det_item_fee_sumamt === undefined ? null
      : units(f.det_item_fee_sumamt) + (r?.amt ?? 0);
    const own = units(f.fulamt_ownpay_amt) + (r?.own ?? 0);
    a_fee.push(feeRow(f, [
      unitsText(cnt), amt === null ? null : unitsText(amt), unitsText(own), feeDate, amt === null ? null : unitsText(amt - own),
      ageYears(feeDate, v.psn_brdy), v.psn_gend, v.psn_brdy, v.psn_die_date, v.hosp_class, v.med_type ?? null, v.insutype ?? null,
      v.begn_date, v.end_date,
    ]));
  }
  return { a_setl, a_visit, a_fee };
}

const setlIdOf = (s: Row): string => String(s.setl_id);
/** The columns deriveBase adds to a visit and to a line (the base views' columns), in this order. */
const visitRow = rowCopier(['psn_gend', 'psn_brdy', 'psn_die_date', 'hosp_class', 'begn_date', 'end_date', 'fund_pay', 'setl_ids']);
const feeRow = rowCopier(['cnt', 'det_item_fee_sumamt', 'fulamt_ownpay_amt', 'fee_date', 'fund_amt', 'age_years', 'psn_gend',
  'psn_brdy', 'psn_die_date', 'hosp_class', 'visit_med_type', 'visit_insutype', 'begn_date', 'end_date']);

/** Adds `more` to `base` (a person's history plus what is being checked). */
export function mergePersonData(base: RawPersonData, more: RawPersonData): RawPersonData {
  return {
    psn_info: more.psn_info ?? base.psn_info,
    mdtrt_d: upsert(base.mdtrt_d, more.mdtrt_d, (r) => r.mdtrt_id),
    setl_d: upsert(base.setl_d, more.setl_d, (r) => r.setl_id),
    fee_list_d: upsert(base.fee_list_d, more.fee_list_d, (r) => `${r.bkkp_sn}\u0000${r.fixmedins_code}`),
    setl_list_diag_d: upsert(base.setl_list_diag_d, more.setl_list_diag_d, (r) => r.setl_list_diag_id),
    setl_list_oprn_d: upsert(base.setl_list_oprn_d, more.setl_list_oprn_d, (r) => r.setl_list_oprn_id),
  };
}

/** Rows of `a` replaced by rows of `b` with the same key (newest wins, as in the importer). */
function upsert(a: Row[], b: Row[], key: (r: Row) => unknown): Row[] {
  if (b.length === 0) return a;
  const keys = new Set(b.map((r) => String(key(r))));
  return [...a.filter((r) => !keys.has(String(key(r)))), ...b];
}
