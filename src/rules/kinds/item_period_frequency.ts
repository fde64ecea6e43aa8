import { z } from 'zod';
import { defineRule } from '../types.js';
import { Decimal } from 'decimal.js';
import { knowledgeRefSql } from '../knowledge-ref.js';
import { addDays, cmp, dec, indexBy, knowledgeRef, sortBy, sumDec } from '../realtime/helpers.js';
import type { Row, RtData, RtFindingRow } from '../realtime/data.js';

export const messages = {
  message: {
    zh: '项目【{item}】限{period_days}天内{max_cnt}次，{window_from}至{window_to}共收费{window_cnt}次',
    en: 'item [{item}] is limited to {max_cnt} in {period_days} days; {window_cnt} billed from {window_from} to {window_to}',
  },
};

/**
 * 限定周期 (batch 8-4, and the 每周最多一次 texts of batch 8-3): a line offends when, counting its own
 * quantity, the person's lines of the item the fund paid for (at any institution) on the D days
 * ending on its date (d−D+1 … d) add up to more than K. Offending lines are grouped per visit and
 * item; the amount is their fund-eligible amount.
 */
export const rule = defineRule({
  meta: {
    id: 'item_period_frequency', name_zh: '限定周期', name_en: 'Period frequency limit', category: 'policy',
    scope: 'person', perPerson: true, severity: 'violation', params: z.object({}).strict(), knowledge: '第八批 医疗服务项目周期超频次',
    amount_zh: '超频次明细的 det_item_fee_sumamt − fulamt_ownpay_amt 之和', basis: '《医疗保障基金使用监督管理条例》第十五条',
  },
  batch: () => ({
    sql: `WITH k AS (
        -- One row per distinct limit of a code; batch 8-4 is cited before an identical 8-3 text.
        SELECT DISTINCT ON (hilist_code, period_max_cnt, period_days)
          hilist_code, period_max_cnt, period_days, src_file, src_sheet, src_row
        FROM kn_effective_item_restriction WHERE period_max_cnt IS NOT NULL AND period_days IS NOT NULL
        ORDER BY hilist_code, period_max_cnt, period_days, kind <> 'item-period', src_file, src_row),
      u AS (
        SELECT f.*, k.period_max_cnt, k.period_days, k.src_file, k.src_sheet, k.src_row
        FROM a_fee f JOIN k ON k.hilist_code = f.hilist_code WHERE f.fund_amt > 0),
      w AS (
        SELECT u.fixmedins_code, u.bkkp_sn, u.period_max_cnt, u.period_days, sum(g.cnt) AS window_cnt
        FROM u JOIN u g ON g.psn_no = u.psn_no AND g.hilist_code = u.hilist_code
          AND g.period_max_cnt = u.period_max_cnt AND g.period_days = u.period_days
          AND g.fee_date BETWEEN u.fee_date - CAST(u.period_days - 1 AS INTEGER) AND u.fee_date
        GROUP BY ALL),
      x AS (
        -- A line offending under two limits of its code keeps the one it exceeds most.
        SELECT u.*, w.window_cnt, u.fee_date - CAST(u.period_days - 1 AS INTEGER) AS window_from
        FROM u JOIN w USING (fixmedins_code, bkkp_sn, period_max_cnt, period_days)
        WHERE w.window_cnt > u.period_max_cnt
        QUALIFY row_number() OVER (PARTITION BY u.fixmedins_code, u.bkkp_sn
          ORDER BY w.window_cnt - u.period_max_cnt DESC, u.period_days DESC, u.src_file, u.src_row) = 1)
      SELECT x.fixmedins_code, x.psn_no, x.mdtrt_id, min(x.setl_id) AS setl_id,
        list(x.bkkp_sn ORDER BY x.fee_ocur_time, x.bkkp_sn) AS bkkp_sn, sum(x.fund_amt) AS amount, min(x.fee_date) AS occurred_at,
        json_object('item', min(x.hilist_name),
          'period_days', first(x.period_days ORDER BY x.fee_ocur_time, x.bkkp_sn),
          'max_cnt', first(x.period_max_cnt ORDER BY x.fee_ocur_time, x.bkkp_sn),
          'window_from', first(CAST(x.window_from AS VARCHAR) ORDER BY x.fee_ocur_time, x.bkkp_sn),
          'window_to', first(CAST(x.fee_date AS VARCHAR) ORDER BY x.fee_ocur_time, x.bkkp_sn),
          'window_cnt', first(regexp_replace(regexp_replace(CAST(x.window_cnt AS VARCHAR), '(\\.\\d*?)0+$', '\\1'), '\\.$', '')
            ORDER BY x.fee_ocur_time, x.bkkp_sn)) AS facts,
        json_object('lines', list(json_object('bkkp_sn', x.bkkp_sn, 'fee_date', CAST(x.fee_date AS VARCHAR), 'cnt', x.cnt,
            'window_from', CAST(x.window_from AS VARCHAR), 'window_cnt', x.window_cnt, 'period_max_cnt', x.period_max_cnt,
            'period_days', x.period_days, 'fund_amt', x.fund_amt) ORDER BY x.fee_ocur_time, x.bkkp_sn)) AS evidence,
        first(${knowledgeRefSql('x')} ORDER BY x.fee_ocur_time, x.bkkp_sn) AS knowledge_ref
      FROM x GROUP BY x.fixmedins_code, x.psn_no, x.mdtrt_id, x.hilist_code`,
  }),
  realtime: (_p, d) => periodFindings(d),
});

