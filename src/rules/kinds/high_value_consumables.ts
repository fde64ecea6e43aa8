import { z } from 'zod';
import { Decimal } from 'decimal.js';
import { defineRule } from '../types.js';
import { cmp, indexBy, sortBy, startsWithAny } from '../realtime/helpers.js';
import type { Row, RtData, RtFindingRow } from '../realtime/data.js';

export const messages = {
  message: {
    zh: '{case}高值耗材费用{hv}元（{items}）：{reason}',
    en: '{case_en}: high-value consumables {hv} yuan ({items}): {reason_en}',
  },
};

/**
 * High-value consumables by the national consumable code (医保医用耗材分类与代码, C + first-level category):
 * C01 非血管介入治疗类, C02 血管介入治疗类 (stents, balloons, pacemakers), C03 骨科材料 (joints, plates, spinal
 * implants), C04–C07 the further implant/interventional categories (neurosurgery, blood purification,
 * ophthalmology, C07 口腔). Basic and general materials (C14 …) are left out.
 */
export const HIGH_VALUE_PREFIXES = ['C01', 'C02', 'C03', 'C04', 'C05', 'C06', 'C07'];

const cap = z.object({
  label: z.string().min(1),
  /** A line is of this kind when its name contains every keyword (or its code starts with a prefix). */
  name_keywords: z.array(z.string().min(1)).default([]),
  code_prefixes: z.array(z.string().min(1)).default([]),
  max_per_case: z.number().positive(),
}).strict().refine((c) => c.name_keywords.length + c.code_prefixes.length > 0, 'a cap needs keywords or code prefixes');

/** Per-case quantity caps common in 医保智能审核 rule sets: 单次住院冠状动脉支架原则上不超过3个. */
export const QUANTITY_CAPS: z.output<typeof cap>[] = [
  { label: '冠状动脉支架', name_keywords: ['冠状动脉', '支架'], code_prefixes: [], max_per_case: 3 }];

/** `col` starts with one of n prefixes given as parameters (a plain filter DuckDB pushes down to the fee scan). */
const anyPrefix = (col: string, n: number) =>
  n ? `(${Array.from({ length: n }, () => `starts_with(${col}, ?)`).join(' OR ')})` : 'false';
const money = (x: string) => `CAST(CAST(round(${x}, 2) AS DECIMAL(18,2)) AS VARCHAR)`;
const qty = (x: string) => `regexp_replace(CAST(${x} AS VARCHAR), '\\.?0+$', '')`;
/** PERCENTILE_CONT over a sorted list `xs` of n values at fraction `p`, in exact decimals. */
const pctlSql = (p: string) => `xs[CAST(floor((n - 1) * ${p}) AS BIGINT) + 1] + ((n - 1) * ${p} - floor((n - 1) * ${p}))
  * (xs[CAST(ceil((n - 1) * ${p}) AS BIGINT) + 1] - xs[CAST(floor((n - 1) * ${p}) AS BIGINT) + 1])`;
/** VALUES rows, or one row that matches nothing when there are none. */
const values = (rows: unknown[][], cols: string[], empty: string) => rows.length
  ? `VALUES ${rows.map(() => `(${cols.join(', ')})`).join(', ')}` : empty;

/** A visit's main procedure on its settlement list (the peer group key), for the batch and for the peer knowledge. */
const MAIN_OPRN_SQL = `
          SELECT o.mdtrt_id, min(trim(o.oprn_oprt_code)) AS code, arg_min(o.oprn_oprt_name, trim(o.oprn_oprt_code)) AS name
          FROM setl_list_oprn_d o JOIN a_setl s ON s.setl_id = o.setl_id
          WHERE o.main_oprn_flag = '1' AND trim(coalesce(o.oprn_oprt_code, '')) <> '' GROUP BY ALL`;

/**
 * The region's peer cases for the real-time evaluator (RtKnowledge.consumable_cases), over the base relations
 * without a period end: every visit with a main procedure and an end date, with its consumable lines (codes C…,
 * upper-cased) summed per code, so that the peer amounts can be recomputed for any consumable_prefixes that
 * start with C.
 */
