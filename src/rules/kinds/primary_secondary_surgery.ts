import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { defineRule } from '../types.js';
import { knowledgeRefSql, lineEvidenceSql } from '../knowledge-ref.js';
import { cmp, dec, indexBy, knowledgeRef, lineEvidence } from '../realtime/helpers.js';
import type { Row, RtFindingRow } from '../realtime/data.js';

export const messages = {
  message: {
    zh: '{date}同一手术时段（{group}）第二及以后的手术【{item}】未按{pct}%折价：单价{pric}元，应不超过{due_price}元（主手术【{primary}】）',
    en: '{date}, same operation session ({group}): secondary surgery [{item}] not discounted to {pct}%: unit price {pric}, due at most {due_price} (primary [{primary}])',
  },
};

const money = (e: string) => `CAST(CAST(round(${e}, 2) AS DECIMAL(18,2)) AS VARCHAR)`;

const isNull = (v: unknown): v is null | undefined => v === null || v === undefined;
/** A NULL amount where the batch query gives one (the finding type says string). */
const NULL_AMOUNT = null as unknown as string;
function pushTo<T>(m: Map<string, T[]>, key: string, x: T): void {
  const list = m.get(key);
  if (list) list.push(x);
  else m.set(key, [x]);
}
/** round(x, 2) as DECIMAL(18,2) text. */
const money2 = (x: Decimal): string => x.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
/** Decimals compared DESC NULLS LAST. */
const descNullsLast = (a: Decimal | null, b: Decimal | null): number => (a === null ? (b === null ? 0 : 1) : b === null ? -1 : b.cmp(a));

const groupCache = new WeakMap<readonly Row[], Map<string, Row[]>>();
/** g: per item code, its first knowledge row (by src_file, src_row) of each surgery group. */
function surgeryGroups(rows: readonly Row[]): Map<string, Row[]> {
  let byCode = groupCache.get(rows);
  if (!byCode) {
    const first = new Map<string, Row>();
    for (const k of rows) {
      if (isNull(k.surgery_group) || isNull(k.hilist_code)) continue;
      const key = JSON.stringify([k.hilist_code, k.surgery_group]);
      const cur = first.get(key);
      if (!cur || cmp(k.src_file, cur.src_file) < 0 || (cmp(k.src_file, cur.src_file) === 0 && cmp(k.src_row, cur.src_row) < 0)) {
        first.set(key, k);
      }
    }
    byCode = new Map();
    for (const k of first.values()) pushTo(byCode, String(k.hilist_code), k);
    groupCache.set(rows, byCode);
  }
  return byCode;
}

/**
 * 限定主次操作 (batch 2): two or more surgeries of one surgery group in one operation session (same
 * visit, same day). The primary is the line billed highest (ties: higher reference price, then
 * bkkp_sn); every other line of the group must be charged at most [secondary_rate] × its reference
 * price, which is the price catalogue's highest price for the institution's class, else the line's
 * own pric_uplmt_amt; without either the discount cannot be judged. A code listed in two groups
 * counts in both; a line secondary in any of its groups is flagged once.
 * Amount: det_item_fee_sumamt − round(cnt × reference price × secondary_rate, 2) (the discount not given).
 */
