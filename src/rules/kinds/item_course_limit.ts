import { z } from 'zod';
import { defineRule } from '../types.js';
import { knowledgeRefSql } from '../knowledge-ref.js';
import { cmp, dayDiff, dec, indexBy, knowledgeRef, sortBy, sumDec } from '../realtime/helpers.js';
import type { Row, RtData, RtFindingRow } from '../realtime/data.js';

export const messages = {
  message: { zh: '项目【{item}】{detail}', en: 'item [{item}]: {detail_en}' },
};

/**
 * 项目限支付疗程 (batch 8-3), per person and item code at any institution:
 *  - total course (总时间/支付不超过 N 天): day 1 = date of first use, a gap of more than
 *    course_gap_days days without the item starts a new course, lines on day N+1 or later offend;
 *  - minimum interval (间隔不短于 M 天): a line dated fewer than M days after the previous line
 *    the fund paid for offends (a same-day repeat is 0 days).
 * Only lines the fund paid for are flagged; they are grouped per visit and item. "每周最多一次"
 * texts of this batch are period frequencies and are judged by item_period_frequency.
 */
export const rule = defineRule({
  meta: {
    id: 'item_course_limit', name_zh: '项目限支付疗程', name_en: 'Item payment-course limit', category: 'policy',
    scope: 'person', perPerson: true, severity: 'violation',
    params: z.object({ course_gap_days: z.number().int().nonnegative().default(30) }).strict(),
    knowledge: '第八批 医疗服务项目限支付疗程',
    amount_zh: '超出疗程或间隔不足的明细 det_item_fee_sumamt − fulamt_ownpay_amt 之和',
    basis: '《医疗保障基金使用监督管理条例》第十五条',
  },
  batch: (p) => ({
    sql: `WITH p AS (SELECT CAST(? AS INTEGER) AS gap_days),
      k AS (
        SELECT DISTINCT ON (hilist_code) hilist_code, total_days, min_interval_days, src_file, src_sheet, src_row
        FROM kn_effective_item_restriction WHERE total_days IS NOT NULL OR min_interval_days IS NOT NULL
        ORDER BY hilist_code, src_file, src_row),
      u AS (
        SELECT f.*, k.total_days, k.min_interval_days, k.src_file, k.src_sheet, k.src_row
        FROM a_fee f JOIN k ON k.hilist_code = f.hilist_code),
      -- Use days; a day opens a course when it is the first or more than gap_days days passed without the item.
      d AS (
        SELECT s.psn_no, s.hilist_code, s.fee_date,
          coalesce(date_diff('day', lag(s.fee_date) OVER (PARTITION BY s.psn_no, s.hilist_code ORDER BY s.fee_date),
            s.fee_date) - 1 > p.gap_days, true) AS opens
        FROM (SELECT DISTINCT psn_no, hilist_code, fee_date FROM u) s CROSS JOIN p),
      c AS (
        SELECT psn_no, hilist_code, fee_date,
          max(CASE WHEN opens THEN fee_date END) OVER (PARTITION BY psn_no, hilist_code ORDER BY fee_date) AS course_start
        FROM d),
      paid AS (
        SELECT u.*, c.course_start, date_diff('day', c.course_start, u.fee_date) + 1 AS course_day,
          date_diff('day', lag(u.fee_date) OVER (PARTITION BY u.psn_no, u.hilist_code
            ORDER BY u.fee_date, u.fee_ocur_time, u.fixmedins_code, u.bkkp_sn), u.fee_date) AS gap
        FROM u JOIN c USING (psn_no, hilist_code, fee_date) WHERE u.fund_amt > 0),
      x AS (
        SELECT *, coalesce(course_day > total_days, false) AS beyond, coalesce(gap < min_interval_days, false) AS too_soon
        FROM paid)
      SELECT x.fixmedins_code, x.psn_no, x.mdtrt_id, min(x.setl_id) AS setl_id,
        list(x.bkkp_sn ORDER BY x.fee_ocur_time, x.bkkp_sn) AS bkkp_sn, sum(x.fund_amt) AS amount, min(x.fee_date) AS occurred_at,
        json_object('item', min(x.hilist_name),
          'detail', concat_ws('；',
            CASE WHEN bool_or(x.beyond) THEN '限支付' || any_value(x.total_days) || '天，疗程首次收费'
              || CAST(min(x.course_start) FILTER (WHERE x.beyond) AS VARCHAR) || '，第' || min(x.course_day) FILTER (WHERE x.beyond)
              || '天起' || count(*) FILTER (WHERE x.beyond) || '条费用超出支付疗程' END,
            CASE WHEN bool_or(x.too_soon) THEN '两次收费间隔不短于' || any_value(x.min_interval_days) || '天，'
              || count(*) FILTER (WHERE x.too_soon) || '条距上次收费不足' || any_value(x.min_interval_days) || '天（最短'
              || min(x.gap) FILTER (WHERE x.too_soon) || '天）' END),
          'detail_en', concat_ws('; ',
            CASE WHEN bool_or(x.beyond) THEN 'paid for at most ' || any_value(x.total_days) || ' days, '
              || count(*) FILTER (WHERE x.beyond) || ' line(s) beyond the course' END,
            CASE WHEN bool_or(x.too_soon) THEN count(*) FILTER (WHERE x.too_soon) || ' line(s) less than '
              || any_value(x.min_interval_days) || ' days after the previous one' END)) AS facts,
        json_object('total_days', any_value(x.total_days), 'min_interval_days', any_value(x.min_interval_days),
          'lines', list(json_object('bkkp_sn', x.bkkp_sn, 'fee_date', CAST(x.fee_date AS VARCHAR),
            'course_start', CAST(x.course_start AS VARCHAR), 'course_day', x.course_day, 'days_since_previous', x.gap,
            'beyond_course', x.beyond, 'interval_too_short', x.too_soon, 'fund_amt', x.fund_amt)
            ORDER BY x.fee_ocur_time, x.bkkp_sn)) AS evidence,
        first(${knowledgeRefSql('x')} ORDER BY x.fee_ocur_time, x.bkkp_sn) AS knowledge_ref
      FROM x WHERE x.beyond OR x.too_soon
      GROUP BY x.fixmedins_code, x.psn_no, x.mdtrt_id, x.hilist_code`,
    params: [p.course_gap_days],
  }),
  realtime: (p, d) => courseFindings(p.course_gap_days, d),
});

