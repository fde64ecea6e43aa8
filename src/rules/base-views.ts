/**
 * The relations every batch rule reads, created as temporary tables on the audit's connection.
 * They apply what the catalogue's common contract says once, so no rule repeats it:
 *  - void rows (vali_flag = '0') are ignored;
 *  - a refund settlement (refd_setl_flag = '1') and the settlement it reverses (init_setl_id)
 *    both drop out, with their fee lines;
 *  - return lines (negative, init_feedetl_sn → original) are netted into their original line; an
 *    original whose quantity is fully returned drops out;
 *  - the person's sex and birth date come from psn_info when present, else from the visit;
 *  - the institution class comes from hosp_lv (3 三级, 2 二级, 1 一级及以下).
 * History up to the period's end is visible (windows look back); findings are cut to the period later.
 *
 *   a_setl   valid settlements
 *   a_visit  valid visits with ≥ 1 valid settlement: psn_gend, psn_brdy, psn_die_date, hosp_class,
 *            begn_date, end_date, fund_pay (sum of its settlements' fund_pay_sumamt), setl_ids
 *   a_fee    valid, settled, net fee lines: fee_date, fund_amt (det_item_fee_sumamt − fulamt_ownpay_amt),
 *            age_years at fee_date, psn_gend, hosp_class, visit_med_type, visit_insutype, begn_date, end_date
 */
import type { Warehouse } from '../store/warehouse.js';

export const HOSP_CLASS_SQL = (col: string) =>
  `CASE WHEN ${col} IN ('01','02','03','04','12') THEN 3 WHEN ${col} IN ('05','06','07','13') THEN 2 ELSE 1 END`;

/** Whole years between a birth date and a day. */
export const AGE_SQL = (day: string, birth: string) =>
  `(year(${day}) - year(${birth}) - CASE WHEN month(${day}) * 100 + day(${day}) < month(${birth}) * 100 + day(${birth}) THEN 1 ELSE 0 END)`;

const VALID = (t: string) => `coalesce(${t}.vali_flag, '1') <> '0'`;

/**
 * fee_list_d columns no batch rule or indicator reads. a_fee is the largest relation an audit materialises
 * (every fee line of the history), so they stay out of it; a rule that comes to need one takes it off this list.
 */
export const FEE_COLUMNS_NOT_IN_A_FEE = ['rx_drord_no', 'pay_loc', 'overlmt_selfpay', 'inscp_amt', 'med_list_codg',
  'medins_list_codg', 'dosform_name', 'bilg_dept_name', 'lmt_used_flag', 'hosp_appr_flag', 'bas_medn_flag',
  'hi_nego_drug_flag', 'medc_way_dscr'] as const;

/** A share of the persons: those whose psn_no hashes to `part` of `parts`. */
export interface PersonPart { part: number; parts: number }

export interface BaseOptions {
  /** Tables computed once and read by every rule (the default), or views that cost nothing to create. */
  materialise?: boolean;
  /**
   * Only these persons' rows (a partitioned audit). The refunded settlements and the return lines then come
   * from the side tables that createBaseSides builds once for all parts.
   */
  persons?: PersonPart;
}

const REFUNDED_SQL = `SELECT r.init_setl_id FROM setl_d r
  WHERE r.refd_setl_flag = '1' AND ${VALID('r')} AND r.init_setl_id IS NOT NULL`;
const RETURNS_SQL = `SELECT fixmedins_code, init_feedetl_sn, sum(cnt) AS cnt, sum(det_item_fee_sumamt) AS amt,
    sum(coalesce(fulamt_ownpay_amt, 0)) AS own
  FROM fee_list_d r WHERE ${VALID('r')} AND init_feedetl_sn IS NOT NULL GROUP BY ALL`;

/**
 * The refunded settlements (a_refunded) and the netted return lines (a_ret) of the whole region: small, and
 * built once so that each part of a partitioned audit does not scan for them again.
 */
export async function createBaseSides(wh: Warehouse): Promise<void> {
  await wh.run(`CREATE OR REPLACE TEMP TABLE a_refunded AS ${REFUNDED_SQL}`);
  await wh.run(`CREATE OR REPLACE TEMP TABLE a_ret AS ${RETURNS_SQL}`);
}

