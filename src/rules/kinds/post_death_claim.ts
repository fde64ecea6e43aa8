import { z } from 'zod';
import { defineRule } from '../types.js';
import { addDays, cmp, sortBy, sumDec } from '../realtime/helpers.js';
import type { Row, RtFindingRow } from '../realtime/data.js';

export const messages = {
  message: {
    zh: '参保人已于{die_date}死亡，{date}仍在{inst}{what}',
    en: 'the insured person died on {die_date}; on {date} {what_en} at {inst}',
  },
};

/**
 * 死亡后就医: fees on or after the person's death date (+ grace_days).
 * Death date: psn_info.die_date, else the earliest die_date recorded on the person's valid visits.
 * A visit begun on or after death date + grace is the offending visit: amount = its fund payment.
 * A visit already under way at death (the stay in which the person died) legitimately bills the death day,
 * so only its lines dated after death date + grace are flagged: amount = those lines' fund amount.
 */
export const rule = defineRule({
  meta: {
    id: 'post_death_claim', name_zh: '死亡后就医', name_en: 'Claims after death', category: 'management', scope: 'person', perPerson: true,
    severity: 'violation',
    params: z.object({ grace_days: z.number().int().min(0).max(365).default(0) }).strict(),
    knowledge: null,
    amount_zh: '死亡日（+宽限天数）及以后开始的就诊：该就诊各结算的 fund_pay_sumamt 之和；死亡时在院的就诊：死亡日（+宽限天数）之后明细的 det_item_fee_sumamt − fulamt_ownpay_amt',
    basis: '《医疗保障基金使用监督管理条例》第十五条、第十九条',
  },
  batch: (p) => ({
    sql: `WITH d AS (
        SELECT psn_no, coalesce(max(psn_die_date), min(die_date)) AS die_date FROM a_visit GROUP BY psn_no
        HAVING coalesce(max(psn_die_date), min(die_date)) IS NOT NULL),
      whole AS (
        SELECT v.fixmedins_code, v.psn_no, v.mdtrt_id, v.setl_ids[1] AS setl_id, CAST([] AS VARCHAR[]) AS bkkp_sn,
          v.fund_pay AS amount, v.begn_date AS occurred_at, d.die_date, coalesce(v.fixmedins_name, v.fixmedins_code) AS inst,
          0 AS n_lines, v.med_type
        FROM a_visit v JOIN d ON d.psn_no = v.psn_no WHERE v.begn_date >= d.die_date + CAST(? AS INTEGER)),
      part AS (
        SELECT f.fixmedins_code, f.psn_no, f.mdtrt_id, min(f.setl_id) AS setl_id, list(f.bkkp_sn ORDER BY f.bkkp_sn) AS bkkp_sn,
          sum(f.fund_amt) AS amount, min(f.fee_date) AS occurred_at, d.die_date,
          coalesce(any_value(v.fixmedins_name), f.fixmedins_code) AS inst, count(*) AS n_lines, any_value(v.med_type) AS med_type
        FROM a_fee f JOIN d ON d.psn_no = f.psn_no JOIN a_visit v ON v.mdtrt_id = f.mdtrt_id
        WHERE f.begn_date < d.die_date + CAST(? AS INTEGER) AND f.fee_date > d.die_date + CAST(? AS INTEGER)
        GROUP BY f.fixmedins_code, f.psn_no, f.mdtrt_id, d.die_date)
      SELECT x.fixmedins_code, x.psn_no, x.mdtrt_id, x.setl_id, x.bkkp_sn, x.amount, x.occurred_at,
        json_object('die_date', strftime(x.die_date, '%Y-%m-%d'), 'date', strftime(x.occurred_at, '%Y-%m-%d'), 'inst', x.inst,
          'what', CASE WHEN x.n_lines = 0 THEN '就医结算' ELSE '计费（死亡后明细' || x.n_lines || '条）' END,
          'what_en', CASE WHEN x.n_lines = 0 THEN 'a visit was settled' ELSE x.n_lines || ' fee lines were billed' END) AS facts,
        json_object('die_date', x.die_date, 'grace_days', ?, 'med_type', x.med_type,
          'scope', CASE WHEN x.n_lines = 0 THEN 'visit' ELSE 'lines' END) AS evidence,
        'params.grace_days=' || ? AS knowledge_ref
      FROM (SELECT * FROM whole UNION ALL BY NAME SELECT * FROM part) x`,
    params: [p.grace_days, p.grace_days, p.grace_days, p.grace_days, String(p.grace_days)],
  }),
  realtime: (p, d) => {
    const isNull = (v: unknown) => v === null || v === undefined;
    // d: the death date per person, psn_info's first, else the earliest one recorded on a visit.
    const deaths = new Map<string, { psn: string | null; visit: string | null }>();
    for (const v of d.a_visit) {
      const x = deaths.get(v.psn_no) ?? { psn: null, visit: null };
      if (!isNull(v.psn_die_date) && (x.psn === null || v.psn_die_date > x.psn)) x.psn = v.psn_die_date;
      if (!isNull(v.die_date) && (x.visit === null || v.die_date < x.visit)) x.visit = v.die_date;
      deaths.set(v.psn_no, x);
    }
    const dieDate = (psn: string): string | null => {
      const x = deaths.get(psn);
      return x ? x.psn ?? x.visit : null;
    };
    const out: RtFindingRow[] = [];
    const finding = (x: { fixmedins_code: string; psn_no: string; mdtrt_id: string; setl_id: string | null; bkkp_sn: string[];
      amount: string; occurred_at: string; die_date: string; inst: string; n_lines: number; med_type: unknown }): RtFindingRow => ({
      fixmedins_code: x.fixmedins_code, psn_no: x.psn_no, mdtrt_id: x.mdtrt_id, setl_id: x.setl_id, bkkp_sn: x.bkkp_sn,
      amount: x.amount, occurred_at: x.occurred_at,
      facts: { die_date: x.die_date, date: x.occurred_at, inst: x.inst,
        what: x.n_lines === 0 ? '就医结算' : `计费（死亡后明细${x.n_lines}条）`,
        what_en: x.n_lines === 0 ? 'a visit was settled' : `${x.n_lines} fee lines were billed` },
      evidence: { die_date: x.die_date, grace_days: p.grace_days, med_type: x.med_type ?? null,
        scope: x.n_lines === 0 ? 'visit' : 'lines' },
      knowledge_ref: `params.grace_days=${p.grace_days}`,
    });
    // whole: visits begun on or after death date + grace.
    for (const v of d.a_visit) {
      const die = dieDate(v.psn_no);
      if (die === null || isNull(v.begn_date) || !(v.begn_date >= addDays(die, p.grace_days))) continue;
      out.push(finding({ fixmedins_code: v.fixmedins_code, psn_no: v.psn_no, mdtrt_id: v.mdtrt_id, setl_id: v.setl_ids?.[0] ?? null,
        bkkp_sn: [], amount: String(v.fund_pay), occurred_at: v.begn_date, die_date: die, inst: v.fixmedins_name ?? v.fixmedins_code,
        n_lines: 0, med_type: v.med_type }));
    }
    // part: lines after death date + grace of visits begun before it, per visit.
    const visits = new Map(d.a_visit.map((v) => [String(v.mdtrt_id), v]));
    const groups = new Map<string, Row[]>();
    for (const f of d.a_fee) {
      const die = dieDate(f.psn_no);
      if (die === null || !visits.has(String(f.mdtrt_id))) continue;
      const limit = addDays(die, p.grace_days);
      if (isNull(f.begn_date) || !(f.begn_date < limit) || !(f.fee_date > limit)) continue;
      const key = `${f.fixmedins_code}\u0000${f.psn_no}\u0000${f.mdtrt_id}`;
      groups.set(key, [...(groups.get(key) ?? []), f]);
    }
    for (const lines of groups.values()) {
      const f = lines[0];
      const v = visits.get(String(f.mdtrt_id))!;
      out.push(finding({ fixmedins_code: f.fixmedins_code, psn_no: f.psn_no, mdtrt_id: f.mdtrt_id,
        setl_id: lines.map((l) => l.setl_id).filter((x) => !isNull(x)).sort(cmp)[0] ?? null,
        bkkp_sn: sortBy([...lines], (l) => l.bkkp_sn).map((l) => l.bkkp_sn), amount: sumDec(lines, 'fund_amt').toString(),
        occurred_at: lines.map((l) => l.fee_date as string).sort()[0], die_date: dieDate(f.psn_no)!,
        inst: v.fixmedins_name ?? f.fixmedins_code, n_lines: lines.length, med_type: v.med_type }));
    }
    return out;
  },
});