export const CONSUMABLE_CASES_SQL = `WITH op AS (${MAIN_OPRN_SQL}),
    c AS (SELECT v.mdtrt_id, v.psn_no, v.fixmedins_code, v.end_date, op.code AS oprn
          FROM a_visit v JOIN op USING (mdtrt_id) WHERE v.end_date IS NOT NULL),
    l AS (SELECT f.mdtrt_id, upper(f.hilist_code) AS code, sum(f.det_item_fee_sumamt) AS amt FROM a_fee f
          WHERE upper(f.hilist_code) LIKE 'C%' AND f.mdtrt_id IN (SELECT mdtrt_id FROM c) GROUP BY ALL),
    lc AS (SELECT mdtrt_id, list({'code': code, 'amt': amt} ORDER BY code) AS lines FROM l GROUP BY ALL)
  SELECT c.*, coalesce(lc.lines, []) AS lines FROM c LEFT JOIN lc USING (mdtrt_id) ORDER BY c.oprn, c.mdtrt_id`;

/**
 * 高值耗材异常, for a visit settled in the audit period:
 *  - peer rule (the catalogue's): its high-value consumable charges exceed the given percentile
 *    (PERCENTILE_CONT, the case included) of the cases with the same main procedure on the settlement list,
 *    when that group has at least min_peers cases (the procedure stands for the DRG until grouping exists);
 *  - quantity caps: a kind of consumable (lines of list_type 301 / codes C…) used more than max_per_case in
 *    the visit (e.g. > 3 coronary stents), which holds however few peers a small region has.
 * The whole case's fund payment is at stake.
 */