const isNull = (v: unknown): boolean => v === null || v === undefined;

/** Knowledge row k of a code: the first row with a total course or interval limit by (src_file, src_row). */
function limitRow(code: string, byCode: Map<string, Row[]>): Row | undefined {
  const rows = (byCode.get(code) ?? []).filter((k) => !isNull(k.total_days) || !isNull(k.min_interval_days));
  return sortBy([...rows], (k) => k.src_file, (k) => k.src_row)[0];
}

/** Course start per use day (CTEs d and c): a day opens a course when it is the first or follows a pause of more than gapDays days. */
function courseStarts(days: string[], gapDays: number): Map<string, string> {
  const out = new Map<string, string>();
  let start = '';
  days.forEach((day, i) => {
    if (i === 0 || dayDiff(days[i - 1], day) - 1 > gapDays) start = day;
    out.set(day, start);
  });
  return out;
}

interface Paid { f: Row; k: Row; start: string; day: number; gap: number | null; beyond: boolean; tooSoon: boolean }

function courseFindings(gapDays: number, d: RtData): RtFindingRow[] {
  const byCode = indexBy(d.kn.item_restriction, 'hilist_code');
  // u per (psn_no, hilist_code): every line of a limited item, paid or not, marks a use day.
  const u = new Map<string, { f: Row; k: Row }[]>();
  for (const f of d.a_fee) {
    const k = limitRow(f.hilist_code, byCode);
    if (!k) continue;
    const key = `${f.psn_no}\u0000${f.hilist_code}`;
    u.set(key, [...(u.get(key) ?? []), { f, k }]);
  }
  const x: Paid[] = [];
  for (const lines of u.values()) {
    const starts = courseStarts([...new Set(lines.map((l) => l.f.fee_date as string))].sort(), gapDays);
    // paid: the interval runs from the previous line the fund paid for.
    const paid = sortBy(lines.filter((l) => !isNull(l.f.fund_amt) && dec(l.f.fund_amt).gt(0)),
      (l) => l.f.fee_date, (l) => l.f.fee_ocur_time, (l) => l.f.fixmedins_code, (l) => l.f.bkkp_sn);
    paid.forEach(({ f, k }, i) => {
      const start = starts.get(f.fee_date)!;
      const day = dayDiff(start, f.fee_date) + 1;
      const gap = i === 0 ? null : dayDiff(paid[i - 1].f.fee_date, f.fee_date);
      x.push({ f, k, start, day, gap, beyond: !isNull(k.total_days) && day > k.total_days,
        tooSoon: gap !== null && !isNull(k.min_interval_days) && gap < k.min_interval_days });
    });
  }
  const groups = new Map<string, Paid[]>();
  for (const r of x) {
    if (!r.beyond && !r.tooSoon) continue;
    const g = `${r.f.fixmedins_code}\u0000${r.f.psn_no}\u0000${r.f.mdtrt_id}\u0000${r.f.hilist_code}`;
    groups.set(g, [...(groups.get(g) ?? []), r]);
  }
  const out: RtFindingRow[] = [];
  for (const rows of groups.values()) {
    sortBy(rows, (r) => r.f.fee_ocur_time, (r) => r.f.bkkp_sn);
    const { f, k } = rows[0];
    const beyond = rows.filter((r) => r.beyond);
    const tooSoon = rows.filter((r) => r.tooSoon);
    const names = rows.map((r) => r.f.hilist_name).filter((n) => !isNull(n)).sort(cmp);
    const setlIds = rows.map((r) => r.f.setl_id).filter((s) => !isNull(s)).sort(cmp);
    const detail: string[] = []; const detailEn: string[] = [];
    if (beyond.length) {
      detail.push(`限支付${k.total_days}天，疗程首次收费${beyond.map((r) => r.start).sort()[0]}，第${
        Math.min(...beyond.map((r) => r.day))}天起${beyond.length}条费用超出支付疗程`);
      detailEn.push(`paid for at most ${k.total_days} days, ${beyond.length} line(s) beyond the course`);
    }
    if (tooSoon.length) {
      detail.push(`两次收费间隔不短于${k.min_interval_days}天，${tooSoon.length}条距上次收费不足${k.min_interval_days}天（最短${
        Math.min(...tooSoon.map((r) => r.gap!))}天）`);
      detailEn.push(`${tooSoon.length} line(s) less than ${k.min_interval_days} days after the previous one`);
    }
    out.push({
      fixmedins_code: f.fixmedins_code, psn_no: f.psn_no, mdtrt_id: f.mdtrt_id, setl_id: setlIds[0] ?? null,
      bkkp_sn: rows.map((r) => r.f.bkkp_sn), amount: sumDec(rows, (r) => r.f.fund_amt).toString(),
      occurred_at: rows.map((r) => r.f.fee_date as string).sort()[0],
      facts: { item: names[0] ?? null, detail: detail.join('；'), detail_en: detailEn.join('; ') },
      evidence: { total_days: k.total_days ?? null, min_interval_days: k.min_interval_days ?? null,
        lines: rows.map((r) => ({ bkkp_sn: r.f.bkkp_sn, fee_date: r.f.fee_date, course_start: r.start, course_day: r.day,
          days_since_previous: r.gap, beyond_course: r.beyond, interval_too_short: r.tooSoon, fund_amt: r.f.fund_amt })) },
      knowledge_ref: knowledgeRef(k),
    });
  }
  return out;
}
