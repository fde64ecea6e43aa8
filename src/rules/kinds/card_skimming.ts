import { z } from 'zod';
import type { SqlParam } from '../../store/warehouse.js';
import { defineRule } from '../types.js';

export const messages = {
  message: { zh: '{reasons}', en: '{reasons_en}' },
};

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

const params = z.object({
  /** One card settled at this many or more pharmacies on one day: the third and later are flagged. */
  max_pharmacies_per_day: z.number().int().min(2).default(3),
  /** Night window [night_start, night_end) of the settlement time; it may wrap past midnight. */
  night_start: HHMM.default('23:00'),
  night_end: HHMM.default('06:00'),
  /**
   * Visit types whose night settlements are suspicious: pharmacy purchases and ordinary/chronic
   * outpatient care (a sub-code such as 140104 matches by its first two characters). Emergency (13)
   * and inpatient settlements happen at night for good reasons.
   */
  night_med_types: z.array(z.string().min(2)).default(['41', '11', '14', '16']),
  /** burst_cards or more different cards settled at one pharmacy within burst_minutes. */
  burst_minutes: z.number().int().min(1).default(2),
  burst_cards: z.number().int().min(2).default(5),
}).strict();

const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

/**
 * 盗刷/冒用社保卡: per settlement (card use = settlement time), three signs: the card at the
 * max_pharmacies_per_day-th or later pharmacy of a day (by first settlement), a settlement in the
 * night window, or the settlement lies in a burst of ≥ burst_cards cards at one pharmacy within
 * burst_minutes (window starting at any settlement there). A pharmacy is a fixmedins_type 2
 * institution or a 41 settlement. One finding per visit, naming every sign.
 */
