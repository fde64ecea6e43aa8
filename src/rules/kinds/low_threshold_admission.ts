import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { defineRule } from '../types.js';
import { placeholders as marks, shortCode as code, inpatientMedTypesParam } from '../sql-helpers.js';
import { dayDiff, dec, startsWithAny, sumDec } from '../realtime/helpers.js';
import type { Row, RtFindingRow } from '../realtime/data.js';

export const messages = {
  message: {
    zh: '住院{los}天（{begin}至{end}），医疗费用{cost}元，仅有检查化验及床位、诊查、护理等费用，无治疗、手术和药品{drg}',
    en: 'a {los}-day stay ({begin} to {end}) costing {cost} yuan with only tests and checks besides'
      + ' bed, consultation and nursing; no treatment, surgery or drug{drg_en}',
  },
};


/**
 * 低标准入院: an inpatient stay with LOS (discharge date − admission date) ≤ max_los, total medical cost (net
 * det_item_fee_sumamt of its lines) ≤ max_cost, at least one test/check line (test_types: 03 检查, 04 化验),
 * and every line of a charge type in allowed_types (tests plus 01 床位, 02 诊察, 07 护理, 13 挂号, 14 其他) and not a
 * drug (list_type 101/102/103): no treatment (05), surgery (06), material (08) or drug. Amount = the stay's fund payment.
 * Once the stay is grouped (drg_result), the message names its DRG; without a grouping it is unchanged.
 */
