import { z } from 'zod';
import { defineRule } from '../types.js';
import { placeholders as marks, inpatientMedTypesParam } from '../sql-helpers.js';
import { cmp, dayDiff, startsWithAny } from '../realtime/helpers.js';
import type { Row, RtFindingRow } from '../realtime/data.js';

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
    scope: 'person', perPerson: true, severity: 'suspect_high',
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
  realtime: (p, d) => {
    const s = d.a_visit.filter((v) => startsWithAny(v.med_type, p.inpatient_med_types));
    // pairs: a admitted before b (ties broken by mdtrt_id) at another institution; DISTINCT ON (b) keeps
    // the largest overlap, then the smallest other_mdtrt_id.
    const best = new Map<string, { b: Row; a: Row; overlap: number }>();
    for (const b of s) {
      for (const a of s) {
        if (a.psn_no !== b.psn_no || a.fixmedins_code == null || b.fixmedins_code == null
          || a.fixmedins_code === b.fixmedins_code || !admittedBefore(a, b)) continue;
        const from = greatest(a.begn_date, b.begn_date);
        const to = least(a.end_date, b.end_date);
        if (from === null || to === null) continue;
        const overlap = dayDiff(from, to);
        if (overlap < p.min_overlap_days) continue;
        const cur = best.get(b.mdtrt_id);
        if (!cur || overlap > cur.overlap || (overlap === cur.overlap && cmp(a.mdtrt_id, cur.a.mdtrt_id) < 0)) {
          best.set(b.mdtrt_id, { b, a, overlap });
        }
      }
    }
    const out: RtFindingRow[] = [];
    for (const { b: x, a, overlap } of best.values()) {
      out.push({
        fixmedins_code: x.fixmedins_code, psn_no: x.psn_no, mdtrt_id: x.mdtrt_id, setl_id: x.setl_ids[0] ?? null, bkkp_sn: [],
        amount: String(x.fund_pay), occurred_at: x.begn_date,
        facts: { inst: x.fixmedins_name ?? x.fixmedins_code, begin: x.begn_date, end: x.end_date ?? null,
          other_inst: a.fixmedins_name ?? a.fixmedins_code, other_begin: a.begn_date ?? null, other_end: a.end_date ?? null,
          overlap_days: overlap },
        evidence: { other_mdtrt_id: a.mdtrt_id, other_fixmedins_code: a.fixmedins_code, overlap_days: overlap,
          min_overlap_days: p.min_overlap_days, med_type: x.med_type ?? null, setl_ids: x.setl_ids },
        knowledge_ref: `params.min_overlap_days=${p.min_overlap_days}`,
      });
    }
    return out;
  },
});

/** a.begntime < b.begntime OR (equal AND a.mdtrt_id < b.mdtrt_id); NULL times compare false. */
function admittedBefore(a: Row, b: Row): boolean {
  if (a.begntime == null || b.begntime == null) return false;
  return a.begntime < b.begntime || (a.begntime === b.begntime && a.mdtrt_id < b.mdtrt_id);
}

/** SQL greatest/least over ISO dates: NULL arguments are ignored. */
function greatest(x: string | null, y: string | null): string | null {
  return x == null ? y ?? null : y == null ? x : x > y ? x : y;
}
function least(x: string | null, y: string | null): string | null {
  return x == null ? y ?? null : y == null ? x : x < y ? x : y;
}