export const rule = defineRule({
  meta: {
    id: 'card_skimming', name_zh: '盗刷/冒用社保卡', name_en: 'Card skimming / misuse', category: 'management',
    scope: 'person', severity: 'suspect', params, knowledge: null, amount_zh: '被标记就诊的结算 fund_pay_sumamt 之和',
    basis: '《医疗保障基金使用监督管理条例》第十五条、第十九条',
  },
  batch: (p) => {
    const P: SqlParam[] = [];
    const q = (v: SqlParam) => (P.push(v), '?');
    const ns = minutes(p.night_start) * 60;
    const ne = minutes(p.night_end) * 60;
    // A window that wraps past midnight is "after start OR before end"; otherwise both. A function, so
    // that its parameters are pushed where it stands in the SQL text.
    const night = () => `(s.sec >= ${q(ns)} ${ns > ne ? 'OR' : 'AND'} s.sec < ${q(ne)})`;
    const sql = `WITH inst AS (
        SELECT fixmedins_code, bool_or(fixmedins_type = '2') AS pharmacy FROM fixmedins_info GROUP BY ALL),
      s AS (
        SELECT s.setl_id, s.mdtrt_id, s.psn_no, s.fixmedins_code, s.setl_time, CAST(s.setl_time AS DATE) AS d,
          v.med_type, hour(s.setl_time) * 3600 + minute(s.setl_time) * 60 + second(s.setl_time) AS sec,
          (v.med_type = '41' OR coalesce(i.pharmacy, false)) AS pharmacy
        FROM a_setl s JOIN a_visit v ON v.mdtrt_id = s.mdtrt_id LEFT JOIN inst i ON i.fixmedins_code = s.fixmedins_code),
      -- bk: time bucket of burst_minutes; a window [t, t + burst] lies in buckets bk and bk + 1
      ph AS MATERIALIZED (SELECT *, CAST(floor(epoch(setl_time) / (60 * ${q(p.burst_minutes)})) AS BIGINT) AS bk FROM s WHERE pharmacy),
      day_inst AS (
        SELECT psn_no, d, fixmedins_code,
          row_number() OVER (PARTITION BY psn_no, d ORDER BY min(setl_time), fixmedins_code) AS inst_rank,
          count(*) OVER (PARTITION BY psn_no, d) AS n_inst
        FROM ph GROUP BY psn_no, d, fixmedins_code),
      multi AS (
        SELECT ph.setl_id, di.inst_rank, di.n_inst FROM ph JOIN day_inst di USING (psn_no, d, fixmedins_code)
        WHERE di.inst_rank >= ${q(p.max_pharmacies_per_day)}),
      nite AS (
        SELECT s.setl_id, strftime(s.setl_time, '%H:%M:%S') AS at FROM s, (SELECT from_json(${q(JSON.stringify(p.night_med_types))},
          '["VARCHAR"]') AS types) t
        WHERE (list_contains(t.types, s.med_type) OR list_contains(t.types, left(s.med_type, 2))) AND ${night()}),
      win0 AS (
        SELECT a.setl_id AS start_id, a.setl_time AS t0, b.setl_id, b.psn_no, b.setl_time
        FROM ph a JOIN ph b ON b.fixmedins_code = a.fixmedins_code AND b.bk = a.bk
        UNION ALL
        SELECT a.setl_id, a.setl_time, b.setl_id, b.psn_no, b.setl_time
        FROM ph a JOIN ph b ON b.fixmedins_code = a.fixmedins_code AND b.bk = a.bk + 1),
      win AS (SELECT * FROM win0
        WHERE setl_time BETWEEN t0 AND t0 + to_minutes(CAST(${q(p.burst_minutes)} AS INTEGER))),
      bursts AS (
        SELECT start_id, t0, count(DISTINCT psn_no) AS cards FROM win GROUP BY start_id, t0
        HAVING count(DISTINCT psn_no) >= ${q(p.burst_cards)}),
      burst AS (
        SELECT w.setl_id, max(b.cards) AS cards, min(b.t0) AS t0 FROM win w JOIN bursts b USING (start_id) GROUP BY w.setl_id),
      flags AS (
        SELECT s.mdtrt_id, min(s.setl_id) AS setl_id, max(m.n_inst) AS n_inst, max(m.inst_rank) AS inst_rank,
          min(n.at) AS night_at, max(b.cards) AS cards, min(b.t0) AS burst_from
        FROM s LEFT JOIN multi m USING (setl_id) LEFT JOIN nite n USING (setl_id) LEFT JOIN burst b USING (setl_id)
        WHERE m.setl_id IS NOT NULL OR n.setl_id IS NOT NULL OR b.setl_id IS NOT NULL
        GROUP BY s.mdtrt_id)
      SELECT v.fixmedins_code, v.psn_no, v.mdtrt_id, f.setl_id, []::VARCHAR[] AS bkkp_sn, v.fund_pay AS amount,
        CAST(st.setl_time AS DATE) AS occurred_at,
        json_object('reasons', concat_ws('；',
            CASE WHEN f.n_inst IS NOT NULL THEN '同一社保卡' || CAST(CAST(st.setl_time AS DATE) AS VARCHAR) || '一日内在' ||
              f.n_inst || '家定点药店刷卡结算（本次为第' || f.inst_rank || '家）' END,
            CASE WHEN f.night_at IS NOT NULL THEN '夜间' || f.night_at || '刷卡结算（夜间时段' || ${q(p.night_start)} || '–' ||
              ${q(p.night_end)} || '）' END,
            CASE WHEN f.cards IS NOT NULL THEN '同一药店' || strftime(f.burst_from, '%H:%M:%S') || '起' ||
              CAST(${q(p.burst_minutes)} AS VARCHAR) || '分钟内' || f.cards || '张社保卡集中结算' END),
          'reasons_en', concat_ws('; ',
            CASE WHEN f.n_inst IS NOT NULL THEN 'card used at ' || f.n_inst || ' pharmacies in one day (this is number ' ||
              f.inst_rank || ')' END,
            CASE WHEN f.night_at IS NOT NULL THEN 'settled at night, ' || f.night_at END,
            CASE WHEN f.cards IS NOT NULL THEN f.cards || ' cards settled at one pharmacy within ' ||
              CAST(${q(p.burst_minutes)} AS VARCHAR) || ' minutes' END)) AS facts,
        json_object('setl_time', st.setl_time, 'pharmacies_that_day', f.n_inst, 'pharmacy_rank', f.inst_rank,
          'night_time', f.night_at, 'burst_cards', f.cards, 'burst_from', f.burst_from) AS evidence,
        concat_ws('; ',
          CASE WHEN f.n_inst IS NOT NULL THEN ${q(`params.max_pharmacies_per_day=${p.max_pharmacies_per_day}`)} END,
          CASE WHEN f.night_at IS NOT NULL THEN ${q(`params.night_start=${p.night_start}, night_end=${p.night_end}`)} END,
          CASE WHEN f.cards IS NOT NULL THEN ${q(`params.burst_minutes=${p.burst_minutes}, burst_cards=${p.burst_cards}`)} END)
          AS knowledge_ref
      FROM flags f JOIN a_visit v USING (mdtrt_id) JOIN a_setl st ON st.setl_id = f.setl_id`;
    return { sql, params: P };
  },
});