export const rule = defineRule({
  meta: {
    id: 'primary_secondary_surgery', name_zh: '限定主次操作', name_en: 'Secondary surgery not discounted',
    category: 'policy', scope: 'visit', perPerson: true, severity: 'violation',
    params: z.object({ secondary_rate: z.number().gt(0).max(1).default(0.5) }).strict(),
    knowledge: '第二批 限定主次操作（手术组）；医疗服务价格目录',
    amount_zh: '次要手术明细金额 − 数量 × 限价 × 折价比例（未给予的折让）',
    basis: '《医疗保障基金使用监督管理条例》第十五条（超标准收费）',
  },
  batch: (p) => ({
    sql: `WITH g AS (
        SELECT DISTINCT ON (hilist_code, surgery_group) hilist_code, surgery_group, src_file, src_sheet, src_row
        FROM kn_effective_item_restriction WHERE surgery_group IS NOT NULL
        ORDER BY hilist_code, surgery_group, src_file, src_row),
      ops AS (
        SELECT f.*, g.surgery_group, ${knowledgeRefSql('g')} AS knowledge_ref, pc.max_price AS catalogue_price,
          coalesce(pc.max_price, CASE WHEN f.pric_uplmt_amt > 0 THEN f.pric_uplmt_amt END) AS ref_price
        FROM a_fee f JOIN g ON g.hilist_code = f.hilist_code
        LEFT JOIN price_catalog pc ON pc.hilist_code = f.hilist_code AND trim(pc.hosp_lv_class) = CAST(f.hosp_class AS VARCHAR)),
      ranked AS (
        SELECT *,
          row_number() OVER w AS rk, first_value(hilist_name) OVER w AS primary_name,
          first_value(bkkp_sn) OVER w AS primary_bkkp_sn,
          CAST(? AS DECIMAL(9,4)) AS rate
        FROM ops
        WINDOW w AS (PARTITION BY mdtrt_id, fee_date, surgery_group
          ORDER BY det_item_fee_sumamt DESC, ref_price DESC NULLS LAST, bkkp_sn
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING))
      SELECT DISTINCT ON (f.fixmedins_code, f.bkkp_sn)
        f.fixmedins_code, f.psn_no, f.mdtrt_id, f.setl_id, [f.bkkp_sn] AS bkkp_sn,
        f.det_item_fee_sumamt - round(CAST(f.cnt AS DECIMAL(38,4)) * f.ref_price * f.rate, 2) AS amount, f.fee_date AS occurred_at,
        json_object('date', CAST(f.fee_date AS VARCHAR), 'group', f.surgery_group, 'item', f.hilist_name,
          'pct', ?, 'pric', ${money('f.pric')}, 'due_price', ${money('CAST(f.ref_price AS DECIMAL(38,4)) * f.rate')},
          'primary', f.primary_name) AS facts,
        json_object('surgery_group', f.surgery_group, 'primary_bkkp_sn', f.primary_bkkp_sn, 'reference_price', f.ref_price,
          'reference', CASE WHEN f.catalogue_price IS NOT NULL THEN 'price_catalog' ELSE 'pric_uplmt_amt' END,
          'hosp_class', f.hosp_class, 'secondary_rate', f.rate, ${lineEvidenceSql()}) AS evidence,
        f.knowledge_ref
      FROM ranked f
      WHERE f.rk > 1 AND f.ref_price IS NOT NULL AND f.pric > CAST(f.ref_price AS DECIMAL(38,4)) * f.rate
      ORDER BY f.fixmedins_code, f.bkkp_sn, f.surgery_group`,
    params: [String(p.secondary_rate), String(Math.round(p.secondary_rate * 10000) / 100)],
  }),
  realtime: (p, d) => {
    const rate = dec(String(p.secondary_rate)).toDecimalPlaces(4, Decimal.ROUND_HALF_UP); // CAST(? AS DECIMAL(9,4))
    const pct = String(Math.round(p.secondary_rate * 10000) / 100);
    const groups = surgeryGroups(d.kn.item_restriction);
    const prices = indexBy(d.kn.price_catalog, 'hilist_code');
    // ops: each line once per surgery group of its code (and per matching catalogue row, as the LEFT JOIN does).
    const sessions = new Map<string, { f: Row; g: Row; catalogue: Decimal | null; ref: Decimal | null }[]>();
    for (const f of d.a_fee) {
      for (const g of groups.get(String(f.hilist_code)) ?? []) {
        const pcs = (prices.get(String(f.hilist_code)) ?? [])
          .filter((pc) => !isNull(pc.hosp_lv_class) && String(pc.hosp_lv_class).replace(/^\p{Zs}+|\p{Zs}+$/gu, '') === String(f.hosp_class));
        for (const pc of pcs.length ? pcs : [null]) {
          const catalogue = pc === null || isNull(pc.max_price) ? null : dec(pc.max_price);
          const own = isNull(f.pric_uplmt_amt) || !dec(f.pric_uplmt_amt).gt(0) ? null : dec(f.pric_uplmt_amt);
          const key = JSON.stringify([f.mdtrt_id, f.fee_date, g.surgery_group]);
          pushTo(sessions, key, { f, g, catalogue, ref: catalogue ?? own });
        }
      }
    }
    // ranked: the session's primary is its first line by amount DESC, reference price DESC, bkkp_sn.
    const due = new Map<string, { row: RtFindingRow; group: string }>();
    for (const ops of sessions.values()) {
      const amt = (f: Row) => (isNull(f.det_item_fee_sumamt) ? null : dec(f.det_item_fee_sumamt));
      ops.sort((a, b) => descNullsLast(amt(a.f), amt(b.f)) || descNullsLast(a.ref, b.ref) || cmp(a.f.bkkp_sn, b.f.bkkp_sn));
      const primary = ops[0].f;
      for (const { f, g, catalogue, ref } of ops.slice(1)) {
        if (ref === null || isNull(f.pric) || !dec(f.pric).gt(ref.times(rate))) continue;
        // DISTINCT ON (fixmedins_code, bkkp_sn) ORDER BY surgery_group: a line secondary in several groups once.
        const key = JSON.stringify([f.fixmedins_code, f.bkkp_sn]);
        const prev = due.get(key);
        if (prev && cmp(prev.group, g.surgery_group) <= 0) continue;
        const amount = isNull(f.det_item_fee_sumamt) ? null
          : dec(f.det_item_fee_sumamt).minus(dec(f.cnt).times(ref).times(rate).toDecimalPlaces(2, Decimal.ROUND_HALF_UP));
        due.set(key, { group: g.surgery_group, row: {
          fixmedins_code: f.fixmedins_code, psn_no: f.psn_no, mdtrt_id: f.mdtrt_id, setl_id: f.setl_id, bkkp_sn: [f.bkkp_sn],
          amount: amount?.toString() ?? NULL_AMOUNT, occurred_at: f.fee_date,
          facts: { date: f.fee_date, group: g.surgery_group, item: f.hilist_name, pct, pric: money2(dec(f.pric)),
            due_price: money2(ref.times(rate)), primary: primary.hilist_name },
          evidence: { surgery_group: g.surgery_group, primary_bkkp_sn: primary.bkkp_sn, reference_price: ref.toString(),
            reference: catalogue !== null ? 'price_catalog' : 'pric_uplmt_amt', hosp_class: f.hosp_class,
            secondary_rate: rate.toString(), ...lineEvidence(f) },
          knowledge_ref: knowledgeRef(g),
        } });
      }
    }
    return [...due.values()].map((x) => x.row);
  },
});
