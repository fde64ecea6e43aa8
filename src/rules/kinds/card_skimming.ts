import { z } from 'zod';
import type { SqlParam } from '../../store/warehouse.js';
import { defineRule } from '../types.js';
import { dateOf, indexBy, sortBy } from '../realtime/helpers.js';
import type { Row, RtData, RtFindingRow } from '../realtime/data.js';

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
  realtime: (p, d) => {
    const byId = new Map(d.a_visit.map((v) => [String(v.mdtrt_id), v]));
    const s = settlements(d, d.a_setl.map((setl) => ({ setl, visit: byId.get(String(setl.mdtrt_id)) })), true);
    const ph = s.filter((x) => x.pharmacy);
    interface Flag { multi?: { inst_rank: number; n_inst: number }; night_at?: string; burst?: { cards: number; t0: S } }
    const flags = new Map<string, Flag>();
    const flag = (x: S) => flags.get(x.setl_id) ?? flags.set(x.setl_id, {}).get(x.setl_id)!;

    // day_inst / multi: the person's pharmacies of a day ranked by their first settlement, then code.
    const days = new Map<string, Map<string | null, S[]>>();
    for (const x of ph) {
      const byInst = days.get(x.d) ?? days.set(x.d, new Map()).get(x.d)!;
      byInst.set(x.code, [...(byInst.get(x.code) ?? []), x]);
    }
    for (const byInst of days.values()) {
      const ranked = sortBy([...byInst.entries()].map(([code, xs]) => ({ code, xs, first: Math.min(...xs.map((x) => x.ms)) })),
        (g) => g.first, (g) => g.code);
      ranked.forEach((g, i) => {
        // USING (fixmedins_code): a NULL code never joins back.
        if (i + 1 < p.max_pharmacies_per_day || g.code === null) return;
        for (const x of g.xs) flag(x).multi = { inst_rank: i + 1, n_inst: ranked.length };
      });
    }

    // nite
    const ns = minutes(p.night_start) * 60;
    const ne = minutes(p.night_end) * 60;
    for (const x of s) {
      const typed = x.med_type !== null && (p.night_med_types.includes(x.med_type) || p.night_med_types.includes(x.med_type.slice(0, 2)));
      if (typed && (ns > ne ? x.sec >= ns || x.sec < ne : x.sec >= ns && x.sec < ne)) flag(x).night_at = x.setl_time.slice(11, 19);
    }

    // win / bursts / burst: windows [t0, t0 + burst_minutes] opened by any pharmacy settlement at the institution,
    // other persons' included, holding at least burst_cards cards. Only windows that can hold one of the person's
    // settlements (t0 within burst_minutes before it) are looked at.
    const span = p.burst_minutes * 60_000;
    for (const code of new Set(ph.filter((x) => x.code !== null).map((x) => x.code!))) {
      const all = sortBy([...ph.filter((x) => x.code === code),
        ...settlements(d, d.peers(code), false).filter((x) => x.pharmacy && x.code === code)], (x) => x.ms);
      const cardsFrom = new Map<S, number>();
      const cards = (a: S) => cardsFrom.get(a) ?? cardsFrom.set(a, new Set(inTime(all, a.ms, a.ms + span)
        .filter((b) => b.psn_no !== null).map((b) => b.psn_no)).size).get(a)!;
      for (const b of all.filter((x) => x.own)) {
        for (const a of inTime(all, b.ms - span, b.ms)) {
          const n = cards(a);
          if (n < p.burst_cards) continue;
          const f = flag(b);
          f.burst = { cards: Math.max(n, f.burst?.cards ?? 0), t0: f.burst && f.burst.t0.ms <= a.ms ? f.burst.t0 : a };
        }
      }
    }

    // flags per visit: first flagged settlement, and the signs of any of its settlements.
    const visits = new Map<string, { v: Row; xs: (S & Flag)[] }>();
    for (const x of s) {
      const f = flags.get(x.setl_id);
      if (!f) continue;
      const g = visits.get(x.mdtrt_id) ?? visits.set(x.mdtrt_id, { v: x.visit, xs: [] }).get(x.mdtrt_id)!;
      g.xs.push({ ...x, ...f });
    }
    const out: RtFindingRow[] = [];
    for (const { v, xs } of visits.values()) {
      const st = sortBy([...xs], (x) => x.setl_id)[0];
      const multi = xs.filter((x) => x.multi).map((x) => x.multi!);
      const n_inst = multi.length ? Math.max(...multi.map((m) => m.n_inst)) : null;
      const inst_rank = multi.length ? Math.max(...multi.map((m) => m.inst_rank)) : null;
      const night_at = sortBy(xs.filter((x) => x.night_at).map((x) => x.night_at!), (t) => t)[0] ?? null;
      const bursts = xs.filter((x) => x.burst).map((x) => x.burst!);
      const cards = bursts.length ? Math.max(...bursts.map((b) => b.cards)) : null;
      const from = bursts.length ? sortBy([...bursts], (b) => b.t0.ms)[0].t0.setl_time : null;
      const day = dateOf(st.setl_time)!;
      const burstText = `${p.burst_minutes}`;
      out.push({
        fixmedins_code: v.fixmedins_code, psn_no: v.psn_no, mdtrt_id: v.mdtrt_id, setl_id: st.setl_id, bkkp_sn: [],
        amount: String(v.fund_pay), occurred_at: day,
        facts: {
          reasons: [
            n_inst !== null ? `同一社保卡${day}一日内在${n_inst}家定点药店刷卡结算（本次为第${inst_rank}家）` : null,
            night_at !== null ? `夜间${night_at}刷卡结算（夜间时段${p.night_start}–${p.night_end}）` : null,
            cards !== null ? `同一药店${from!.slice(11, 19)}起${burstText}分钟内${cards}张社保卡集中结算` : null,
          ].filter((x) => x !== null).join('；'),
          reasons_en: [
            n_inst !== null ? `card used at ${n_inst} pharmacies in one day (this is number ${inst_rank})` : null,
            night_at !== null ? `settled at night, ${night_at}` : null,
            cards !== null ? `${cards} cards settled at one pharmacy within ${burstText} minutes` : null,
          ].filter((x) => x !== null).join('; '),
        },
        evidence: { setl_time: st.setl_time, pharmacies_that_day: n_inst, pharmacy_rank: inst_rank, night_time: night_at,
          burst_cards: cards, burst_from: from },
        knowledge_ref: [
          n_inst !== null ? `params.max_pharmacies_per_day=${p.max_pharmacies_per_day}` : null,
          night_at !== null ? `params.night_start=${p.night_start}, night_end=${p.night_end}` : null,
          cards !== null ? `params.burst_minutes=${p.burst_minutes}, burst_cards=${p.burst_cards}` : null,
        ].filter((x) => x !== null).join('; '),
      });
    }
    return out;
  },
});

