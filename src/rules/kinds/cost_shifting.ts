import { z } from 'zod';
import type { SqlParam } from '../../store/warehouse.js';
import { defineRule } from '../types.js';
import { Decimal } from 'decimal.js';
import { addDays, dayDiff, dec, indexBy, sortBy } from '../realtime/helpers.js';
import type { Row, RtFindingRow } from '../realtime/data.js';

export const messages = {
  message: {
    zh: '{side}第{gap}天（{date}）在{inst}{kind}费用{spend}元，为本人基线{baseline}元（此前{baseline_days}天内{n_base}次门诊/购药费用中位数）的{ratio}倍，超过{factor}倍；住院{adm}至{dscg}（{stay_inst}{stay_drg}）',
    en: '{side_en} day {gap} ({date}): {kind_en} spending {spend} at {inst} is {ratio}× the person\'s baseline {baseline} (median of {n_base} visits in the {baseline_days} days before), above {factor}×; stay {adm} to {dscg} at {stay_inst}{stay_drg_en}',
  },
};

const params = z.object({
  /** Days before admission (adm−days_before … adm−1) watched for shifted spending. */
  days_before: z.number().int().min(1).default(7),
  /** Days after discharge (dscg+1 … dscg+days_after) watched for shifted spending. */
  days_after: z.number().int().min(1).default(7),
  /** Baseline: median spending per outpatient/pharmacy visit in the baseline_days days before the visit. */
  baseline_days: z.number().int().min(1).default(180),
  /** Fewer baseline visits than this: no baseline, the visit is not judged. */
  min_baseline_visits: z.number().int().min(1).default(3),
  /** "Far above": spending > factor × baseline … */
  factor: z.number().min(1).default(5),
  /** … and at least this much (yuan), so that small purchases never count. */
  min_amount: z.number().min(0).default(500),
}).strict();

/**
 * 费用转移: an outpatient or pharmacy visit in the days before an admission or after a discharge
 * (not on those days, not inside a stay) whose spending (medfee_sumamt of its settlements) is
 * > factor × the person's baseline and ≥ min_amount. The baseline is the median spending per
 * visit of the person's outpatient/pharmacy visits in the baseline_days before, leaving out visits
 * that are themselves in a stay or its before/after windows. The nearest stay is cited, with its DRG once grouped
 * (drg_result); without a grouping the message is unchanged.
 */
