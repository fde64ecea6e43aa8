import { z } from 'zod';
import type { SqlParam } from '../../store/warehouse.js';
import { defineRule } from '../types.js';

export const messages = {
  message: { zh: '{reasons}', en: '{reasons_en}' },
};

const params = z.object({
  /** More than this many outpatient visits in any window_days-day window flags the visits beyond it. */
  max_visits: z.number().int().min(1).default(10),
  window_days: z.number().int().min(1).default(30),
  /** Outpatient visits at this many or more medical institutions on one day. */
  max_institutions_per_day: z.number().int().min(2).default(3),
  /**
   * Visit types that count as outpatient visits (a regional sub-code such as 140104 matches by its
   * first two characters). Pharmacy purchases (41) are card_skimming's matter; registrations (12)
   * would count one visit twice.
   */
  med_types: z.array(z.string().min(2)).default(['11', '13', '14', '16', '51']),
}).strict();

/**
 * 频繁就医: a person's outpatient visit is flagged when it is the (max_visits+1)-th or later within
 * the window_days days ending on its date (dates d−window_days+1 … d, in visit-time order), or when
 * it falls at an institution that is the max_institutions_per_day-th or later institution the
 * person reached that day (by first arrival). One finding per visit, naming every reason.
 */
export const rule = defineRule({
  meta: {
    id: 'frequent_visits', name_zh: '频繁就医', name_en: 'Frequent visits', category: 'management', scope: 'person',
    severity: 'suspect', params, knowledge: null, amount_zh: '被标记就诊的结算 fund_pay_sumamt 之和',
    basis: '《医疗保障基金使用监督管理条例》第十九条',
  },
  batch: (p) => {
    const P: SqlParam[] = [];
    const q = (v: SqlParam) => (P.push(v), '?');
    const sql = `WITH ov AS (
        SELECT v.mdtrt_id, v.psn_no, v.fixmedins_code, v.begntime, v.begn_date AS d, v.fund_pay, v.setl_ids[1] AS setl_id
        FROM a_visit v, (SELECT from_json(${q(JSON.stringify(p.med_types))}, '["VARCHAR"]') AS types) t
        WHERE list_contains(t.types, v.med_type) OR list_contains(t.types, left(v.med_type, 2))),
      win AS (
        SELECT b.mdtrt_id, count(*) AS n, min(a.d) AS first_date
        FROM ov b JOIN ov a ON a.psn_no = b.psn_no AND a.d BETWEEN b.d - (${q(p.window_days)} - 1) AND b.d
          AND (a.begntime < b.begntime OR (a.begntime = b.begntime AND a.mdtrt_id <= b.mdtrt_id))
        GROUP BY b.mdtrt_id HAVING count(*) > ${q(p.max_visits)}),
      day_inst AS (
        SELECT psn_no, d, fixmedins_code,
          row_number() OVER (PARTITION BY psn_no, d ORDER BY min(begntime), fixmedins_code) AS inst_rank,
          count(*) OVER (PARTITION BY psn_no, d) AS n_inst
        FROM ov GROUP BY psn_no, d, fixmedins_code),
      multi AS (
        SELECT o.mdtrt_id, di.inst_rank, di.n_inst FROM ov o JOIN day_inst di USING (psn_no, d, fixmedins_code)
        WHERE di.inst_rank >= ${q(p.max_institutions_per_day)}),
      hit AS (
        SELECT o.*, w.n, w.first_date, m.inst_rank, m.n_inst,
          concat_ws('；',
            CASE WHEN w.n IS NOT NULL THEN ${q(p.window_days)} || '天内（' || CAST(w.first_date AS VARCHAR) || '至' ||
              CAST(o.d AS VARCHAR) || '）门诊就诊' || w.n || '次，超过' || ${q(p.max_visits)} || '次' END,
            CASE WHEN m.n_inst IS NOT NULL THEN CAST(o.d AS VARCHAR) || '一日内在' || m.n_inst || '家医疗机构门诊就诊（本次为第' ||
              m.inst_rank || '家，阈值' || ${q(p.max_institutions_per_day)} || '家）' END) AS reasons,
          concat_ws('; ',
            CASE WHEN w.n IS NOT NULL THEN w.n || ' outpatient visits in ' || ${q(p.window_days)} || ' days (' ||
              CAST(w.first_date AS VARCHAR) || ' to ' || CAST(o.d AS VARCHAR) || '), above ' || ${q(p.max_visits)} END,
            CASE WHEN m.n_inst IS NOT NULL THEN 'visits at ' || m.n_inst || ' institutions on ' || CAST(o.d AS VARCHAR) ||
              ' (this is number ' || m.inst_rank || ')' END) AS reasons_en
        FROM ov o LEFT JOIN win w USING (mdtrt_id) LEFT JOIN multi m USING (mdtrt_id)
        WHERE w.mdtrt_id IS NOT NULL OR m.mdtrt_id IS NOT NULL)
      SELECT fixmedins_code, psn_no, mdtrt_id, setl_id, []::VARCHAR[] AS bkkp_sn, fund_pay AS amount, d AS occurred_at,
        json_object('reasons', reasons, 'reasons_en', reasons_en) AS facts,
        json_object('visits_in_window', n, 'window_from', first_date, 'institutions_that_day', n_inst,
          'institution_rank', inst_rank) AS evidence,
        concat_ws('; ', CASE WHEN n IS NOT NULL THEN ${q(`params.max_visits=${p.max_visits}, window_days=${p.window_days}`)} END,
          CASE WHEN n_inst IS NOT NULL THEN ${q(`params.max_institutions_per_day=${p.max_institutions_per_day}`)} END)
          AS knowledge_ref
      FROM hit`;
    return { sql, params: P };
  },
});