export const rule = defineRule({
  meta: {
    id: 'high_value_consumables', name_zh: '高值耗材异常', name_en: 'Abnormal high-value consumables', category: 'medical',
    scope: 'visit', severity: 'suspect_high',
    params: z.object({
      percentile: z.number().gt(0).lt(1).default(0.95),
      min_peers: z.number().int().min(2).default(5),
      consumable_prefixes: z.array(z.string().min(2)).min(1).default(HIGH_VALUE_PREFIXES),
      quantity_caps: z.array(cap).default(QUANTITY_CAPS),
    }).strict(),
    knowledge: 'ICD-9-CM-3 医保版 2.0 手术操作编码（同主手术病例分组）；参数 quantity_caps（每例数量上限）',
    amount_zh: '该病例各结算的 fund_pay_sumamt 之和',
    basis: '《医疗保障基金使用监督管理条例》第十五条（过度诊疗、过度使用医用耗材）',
  },
  batch: (p, ctx) => {
    const caps = p.quantity_caps.map((c, i) => [i, c.label, String(c.max_per_case)]);
    const kws = p.quantity_caps.flatMap((c, i) => [...c.name_keywords.map((k) => [i, 'k', k]), ...c.code_prefixes.map((k) => [i, 'p', k])]);
    const pct = String(Math.round(p.percentile * 1000) / 10);
    return {
      sql: `WITH lim AS (SELECT CAST(? AS DECIMAL(18,6)) AS pc, CAST(? AS INTEGER) AS min_peers, CAST(? AS VARCHAR) AS pct),
        caps(cap, label, max_qty) AS (${values(caps, ['CAST(? AS INTEGER)', '?', 'CAST(? AS DECIMAL(18,4))'],
          'SELECT NULL::INTEGER, NULL::VARCHAR, NULL::DECIMAL(18,4) WHERE false')}),
        kw(cap, kind, val) AS (${values(kws, ['CAST(? AS INTEGER)', '?', '?'], 'SELECT NULL::INTEGER, NULL::VARCHAR, NULL::VARCHAR WHERE false')}),
        op AS (${MAIN_OPRN_SQL}),
        hvl AS (SELECT f.* FROM a_fee f WHERE ${anyPrefix('upper(f.hilist_code)', p.consumable_prefixes.length)}),
        hv AS (
          SELECT mdtrt_id, sum(det_item_fee_sumamt) AS amt, list(bkkp_sn ORDER BY bkkp_sn) AS bkkp,
            string_agg(coalesce(hilist_name, hilist_code) || '×' || ${qty('cnt')}, '、' ORDER BY det_item_fee_sumamt DESC, bkkp_sn) AS items
          FROM hvl GROUP BY ALL),
        capped AS (
          SELECT f.mdtrt_id, c.cap, c.label, c.max_qty, sum(f.cnt) AS qty FROM a_fee f CROSS JOIN caps c
          WHERE (f.list_type = '301' OR upper(f.hilist_code) LIKE 'C%') AND ((EXISTS (SELECT 1 FROM kw WHERE kw.cap = c.cap AND kw.kind = 'k')
              AND NOT EXISTS (SELECT 1 FROM kw WHERE kw.cap = c.cap AND kw.kind = 'k' AND NOT contains(f.hilist_name, kw.val)))
            OR EXISTS (SELECT 1 FROM kw WHERE kw.cap = c.cap AND kw.kind = 'p' AND starts_with(upper(f.hilist_code), upper(kw.val))))
          GROUP BY ALL HAVING sum(f.cnt) > c.max_qty),
        over_cap AS (
          SELECT mdtrt_id, string_agg(label || ${qty('qty')} || '个，超过每例' || ${qty('max_qty')} || '个', '；' ORDER BY cap) AS zh,
            string_agg(label || ': ' || ${qty('qty')} || ' > ' || ${qty('max_qty')} || ' per case', '; ' ORDER BY cap) AS en
          FROM capped GROUP BY ALL),
        cases AS (
          SELECT v.*, op.code AS oprn, op.name AS oprn_list_name, coalesce(hv.amt, 0) AS hv_amt, hv.bkkp AS hv_bkkp, hv.items
          FROM a_visit v LEFT JOIN op USING (mdtrt_id) LEFT JOIN hv USING (mdtrt_id)
          WHERE v.end_date BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)),
        grp AS (
          SELECT g.*, ${pctlSql('lim.pc')} AS pctl, ${pctlSql('0.5')} AS median, lim.min_peers, lim.pct
          FROM (SELECT oprn, count(*) AS n, list(hv_amt ORDER BY hv_amt) AS xs FROM cases WHERE oprn IS NOT NULL GROUP BY oprn) g
          CROSS JOIN lim),
        hit AS (
          SELECT c.*, g.n, g.pctl, g.median, g.pct, g.min_peers, coalesce(g.n >= g.min_peers AND c.hv_amt > g.pctl, false) AS over_pctl,
            oc.zh AS cap_zh, oc.en AS cap_en, coalesce(pr.name, c.oprn_list_name, c.oprn) AS oprn_name
          FROM cases c LEFT JOIN grp g ON g.oprn = c.oprn LEFT JOIN over_cap oc ON oc.mdtrt_id = c.mdtrt_id
          LEFT JOIN (SELECT oprn_oprt_code, min(oprn_oprt_name) AS name FROM kn_effective_icd_procedure GROUP BY ALL) pr
            ON pr.oprn_oprt_code = c.oprn)
      SELECT h.fixmedins_code, h.psn_no, h.mdtrt_id, h.setl_ids[1] AS setl_id, CAST([] AS VARCHAR[]) AS bkkp_sn, h.fund_pay AS amount,
        h.end_date AS occurred_at,
        json_object('case', CASE WHEN h.oprn IS NULL THEN '本次就诊' ELSE '主手术【' || h.oprn_name || '】（' || h.oprn || '）病例' END,
          'case_en', coalesce('case with main procedure ' || h.oprn, 'visit'), 'hv', ${money('h.hv_amt')}, 'items', h.items,
          'reason', concat_ws('；', CASE WHEN h.over_pctl THEN '高于同主手术' || h.n || '例病例的第' || h.pct || '百分位数'
            || ${money('h.pctl')} || '元（中位数' || ${money('h.median')} || '元）' END, h.cap_zh),
          'reason_en', concat_ws('; ', CASE WHEN h.over_pctl THEN 'above the P' || h.pct || ' of ' || h.n || ' cases ('
            || ${money('h.pctl')} || ' yuan)' END, h.cap_en)) AS facts,
        json_object('hv_amount', h.hv_amt, 'hv_bkkp_sn', h.hv_bkkp, 'main_oprn', h.oprn, 'peer_cases', h.n,
          'peer_percentile_amount', h.pctl, 'peer_median_amount', h.median, 'over_percentile', h.over_pctl,
          'over_quantity_cap', h.cap_zh IS NOT NULL, 'med_type', h.med_type) AS evidence,
        concat_ws(', ', CASE WHEN h.over_pctl THEN 'params.percentile=' || h.pct || '%, min_peers=' || h.min_peers END,
          CASE WHEN h.cap_zh IS NOT NULL THEN 'params.quantity_caps' END) AS knowledge_ref
      FROM hit h WHERE h.over_pctl OR h.cap_zh IS NOT NULL`,
      params: [String(p.percentile), p.min_peers, pct, ...caps.flat(), ...kws.flat(), ...p.consumable_prefixes.map((x) => x.toUpperCase()),
        ctx.from, ctx.to],
    };
  },
  // In real time the peers are the person's cases from its data and everybody else's from the region knowledge
  // (consumable_cases, loaded at start and after imports). There is no period: every case with an end date is a peer,
  // which equals the batch when its period covers all data. Peer lines are those with codes C…, so a prefix that does
  // not start with C counts only in the person's own cases.
  realtime: (p, d) => {
    const prefixes = p.consumable_prefixes.map((x) => x.toUpperCase());
    const pc = new X(String(p.percentile)).toDecimalPlaces(6, X.ROUND_HALF_UP);
    const pct = String(Math.round(p.percentile * 1000) / 10);
    const op = mainOprn(d);
    const fees = indexBy(d.a_fee, 'mdtrt_id');
    // cases: the person's visits; the batch's period covers all data a real-time check sees, so only the end date is needed.
    const cases = d.a_visit.filter((v) => v.end_date != null).map((v) => {
      const lines = fees.get(String(v.mdtrt_id)) ?? [];
      const hvl = lines.filter((f) => startsWithAny(upper(f.hilist_code), prefixes));
      return { v, op: v.mdtrt_id == null ? undefined : op.get(String(v.mdtrt_id)), lines, hvl,
        hv_amt: sumX(hvl.map((f) => f.det_item_fee_sumamt)) };
    });
    const own = new Set(cases.map((c) => String(c.v.mdtrt_id)));
    const peers = peerGroups(d.kn.consumable_cases ?? [], prefixes);
    const out: RtFindingRow[] = [];
    for (const c of cases) {
      const { v } = c;
      const oprn = c.op?.code ?? null;
      // grp: this person's cases with the same main procedure from its data, everybody else's from the knowledge.
      let g: { n: number; pctl: Decimal; median: Decimal } | null = null;
      if (oprn !== null) {
        const xs = (peers.get(oprn) ?? []).filter((x) => x.psn_no !== d.psn_no && !own.has(x.mdtrt_id)).map((x) => x.amt);
        for (const o of cases) if (o.op?.code === oprn) insertSorted(xs, o.hv_amt);
        g = { n: xs.length, pctl: pctlOf(xs, pc), median: pctlOf(xs, new X('0.5')) };
      }
      const over = g !== null && g.n >= p.min_peers && c.hv_amt.gt(g.pctl) ? g : null;
      const cap = overCap(p.quantity_caps, c.lines);
      if (over === null && cap === null) continue;
      const hvl = c.hvl.length ? c.hvl : null;
      const items = hvl && [...hvl].sort((a, b) => cmpAmtDesc(a.det_item_fee_sumamt, b.det_item_fee_sumamt) || cmp(a.bkkp_sn, b.bkkp_sn))
        .map((f) => `${f.hilist_name ?? f.hilist_code}×${qtyText(f.cnt)}`).join('、');
      const oprnName = oprn === null ? null : minName(d.kn.icd_procedure, oprn) ?? c.op?.name ?? oprn;
      out.push({
        fixmedins_code: v.fixmedins_code, psn_no: v.psn_no, mdtrt_id: v.mdtrt_id, setl_id: v.setl_ids[0] ?? null, bkkp_sn: [],
        amount: String(v.fund_pay), occurred_at: v.end_date,
        facts: { case: oprn === null ? '本次就诊' : `主手术【${oprnName}】（${oprn}）病例`,
          case_en: oprn === null ? 'visit' : `case with main procedure ${oprn}`, hv: moneyText(c.hv_amt), items,
          reason: [over && `高于同主手术${over.n}例病例的第${pct}百分位数${moneyText(over.pctl)}元（中位数${moneyText(over.median)}元）`,
            cap?.zh].filter(Boolean).join('；'),
          reason_en: [over && `above the P${pct} of ${over.n} cases (${moneyText(over.pctl)} yuan)`, cap?.en].filter(Boolean).join('; ') },
        evidence: { hv_amount: c.hv_amt.toFixed(4), hv_bkkp_sn: hvl && sortBy([...hvl], (f) => f.bkkp_sn).map((f) => f.bkkp_sn),
          main_oprn: oprn, peer_cases: g?.n ?? null, peer_percentile_amount: g?.pctl.toFixed(10) ?? null,
          peer_median_amount: g?.median.toFixed(10) ?? null, over_percentile: over !== null, over_quantity_cap: cap !== null,
          med_type: v.med_type ?? null },
        knowledge_ref: [over && `params.percentile=${pct}%, min_peers=${p.min_peers}`, cap && 'params.quantity_caps']
          .filter(Boolean).join(', '),
      });
    }
    return out;
  },
});

