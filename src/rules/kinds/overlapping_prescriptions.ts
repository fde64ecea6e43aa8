import { z } from 'zod';
import type { SqlParam } from '../../store/warehouse.js';
import { Decimal } from 'decimal.js';
import { defineRule } from '../types.js';
import { cmp, dayDiff, dec, sortBy, sumDec } from '../realtime/helpers.js';
import type { Row, RtData, RtFindingRow } from '../realtime/data.js';

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
    scope: 'person', perPerson: true, severity: 'suspect_high', params, knowledge: null,
    amount_zh: '后一次开药（重复部分）明细的 det_item_fee_sumamt − fulamt_ownpay_amt 之和',
    basis: '《医疗保障基金使用监督管理条例》第十五条、第十九条',
  },
  batch: (p) => {
    const P: SqlParam[] = [];
    const q = (v: SqlParam) => (P.push(v), '?');
    // The generic of a drug line (a code prefix for western and TCM drugs; its parameters are bound where it is
    // used), and which lines are outpatient drugs.
    const generic = () => `CASE WHEN f.hilist_code LIKE 'X%' THEN left(f.hilist_code, ${q(p.generic_prefix_len_western)})
            WHEN f.hilist_code LIKE 'Z%' THEN left(f.hilist_code, ${q(p.generic_prefix_len_tcm)})
            ELSE f.hilist_code END AS generic`;
    const DRUG_LINE = `f.list_type IN ('101', '103') AND NOT (f.visit_med_type LIKE '2%' OR f.visit_med_type = '52')`;
    const sql = `WITH inst AS (
        SELECT fixmedins_code, arg_max(fixmedins_name, status_begin) AS name FROM fixmedins_info GROUP BY ALL),
      ret AS (SELECT fixmedins_code, init_feedetl_sn, sum(cnt) AS cnt FROM fee_list_d
        WHERE init_feedetl_sn IS NOT NULL AND coalesce(vali_flag, '1') <> '0' GROUP BY ALL),
      -- Dispensings are found on a few columns of every drug line; the lines' other columns are read again
      -- (pl) only for the visits of the dispensings that fire and of those they overlap.
      line AS (
        SELECT f.psn_no, f.mdtrt_id, f.fee_ocur_time, ${generic()},
          -- supply left after partial returns: prd_days × net quantity ÷ dispensed quantity (net − returned)
          CASE WHEN r.cnt IS NULL THEN f.prd_days ELSE CAST(f.prd_days * f.cnt / (f.cnt - r.cnt) AS DECIMAL(18,4)) END AS supply
        FROM a_fee f
        LEFT JOIN ret r ON r.fixmedins_code = f.fixmedins_code AND r.init_feedetl_sn = f.bkkp_sn
        WHERE ${DRUG_LINE}),
      ev AS MATERIALIZED (
        -- one dispensing = one visit's lines of one generic (psn_no and institution follow from the visit)
        -- (the institution and settlement are looked up for the few dispensings that fire; fee_date is the day of
        -- fee_ocur_time, so the first day is the day of the first time)
        SELECT mdtrt_id, generic, any_value(psn_no) AS psn_no, min(fee_ocur_time) AS t, CAST(min(fee_ocur_time) AS DATE) AS d,
          sum(coalesce(supply, 0)) AS supply,
          -- the last day (as a day number) on which ≥ remaining_share of this supply still remains
          CASE WHEN sum(coalesce(supply, 0)) > 0 THEN date_diff('day', DATE '1970-01-01', CAST(min(fee_ocur_time) AS DATE))
            + (1 - CAST(${q(p.remaining_share)} AS DECIMAL(9,4))) * sum(coalesce(supply, 0)) END AS until
        FROM line GROUP BY mdtrt_id, generic),
      rep AS (
        SELECT * FROM ev QUALIFY max(until) OVER (PARTITION BY psn_no, generic ORDER BY t, mdtrt_id
          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) >= date_diff('day', DATE '1970-01-01', d)),
      pair AS (
        SELECT b.*, a.mdtrt_id AS prev_mdtrt_id, a.d AS prev_date, a.supply AS prev_supply,
          date_diff('day', a.d, b.d) AS elapsed, a.supply - date_diff('day', a.d, b.d) AS remaining
        FROM rep b JOIN ev a ON a.psn_no = b.psn_no AND a.generic = b.generic
          AND (a.t < b.t OR (a.t = b.t AND a.mdtrt_id < b.mdtrt_id))
        WHERE a.until >= date_diff('day', DATE '1970-01-01', b.d)
        -- cite the latest earlier dispensing that is still running
        QUALIFY row_number() OVER (PARTITION BY b.mdtrt_id, b.generic ORDER BY a.t DESC, a.mdtrt_id DESC) = 1),
      pl AS MATERIALIZED (
        SELECT f.mdtrt_id, ${generic()}, f.fixmedins_code, f.setl_id, f.bkkp_sn, f.hilist_name, f.fund_amt
        FROM a_fee f
        WHERE f.mdtrt_id IN (SELECT mdtrt_id FROM pair UNION SELECT prev_mdtrt_id FROM pair) AND ${DRUG_LINE}),
      hit AS (
        SELECT h.*, any_value(l.fixmedins_code) AS fixmedins_code, min(l.setl_id) AS setl_id,
          list(l.bkkp_sn ORDER BY l.bkkp_sn) AS bkkp_sn, sum(l.fund_amt) AS amount, arg_min(l.hilist_name, l.bkkp_sn) AS drug
        FROM pair h JOIN pl l ON l.mdtrt_id = h.mdtrt_id AND l.generic = h.generic GROUP BY ALL),
      prev AS (
        SELECT h.mdtrt_id, h.generic, any_value(x.fixmedins_code) AS prev_inst, list(x.bkkp_sn ORDER BY x.bkkp_sn) AS prev_bkkp_sn
        FROM pair h JOIN pl x ON x.mdtrt_id = h.prev_mdtrt_id AND x.generic = h.generic GROUP BY h.mdtrt_id, h.generic)
      SELECT h.fixmedins_code, h.psn_no, h.mdtrt_id, h.setl_id, h.bkkp_sn, h.amount, h.d AS occurred_at,
        json_object('drug', h.drug, 'prev_date', CAST(h.prev_date AS VARCHAR), 'prev_inst', coalesce(pi.name, pv.prev_inst),
          'prev_supply', ${num('h.prev_supply')}, 'elapsed', h.elapsed,
          'when', CASE WHEN h.elapsed = 0 THEN '同日' ELSE h.elapsed || '天后' END, 'date', CAST(h.d AS VARCHAR),
          'inst', coalesce(bi.name, h.fixmedins_code), 'remaining', ${num('h.remaining')},
          'remaining_pct', CAST(round(100 * h.remaining / h.prev_supply) AS INTEGER),
          'share_pct', CAST(round(100 * ${q(p.remaining_share)}) AS INTEGER)) AS facts,
        json_object('generic_code_prefix', h.generic, 'previous_mdtrt_id', h.prev_mdtrt_id,
          'previous_fixmedins_code', pv.prev_inst, 'previous_bkkp_sn', pv.prev_bkkp_sn, 'previous_date', h.prev_date,
          'previous_supply_days', h.prev_supply, 'elapsed_days', h.elapsed, 'remaining_days', h.remaining,
          'remaining_share', ${q(p.remaining_share)}) AS evidence,
        ${q(`params.remaining_share=${p.remaining_share}`)} AS knowledge_ref
      FROM hit h JOIN prev pv ON pv.mdtrt_id = h.mdtrt_id AND pv.generic = h.generic
      LEFT JOIN inst bi ON bi.fixmedins_code = h.fixmedins_code
      LEFT JOIN inst pi ON pi.fixmedins_code = pv.prev_inst`;
    return { sql, params: P };
  },
  realtime: (p, d) => overlapFindings(p, d),
});