export const rule = defineRule({
  meta: {
    id: 'cost_shifting', name_zh: '费用转移', name_en: 'Cost shifting around a stay', category: 'management',
    scope: 'person', perPerson: true, severity: 'suspect', params, knowledge: null, amount_zh: '被标记门诊/购药就诊的结算 fund_pay_sumamt 之和',
    basis: '《医疗保障基金使用监督管理条例》第十五条',
  },
  batch: (p) => {
    const P: SqlParam[] = [];
    const q = (v: SqlParam) => (P.push(v), '?');
    const sql = `WITH inst AS (
        SELECT fixmedins_code, arg_max(fixmedins_name, status_begin) AS name FROM fixmedins_info GROUP BY ALL),
      -- Only a person with a stay can fire (every visit compared and every baseline visit is the same person's):
      -- the visits, and their spend, are narrowed to those persons first.
      ipt_psn AS (SELECT DISTINCT psn_no FROM a_visit WHERE med_type LIKE '2%' OR med_type = '52'),
      pv AS (
        SELECT v.mdtrt_id, v.psn_no, v.fixmedins_code, v.med_type, v.begn_date, v.end_date, v.fund_pay,
          v.setl_ids[1] AS setl_id, (v.med_type LIKE '2%' OR v.med_type = '52') AS ipt
        FROM a_visit v WHERE v.psn_no IN (SELECT psn_no FROM ipt_psn)),
      spend AS (SELECT mdtrt_id, sum(coalesce(medfee_sumamt, 0)) AS spend FROM a_setl
        WHERE mdtrt_id IN (SELECT mdtrt_id FROM pv) GROUP BY mdtrt_id),
      v AS (
        SELECT v.mdtrt_id, v.psn_no, v.fixmedins_code, v.med_type, v.begn_date, v.end_date, v.fund_pay,
          v.setl_id, sp.spend, v.ipt
        FROM pv v JOIN spend sp USING (mdtrt_id)),
      stays AS (SELECT * FROM v WHERE ipt),
      ov AS (
        SELECT o.* FROM v o WHERE NOT o.ipt
          AND NOT EXISTS (SELECT 1 FROM stays s WHERE s.psn_no = o.psn_no AND o.begn_date BETWEEN s.begn_date AND s.end_date)),
      near AS (
        SELECT o.mdtrt_id, s.mdtrt_id AS stay_id, s.fixmedins_code AS stay_inst, s.begn_date AS adm, s.end_date AS dscg,
          o.begn_date < s.begn_date AS before,
          CASE WHEN o.begn_date < s.begn_date THEN date_diff('day', o.begn_date, s.begn_date)
            ELSE date_diff('day', s.end_date, o.begn_date) END AS gap
        FROM ov o JOIN stays s ON s.psn_no = o.psn_no
          AND (o.begn_date BETWEEN s.begn_date - CAST(${q(p.days_before)} AS INTEGER) AND s.begn_date - 1
            OR o.begn_date BETWEEN s.end_date + 1 AND s.end_date + CAST(${q(p.days_after)} AS INTEGER))
        QUALIFY row_number() OVER (PARTITION BY o.mdtrt_id ORDER BY gap, s.begn_date, s.mdtrt_id) = 1),
      calm AS (
        SELECT o.* FROM ov o WHERE NOT EXISTS (SELECT 1 FROM stays s WHERE s.psn_no = o.psn_no
          AND o.begn_date BETWEEN s.begn_date - CAST(${q(p.days_before)} AS INTEGER) AND s.end_date + CAST(${q(p.days_after)} AS INTEGER))),
      base AS (
        SELECT n.mdtrt_id, median(c.spend) AS baseline, count(*) AS n_base
        FROM near n JOIN ov o USING (mdtrt_id)
        JOIN calm c ON c.psn_no = o.psn_no AND c.begn_date BETWEEN o.begn_date - CAST(${q(p.baseline_days)} AS INTEGER) AND o.begn_date - 1
        GROUP BY n.mdtrt_id HAVING count(*) >= ${q(p.min_baseline_visits)}),
      hit AS (
        SELECT o.*, n.stay_id, n.stay_inst, n.adm, n.dscg, n.before, n.gap, b.baseline, b.n_base
        FROM ov o JOIN near n USING (mdtrt_id) JOIN base b USING (mdtrt_id)
        WHERE o.spend >= CAST(${q(p.min_amount)} AS DECIMAL(18,2))
          AND o.spend > CAST(${q(p.factor)} AS DECIMAL(18,4)) * b.baseline),
      drg AS (  -- DRG of each stay once grouped (valid settlements only; 0000 = not grouped)
        SELECT s.mdtrt_id, array_to_string(list_sort(list_distinct(list(CASE WHEN r.drg = '0000' THEN '未入组' ELSE r.drg END))), '/') AS zh,
          array_to_string(list_sort(list_distinct(list(CASE WHEN r.drg = '0000' THEN 'not grouped' ELSE r.drg END))), '/') AS en
        FROM drg_result r JOIN a_setl s ON s.setl_id = r.setl_id
        WHERE r.mdtrt_id IN (SELECT stay_id FROM hit) GROUP BY s.mdtrt_id)
      SELECT h.fixmedins_code, h.psn_no, h.mdtrt_id, h.setl_id, []::VARCHAR[] AS bkkp_sn, h.fund_pay AS amount,
        h.begn_date AS occurred_at,
        json_object('side', CASE WHEN h.before THEN '入院前' ELSE '出院后' END,
          'side_en', CASE WHEN h.before THEN 'before admission,' ELSE 'after discharge,' END, 'gap', h.gap,
          'date', CAST(h.begn_date AS VARCHAR), 'inst', coalesce(i.name, h.fixmedins_code),
          'kind', CASE WHEN h.med_type = '41' THEN '购药' ELSE '门诊' END,
          'kind_en', CASE WHEN h.med_type = '41' THEN 'pharmacy' ELSE 'outpatient' END,
          'spend', CAST(round(h.spend, 2) AS VARCHAR), 'baseline', CAST(round(h.baseline, 2) AS VARCHAR),
          'baseline_days', ${q(p.baseline_days)}, 'n_base', h.n_base,
          'ratio', CASE WHEN h.baseline > 0 THEN CAST(round(h.spend / h.baseline, 1) AS VARCHAR) ELSE '∞' END,
          'factor', ${q(p.factor)}, 'adm', CAST(h.adm AS VARCHAR), 'dscg', CAST(h.dscg AS VARCHAR),
          'stay_inst', coalesce(si.name, h.stay_inst), 'stay_drg', coalesce('，DRG：' || d.zh, ''),
          'stay_drg_en', coalesce(' (DRG ' || d.en || ')', '')) AS facts,
        json_object('spend', h.spend, 'baseline_median', h.baseline, 'baseline_visits', h.n_base, 'stay_mdtrt_id', h.stay_id,
          'stay_fixmedins_code', h.stay_inst, 'admission', h.adm, 'discharge', h.dscg, 'days_from_stay', h.gap,
          'side', CASE WHEN h.before THEN 'before_admission' ELSE 'after_discharge' END) AS evidence,
        ${q(`params.factor=${p.factor}, min_amount=${p.min_amount}, days_before=${p.days_before}, days_after=${p.days_after}`)}
          AS knowledge_ref
      FROM hit h LEFT JOIN inst i ON i.fixmedins_code = h.fixmedins_code LEFT JOIN inst si ON si.fixmedins_code = h.stay_inst
        LEFT JOIN drg d ON d.mdtrt_id = h.stay_id`;
    return { sql, params: P };
  },
  realtime: (p, d) => {
    const instName = (code: string | null) => latestName(d.kn.fixmedins_info, code) ?? code;
    const spend = new Map<string, Decimal>();
    for (const s of d.a_setl) {
      if (s.mdtrt_id == null) continue;
      spend.set(String(s.mdtrt_id), (spend.get(String(s.mdtrt_id)) ?? new Decimal(0)).plus(dec(s.medfee_sumamt)));
    }
    const v: V[] = [];
    for (const x of d.a_visit) {
      const sp = spend.get(String(x.mdtrt_id));
      // med_type LIKE '2%' OR med_type = '52': NULL for a NULL med_type, which is then neither a stay nor an outpatient visit.
      if (sp !== undefined) v.push({ x, setl_id: x.setl_ids[0] ?? null, spend: sp,
        ipt: x.med_type == null ? null : String(x.med_type).startsWith('2') || x.med_type === '52' });
    }
    // Each stay's windows, computed once: [before, adm−1] before admission, [dscg+1, after] after discharge.
    const stays: Stay[] = v.filter((x) => x.ipt === true).map((s) => ({ s, begn: s.x.begn_date, end: s.x.end_date,
      before: shift(s.x.begn_date, -p.days_before), admEve: shift(s.x.begn_date, -1), dscgNext: shift(s.x.end_date, 1),
      after: shift(s.x.end_date, p.days_after) }));
    const stayOf = (o: V, lo: (s: Stay) => string | null, hi: (s: Stay) => string | null) =>
      stays.filter((s) => s.s.x.psn_no === o.x.psn_no && between(o.x.begn_date, lo(s), hi(s)));
    const ov = v.filter((o) => o.ipt === false && stayOf(o, (s) => s.begn, (s) => s.end).length === 0);
    const calm = ov.filter((o) => stayOf(o, (s) => s.before, (s) => s.after).length === 0);
    const minAmount = doubleToDecimal(p.min_amount, 2);
    const factor = doubleToDecimal(p.factor, 4);
    const out: RtFindingRow[] = [];
    for (const o of ov) {
      const ob = o.x.begn_date as string | null;
      // near: the nearest stay whose before/after window holds the visit (by gap, admission, stay id).
      const near = sortBy([
        ...stayOf(o, (s) => s.before, (s) => s.admEve), ...stayOf(o, (s) => s.dscgNext, (s) => s.after),
      ].filter((s, i, all) => all.indexOf(s) === i).map(({ s }) => {
        const isBefore = s.x.begn_date == null ? null : ob! < s.x.begn_date;
        return { s, before: isBefore, gap: isBefore ? dayDiff(ob!, s.x.begn_date) : dayDiff(s.x.end_date, ob!) };
      }), (n) => n.gap, (n) => n.s.x.begn_date, (n) => n.s.x.mdtrt_id)[0];
      if (!near) continue;
      // base: the calm visits of the baseline_days before the visit.
      const from = shift(ob, -p.baseline_days);
      const to = shift(ob, -1);
      const base = calm.filter((c) => c.x.psn_no === o.x.psn_no && between(c.x.begn_date, from, to));
      if (base.length < p.min_baseline_visits) continue;
      const baseline = median(base.map((c) => c.spend));
      if (!(o.spend.gte(minAmount) && o.spend.gt(factor.times(baseline)))) continue;
      const { s: { x: stay }, gap } = near;
      const pharmacy = o.x.med_type === '41';
      out.push({
        fixmedins_code: o.x.fixmedins_code, psn_no: o.x.psn_no, mdtrt_id: o.x.mdtrt_id, setl_id: o.setl_id, bkkp_sn: [],
        amount: String(o.x.fund_pay), occurred_at: ob!,
        facts: { side: near.before ? '入院前' : '出院后', side_en: near.before ? 'before admission,' : 'after discharge,', gap,
          date: ob, inst: instName(o.x.fixmedins_code), kind: pharmacy ? '购药' : '门诊',
          kind_en: pharmacy ? 'pharmacy' : 'outpatient', spend: round2(o.spend), baseline: round2(baseline),
          baseline_days: p.baseline_days, n_base: base.length,
          ratio: baseline.gt(0) ? doubleText(roundDouble(o.spend.toNumber() / baseline.toNumber(), 1)) : '∞',
          factor: p.factor, adm: stay.begn_date ?? null, dscg: stay.end_date ?? null, stay_inst: instName(stay.fixmedins_code),
          // Real-time checks run before any DRG grouping (drg_result is written in batch): no DRG context.
          stay_drg: '', stay_drg_en: '' },
        evidence: { spend: o.spend.toFixed(4), baseline_median: baseline.toFixed(4), baseline_visits: base.length,
          stay_mdtrt_id: stay.mdtrt_id, stay_fixmedins_code: stay.fixmedins_code, admission: stay.begn_date ?? null,
          discharge: stay.end_date ?? null, days_from_stay: gap, side: near.before ? 'before_admission' : 'after_discharge' },
        knowledge_ref: `params.factor=${p.factor}, min_amount=${p.min_amount}, days_before=${p.days_before}, days_after=${p.days_after}`,
      });
    }
    return out;
  },
});

