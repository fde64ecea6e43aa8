/**
 * Provider statistics (监控指标): the indicator table per institution, department and doctor, per
 * month and year, each row against its peer group (region × institution type × hosp_lv class, and
 * for departments and doctors also the department code). Read by `provider_outlier` (inline, as CTEs)
 * and materialised as the warehouse table `provider_indicator` for the dashboards.
 *
 * Attribution: a visit and all its lines and settlements count in the month/year of its end date
 * (discharge or visit day). Visit indicators go to the visit's adm_dept_codg / chfpdr_code; the fee
 * shares (药占比, 耗材占比, 检查化验占比) to each line's bilg_dept_codg / bilg_dr_code. Costs are the
 * settlements' medfee_sumamt (fund share: fund_pay_sumamt ÷ medfee_sumamt); shares use net fee lines.
 * 平均住院日 counts discharge − admission days, at least 1. 再入院率: stays admitted 0–15 days after the
 * same person's previous discharge from the same institution (all causes) ÷ stays. 低标入院: LOS ≤ 3, cost
 * ≤ 2000 and only bed/诊察/检查/化验/护理 lines with no operation recorded.
 * Robust z = 0.6745 × (value − median) / MAD. When MAD = 0 (half the peers share the median) we use
 * the mean absolute deviation instead: z = (value − median) / (1.253314 × MeanAD); when every peer has
 * the same value, z = 0. z is NULL in groups smaller than min_peers. Values are exact DECIMALs.
 */
import type { SqlParam, Warehouse } from '../store/warehouse.js';
import { createBaseViews, HOSP_CLASS_SQL } from './base-views.js';
import { decimalDiv, robustZCtes } from './robust-z.js';

export { decimalDiv };

export type IndicatorFormat = 'yuan' | 'days' | 'ratio' | 'pct';

export interface IndicatorDef {
  id: string;
  name_zh: string;
  name_en: string;
  fmt: IndicatorFormat;
  /** Aggregate it is computed from: per-visit measures (pi_vagg) or fee-line amounts (pi_lagg). */
  source: 'visit' | 'line';
  num: string;
  den: string;
}

/** Inpatient visits: med_type 2x (住院, 日间手术) and 52 (生育住院); every other visit is outpatient/pharmacy. */
export const INPATIENT_SQL = (t: string) => `(${t}.med_type LIKE '2%' OR ${t}.med_type = '52')`;
/** Categories a 低标入院 stay may contain: 床位, 诊察, 检查, 化验, 护理 (no treatment, drug or material). */
const CHECKUP_ONLY = `('01', '02', '03', '04', '07')`;
export const READMISSION_DAYS = 15;
export const LOW_THRESHOLD = { max_los: 3, max_cost: 2000 } as const;

export const INDICATORS: readonly IndicatorDef[] = [
  { id: 'ip_cost_per_stay', name_zh: '次均住院费用', name_en: 'Cost per inpatient stay', fmt: 'yuan', source: 'visit', num: 'ip_fee', den: 'ip_n' },
  { id: 'ip_avg_los', name_zh: '平均住院日', name_en: 'Average length of stay', fmt: 'days', source: 'visit', num: 'ip_los', den: 'ip_n' },
  { id: 'ip_stays_per_person', name_zh: '住院人次人头比', name_en: 'Inpatient stays per person', fmt: 'ratio', source: 'visit', num: 'ip_n', den: 'ip_psn' },
  { id: 'drug_share', name_zh: '药占比', name_en: 'Drug share of costs', fmt: 'pct', source: 'line', num: 'drug_amt', den: 'line_amt' },
  { id: 'consumable_share', name_zh: '耗材占比', name_en: 'Consumable share of costs', fmt: 'pct', source: 'line', num: 'mat_amt', den: 'line_amt' },
  { id: 'exam_lab_share', name_zh: '检查化验占比', name_en: 'Examination and lab share of costs', fmt: 'pct', source: 'line', num: 'exam_amt', den: 'line_amt' },
  { id: 'op_cost_per_visit', name_zh: '次均门诊费用', name_en: 'Cost per outpatient visit', fmt: 'yuan', source: 'visit', num: 'op_fee', den: 'op_n' },
  { id: 'op_visits_per_person', name_zh: '门诊人次人头比', name_en: 'Outpatient visits per person', fmt: 'ratio', source: 'visit', num: 'op_n', den: 'op_psn' },
  { id: 'fund_pay_share', name_zh: '基金支付占比', name_en: 'Fund share of costs', fmt: 'pct', source: 'visit', num: 'fund', den: 'fee' },
  { id: 'readmission_rate', name_zh: '再入院率（15天）', name_en: '15-day readmission rate', fmt: 'pct', source: 'visit', num: 'ip_readmit', den: 'ip_n' },
  { id: 'low_threshold_share', name_zh: '低标入院占比', name_en: 'Low-threshold admission share', fmt: 'pct', source: 'visit', num: 'ip_low', den: 'ip_n' },
];