// ---------------------------------------------------------------------------------------------
// Real-time pieces, each the twin of a CTE above.

/** Exact decimals for the percentile interpolation (DuckDB keeps 10 places there; the default precision could round). */
const X = Decimal.clone({ precision: 60 });
type X = Decimal;

/** SQL trim(): DuckDB strips space separators (Unicode Zs) only. */
const sqlTrim = (v: string): string => v.replace(/^\p{Zs}+|\p{Zs}+$/gu, '');
const upper = (v: unknown): string | null => (v == null ? null : String(v).toUpperCase());
/** sum() of a decimal column, NULLs skipped; coalesce(…, 0) where nothing is left. */
const sumX = (vs: unknown[]): X => vs.reduce<X>((a, v) => (v == null ? a : a.plus(String(v))), new X(0));
const moneyText = (x: X): string => x.toDecimalPlaces(2, X.ROUND_HALF_UP).toFixed(2);
/** qty(): a DECIMAL(…,4) without trailing zeros (regexp_replace replaces the first match only). */
const qtyText = (v: unknown): string => new X(String(v)).toFixed(4).replace(/\.?0+$/, '');
const cmpAmtDesc = (a: unknown, b: unknown): number => (a == null || b == null ? (a == null ? 1 : 0) - (b == null ? 1 : 0)
  : new X(String(b)).cmp(String(a)));

