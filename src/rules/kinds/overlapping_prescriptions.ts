import { z } from 'zod';
import type { SqlParam } from '../../store/warehouse.js';
import { defineRule } from '../types.js';

export const messages = {
  message: {
    zh: '【{drug}】{prev_date}已在{prev_inst}开具{prev_supply}天用量，{when}（{date}）在{inst}再次开具，上次用量尚余{remaining}天（{remaining_pct}%，不低于{share_pct}%）',
    en: '[{drug}] dispensed for {prev_supply} days at {prev_inst} on {prev_date}, dispensed again {elapsed} days later ({date}) at {inst} while {remaining} days ({remaining_pct}%, at least {share_pct}%) should remain',
  },
};

const params = z.object({
  /** Share of the previous supply that must still remain for the new dispensing to count as a repeat. */
  remaining_share: z.number().min(0).max(1).default(0.5),
  /**
   * Leading characters of the national drug code that identify the generic name (通用名): western
   * drugs (X…, 23 chars) are X + 5-char class + 4-char generic number = 10; Chinese patent drugs
   * (Z…, 20 chars) are Z + 5-char class + 5-char generic number = 11. Other codes compare whole.
   */
  generic_prefix_len_western: z.number().int().min(1).max(23).default(10),
  generic_prefix_len_tcm: z.number().int().min(1).max(20).default(11),
}).strict();

/** Number without trailing zeros (28.0000 → 28, 3.5000 → 3.5). */
const num = (x: string) => `CASE WHEN ${x} = round(${x}) THEN CAST(CAST(${x} AS BIGINT) AS VARCHAR)
  ELSE CAST(CAST(round(${x}, 2) AS DOUBLE) AS VARCHAR) END`;

/**
 * 重复开药: an outpatient/pharmacy dispensing of a drug (same generic-name code prefix) while an
 * earlier dispensing of it, at any institution or pharmacy, should still have ≥ remaining_share
 * of its supply (prd_days, scaled down for partial returns) left. A dispensing is one visit's
 * lines of that generic; the finding flags those lines of the later visit.
 */
