import { z } from 'zod';
import { defineRule } from '../types.js';
import { placeholders as marks, inpatientMedTypesParam } from '../sql-helpers.js';

export const messages = {
  message: {
    zh: '{other_begin}至{other_end}在{other_inst}住院期间，又于{begin}在{inst}入院（{begin}至{end}），住院时间重叠{overlap_days}天',
    en: 'while in hospital at {other_inst} from {other_begin} to {other_end}, admitted again at {inst}'
      + ' on {begin} ({begin} to {end}); the stays overlap by {overlap_days} days',
  },
};


/**
 * 同时段多机构住院: two inpatient stays of one person at different institutions overlap by at least
 * min_overlap_days (overlap = earlier end date − later begin date, so a same-day transfer overlaps 0 days).
 * The later-admitted stay is the offending one; its fund payment is the amount.
 */
export const rule = defineRule({
  meta: {
    id: 'overlapping_inpatient', name_zh: '同时段多机构住院', name_en: 'Overlapping inpatient stays', category: 'management',
    scope: 'person', severity: 'suspect_high',
    params: z.object({
      min_overlap_days: z.number().int().min(1).default(1),
      inpatient_med_types: inpatientMedTypesParam,
    }).strict(),
    knowledge: null, amount_zh: '后一次住院各结算的 fund_pay_sumamt 之和',
    basis: '《医疗保障基金使用监督管理条例》第十五条、第十九条',
  },
  batch: (p) => ({
    sql: `WITH inpt AS (SELECT unnest([${marks(p.inpatient_med_types)}]) AS code),
      s AS (SELECT v.* FROM a_visit v WHERE EXISTS (SELECT 1 FROM inpt WHERE starts_with(v.med_type, inpt.code))),
      pairs AS (
        SELECT b.*, a.mdtrt_id AS other_mdtrt_id, a.fixmedins_code AS other_code,
          coalesce(a.fixmedins_name, a.fixmedins_code) AS other_name, a.begn_date AS other_begin, a.end_date AS other_end,
          date_diff('day', greatest(a.begn_date, b.begn_date), least(a.end_date, b.end_date)) AS overlap_days
        FROM s a JOIN s b ON a.psn_no = b.psn_no AND a.fixmedins_code <> b.fixmedins_code
          AND (a.begntime < b.begntime OR (a.begntime = b.begntime AND a.mdtrt_id < b.mdtrt_id)))
      SELECT DISTINCT ON (x.mdtrt_id) x.fixmedins_code, x.psn_no, x.mdtrt_id, x.setl_ids[1] AS setl_id, CAST([] AS VARCHAR[]) AS bkkp_sn,
        x.fund_pay AS amount, x.begn_date AS occurred_at,
        json_object('inst', coalesce(x.fixmedins_name, x.fixmedins_code), 'begin', strftime(x.begn_date, '%Y-%m-%d'),
          'end', strftime(x.end_date, '%Y-%m-%d'), 'other_inst', x.other_name,
          'other_begin', strftime(x.other_begin, '%Y-%m-%d'), 'other_end', strftime(x.other_end, '%Y-%m-%d'),
          'overlap_days', x.overlap_days) AS facts,
        json_object('other_mdtrt_id', x.other_mdtrt_id, 'other_fixmedins_code', x.other_code, 'overlap_days', x.overlap_days,
          'min_overlap_days', ?, 'med_type', x.med_type, 'setl_ids', x.setl_ids) AS evidence,
        'params.min_overlap_days=' || ? AS knowledge_ref
      FROM pairs x WHERE x.overlap_days >= ?
      ORDER BY x.mdtrt_id, x.overlap_days DESC, x.other_mdtrt_id`,
    params: [...p.inpatient_med_types, p.min_overlap_days, String(p.min_overlap_days), p.min_overlap_days],
  }),
});