/**
 * Slot for indicators that need modules not built yet. CMI = Σ DRG relative weight ÷ stays: add a
 * `cmi` entry to INDICATORS with source 'visit' once a_visit carries the DRG weight (num: Σ weight).
 */
export const PENDING_INDICATORS = [{ id: 'cmi', name_zh: '病例组合指数（CMI）', name_en: 'Case mix index', needs: 'DRG grouping' }] as const;

/** A visit or line relation expanded to the three levels (unit_code, dept_code) and to month and year periods. */
function units(rel: string): string {
  return `(SELECT *, unnest([strftime(end_date, '%Y-%m'), strftime(end_date, '%Y')]) AS period FROM (
      SELECT 'institution' AS level, fixmedins_code AS unit_code, '' AS dept_code, * FROM ${rel}
      UNION ALL SELECT 'department', dept, dept, * FROM ${rel} WHERE dept IS NOT NULL
      UNION ALL SELECT 'doctor', dr, coalesce(dept, ''), * FROM ${rel} WHERE dr IS NOT NULL))`;
}

const PEER = 'level, peer_group, period, indicator';

export interface IndicatorOptions {
  /** Leading admdvs digits that make a region (4: 地市统筹区; 6: county). */
  regionDigits: number;
  minPeers: number;
}

/**
 * The CTEs (without WITH) ending in `pi_rows`: one row per level × unit × period × indicator with
 * numerator, denominator, value, peer statistics, z_num/z_den (z = z_num ÷ z_den, for exact threshold
 * tests), robust_z, prev_value and growth (vs the previous month, or previous year for year rows).
 */
