import { z } from 'zod';
import { Decimal } from 'decimal.js';
import { defineRule } from '../types.js';
import { dateOf, indexBy, sortBy, sumDec } from '../realtime/helpers.js';
import type { Row, RtFindingRow } from '../realtime/data.js';

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
    category: 'policy', scope: 'visit', perPerson: true, severity: 'violation', params: z.object({}).strict(),
    knowledge: '定点医药机构协议状态（fixmedins_info）', amount_zh: '中止/解除期间结算的 fund_pay_sumamt 之和',
    basis: '《医疗保障基金使用监督管理条例》第十五条；定点医药机构服务协议',
  },
  batch: () => ({
    // Only a settlement of an institution with a 中止/解除 period, dated between the first such period's start and
    // the last one's end, can fire: settlements are narrowed to those (an equality join on a per-institution
    // summary) before the covering period is chosen, instead of sorting every settlement.
    sql: `WITH susp AS (
        SELECT fixmedins_code, min(status_begin) AS first_begin, max(status_end) AS last_end, bool_or(status_end IS NULL) AS open_end
        FROM fixmedins_info WHERE trim(agreement_status) IN ('2', '3') GROUP BY fixmedins_code),
      st AS (
        SELECT s.setl_id, s.mdtrt_id, s.psn_no, s.fixmedins_code, s.setl_time, CAST(s.setl_time AS DATE) AS setl_date,
          coalesce(s.fund_pay_sumamt, 0) AS fund
        FROM a_setl s JOIN a_visit v ON v.mdtrt_id = s.mdtrt_id),
      per AS (
        SELECT DISTINCT ON (st.setl_id) st.*, i.agreement_status, i.status_begin, i.status_end,
          coalesce(i.fixmedins_name, st.fixmedins_code) AS inst
        FROM st
        JOIN susp u ON u.fixmedins_code = st.fixmedins_code AND u.first_begin <= st.setl_date
          AND (u.open_end OR st.setl_date <= u.last_end)
        JOIN fixmedins_info i ON i.fixmedins_code = st.fixmedins_code AND i.status_begin <= st.setl_date
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
  realtime: (_p, d) => {
    const visits = new Set(d.a_visit.map((v) => String(v.mdtrt_id)));
    const info = indexBy(d.kn.fixmedins_info, 'fixmedins_code');
    const bad = new Map<string, { s: Row; setl_date: string; i: Row }[]>();
    for (const s of d.a_setl) {
      if (s.mdtrt_id == null || !visits.has(String(s.mdtrt_id)) || s.fixmedins_code == null) continue;
      const setl_date = dateOf(s.setl_time)!;
      // per: the period covering the settlement day that began last.
      const i = sortBy((info.get(String(s.fixmedins_code)) ?? []).filter((r) => r.status_begin != null && r.status_begin <= setl_date
        && (r.status_end == null || setl_date <= r.status_end)), (r) => r.status_begin).at(-1);
      if (!i || i.agreement_status == null || !['2', '3'].includes(sqlTrim(i.agreement_status))) continue;
      const list = bad.get(String(s.mdtrt_id)) ?? bad.set(String(s.mdtrt_id), []).get(String(s.mdtrt_id))!;
      list.push({ s, setl_date, i });
    }
    const out: RtFindingRow[] = [];
    for (const rows of bad.values()) {
      const { s: f, setl_date, i } = sortBy([...rows], (r) => r.s.setl_time, (r) => r.s.setl_id)[0];
      const amount = sumDec(rows.map((r) => r.s), 'fund_pay_sumamt');
      const suspended = sqlTrim(i.agreement_status) === '2';
      out.push({
        fixmedins_code: f.fixmedins_code, psn_no: f.psn_no, mdtrt_id: f.mdtrt_id, setl_id: f.setl_id, bkkp_sn: [],
        amount: amount.toString(), occurred_at: setl_date,
        facts: { inst: i.fixmedins_name ?? f.fixmedins_code, date: setl_date,
          amount: amount.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2),
          status_text: suspended
            ? `自${i.status_begin}起中止${i.status_end == null ? '（未恢复）' : `（至${i.status_end}）`}`
            : `已于${i.status_begin}解除`,
          status_en: suspended ? 'suspended' : 'terminated' },
        evidence: { agreement_status: i.agreement_status, status_begin: i.status_begin, status_end: i.status_end ?? null,
          setl_time: f.setl_time, setl_ids: rows.map((r) => String(r.s.setl_id)).sort() },
        knowledge_ref: `fixmedins_info ${f.fixmedins_code} ${i.status_begin}`,
      });
    }
    return out;
  },
});

/** SQL trim(): spaces only. */
const sqlTrim = (s: string): string => s.replace(/^ +| +$/g, '');