/** A settlement as the query's s relation sees it (own = the person's, else another card at the institution). */
interface S {
  setl_id: string; mdtrt_id: string; psn_no: string | null; code: string | null; setl_time: string; d: string; ms: number;
  sec: number; med_type: string | null; pharmacy: boolean; visit: Row; own: boolean;
}

/** The settlements of `sorted` (by time) with lo <= ms <= hi. */
function inTime(sorted: S[], lo: number, hi: number): S[] {
  const first = (t: number) => {
    let a = 0;
    let b = sorted.length;
    while (a < b) {
      const m = (a + b) >> 1;
      if (sorted[m].ms < t) a = m + 1;
      else b = m;
    }
    return a;
  };
  return sorted.slice(first(lo), first(hi + 1));
}

/** s: settlements with their visit; a pharmacy is a 41 visit or an institution with a fixmedins_type 2 row. */
function settlements(d: RtData, rows: { setl: Row; visit: Row | undefined }[], own: boolean): S[] {
  const info = indexBy(d.kn.fixmedins_info, 'fixmedins_code');
  const out: S[] = [];
  for (const { setl, visit } of rows) {
    if (!visit || setl.setl_time == null) continue;
    const t = String(setl.setl_time);
    const code = setl.fixmedins_code ?? null;
    const pharmacyInst = code !== null && (info.get(String(code)) ?? []).some((i) => i.fixmedins_type === '2');
    out.push({ setl_id: String(setl.setl_id), mdtrt_id: String(setl.mdtrt_id), psn_no: setl.psn_no ?? null, code, setl_time: t,
      d: t.slice(0, 10), ms: Date.parse(`${t.replace(' ', 'T')}Z`),
      sec: Number(t.slice(11, 13)) * 3600 + Number(t.slice(14, 16)) * 60 + Number(t.slice(17, 19)),
      med_type: visit.med_type ?? null, pharmacy: visit.med_type === '41' || pharmacyInst, visit, own });
  }
  return out;
}