export const rule = defineRule({
  meta: {
    id: 'low_threshold_admission', name_zh: '低标准入院', name_en: 'Low-threshold admission', category: 'management',
    scope: 'visit', perPerson: true, severity: 'suspect',
    params: z.object({
      max_los: z.number().int().min(0).default(3),
      max_cost: z.number().positive().default(2000),
      test_types: z.array(code).min(1).default(['03', '04']),
      allowed_types: z.array(code).min(1).default(['01', '02', '03', '04', '07', '13', '14']),
      inpatient_med_types: inpatientMedTypesParam,
    }).strict(),
    knowledge: null, amount_zh: '该次住院各结算的 fund_pay_sumamt 之和',
    basis: '《医疗保障基金使用监督管理条例》第十五条',
  },
  batch: (p) => ({
    sql: `WITH inpt AS (SELECT unnest([${marks(p.inpatient_med_types)}]) AS code),
      -- The inpatient med_types present, found once on the few distinct values rather than per fee line.
      ipt_mt AS (SELECT DISTINCT med_type FROM mdtrt_d m WHERE EXISTS (SELECT 1 FROM inpt WHERE starts_with(m.med_type, inpt.code))),
      agg AS (
        SELECT f.mdtrt_id, sum(f.det_item_fee_sumamt) AS cost, count(*) AS n_lines,
          bool_or(coalesce(f.med_chrgitm_type IN (SELECT unnest([${marks(p.test_types)}])), false)) AS has_test,
          bool_and(coalesce(f.list_type NOT IN ('101', '102', '103')
            AND f.med_chrgitm_type IN (SELECT unnest([${marks(p.allowed_types)}])), false)) AS only_allowed
        FROM a_fee f
        WHERE f.visit_med_type IN (SELECT med_type FROM ipt_mt)
        GROUP BY f.mdtrt_id),
      st AS (
        SELECT v.*, a.cost, a.n_lines, date_diff('day', v.begn_date, v.end_date) AS los
        FROM a_visit v JOIN agg a ON a.mdtrt_id = v.mdtrt_id
        WHERE a.has_test AND a.only_allowed),
      drg AS (  -- DRG of each stay once grouped (valid settlements only; 0000 = not grouped)
        SELECT s.mdtrt_id, array_to_string(list_sort(list_distinct(list(CASE WHEN r.drg = '0000' THEN '未入组' ELSE r.drg END))), '/') AS zh,
          array_to_string(list_sort(list_distinct(list(CASE WHEN r.drg = '0000' THEN 'not grouped' ELSE r.drg END))), '/') AS en
        FROM drg_result r JOIN a_setl s ON s.setl_id = r.setl_id
        WHERE r.mdtrt_id IN (SELECT mdtrt_id FROM st) GROUP BY s.mdtrt_id)
      SELECT x.fixmedins_code, x.psn_no, x.mdtrt_id, x.setl_ids[1] AS setl_id, CAST([] AS VARCHAR[]) AS bkkp_sn,
        x.fund_pay AS amount, x.end_date AS occurred_at,
        json_object('los', x.los, 'begin', strftime(x.begn_date, '%Y-%m-%d'), 'end', strftime(x.end_date, '%Y-%m-%d'),
          'cost', CAST(CAST(round(x.cost, 2) AS DECIMAL(18,2)) AS VARCHAR), 'drg', coalesce('（DRG：' || d.zh || '）', ''),
          'drg_en', coalesce(' (DRG ' || d.en || ')', '')) AS facts,
        json_object('los', x.los, 'ipt_days', x.ipt_days, 'medfee', x.cost, 'fee_lines', x.n_lines, 'max_los', ?,
          'max_cost', ?, 'setl_ids', x.setl_ids) AS evidence,
        'params.max_los=' || ? || ', params.max_cost=' || ? AS knowledge_ref
      FROM st x LEFT JOIN drg d ON d.mdtrt_id = x.mdtrt_id
      WHERE x.los <= ? AND x.cost <= CAST(? AS DECIMAL(18,4))`,
    params: [...p.inpatient_med_types, ...p.test_types, ...p.allowed_types, p.max_los, p.max_cost, String(p.max_los),
      String(p.max_cost), p.max_los, String(p.max_cost)],
  }),
  realtime: (p, d) => {
    const maxCost = dec(String(p.max_cost)).toDecimalPlaces(4, Decimal.ROUND_HALF_UP); // CAST(? AS DECIMAL(18,4))
    // agg: the lines of inpatient visits (a visit's med_type is one of the warehouse's, so ipt_mt is a prefix test).
    const byVisit = new Map<string, Row[]>();
    for (const f of d.a_fee) {
      if (!startsWithAny(f.visit_med_type, p.inpatient_med_types)) continue;
      const list = byVisit.get(String(f.mdtrt_id));
      if (list) list.push(f);
      else byVisit.set(String(f.mdtrt_id), [f]);
    }
    const out: RtFindingRow[] = [];
    for (const v of d.a_visit) {
      const lines = byVisit.get(String(v.mdtrt_id));
      if (!lines) continue;
      const hasTest = lines.some((f) => p.test_types.includes(f.med_chrgitm_type));
      // A NULL list_type or charge type makes the line's test NULL, so not allowed.
      const onlyAllowed = lines.every((f) => f.list_type !== null && f.list_type !== undefined
        && !['101', '102', '103'].includes(f.list_type) && p.allowed_types.includes(f.med_chrgitm_type));
      if (!hasTest || !onlyAllowed) continue;
      // sum(det_item_fee_sumamt): NULLs skipped, NULL (so never ≤ max_cost) when all are.
      if (lines.every((f) => f.det_item_fee_sumamt === null || f.det_item_fee_sumamt === undefined)) continue;
      const cost = sumDec(lines, 'det_item_fee_sumamt');
      if (!v.begn_date || !v.end_date) continue;
      const los = dayDiff(v.begn_date, v.end_date);
      if (los > p.max_los || cost.gt(maxCost)) continue;
      out.push({
        fixmedins_code: v.fixmedins_code, psn_no: v.psn_no, mdtrt_id: v.mdtrt_id, setl_id: v.setl_ids[0] ?? null, bkkp_sn: [],
        amount: String(v.fund_pay), occurred_at: v.end_date,
        // Real-time checks run before any DRG grouping (drg_result is written in batch): no DRG context.
        facts: { los, begin: v.begn_date, end: v.end_date, cost: cost.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2), drg: '',
          drg_en: '' },
        evidence: { los, ipt_days: v.ipt_days, medfee: cost.toString(), fee_lines: lines.length, max_los: p.max_los,
          max_cost: p.max_cost, setl_ids: v.setl_ids },
        knowledge_ref: `params.max_los=${String(p.max_los)}, params.max_cost=${String(p.max_cost)}`,
      });
    }
    return out;
  },
});