const isNull = (v: unknown): boolean => v === null || v === undefined;

/** k: one knowledge row per distinct limit (period_max_cnt, period_days) of a code, batch 8-4 rows first. */
function limits(code: string, byCode: Map<string, Row[]>): Row[] {
  const rows = sortBy((byCode.get(code) ?? []).filter((k) => !isNull(k.period_max_cnt) && !isNull(k.period_days)),
    (k) => k.period_max_cnt, (k) => k.period_days, (k) => (k.kind !== 'item-period' ? 1 : 0), (k) => k.src_file, (k) => k.src_row);
  return rows.filter((k, i) => i === 0 || k.period_max_cnt !== rows[i - 1].period_max_cnt
    || k.period_days !== rows[i - 1].period_days);
}

interface Hit { f: Row; k: Row; windowCnt: Decimal; windowFrom: string }

function periodFindings(d: RtData): RtFindingRow[] {
  const byCode = indexBy(d.kn.item_restriction, 'hilist_code');
  // u: paid lines of limited items, once per limit of their code.
  const u: { f: Row; k: Row }[] = [];
  for (const f of d.a_fee) {
    if (isNull(f.fund_amt) || !dec(f.fund_amt).gt(0)) continue;
    for (const k of limits(f.hilist_code, byCode)) u.push({ f, k });
  }
  const same = new Map<string, { f: Row; k: Row }[]>();
  const keyOf = ({ f, k }: { f: Row; k: Row }) => `${f.psn_no}\u0000${f.hilist_code}\u0000${k.period_max_cnt}\u0000${k.period_days}`;
  for (const x of u) same.set(keyOf(x), [...(same.get(keyOf(x)) ?? []), x]);
  // w, x: the quantity on the period_days days ending on the line's date; a line over two limits keeps the one it exceeds most.
  const best = new Map<string, Hit>();
  for (const { f, k } of u) {
    const from = addDays(f.fee_date, -(k.period_days - 1));
    const windowCnt = sumDec(same.get(keyOf({ f, k }))!.filter((g) => g.f.fee_date >= from && g.f.fee_date <= f.fee_date),
      (g) => g.f.cnt);
    if (!windowCnt.gt(k.period_max_cnt)) continue;
    const hit = { f, k, windowCnt, windowFrom: from };
    const line = `${f.fixmedins_code}\u0000${f.bkkp_sn}`;
    const prev = best.get(line);
    if (!prev || rank(hit, prev) < 0) best.set(line, hit);
  }
  const groups = new Map<string, Hit[]>();
  for (const h of best.values()) {
    const g = `${h.f.fixmedins_code}\u0000${h.f.psn_no}\u0000${h.f.mdtrt_id}\u0000${h.f.hilist_code}`;
    groups.set(g, [...(groups.get(g) ?? []), h]);
  }
  const out: RtFindingRow[] = [];
  for (const rows of groups.values()) {
    sortBy(rows, (h) => h.f.fee_ocur_time, (h) => h.f.bkkp_sn);
    const first = rows[0];
    const names = rows.map((h) => h.f.hilist_name).filter((n) => !isNull(n)).sort(cmp);
    const setlIds = rows.map((h) => h.f.setl_id).filter((s) => !isNull(s)).sort(cmp);
    out.push({
      fixmedins_code: first.f.fixmedins_code, psn_no: first.f.psn_no, mdtrt_id: first.f.mdtrt_id, setl_id: setlIds[0] ?? null,
      bkkp_sn: rows.map((h) => h.f.bkkp_sn), amount: sumDec(rows, (h) => h.f.fund_amt).toString(),
      occurred_at: rows.map((h) => h.f.fee_date as string).sort()[0],
      facts: { item: names[0] ?? null, period_days: first.k.period_days, max_cnt: first.k.period_max_cnt,
        window_from: first.windowFrom, window_to: first.f.fee_date, window_cnt: first.windowCnt.toFixed() },
      evidence: { lines: rows.map(({ f, k, windowCnt, windowFrom }) => ({ bkkp_sn: f.bkkp_sn, fee_date: f.fee_date, cnt: f.cnt,
        window_from: windowFrom, window_cnt: windowCnt.toFixed(4), period_max_cnt: k.period_max_cnt, period_days: k.period_days,
        fund_amt: f.fund_amt })) },
      knowledge_ref: knowledgeRef(first.k),
    });
  }
  return out;
}

/** The QUALIFY order: the larger excess first, then the longer period, then the knowledge row. */
function rank(a: Hit, b: Hit): number {
  const ea = a.windowCnt.minus(a.k.period_max_cnt); const eb = b.windowCnt.minus(b.k.period_max_cnt);
  if (!ea.eq(eb)) return ea.gt(eb) ? -1 : 1;
  if (a.k.period_days !== b.k.period_days) return b.k.period_days - a.k.period_days;
  return cmp(a.k.src_file, b.k.src_file) || cmp(a.k.src_row, b.k.src_row);
}
