import { z } from 'zod';
import type { SqlParam } from '../../store/warehouse.js';
import { defineRule } from '../types.js';

export const messages = {
  message: {
    zh: '{side}第{gap}天（{date}）在{inst}{kind}费用{spend}元，为本人基线{baseline}元（此前{baseline_days}天内{n_base}次门诊/购药费用中位数）的{ratio}倍，超过{factor}倍；住院{adm}至{dscg}（{stay_inst}）',
    en: '{side_en} day {gap} ({date}): {kind_en} spending {spend} at {inst} is {ratio}× the person\'s baseline {baseline} (median of {n_base} visits in the {baseline_days} days before), above {factor}×; stay {adm} to {dscg} at {stay_inst}',
  },
};

const params = z.object({
  /** Days before admission (adm−days_before … adm−1) watched for shifted spending. */
  days_before: z.number().int().min(1).default(7),
  /** Days after discharge (dscg+1 … dscg+days_after) watched for shifted spending. */
  days_after: z.number().int().min(1).default(7),
  /** Baseline: median spending per outpatient/pharmacy visit in the baseline_days days before the visit. */
  baseline_days: z.number().int().min(1).default(180),
  /** Fewer baseline visits than this: no baseline, the visit is not judged. */
  min_baseline_visits: z.number().int().min(1).default(3),
  /** "Far above": spending > factor × baseline … */
  factor: z.number().min(1).default(5),
  /** … and at least this much (yuan), so that small purchases never count. */
  min_amount: z.number().min(0).default(500),
}).strict();

/**
 * 费用转移: an outpatient or pharmacy visit in the days before an admission or after a discharge
 * (not on those days, not inside a stay) whose spending (medfee_sumamt of its settlements) is
 * > factor × the person's baseline and ≥ min_amount. The baseline is the median spending per
 * visit of the person's outpatient/pharmacy visits in the baseline_days before, leaving out visits
 * that are themselves in a stay or its before/after windows. The nearest stay is cited.
 */
