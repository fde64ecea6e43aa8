import { z } from 'zod';
import { defineRule } from '../types.js';
import { knowledgeRefSql } from '../knowledge-ref.js';
import { cmp, dayDiff, dec, indexBy, knowledgeRef, sortBy, sumDec } from '../realtime/helpers.js';
import type { Row, RtData, RtFindingRow } from '../realtime/data.js';

export const messages = {
  message: {
    zh: '药品【{item}】限支付{days}天，本疗程首次使用{course_start}，第{first_day}天（{first_date}）起{n}条费用超出支付疗程',
    en: 'drug [{item}] is paid for at most {days} days; the course began {course_start} and {n} line(s) from day {first_day} ({first_date}) are beyond it',
  },
};

/**
 * 限定支付疗程 (batch 6). Per person and drug (the 通用名 restriction row, so every national code of
 * the drug counts), a course starts on the date of first use; a gap of more than course_gap_days
 * days without the drug starts a new one. Lines dated on day N+1 of a course or later are flagged,
 * grouped per visit. Texts limiting a single stay (单次住院) count each visit as its own course.
 */
export const rule = defineRule({
  meta: {
    id: 'drug_course_limit', name_zh: '限定支付疗程', name_en: 'Drug payment-course limit', category: 'policy',
    scope: 'person', perPerson: true, severity: 'violation',
    params: z.object({ course_gap_days: z.number().int().nonnegative().default(30) }).strict(),
    knowledge: '第六批 限定支付疗程药品',
    amount_zh: '超出疗程天数的明细 det_item_fee_sumamt − fulamt_ownpay_amt 之和', basis: '《医疗保障基金使用监督管理条例》第十五条',
  },
  batch: (p) => ({
    sql: `WITH p AS (SELECT CAST(? AS INTEGER) AS gap_days),
      k AS (
        SELECT DISTINCT ON (hilist_code) hilist_code, hilist_name AS drug_name, course_days, lmt_src_file, lmt_src_row,
          coalesce(drug_dscr, '') LIKE '%单次住院%' AS per_stay, src_file, src_sheet, src_row
        FROM kn_effective_drug_restriction WHERE course_days IS NOT NULL
        ORDER BY hilist_code, src_file, src_row),
      u AS (
        SELECT f.*, k.drug_name, k.course_days, k.src_file, k.src_sheet, k.src_row,
          concat_ws('|', f.psn_no, k.lmt_src_file, CAST(k.lmt_src_row AS VARCHAR), CASE WHEN k.per_stay THEN f.mdtrt_id END) AS course_key
        FROM a_fee f JOIN k ON k.hilist_code = f.hilist_code),
      -- Use days; a day opens a course when it is the first or more than gap_days days passed without the drug.
      d AS (
        SELECT s.course_key, s.fee_date,
          coalesce(date_diff('day', lag(s.fee_date) OVER (PARTITION BY s.course_key ORDER BY s.fee_date), s.fee_date) - 1
            > p.gap_days, true) AS opens
        FROM (SELECT DISTINCT course_key, fee_date FROM u) s CROSS JOIN p),
      c AS (
        SELECT course_key, fee_date,
          max(CASE WHEN opens THEN fee_date END) OVER (PARTITION BY course_key ORDER BY fee_date) AS course_start
        FROM d),
      x AS (
        SELECT u.*, c.course_start, date_diff('day', c.course_start, u.fee_date) + 1 AS course_day
        FROM u JOIN c USING (course_key, fee_date)
        WHERE date_diff('day', c.course_start, u.fee_date) + 1 > u.course_days AND u.fund_amt > 0)
      SELECT x.fixmedins_code, x.psn_no, x.mdtrt_id, min(x.setl_id) AS setl_id,
        list(x.bkkp_sn ORDER BY x.fee_ocur_time, x.bkkp_sn) AS bkkp_sn, sum(x.fund_amt) AS amount, min(x.fee_date) AS occurred_at,
        json_object('item', any_value(x.drug_name), 'days', any_value(x.course_days),
          'course_start', CAST(x.course_start AS VARCHAR), 'first_day', min(x.course_day),
          'first_date', CAST(min(x.fee_date) AS VARCHAR), 'n', count(*)) AS facts,
        json_object('course_days', any_value(x.course_days), 'course_start', CAST(x.course_start AS VARCHAR),
          'lines', list(json_object('bkkp_sn', x.bkkp_sn, 'hilist_code', x.hilist_code, 'fee_date', CAST(x.fee_date AS VARCHAR),
            'course_day', x.course_day, 'cnt', x.cnt, 'fund_amt', x.fund_amt) ORDER BY x.fee_ocur_time, x.bkkp_sn)) AS evidence,
        first(${knowledgeRefSql('x')} ORDER BY x.fee_ocur_time, x.bkkp_sn) AS knowledge_ref
      FROM x GROUP BY x.fixmedins_code, x.psn_no, x.mdtrt_id, x.course_key, x.course_start`,
    params: [p.course_gap_days],
  }),
  realtime: (p, d) => courseFindings(p.course_gap_days, d),
});

