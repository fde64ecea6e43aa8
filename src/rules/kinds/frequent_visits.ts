import { z } from 'zod';
import type { SqlParam } from '../../store/warehouse.js';
import { defineRule } from '../types.js';
import { addDays, cmp, sortBy } from '../realtime/helpers.js';
import type { Row, RtFindingRow } from '../realtime/data.js';

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
    id: 'frequent_visits', name_zh: '频繁就医', name_en: 'Frequent visits', category: 'management', scope: 'person', perPerson: true,
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
  realtime: (p, d) => {
    const isNull = (v: unknown) => v === null || v === undefined;
    // ov: outpatient visits (by the full code or its first two characters).
    const ov = d.a_visit.filter((v) => !isNull(v.med_type)
      && (p.med_types.includes(v.med_type) || p.med_types.includes(v.med_type.slice(0, 2))));
    // Visit-time order; the same moment is ordered by mdtrt_id (a NULL begntime is before or after nothing).
    const upTo = (a: Row, b: Row) => !isNull(a.begntime) && !isNull(b.begntime)
      && (a.begntime < b.begntime || (a.begntime === b.begntime && cmp(a.mdtrt_id, b.mdtrt_id) <= 0));
    // win: visits of the window_days days ending on the visit's date, up to the visit itself.
    const win = new Map<string, { n: number; first_date: string }>();
    for (const b of ov) {
      if (isNull(b.begn_date)) continue;
      const from = addDays(b.begn_date, -(p.window_days - 1));
      const inWin = ov.filter((a) => a.psn_no === b.psn_no && !isNull(a.begn_date) && a.begn_date >= from && a.begn_date <= b.begn_date
        && upTo(a, b));
      if (inWin.length > p.max_visits) win.set(b.mdtrt_id, { n: inWin.length, first_date: inWin.map((a) => a.begn_date).sort()[0] });
    }
    // day_inst: the institutions reached each day, ranked by first arrival.
    const days = new Map<string, Map<string, string | null>>();
    for (const v of ov) {
      if (isNull(v.begn_date)) continue;
      const key = `${v.psn_no}\u0000${v.begn_date}`;
      const insts = days.get(key) ?? new Map<string, string | null>();
      const first = insts.get(v.fixmedins_code);
      if (first === undefined || (!isNull(v.begntime) && (first === null || v.begntime < first))) {
        insts.set(v.fixmedins_code, v.begntime ?? null);
      }
      days.set(key, insts);
    }
    const multi = new Map<string, { inst_rank: number; n_inst: number }>();
    for (const o of ov) {
      // A NULL institution takes a rank but matches no visit (USING join).
      if (isNull(o.begn_date) || isNull(o.fixmedins_code)) continue;
      const insts = days.get(`${o.psn_no}\u0000${o.begn_date}`)!;
      const ranked = sortBy([...insts], ([, t]) => t, ([code]) => code).map(([code]) => code);
      const rank = ranked.indexOf(o.fixmedins_code) + 1;
      if (rank >= p.max_institutions_per_day) multi.set(o.mdtrt_id, { inst_rank: rank, n_inst: ranked.length });
    }
    const out: RtFindingRow[] = [];
    for (const o of ov) {
      const w = win.get(o.mdtrt_id); const m = multi.get(o.mdtrt_id);
      if (!w && !m) continue;
      const reasons: string[] = []; const reasonsEn: string[] = []; const refs: string[] = [];
      if (w) {
        reasons.push(`${p.window_days}天内（${w.first_date}至${o.begn_date}）门诊就诊${w.n}次，超过${p.max_visits}次`);
        reasonsEn.push(`${w.n} outpatient visits in ${p.window_days} days (${w.first_date} to ${o.begn_date}), above ${p.max_visits}`);
        refs.push(`params.max_visits=${p.max_visits}, window_days=${p.window_days}`);
      }
      if (m) {
        reasons.push(`${o.begn_date}一日内在${m.n_inst}家医疗机构门诊就诊（本次为第${m.inst_rank}家，阈值${p.max_institutions_per_day}家）`);
        reasonsEn.push(`visits at ${m.n_inst} institutions on ${o.begn_date} (this is number ${m.inst_rank})`);
        refs.push(`params.max_institutions_per_day=${p.max_institutions_per_day}`);
      }
      out.push({
        fixmedins_code: o.fixmedins_code, psn_no: o.psn_no, mdtrt_id: o.mdtrt_id, setl_id: o.setl_ids?.[0] ?? null, bkkp_sn: [],
        amount: String(o.fund_pay), occurred_at: o.begn_date,
        facts: { reasons: reasons.join('；'), reasons_en: reasonsEn.join('; ') },
        evidence: { visits_in_window: w?.n ?? null, window_from: w?.first_date ?? null, institutions_that_day: m?.n_inst ?? null,
          institution_rank: m?.inst_rank ?? null },
        knowledge_ref: refs.join('; '),
      });
    }
    return out;
  },
});