/** op: a visit's smallest trimmed main-procedure code on the lists of its valid settlements; arg_min's name skips NULLs. */
function mainOprn(d: RtData): Map<string, { code: string; name: string | null }> {
  const setls = new Set(d.a_setl.map((s) => String(s.setl_id)));
  const out = new Map<string, { code: string; name: string | null; nameCode: string | null }>();
  for (const o of d.raw.setl_list_oprn_d) {
    if (o.main_oprn_flag !== '1' || o.setl_id == null || !setls.has(String(o.setl_id)) || o.mdtrt_id == null) continue;
    const code = sqlTrim(String(o.oprn_oprt_code ?? ''));
    if (code === '') continue;
    const cur = out.get(String(o.mdtrt_id)) ?? { code, name: null, nameCode: null };
    if (code < cur.code) cur.code = code;
    if (o.oprn_oprt_name != null && (cur.nameCode === null || code < cur.nameCode)) {
      cur.nameCode = code;
      cur.name = o.oprn_oprt_name;
    }
    out.set(String(o.mdtrt_id), cur);
  }
  return out;
}

const caseVisits = new WeakMap<readonly Row[], Set<string>>();

/**
 * For real-time scoping (realtime/scope.ts): whether none of these visits has a main procedure and no
 * other person's case in the knowledge bears one of their ids. Then their cases have no peer group and
 * join none (a case is compared only with cases of its main procedure), so the rule is visit-local for them.
 */