/** Knowledge row k of a code: the first row with a course limit by (src_file, src_row). */
function courseRow(code: string, byCode: Map<string, Row[]>): Row | undefined {
  const rows = (byCode.get(code) ?? []).filter((k) => k.course_days !== null && k.course_days !== undefined);
  return sortBy([...rows], (k) => k.src_file, (k) => k.src_row)[0];
}

/** concat_ws: NULL parts are skipped. */
const concatWs = (sep: string, ...parts: unknown[]): string =>
  parts.filter((x) => x !== null && x !== undefined).map(String).join(sep);

/**
 * Course start per use day of one course key (CTEs d and c): a day opens a course when it is the
 * first or more than gapDays days passed since the previous use day.
 */
function courseStarts(days: string[], gapDays: number): Map<string, string> {
  const out = new Map<string, string>();
  let start = '';
  days.forEach((day, i) => {
    if (i === 0 || dayDiff(days[i - 1], day) - 1 > gapDays) start = day;
    out.set(day, start);
  });
  return out;
}

function courseFindings(gapDays: number, d: RtData): RtFindingRow[] {
  const byCode = indexBy(d.kn.drug_restriction, 'hilist_code');
  // u: fee lines of restricted drugs with their course key (per person and 通用名 row, per visit for 单次住院 texts).
  const u: { f: Row; k: Row; key: string }[] = [];
  for (const f of d.a_fee) {
    const k = courseRow(f.hilist_code, byCode);
    if (!k) continue;
    const perStay = String(k.drug_dscr ?? '').includes('单次住院');
    u.push({ f, k, key: concatWs('|', f.psn_no, k.lmt_src_file, k.lmt_src_row, perStay ? f.mdtrt_id : null) });
  }
  const daysByKey = new Map<string, Set<string>>();
  for (const x of u) daysByKey.set(x.key, (daysByKey.get(x.key) ?? new Set()).add(x.f.fee_date));
  const starts = new Map<string, Map<string, string>>();
  for (const [key, days] of daysByKey) starts.set(key, courseStarts([...days].sort(), gapDays));

  // x: lines on a day past the course, paid by the fund; grouped per visit, course key and course start.
  const groups = new Map<string, { f: Row; k: Row; start: string; day: number }[]>();
  for (const { f, k, key } of u) {
    const start = starts.get(key)!.get(f.fee_date)!;
    const day = dayDiff(start, f.fee_date) + 1;
    if (!(day > k.course_days) || !(f.fund_amt !== null && dec(f.fund_amt).gt(0))) continue;
    const g = `${f.fixmedins_code}\u0000${f.psn_no}\u0000${f.mdtrt_id}\u0000${key}\u0000${start}`;
    const list = groups.get(g) ?? [];
    list.push({ f, k, start, day });
    groups.set(g, list);
  }
  const out: RtFindingRow[] = [];
  for (const rows of groups.values()) {
    sortBy(rows, (x) => x.f.fee_ocur_time, (x) => x.f.bkkp_sn);
    const first = rows[0];
    const minDate = rows.map((x) => x.f.fee_date as string).sort()[0];
    const setlIds = rows.map((x) => x.f.setl_id).filter((s) => s !== null && s !== undefined).sort(cmp);
    out.push({
      fixmedins_code: first.f.fixmedins_code, psn_no: first.f.psn_no, mdtrt_id: first.f.mdtrt_id, setl_id: setlIds[0] ?? null,
      bkkp_sn: rows.map((x) => x.f.bkkp_sn), amount: sumDec(rows, (x) => x.f.fund_amt).toString(), occurred_at: minDate,
      facts: { item: first.k.hilist_name, days: first.k.course_days, course_start: first.start,
        first_day: Math.min(...rows.map((x) => x.day)), first_date: minDate, n: rows.length },
      evidence: { course_days: first.k.course_days, course_start: first.start,
        lines: rows.map(({ f, day }) => ({ bkkp_sn: f.bkkp_sn, hilist_code: f.hilist_code, fee_date: f.fee_date, course_day: day,
          cnt: f.cnt, fund_amt: f.fund_amt })) },
      knowledge_ref: knowledgeRef(first.k),
    });
  }
  return out;
}
