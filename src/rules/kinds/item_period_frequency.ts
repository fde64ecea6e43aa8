import { z } from 'zod';
import { defineRule } from '../types.js';
import { knowledgeRefSql } from '../knowledge-ref.js';

export const messages = {
  message: {
    zh: '项目【{item}】限{period_days}天内{max_cnt}次，{window_from}至{window_to}共收费{window_cnt}次',
    en: 'item [{item}] is limited to {max_cnt} in {period_days} days; {window_cnt} billed from {window_from} to {window_to}',
  },
};

/**
 * 限定周期 (batch 8-4, and the 每周最多一次 texts of batch 8-3): a line offends when, counting its own
 * quantity, the person's lines of the item the fund paid for (at any institution) on the D days
 * ending on its date (d−D+1 … d) add up to more than K. Offending lines are grouped per visit and
 * item; the amount is their fund-eligible amount.
 */
export const rule = defineRule({
  meta: {
    id: 'item_period_frequency', name_zh: '限定周期', name_en: 'Period frequency limit', category: 'policy',
    scope: 'person', severity: 'violation', params: z.object({}).strict(), knowledge: '第八批 医疗服务项目周期超频次',
    amount_zh: '超频次明细的 det_item_fee_sumamt − fulamt_ownpay_amt 之和', basis: '《医疗保障基金使用监督管理条例》第十五条',
  },
  batch: () => ({
    sql: `WITH k AS (
        -- One row per distinct limit of a code; batch 8-4 is cited before an identical 8-3 text.
        SELECT DISTINCT ON (hilist_code, period_max_cnt, period_days)
          hilist_code, period_max_cnt, period_days, src_file, src_sheet, src_row
        FROM kn_effective_item_restriction WHERE period_max_cnt IS NOT NULL AND period_days IS NOT NULL
        ORDER BY hilist_code, period_max_cnt, period_days, kind <> 'item-period', src_file, src_row),
      u AS (
        SELECT f.*, k.period_max_cnt, k.period_days, k.src_file, k.src_sheet, k.src_row
        FROM a_fee f JOIN k ON k.hilist_code = f.hilist_code WHERE f.fund_amt > 0),
      w AS (
        SELECT u.fixmedins_code, u.bkkp_sn, u.period_max_cnt, u.period_days, sum(g.cnt) AS window_cnt
        FROM u JOIN u g ON g.psn_no = u.psn_no AND g.hilist_code = u.hilist_code
          AND g.period_max_cnt = u.period_max_cnt AND g.period_days = u.period_days
          AND g.fee_date BETWEEN u.fee_date - CAST(u.period_days - 1 AS INTEGER) AND u.fee_date
        GROUP BY ALL),
      x AS (
        -- A line offending under two limits of its code keeps the one it exceeds most.
        SELECT u.*, w.window_cnt, u.fee_date - CAST(u.period_days - 1 AS INTEGER) AS window_from
        FROM u JOIN w USING (fixmedins_code, bkkp_sn, period_max_cnt, period_days)
        WHERE w.window_cnt > u.period_max_cnt
        QUALIFY row_number() OVER (PARTITION BY u.fixmedins_code, u.bkkp_sn
          ORDER BY w.window_cnt - u.period_max_cnt DESC, u.period_days DESC, u.src_file, u.src_row) = 1)
      SELECT x.fixmedins_code, x.psn_no, x.mdtrt_id, min(x.setl_id) AS setl_id,
        list(x.bkkp_sn ORDER BY x.fee_ocur_time, x.bkkp_sn) AS bkkp_sn, sum(x.fund_amt) AS amount, min(x.fee_date) AS occurred_at,
        json_object('item', min(x.hilist_name),
          'period_days', first(x.period_days ORDER BY x.fee_ocur_time, x.bkkp_sn),
          'max_cnt', first(x.period_max_cnt ORDER BY x.fee_ocur_time, x.bkkp_sn),
          'window_from', first(CAST(x.window_from AS VARCHAR) ORDER BY x.fee_ocur_time, x.bkkp_sn),
          'window_to', first(CAST(x.fee_date AS VARCHAR) ORDER BY x.fee_ocur_time, x.bkkp_sn),
          'window_cnt', first(regexp_replace(regexp_replace(CAST(x.window_cnt AS VARCHAR), '(\\.\\d*?)0+$', '\\1'), '\\.$', '')
            ORDER BY x.fee_ocur_time, x.bkkp_sn)) AS facts,
        json_object('lines', list(json_object('bkkp_sn', x.bkkp_sn, 'fee_date', CAST(x.fee_date AS VARCHAR), 'cnt', x.cnt,
            'window_from', CAST(x.window_from AS VARCHAR), 'window_cnt', x.window_cnt, 'period_max_cnt', x.period_max_cnt,
            'period_days', x.period_days, 'fund_amt', x.fund_amt) ORDER BY x.fee_ocur_time, x.bkkp_sn)) AS evidence,
        first(${knowledgeRefSql('x')} ORDER BY x.fee_ocur_time, x.bkkp_sn) AS knowledge_ref
      FROM x GROUP BY x.fixmedins_code, x.psn_no, x.mdtrt_id, x.hilist_code`,
  }),
});