export async function dropBaseSides(wh: Warehouse): Promise<void> {
  for (const t of ['a_refunded', 'a_ret']) await wh.run(`DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
}

/**
 * Creates the base relations (see the head of this file), over every person or over one part of them.
 */
export async function createBaseViews(wh: Warehouse, to: string, o: BaseOptions = {}): Promise<void> {
  const materialise = o.materialise ?? true;
  const kind = materialise ? 'TABLE' : 'VIEW';
  for (const r of ['a_fee', 'a_visit', 'a_setl']) {
    // Either kind may exist from an earlier call; dropping the other kind by that name is an error.
    await wh.run(`DROP VIEW IF EXISTS ${r}`).catch(() => undefined);
    await wh.run(`DROP TABLE IF EXISTS ${r}`).catch(() => undefined);
  }
  // The period end is a date we validated; views cannot take parameters, so it is inlined as a DATE literal.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(to)) throw new Error(`invalid date ${to}`);
  const end = `DATE '${to}'`;
  const part = o.persons;
  if (part && !(Number.isInteger(part.parts) && part.parts >= 1 && Number.isInteger(part.part) && part.part >= 0 && part.part < part.parts)) {
    throw new Error(`invalid person part ${JSON.stringify(part)}`);
  }
  // Integers checked above. Each table is cut by its own psn_no, so a part keeps a person's whole history.
  const mine = (t: string) => (part ? ` AND hash(${t}.psn_no) % ${part.parts} = ${part.part}` : '');
  const refunded = part ? 'SELECT init_setl_id FROM a_refunded' : REFUNDED_SQL;
  const returns = part ? 'SELECT * FROM a_ret' : RETURNS_SQL;
  await wh.run(`CREATE TEMP ${kind} a_setl AS
    SELECT s.* FROM setl_d s
    WHERE ${VALID('s')} AND coalesce(s.refd_setl_flag, '0') <> '1' AND CAST(s.setl_time AS DATE) <= ${end}${mine('s')}
      AND s.setl_id NOT IN (${refunded})`);
  await wh.run(`CREATE TEMP ${kind} a_visit AS
    SELECT m.*, coalesce(p.gend, m.gend) AS psn_gend, coalesce(p.brdy, m.brdy) AS psn_brdy, p.die_date AS psn_die_date,
      ${HOSP_CLASS_SQL('m.hosp_lv')} AS hosp_class, CAST(m.begntime AS DATE) AS begn_date, CAST(m.endtime AS DATE) AS end_date,
      vs.fund_pay, vs.setl_ids
    FROM mdtrt_d m
    JOIN (SELECT mdtrt_id, sum(coalesce(fund_pay_sumamt, 0)) AS fund_pay, list(setl_id ORDER BY setl_id) AS setl_ids
          FROM a_setl GROUP BY mdtrt_id) vs ON vs.mdtrt_id = m.mdtrt_id
    LEFT JOIN psn_info p ON p.psn_no = m.psn_no
    WHERE ${VALID('m')}${mine('m')}`);
  await wh.run(`CREATE TEMP ${kind} a_fee AS
    WITH ret AS (${returns})
    SELECT f.* EXCLUDE (${FEE_COLUMNS_NOT_IN_A_FEE.join(', ')}) REPLACE (f.cnt + coalesce(ret.cnt, 0) AS cnt,
        f.det_item_fee_sumamt + coalesce(ret.amt, 0) AS det_item_fee_sumamt,
        coalesce(f.fulamt_ownpay_amt, 0) + coalesce(ret.own, 0) AS fulamt_ownpay_amt),
      CAST(f.fee_ocur_time AS DATE) AS fee_date,
      f.det_item_fee_sumamt + coalesce(ret.amt, 0) - coalesce(f.fulamt_ownpay_amt, 0) - coalesce(ret.own, 0) AS fund_amt,
      ${AGE_SQL('CAST(f.fee_ocur_time AS DATE)', 'v.psn_brdy')} AS age_years,
      v.psn_gend, v.psn_brdy, v.psn_die_date, v.hosp_class, v.med_type AS visit_med_type, v.insutype AS visit_insutype,
      v.begn_date, v.end_date
    FROM fee_list_d f
    JOIN a_setl s ON s.setl_id = f.setl_id
    JOIN a_visit v ON v.mdtrt_id = f.mdtrt_id
    LEFT JOIN ret ON ret.fixmedins_code = f.fixmedins_code AND ret.init_feedetl_sn = f.bkkp_sn
    WHERE ${VALID('f')} AND f.init_feedetl_sn IS NULL AND f.cnt > 0 AND f.cnt + coalesce(ret.cnt, 0) > 0
      AND CAST(f.fee_ocur_time AS DATE) <= ${end}${mine('f')}`);
}
