import { z } from 'zod';
import { defineRule } from '../types.js';

export const messages = {
  message: {
    zh: '{inst}医保协议{status_text}，{date}仍发生医保结算，基金支付{amount}元',
    en: '{inst}: agreement {status_en}; settled on {date} nonetheless, fund paid {amount}',
  },
};

const money = (e: string) => `CAST(CAST(round(${e}, 2) AS DECIMAL(18,2)) AS VARCHAR)`;

/**
 * 协议中止/解除期间结算: a settlement dated (setl_time) inside an agreement period of status 2 中止
 * or 3 解除 of its institution (fixmedins_info; inclusive dates, empty end = open). Where periods
 * overlap, the one that began last is the institution's status that day. One finding per visit,
 * keyed by its first offending settlement; amount = the fund payment of the visit's settlements
 * dated in such periods (the whole visit's fund payment when it has one settlement).
 */
export const rule = defineRule({
  meta: {
    id: 'suspended_institution', name_zh: '协议中止/解除期间结算', name_en: 'Settlement while the agreement is suspended',
    category: 'policy', scope: 'visit', severity: 'violation', params: z.object({}).strict(),
    knowledge: '定点医药机构协议状态（fixmedins_info）', amount_zh: '中止/解除期间结算的 fund_pay_sumamt 之和',
    basis: '《医疗保障基金使用监督管理条例》第十五条；定点医药机构服务协议',
  },
  batch: () => ({
    sql: `WITH st AS (
        SELECT s.setl_id, s.mdtrt_id, s.psn_no, s.fixmedins_code, s.setl_time, CAST(s.setl_time AS DATE) AS setl_date,
          coalesce(s.fund_pay_sumamt, 0) AS fund
        FROM a_setl s JOIN a_visit v ON v.mdtrt_id = s.mdtrt_id),
      per AS (
        SELECT DISTINCT ON (st.setl_id) st.*, i.agreement_status, i.status_begin, i.status_end,
          coalesce(i.fixmedins_name, st.fixmedins_code) AS inst
        FROM st JOIN fixmedins_info i ON i.fixmedins_code = st.fixmedins_code AND i.status_begin <= st.setl_date
          AND (i.status_end IS NULL OR st.setl_date <= i.status_end)
        ORDER BY st.setl_id, i.status_begin DESC),
      bad AS (
        SELECT *, row_number() OVER (PARTITION BY mdtrt_id ORDER BY setl_time, setl_id) AS rn,
          sum(fund) OVER (PARTITION BY mdtrt_id) AS amount, list(setl_id) OVER (PARTITION BY mdtrt_id ORDER BY setl_id
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS setl_ids
        FROM per WHERE trim(agreement_status) IN ('2', '3'))
      SELECT f.fixmedins_code, f.psn_no, f.mdtrt_id, f.setl_id, CAST([] AS VARCHAR[]) AS bkkp_sn, f.amount,
        f.setl_date AS occurred_at,
        json_object('inst', f.inst, 'date', CAST(f.setl_date AS VARCHAR), 'amount', ${money('f.amount')},
          'status_text', CASE trim(f.agreement_status) WHEN '2' THEN '自' || CAST(f.status_begin AS VARCHAR) || '起中止'
              || coalesce('（至' || CAST(f.status_end AS VARCHAR) || '）', '（未恢复）')
            ELSE '已于' || CAST(f.status_begin AS VARCHAR) || '解除' END,
          'status_en', CASE trim(f.agreement_status) WHEN '2' THEN 'suspended' ELSE 'terminated' END) AS facts,
        json_object('agreement_status', f.agreement_status, 'status_begin', f.status_begin, 'status_end', f.status_end,
          'setl_time', f.setl_time, 'setl_ids', f.setl_ids) AS evidence,
        'fixmedins_info ' || f.fixmedins_code || ' ' || CAST(f.status_begin AS VARCHAR) AS knowledge_ref
      FROM bad f WHERE f.rn = 1`,
  }),
});