export const rule = defineRule({
  meta: {
    id: 'overlapping_prescriptions', name_zh: '重复开药', name_en: 'Overlapping prescriptions', category: 'management',
    scope: 'person', severity: 'suspect_high', params, knowledge: null,
    amount_zh: '后一次开药（重复部分）明细的 det_item_fee_sumamt − fulamt_ownpay_amt 之和',
    basis: '《医疗保障基金使用监督管理条例》第十五条、第十九条',
  },
  batch: (p) => {
    const P: SqlParam[] = [];
    const q = (v: SqlParam) => (P.push(v), '?');
    const sql = `WITH inst AS (
        SELECT fixmedins_code, arg_max(fixmedins_name, status_begin) AS name FROM fixmedins_info GROUP BY ALL),
      ret AS (SELECT fixmedins_code, init_feedetl_sn, sum(cnt) AS cnt FROM fee_list_d
        WHERE init_feedetl_sn IS NOT NULL AND coalesce(vali_flag, '1') <> '0' GROUP BY ALL),
      line AS MATERIALIZED (
        SELECT f.psn_no, f.mdtrt_id, f.setl_id, f.fixmedins_code, f.bkkp_sn, f.hilist_name, f.fee_ocur_time, f.fee_date,
          f.fund_amt,
          CASE WHEN f.hilist_code LIKE 'X%' THEN left(f.hilist_code, ${q(p.generic_prefix_len_western)})
            WHEN f.hilist_code LIKE 'Z%' THEN left(f.hilist_code, ${q(p.generic_prefix_len_tcm)})
            ELSE f.hilist_code END AS generic,
          -- supply left after partial returns: prd_days × net quantity ÷ dispensed quantity (net − returned)
          CASE WHEN r.cnt IS NULL THEN f.prd_days ELSE CAST(f.prd_days * f.cnt / (f.cnt - r.cnt) AS DECIMAL(18,4)) END AS supply
        FROM a_fee f
        LEFT JOIN ret r ON r.fixmedins_code = f.fixmedins_code AND r.init_feedetl_sn = f.bkkp_sn
        WHERE f.list_type IN ('101', '103') AND NOT (f.visit_med_type LIKE '2%' OR f.visit_med_type = '52')),
      ev AS MATERIALIZED (
        -- one dispensing = one visit's lines of one generic (psn_no and institution follow from the visit)
        SELECT mdtrt_id, generic, any_value(psn_no) AS psn_no, any_value(fixmedins_code) AS fixmedins_code,
          min(setl_id) AS setl_id, min(fee_ocur_time) AS t, min(fee_date) AS d, sum(coalesce(supply, 0)) AS supply,
          -- the last day (as a day number) on which ≥ remaining_share of this supply still remains
          CASE WHEN sum(coalesce(supply, 0)) > 0 THEN date_diff('day', DATE '1970-01-01', min(fee_date))
            + (1 - CAST(${q(p.remaining_share)} AS DECIMAL(9,4))) * sum(coalesce(supply, 0)) END AS until
        FROM line GROUP BY mdtrt_id, generic),
      rep AS (
        SELECT * FROM ev QUALIFY max(until) OVER (PARTITION BY psn_no, generic ORDER BY t, mdtrt_id
          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) >= date_diff('day', DATE '1970-01-01', d)),
      pair AS (
        SELECT b.*, a.mdtrt_id AS prev_mdtrt_id, a.fixmedins_code AS prev_inst, a.d AS prev_date, a.supply AS prev_supply,
          date_diff('day', a.d, b.d) AS elapsed, a.supply - date_diff('day', a.d, b.d) AS remaining
        FROM rep b JOIN ev a ON a.psn_no = b.psn_no AND a.generic = b.generic
          AND (a.t < b.t OR (a.t = b.t AND a.mdtrt_id < b.mdtrt_id))
        WHERE a.until >= date_diff('day', DATE '1970-01-01', b.d)
        -- cite the latest earlier dispensing that is still running
        QUALIFY row_number() OVER (PARTITION BY b.mdtrt_id, b.generic ORDER BY a.t DESC, a.mdtrt_id DESC) = 1),
      hit AS (
        SELECT h.*, list(l.bkkp_sn ORDER BY l.bkkp_sn) AS bkkp_sn, sum(l.fund_amt) AS amount, arg_min(l.hilist_name, l.bkkp_sn) AS drug,
          (SELECT list(x.bkkp_sn ORDER BY x.bkkp_sn) FROM line x WHERE x.mdtrt_id = h.prev_mdtrt_id AND x.generic = h.generic)
            AS prev_bkkp_sn
        FROM pair h JOIN line l ON l.mdtrt_id = h.mdtrt_id AND l.generic = h.generic GROUP BY ALL)
      SELECT h.fixmedins_code, h.psn_no, h.mdtrt_id, h.setl_id, h.bkkp_sn, h.amount, h.d AS occurred_at,
        json_object('drug', h.drug, 'prev_date', CAST(h.prev_date AS VARCHAR), 'prev_inst', coalesce(pi.name, h.prev_inst),
          'prev_supply', ${num('h.prev_supply')}, 'elapsed', h.elapsed,
          'when', CASE WHEN h.elapsed = 0 THEN '同日' ELSE h.elapsed || '天后' END, 'date', CAST(h.d AS VARCHAR),
          'inst', coalesce(bi.name, h.fixmedins_code), 'remaining', ${num('h.remaining')},
          'remaining_pct', CAST(round(100 * h.remaining / h.prev_supply) AS INTEGER),
          'share_pct', CAST(round(100 * ${q(p.remaining_share)}) AS INTEGER)) AS facts,
        json_object('generic_code_prefix', h.generic, 'previous_mdtrt_id', h.prev_mdtrt_id,
          'previous_fixmedins_code', h.prev_inst, 'previous_bkkp_sn', h.prev_bkkp_sn, 'previous_date', h.prev_date,
          'previous_supply_days', h.prev_supply, 'elapsed_days', h.elapsed, 'remaining_days', h.remaining,
          'remaining_share', ${q(p.remaining_share)}) AS evidence,
        ${q(`params.remaining_share=${p.remaining_share}`)} AS knowledge_ref
      FROM hit h LEFT JOIN inst bi ON bi.fixmedins_code = h.fixmedins_code
      LEFT JOIN inst pi ON pi.fixmedins_code = h.prev_inst`;
    return { sql, params: P };
  },
});