export function indicatorCtes(o: IndicatorOptions): { sql: string; params: SqlParam[] } {
  const raw = INDICATORS.map((i) => `SELECT level, fixmedins_code, unit_code, dept_code, period, '${i.id}' AS indicator,
      '${i.name_zh}' AS indicator_name, '${i.name_en}' AS indicator_name_en, '${i.fmt}' AS fmt,
      CAST(coalesce(${i.num}, 0) AS DECIMAL(18,4)) AS numerator, CAST(${i.den} AS DECIMAL(18,4)) AS denominator
    FROM ${i.source === 'visit' ? 'pi_vagg' : 'pi_lagg'} WHERE coalesce(${i.den}, 0) > 0`).join('\n    UNION ALL ');
  // The peer statistics (median, MAD, robust z) of every indicator value, as every peer comparison computes them.
  const z = robustZCtes({ input: 'pi_val', keys: PEER.split(', '), name: 'pi_z', minPeers: o.minPeers });
  const sql = `pi_fee AS MATERIALIZED (
    SELECT mdtrt_id, fixmedins_code, nullif(trim(bilg_dept_codg), '') AS dept, nullif(trim(bilg_dr_code), '') AS dr,
      date_trunc('month', end_date) AS end_date, det_item_fee_sumamt AS amt, med_chrgitm_type AS cat FROM a_fee),
  pi_visit AS MATERIALIZED (
    SELECT v.mdtrt_id, v.psn_no, v.fixmedins_code, v.hosp_class, nullif(trim(v.adm_dept_codg), '') AS dept,
      nullif(trim(v.chfpdr_code), '') AS dr, ${INPATIENT_SQL('v')} AS ip, v.begn_date, v.end_date,
      greatest(date_diff('day', v.begn_date, v.end_date), 1) AS los, s.medfee, v.fund_pay,
      coalesce(t.treated, false) OR o.mdtrt_id IS NOT NULL AS treated
    FROM a_visit v
    JOIN (SELECT mdtrt_id, sum(coalesce(medfee_sumamt, 0)) AS medfee FROM a_setl GROUP BY 1) s ON s.mdtrt_id = v.mdtrt_id
    LEFT JOIN (SELECT mdtrt_id, bool_or(coalesce(cat, '') NOT IN ${CHECKUP_ONLY}) AS treated FROM pi_fee GROUP BY 1) t
      ON t.mdtrt_id = v.mdtrt_id
    LEFT JOIN (SELECT DISTINCT mdtrt_id FROM setl_list_oprn_d) o ON o.mdtrt_id = v.mdtrt_id),
  pi_inst AS (
    SELECT c.fixmedins_code, CASE WHEN r.fixmedins_code IS NULL THEN c.hosp_class ELSE ${HOSP_CLASS_SQL('r.hosp_lv')} END AS hosp_class,
      coalesce(nullif(trim(r.fixmedins_type), ''), CASE WHEN c.fixmedins_code LIKE 'P%' THEN '2' ELSE '1' END) AS fixmedins_type,
      coalesce(left(trim(r.admdvs), CAST(? AS INTEGER)), '') AS region
    FROM (SELECT fixmedins_code, max(hosp_class) AS hosp_class FROM pi_visit GROUP BY 1) c
    LEFT JOIN (SELECT fixmedins_code, arg_max(hosp_lv, status_begin) AS hosp_lv, arg_max(fixmedins_type, status_begin) AS fixmedins_type,
        arg_max(admdvs, status_begin) AS admdvs FROM fixmedins_info GROUP BY 1) r ON r.fixmedins_code = c.fixmedins_code),
  pi_stay AS (
    SELECT *, coalesce(ip AND date_diff('day', lag(end_date) OVER w, begn_date) BETWEEN 0 AND ${READMISSION_DAYS}, false) AS readmit,
      ip AND los <= ${LOW_THRESHOLD.max_los} AND medfee <= ${LOW_THRESHOLD.max_cost} AND NOT treated AS low
    FROM pi_visit WINDOW w AS (PARTITION BY psn_no, fixmedins_code, ip ORDER BY begn_date, end_date, mdtrt_id)),
  pi_vagg AS MATERIALIZED (
    SELECT level, fixmedins_code, unit_code, dept_code, period,
      count(*) FILTER (WHERE ip) AS ip_n, sum(medfee) FILTER (WHERE ip) AS ip_fee, sum(los) FILTER (WHERE ip) AS ip_los,
      count(DISTINCT psn_no) FILTER (WHERE ip) AS ip_psn, count(*) FILTER (WHERE readmit) AS ip_readmit,
      count(*) FILTER (WHERE low) AS ip_low, count(*) FILTER (WHERE NOT ip) AS op_n, sum(medfee) FILTER (WHERE NOT ip) AS op_fee,
      count(DISTINCT psn_no) FILTER (WHERE NOT ip) AS op_psn, sum(fund_pay) AS fund, sum(medfee) AS fee
    FROM ${units('pi_stay')} GROUP BY ALL),
  pi_fee_m AS (  -- line amounts are additive: sum per institution × department × doctor × month before expanding
    SELECT fixmedins_code, dept, dr, end_date, sum(amt) FILTER (WHERE cat IN ('09', '10', '11')) AS drug_amt,
      sum(amt) FILTER (WHERE cat = '08') AS mat_amt, sum(amt) FILTER (WHERE cat IN ('03', '04')) AS exam_amt, sum(amt) AS line_amt
    FROM pi_fee GROUP BY ALL),
  pi_lagg AS MATERIALIZED (
    SELECT level, fixmedins_code, unit_code, dept_code, period, sum(drug_amt) AS drug_amt, sum(mat_amt) AS mat_amt,
      sum(exam_amt) AS exam_amt, sum(line_amt) AS line_amt
    FROM ${units('pi_fee_m')} GROUP BY ALL),
  pi_raw AS (
    ${raw}),
  pi_val AS MATERIALIZED (
    SELECT r.*, ${decimalDiv('r.numerator', 'r.denominator')} AS value,
      CASE WHEN length(r.period) = 4 THEN 'year' ELSE 'month' END AS period_type, i.hosp_class, i.fixmedins_type, i.region,
      i.region || '|' || i.fixmedins_type || '|' || i.hosp_class || CASE WHEN r.level = 'institution' THEN '' ELSE '|' || r.dept_code END AS peer_group
    FROM pi_raw r JOIN pi_inst i ON i.fixmedins_code = r.fixmedins_code),
  ${z.sql},
  pi_rows AS (
    SELECT z.*, p.value AS prev_value, CASE WHEN p.value > 0 THEN ${decimalDiv('z.value - p.value', 'p.value')} END AS growth
    FROM pi_z z LEFT JOIN pi_val p ON p.level = z.level AND p.fixmedins_code = z.fixmedins_code AND p.unit_code = z.unit_code
      AND p.dept_code = z.dept_code AND p.indicator = z.indicator AND p.period = CASE WHEN z.period_type = 'year'
        THEN CAST(CAST(z.period AS INTEGER) - 1 AS VARCHAR) ELSE strftime(CAST(z.period || '-01' AS DATE) - INTERVAL 1 MONTH, '%Y-%m') END)`;
  return { sql, params: [o.regionDigits, ...z.params] };
}

