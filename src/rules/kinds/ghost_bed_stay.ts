import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { defineRule } from '../types.js';
import { placeholders as marks, shortCode as code, inpatientMedTypesParam } from '../sql-helpers.js';
import { dayDiff, dec, startsWithAny } from '../realtime/helpers.js';
import type { Row, RtFindingRow } from '../realtime/data.js';

export const messages = {
  message: {
    zh: '住院{total_days}天（{begin}至{end}）中有{idle_days}天（{idle_dates}）仅收取床位费、诊查费、护理费，无任何治疗、检查或用药',
    en: '{idle_days} of the {total_days} days of the stay ({begin} to {end}) carry only bed,'
      + ' consultation and nursing charges, with no treatment, test or drug ({idle_dates})',
  },
};


/**
 * 挂床住院: an idle day of a stay is a calendar day between admission and discharge (inclusive) with at
 * least one charge of idle_types (01 床位费, 02 诊察费, 07 护理费) and no charge other than idle_types or
 * neutral_types (13 挂号费, 14 其他费 such as heating: they are neither treatment, test nor drug), and no drug line
 * (list_type 101/102/103) whatever its charge type. Days without any charge are not idle days. The stay fires
 * when idle days ≥ idle_days or idle days ≥ idle_share × (discharge date − admission date + 1).
 * Amount = the stay's fund payment.
 */