export const rule = defineRule({
  meta: {
    id: 'cost_shifting', name_zh: '费用转移', name_en: 'Cost shifting around a stay', category: 'management',
    scope: 'person', severity: 'suspect', params, knowledge: null, amount_zh: '被标记门诊/购药就诊的结算 fund_pay_sumamt 之和',
    basis: '《医疗保障基金使用监督管理条例》第十五条',
  },
  batch: (p) => {
    const P: SqlParam[] = [];
    const q = (v: SqlParam) => (P.push(v), '?');
    const sql = `WITH inst AS (
        SELECT fixmedins_code, arg_max(fixmedins_name, status_begin) AS name FROM fixmedins_info GROUP BY ALL),
      spend AS (SELECT mdtrt_id, sum(coalesce(medfee_sumamt, 0)) AS spend FROM a_setl GROUP BY mdtrt_id),
      v AS (
        SELECT v.mdtrt_id, v.psn_no, v.fixmedins_code, v.med_type, v.begn_date, v.end_date, v.fund_pay,
          v.setl_ids[1] AS setl_id, sp.spend, (v.med_type LIKE '2%' OR v.med_type = '52') AS ipt
        FROM a_visit v JOIN spend sp USING (mdtrt_id)),
      stays AS (SELECT * FROM v WHERE ipt),
      ov AS (
        SELECT o.* FROM v o WHERE NOT o.ipt
          AND NOT EXISTS (SELECT 1 FROM stays s WHERE s.psn_no = o.psn_no AND o.begn_date BETWEEN s.begn_date AND s.end_date)),
      near AS (
        SELECT o.mdtrt_id, s.mdtrt_id AS stay_id, s.fixmedins_code AS stay_inst, s.begn_date AS adm, s.end_date AS dscg,
          o.begn_date < s.begn_date AS before,
          CASE WHEN o.begn_date < s.begn_date THEN date_diff('day', o.begn_date, s.begn_date)
            ELSE date_diff('day', s.end_date, o.begn_date) END AS gap
        FROM ov o JOIN stays s ON s.psn_no = o.psn_no
          AND (o.begn_date BETWEEN s.begn_date - CAST(${q(p.days_before)} AS INTEGER) AND s.begn_date - 1
            OR o.begn_date BETWEEN s.end_date + 1 AND s.end_date + CAST(${q(p.days_after)} AS INTEGER))
        QUALIFY row_number() OVER (PARTITION BY o.mdtrt_id ORDER BY gap, s.begn_date, s.mdtrt_id) = 1),
      calm AS (
        SELECT o.* FROM ov o WHERE NOT EXISTS (SELECT 1 FROM stays s WHERE s.psn_no = o.psn_no
          AND o.begn_date BETWEEN s.begn_date - CAST(${q(p.days_before)} AS INTEGER) AND s.end_date + CAST(${q(p.days_after)} AS INTEGER))),
      base AS (
        SELECT n.mdtrt_id, median(c.spend) AS baseline, count(*) AS n_base
        FROM near n JOIN ov o USING (mdtrt_id)
        JOIN calm c ON c.psn_no = o.psn_no AND c.begn_date BETWEEN o.begn_date - CAST(${q(p.baseline_days)} AS INTEGER) AND o.begn_date - 1
        GROUP BY n.mdtrt_id HAVING count(*) >= ${q(p.min_baseline_visits)}),
      hit AS (
        SELECT o.*, n.stay_id, n.stay_inst, n.adm, n.dscg, n.before, n.gap, b.baseline, b.n_base
        FROM ov o JOIN near n USING (mdtrt_id) JOIN base b USING (mdtrt_id)
        WHERE o.spend >= CAST(${q(p.min_amount)} AS DECIMAL(18,2))
          AND o.spend > CAST(${q(p.factor)} AS DECIMAL(18,4)) * b.baseline)
      SELECT h.fixmedins_code, h.psn_no, h.mdtrt_id, h.setl_id, []::VARCHAR[] AS bkkp_sn, h.fund_pay AS amount,
        h.begn_date AS occurred_at,
        json_object('side', CASE WHEN h.before THEN '入院前' ELSE '出院后' END,
          'side_en', CASE WHEN h.before THEN 'before admission,' ELSE 'after discharge,' END, 'gap', h.gap,
          'date', CAST(h.begn_date AS VARCHAR), 'inst', coalesce(i.name, h.fixmedins_code),
          'kind', CASE WHEN h.med_type = '41' THEN '购药' ELSE '门诊' END,
          'kind_en', CASE WHEN h.med_type = '41' THEN 'pharmacy' ELSE 'outpatient' END,
          'spend', CAST(round(h.spend, 2) AS VARCHAR), 'baseline', CAST(round(h.baseline, 2) AS VARCHAR),
          'baseline_days', ${q(p.baseline_days)}, 'n_base', h.n_base,
          'ratio', CASE WHEN h.baseline > 0 THEN CAST(round(h.spend / h.baseline, 1) AS VARCHAR) ELSE '∞' END,
          'factor', ${q(p.factor)}, 'adm', CAST(h.adm AS VARCHAR), 'dscg', CAST(h.dscg AS VARCHAR),
          'stay_inst', coalesce(si.name, h.stay_inst)) AS facts,
        json_object('spend', h.spend, 'baseline_median', h.baseline, 'baseline_visits', h.n_base, 'stay_mdtrt_id', h.stay_id,
          'stay_fixmedins_code', h.stay_inst, 'admission', h.adm, 'discharge', h.dscg, 'days_from_stay', h.gap,
          'side', CASE WHEN h.before THEN 'before_admission' ELSE 'after_discharge' END) AS evidence,
        ${q(`params.factor=${p.factor}, min_amount=${p.min_amount}, days_before=${p.days_before}, days_after=${p.days_after}`)}
          AS knowledge_ref
      FROM hit h LEFT JOIN inst i ON i.fixmedins_code = h.fixmedins_code LEFT JOIN inst si ON si.fixmedins_code = h.stay_inst`;
    return { sql, params: P };
  },
});