export const INDICATOR_DEFAULTS: IndicatorOptions = { regionDigits: 4, minPeers: 5 };

/** pi_rows read back from `provider_indicator`, for a query in the audit that has just built it (same base relations). */
export const PREBUILT_INDICATOR_ROWS = 'pi_rows AS (SELECT * EXCLUDE (as_of) FROM provider_indicator)';

/**
 * (Re)builds the warehouse table `provider_indicator` from the base relations over history up to
 * `to` (inclusive ISO date). Returns the number of rows.
 */
export async function materialiseProviderIndicators(wh: Warehouse, to: string, o: Partial<IndicatorOptions> = {},
  baseViewsReady = false): Promise<number> {
  // An audit that has just built the base relations up to the same day passes baseViewsReady: rebuilding them
  // would cost more than the indicators themselves.
  if (!baseViewsReady) await createBaseViews(wh, to);
  const q = indicatorCtes({ ...INDICATOR_DEFAULTS, ...o });
  await wh.run(`CREATE OR REPLACE TABLE provider_indicator AS WITH ${q.sql}
    SELECT level, fixmedins_code, unit_code, dept_code, period_type, period, indicator, indicator_name, fmt, numerator, denominator,
      value, hosp_class, fixmedins_type, region, peer_group, peer_count, peer_median, mad, z_basis, robust_z, prev_value, growth,
      CAST(? AS DATE) AS as_of, indicator_name_en, z_num, z_den
    FROM pi_rows ORDER BY level, fixmedins_code, unit_code, dept_code, period, indicator`, [...q.params, to]);
  const n = await wh.one<{ n: string | number }>('SELECT count(*) AS n FROM provider_indicator');
  return Number(n?.n ?? 0);
}