const isNull = (v: unknown): boolean => v === null || v === undefined;

/** num(): integers as such; others rounded to 2 places and printed as a DOUBLE (DuckDB writes 2.999 → "3.0"). */
function numText(x: Decimal): string {
  if (x.isInteger()) return x.toFixed(0);
  const r = x.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  return r.isInteger() ? `${r.toFixed(0)}.0` : String(Number(r.toString()));
}

/** CAST(double AS DECIMAL(w,4)): scaled by 10^4 in double and rounded half away from zero. */
function doubleToDec4(q: number): Decimal {
  const y = q * 10_000;
  return new Decimal(Math.sign(y) * Math.round(Math.abs(y))).div(10_000);
}

/**
 * CAST(prd_days * cnt / dispensed AS DECIMAL(18,4)): decimal division gives a DOUBLE, which the cast
 * rounds half away from zero at 4 places.
 */
function scaledSupply(prdDays: Decimal, cnt: Decimal, dispensed: Decimal): Decimal {
  return doubleToDec4(Number(prdDays.times(cnt).toString()) / Number(dispensed.toString()));
}

/** The generic of a drug code (the SQL's generic column); NULL for a NULL code. */
export function genericOf(p: { generic_prefix_len_western: number; generic_prefix_len_tcm: number }, code: string | null | undefined): string | null {
  if (isNull(code)) return null;
  const c = String(code);
  const n = c.startsWith('X') ? p.generic_prefix_len_western : c.startsWith('Z') ? p.generic_prefix_len_tcm : null;
  if (n === null) return c;
  // left() counts characters; code units are characters unless the code holds a surrogate pair.
  return SURROGATE.test(c) ? [...c].slice(0, n).join('') : c.slice(0, n);
}