export function consumablesVisitLocal(d: RtData, visits: ReadonlySet<string>): boolean {
  const op = mainOprn(d);
  const cases = d.kn.consumable_cases ?? [];
  let ids = caseVisits.get(cases);
  if (!ids) caseVisits.set(cases, (ids = new Set(cases.map((r) => String(r.mdtrt_id)))));
  for (const m of visits) if (op.has(m) || ids.has(m)) return false;
  return true;
}

/** min(oprn_oprt_name) of the procedure dictionary for a code. */
function minName(dict: Row[], code: string): string | null {
  let best: string | null = null;
  for (const k of indexBy(dict, 'oprn_oprt_code').get(code) ?? []) {
    if (k.oprn_oprt_name != null && (best === null || k.oprn_oprt_name < best)) best = k.oprn_oprt_name;
  }
  return best;
}

interface PeerCase { psn_no: string; mdtrt_id: string; amt: X }
const peerCache = new WeakMap<readonly Row[], Map<string, Map<string, PeerCase[]>>>();

/** The knowledge's cases by main procedure with their high-value amounts for these prefixes, ascending; built once per prefix list. */
function peerGroups(rows: readonly Row[], prefixes: string[]): Map<string, PeerCase[]> {
  let byPrefixes = peerCache.get(rows);
  if (!byPrefixes) peerCache.set(rows, (byPrefixes = new Map()));
  const key = JSON.stringify(prefixes);
  let groups = byPrefixes.get(key);
  if (!groups) {
    groups = new Map();
    for (const r of rows) {
      const amt = sumX((r.lines as Row[]).filter((l) => startsWithAny(l.code, prefixes)).map((l) => l.amt));
      const list = groups.get(r.oprn) ?? [];
      list.push({ psn_no: String(r.psn_no), mdtrt_id: String(r.mdtrt_id), amt });
      groups.set(r.oprn, list);
    }
    for (const list of groups.values()) list.sort((a, b) => a.amt.cmp(b.amt));
    byPrefixes.set(key, groups);
  }
  return groups;
}

function insertSorted(xs: X[], x: X): void {
  let i = xs.length;
  while (i > 0 && xs[i - 1].gt(x)) i--;
  xs.splice(i, 0, x);
}

/** pctlSql(): PERCENTILE_CONT at fraction p over ascending values. */
function pctlOf(xs: X[], p: X): X {
  const at = new X(xs.length - 1).times(p);
  const lo = xs[at.floor().toNumber()]; const hi = xs[at.ceil().toNumber()];
  return lo.plus(at.minus(at.floor()).times(hi.minus(lo)));
}

/** capped/over_cap: the configured caps the visit's consumable lines exceed, as the two messages. */
function overCap(caps: z.output<typeof cap>[], lines: Row[]): { zh: string; en: string } | null {
  const consumables = lines.filter((f) => f.list_type === '301' || startsWithAny(upper(f.hilist_code), ['C']));
  if (consumables.length === 0) return null; // no cap can be exceeded (and most visits have no consumables)
  const hit = caps.flatMap((c) => {
    // NOT contains(NULL, kw) is NULL, so a line without a name passes the keyword test.
    const ls = consumables.filter((f) => (c.name_keywords.length > 0 && c.name_keywords.every((k) => f.hilist_name == null
      || String(f.hilist_name).includes(k))) || c.code_prefixes.some((k) => startsWithAny(upper(f.hilist_code), [k.toUpperCase()])));
    const total = sumX(ls.map((f) => f.cnt));
    const max = new X(String(c.max_per_case)).toDecimalPlaces(4, X.ROUND_HALF_UP);
    return ls.length && total.gt(max) ? [{ label: c.label, q: qtyText(total), m: qtyText(max) }] : [];
  });
  return hit.length ? { zh: hit.map((h) => `${h.label}${h.q}个，超过每例${h.m}个`).join('；'),
    en: hit.map((h) => `${h.label}: ${h.q} > ${h.m} per case`).join('; ') } : null;
}
