import { z } from 'zod';
import { defineRule } from '../types.js';

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
        op AS (
          SELECT o.mdtrt_id, min(trim(o.oprn_oprt_code)) AS code, arg_min(o.oprn_oprt_name, trim(o.oprn_oprt_code)) AS name
          FROM setl_list_oprn_d o JOIN a_setl s ON s.setl_id = o.setl_id
          WHERE o.main_oprn_flag = '1' AND trim(coalesce(o.oprn_oprt_code, '')) <> '' GROUP BY ALL),
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
});