const SURROGATE = /[\uD800-\uDFFF]/;

interface Line { f: Row; generic: string | null; supply: Decimal | null }
interface Ev { mdtrt_id: string; generic: string; lines: Line[]; psn_no: string; fixmedins_code: string; setl_id: string | null;
  t: string; d: string; supply: Decimal; until: Decimal | null }

function overlapFindings(p: z.infer<typeof params>, d: RtData): RtFindingRow[] {
  // ret: summed quantities of the valid return lines per original line.
  const ret = new Map<string, Decimal>();
  for (const r of d.raw.fee_list_d) {
    if (isNull(r.init_feedetl_sn) || (r.vali_flag ?? '1') === '0' || isNull(r.cnt)) continue;
    const key = `${r.fixmedins_code}\u0000${r.init_feedetl_sn}`;
    ret.set(key, (ret.get(key) ?? new Decimal(0)).plus(String(r.cnt)));
  }
  // line: outpatient and pharmacy drug lines (a NULL visit type is neither), with their generic and remaining supply.
  const lines: Line[] = [];
  for (const f of d.a_fee) {
    const mt = f.visit_med_type;
    if (!['101', '103'].includes(f.list_type) || isNull(mt) || String(mt).startsWith('2') || mt === '52') continue;
    const generic = genericOf(p, f.hilist_code);
    const r = ret.get(`${f.fixmedins_code}\u0000${f.bkkp_sn}`);
    const supply = isNull(f.prd_days) ? null : r === undefined ? dec(f.prd_days)
      : scaledSupply(dec(f.prd_days), dec(f.cnt), dec(f.cnt).minus(r));
    lines.push({ f, generic, supply });
  }
  // ev: one dispensing per visit and generic; `until` is the last day number with ≥ remaining_share of its supply left.
  const share = doubleToDec4(p.remaining_share);
  const byKey = new Map<string, Line[]>();
  for (const l of lines) {
    if (l.generic === null) continue; // a NULL generic never pairs
    const key = `${l.f.mdtrt_id}\u0000${l.generic}`;
    byKey.set(key, [...(byKey.get(key) ?? []), l]);
  }
  const evs: Ev[] = [...byKey.values()].map((ls) => {
    const supply = sumDec(ls, (l) => l.supply ?? 0);
    const day = ls.map((l) => l.f.fee_date as string).sort()[0];
    return { mdtrt_id: ls[0].f.mdtrt_id, generic: ls[0].generic!, lines: ls, psn_no: ls[0].f.psn_no,
      fixmedins_code: ls[0].f.fixmedins_code, setl_id: ls.map((l) => l.f.setl_id).filter((x) => !isNull(x)).sort(cmp)[0] ?? null,
      t: ls.map((l) => l.f.fee_ocur_time as string).sort()[0], d: day, supply,
      until: supply.gt(0) ? new Decimal(dayDiff('1970-01-01', day)).plus(new Decimal(1).minus(share).times(supply)) : null };
  });
  const names = instNames(d.kn.fixmedins_info);
  const sharePct = Math.round(100 * p.remaining_share);
  const out: RtFindingRow[] = [];
  for (const b of evs) {
    // pair: the latest earlier dispensing of the generic that is still running on b's date.
    const bDay = dayDiff('1970-01-01', b.d);
    const earlier = evs.filter((a) => a.psn_no === b.psn_no && a.generic === b.generic
      && (a.t < b.t || (a.t === b.t && a.mdtrt_id < b.mdtrt_id)) && a.until !== null && a.until.gte(bDay));
    const a = sortBy(earlier, (x) => x.t, (x) => x.mdtrt_id).at(-1);
    if (!a) continue;
    const elapsed = dayDiff(a.d, b.d);
    const remaining = a.supply.minus(elapsed);
    const own = sortBy([...b.lines], (l) => l.f.bkkp_sn);
    const drug = own.find((l) => !isNull(l.f.hilist_name) && !isNull(l.f.bkkp_sn))?.f.hilist_name ?? null;
    out.push({
      fixmedins_code: b.fixmedins_code, psn_no: b.psn_no, mdtrt_id: b.mdtrt_id, setl_id: b.setl_id,
      bkkp_sn: own.map((l) => l.f.bkkp_sn), amount: sumDec(own, (l) => l.f.fund_amt).toString(), occurred_at: b.d,
      facts: { drug, prev_date: a.d, prev_inst: names.get(a.fixmedins_code) ?? a.fixmedins_code, prev_supply: numText(a.supply),
        elapsed, when: elapsed === 0 ? '同日' : `${elapsed}天后`, date: b.d, inst: names.get(b.fixmedins_code) ?? b.fixmedins_code,
        remaining: numText(remaining),
        remaining_pct: Math.round(Number(remaining.times(100).toString()) / Number(a.supply.toString())), share_pct: sharePct },
      evidence: { generic_code_prefix: b.generic, previous_mdtrt_id: a.mdtrt_id, previous_fixmedins_code: a.fixmedins_code,
        previous_bkkp_sn: sortBy([...a.lines], (l) => l.f.bkkp_sn).map((l) => l.f.bkkp_sn), previous_date: a.d,
        previous_supply_days: a.supply.toFixed(4), elapsed_days: elapsed, remaining_days: remaining.toFixed(4),
        remaining_share: p.remaining_share },
      knowledge_ref: `params.remaining_share=${p.remaining_share}`,
    });
  }
  return out;
}

const instNameCache = new WeakMap<readonly Row[], Map<string, string>>();

/** arg_max(fixmedins_name, status_begin) per institution (rows with either NULL are ignored), cached per reference array. */
function instNames(info: readonly Row[]): Map<string, string> {
  let names = instNameCache.get(info);
  if (names) return names;
  const best = new Map<string, Row>();
  for (const r of info) {
    if (isNull(r.fixmedins_name) || isNull(r.status_begin)) continue;
    const b = best.get(r.fixmedins_code);
    if (!b || cmp(r.status_begin, b.status_begin) > 0) best.set(r.fixmedins_code, r);
  }
  names = new Map([...best].map(([code, r]) => [code, String(r.fixmedins_name)]));
  instNameCache.set(info, names);
  return names;
}