/** A visit with its settlements' spending; `ipt` whether it is a stay (NULL: neither a stay nor an outpatient visit). */
interface V { x: Row; setl_id: string | null; spend: Decimal; ipt: boolean | null }
/** A stay with the bounds of its windows. */
interface Stay { s: V; begn: string | null; end: string | null; before: string | null; admEve: string | null; dscgNext: string | null;
  after: string | null }

const shift = (day: string | null, n: number): string | null => (day == null ? null : addDays(day, n));
/** x BETWEEN lo AND hi on ISO dates; any NULL makes it false. */
const between = (x: string | null, lo: string | null, hi: string | null): boolean =>
  x != null && lo != null && hi != null && lo <= x && x <= hi;

/** arg_max(fixmedins_name, status_begin) of an institution (rows with a NULL name or status_begin skipped). */
function latestName(info: Row[], code: string | null): string | null {
  let best: Row | null = null;
  for (const r of code == null ? [] : indexBy(info, 'fixmedins_code').get(code) ?? []) {
    if (r.fixmedins_name != null && r.status_begin != null && (!best || r.status_begin > best.status_begin)) best = r;
  }
  return best ? best.fixmedins_name : null;
}

/** median() of DECIMAL(38,4) sums: the middle value, or lo + (hi − lo) / 2 truncated to 4 places as DuckDB interpolates. */
function median(xs: Decimal[]): Decimal {
  const v = [...xs].sort((a, b) => a.cmp(b));
  const rn = (v.length - 1) / 2;
  const lo = v[Math.floor(rn)];
  const hi = v[Math.ceil(rn)];
  return lo.plus(hi.minus(lo).div(2)).toDecimalPlaces(4, Decimal.ROUND_DOWN);
}

/** CAST(double AS DECIMAL(18,scale)): x × 10^scale in double arithmetic, rounded half away from zero. */
function doubleToDecimal(x: number, scale: number): Decimal {
  const v = x * 10 ** scale;
  return new Decimal(Math.sign(v) * Math.round(Math.abs(v))).div(10 ** scale);
}

/** CAST(round(decimal, 2) AS VARCHAR). */
const round2 = (x: Decimal): string => x.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);

/** round(double, n): std::round(x × 10^n) / 10^n. */
function roundDouble(x: number, n: number): number {
  const m = 10 ** n;
  const r = (Math.sign(x) * Math.round(Math.abs(x * m))) / m;
  return Number.isFinite(r) ? r : x;
}

/** CAST(double AS VARCHAR): shortest text, integral values with '.0', exponents from 1e16 as DuckDB prints them. */
function doubleText(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : x < 0 ? '-inf' : 'nan';
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e16 || a < 1e-4)) return x.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  return Number.isInteger(x) ? x.toFixed(1) : String(x);
}