export const rule = defineRule({
  meta: {
    id: 'ghost_bed_stay', name_zh: '挂床住院', name_en: 'Ghost bed stay', category: 'management', scope: 'visit', perPerson: true,
    severity: 'suspect_high',
    params: z.object({
      idle_days: z.number().int().min(1).default(3),
      idle_share: z.number().gt(0).max(1).default(0.5),
      idle_types: z.array(code).min(1).default(['01', '02', '07']),
      neutral_types: z.array(code).default(['13', '14']),
      inpatient_med_types: inpatientMedTypesParam,
    }).strict(),
    knowledge: null, amount_zh: '该次住院各结算的 fund_pay_sumamt 之和',
    basis: '《医疗保障基金使用监督管理条例》第十五条',
  },
  batch: (p) => ({
    sql: `WITH inpt AS (SELECT unnest([${marks(p.inpatient_med_types)}]) AS code),
      -- The inpatient med_types present, found once on the few distinct values rather than per fee line.
      ipt_mt AS (SELECT DISTINCT med_type FROM mdtrt_d m WHERE EXISTS (SELECT 1 FROM inpt WHERE starts_with(m.med_type, inpt.code))),
      idle_t AS (SELECT unnest([${marks(p.idle_types)}]) AS t),
      neutral_t AS (SELECT unnest(CAST([${marks(p.neutral_types)}] AS VARCHAR[])) AS t),
      lines AS (
        SELECT f.mdtrt_id, f.fee_date, f.list_type,
          f.med_chrgitm_type IN (SELECT t FROM idle_t) AS is_idle,
          f.med_chrgitm_type IN (SELECT t FROM neutral_t) AS is_neutral
        FROM a_fee f
        WHERE f.fee_date BETWEEN f.begn_date AND f.end_date
          AND f.visit_med_type IN (SELECT med_type FROM ipt_mt)),
      days AS (
        SELECT mdtrt_id, fee_date,
          bool_or(coalesce(is_idle, false)) AND bool_and(coalesce(is_idle OR is_neutral, false))
            AND NOT bool_or(coalesce(list_type IN ('101', '102', '103'), false)) AS idle
        FROM lines GROUP BY mdtrt_id, fee_date),
      agg AS (
        SELECT mdtrt_id, count(*) AS idle_cnt, list(fee_date ORDER BY fee_date) AS idle_dates,
          string_agg(strftime(fee_date, '%Y-%m-%d'), '、' ORDER BY fee_date) AS idle_text
        FROM days WHERE idle GROUP BY mdtrt_id),
      st AS (
        SELECT v.*, a.idle_cnt, a.idle_dates, a.idle_text, date_diff('day', v.begn_date, v.end_date) + 1 AS total_days
        FROM a_visit v JOIN agg a ON a.mdtrt_id = v.mdtrt_id)
      SELECT x.fixmedins_code, x.psn_no, x.mdtrt_id, x.setl_ids[1] AS setl_id, CAST([] AS VARCHAR[]) AS bkkp_sn,
        x.fund_pay AS amount, x.end_date AS occurred_at,
        json_object('total_days', x.total_days, 'idle_days', x.idle_cnt, 'begin', strftime(x.begn_date, '%Y-%m-%d'),
          'end', strftime(x.end_date, '%Y-%m-%d'),
          'idle_dates', x.idle_text) AS facts,
        json_object('idle_days', x.idle_cnt, 'total_days', x.total_days, 'idle_dates', x.idle_dates,
          'idle_share', round(CAST(x.idle_cnt AS DECIMAL(18,4)) / x.total_days, 4), 'min_idle_days', ?, 'min_idle_share', ?,
          'setl_ids', x.setl_ids) AS evidence,
        'params.idle_days=' || ? || ', params.idle_share=' || ? AS knowledge_ref
      FROM st x
      WHERE x.idle_cnt >= ? OR x.idle_cnt >= CAST(? AS DECIMAL(18,4)) * x.total_days`,
    params: [...p.inpatient_med_types, ...p.idle_types, ...p.neutral_types, p.idle_days, p.idle_share,
      String(p.idle_days), String(p.idle_share), p.idle_days, String(p.idle_share)],
  }),
  realtime: (p, d) => {
    const share = dec(String(p.idle_share)).toDecimalPlaces(4, Decimal.ROUND_HALF_UP); // CAST(? AS DECIMAL(18,4))
    // lines → days: the inpatient visits' lines within their stay, by visit and day (a visit's med_type is one of
    // the warehouse's, so ipt_mt is a prefix test).
    const days = new Map<string, Map<string, Row[]>>();
    for (const f of d.a_fee) {
      if (!f.begn_date || !f.end_date || f.fee_date < f.begn_date || f.fee_date > f.end_date) continue;
      if (!startsWithAny(f.visit_med_type, p.inpatient_med_types)) continue;
      let byDay = days.get(String(f.mdtrt_id));
      if (!byDay) days.set(String(f.mdtrt_id), (byDay = new Map()));
      const lines = byDay.get(f.fee_date);
      if (lines) lines.push(f);
      else byDay.set(f.fee_date, [f]);
    }
    // An idle day: some idle charge, nothing but idle or neutral charges (a NULL charge type is neither), no drug.
    const idle = (t: unknown) => p.idle_types.includes(t as string);
    const neutral = (t: unknown) => p.neutral_types.includes(t as string);
    const isIdleDay = (lines: Row[]) => lines.some((f) => idle(f.med_chrgitm_type))
      && lines.every((f) => idle(f.med_chrgitm_type) || neutral(f.med_chrgitm_type))
      && !lines.some((f) => ['101', '102', '103'].includes(f.list_type));
    const out: RtFindingRow[] = [];
    for (const v of d.a_visit) {
      const byDay = days.get(String(v.mdtrt_id));
      if (!byDay) continue;
      const idleDates = [...byDay].filter(([, lines]) => isIdleDay(lines)).map(([day]) => day).sort();
      if (!idleDates.length) continue;
      const total = dayDiff(v.begn_date, v.end_date) + 1;
      const n = idleDates.length;
      if (!(n >= p.idle_days || share.times(total).lte(n))) continue;
      out.push({
        fixmedins_code: v.fixmedins_code, psn_no: v.psn_no, mdtrt_id: v.mdtrt_id, setl_id: v.setl_ids[0] ?? null, bkkp_sn: [],
        amount: String(v.fund_pay), occurred_at: v.end_date,
        facts: { total_days: total, idle_days: n, begin: v.begn_date, end: v.end_date, idle_dates: idleDates.join('、') },
        evidence: { idle_days: n, total_days: total, idle_dates: idleDates,
          idle_share: new Decimal(n).div(total).toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toNumber(), min_idle_days: p.idle_days,
          min_idle_share: p.idle_share, setl_ids: v.setl_ids },
        knowledge_ref: `params.idle_days=${String(p.idle_days)}, params.idle_share=${String(p.idle_share)}`,
      });
    }
    return out;
  },
});
