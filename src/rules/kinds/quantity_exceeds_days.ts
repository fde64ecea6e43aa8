import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { defineRule } from '../types.js';
import { placeholders as marks, inpatientMedTypesParam } from '../sql-helpers.js';
import { cmp, dayDiff, dec, dec4, sortBy, startsWithAny, sumDec } from '../realtime/helpers.js';
import type { Row, RtFindingRow } from '../realtime/data.js';

export const messages = {
  message: {
    zh: '住院{begin}至{end}（按出院日期−入院日期+1最多{allowed}日），【{item}】计费数量{total}，超出{excess}',
    en: 'stay {begin} to {end} (at most {allowed} days counting both dates): [{item}] billed {total}, {excess} over',
  },
};

const qty = (x: string) => `rtrim(rtrim(CAST(${x} AS VARCHAR), '0'), '.')`;
/** qty() of a DECIMAL(…,4) value. */
const qtyText = (d: Decimal) => dec4(d).replace(/0+$/, '').replace(/\.+$/, '');

/**
 * 计费数量超住院天数: per-day items of a stay (by med_chrgitm_type per_day_types: 01 床位费, 07 护理费; and by
 * national code per_day_codes: 001102000050000 住院诊查费), counted per hilist_code over the stay's net lines;
 * the total quantity must not exceed (discharge date − admission date) + 1. One finding per stay and item,
 * naming the item's lines. Amount = excess quantity × price, the excess taken from the latest-billed lines
 * (by fee time, then bkkp_sn), so mixed prices are priced where the surplus was billed.
 */
export const rule = defineRule({
  meta: {
    id: 'quantity_exceeds_days', name_zh: '计费数量超住院天数', name_en: 'Per-day quantity above length of stay',
    category: 'management', scope: 'visit', perPerson: true, severity: 'violation',
    params: z.object({
      per_day_types: z.array(z.string().regex(/^[0-9A-Za-z]{1,6}$/)).default(['01', '07']),
      per_day_codes: z.array(z.string().regex(/^[0-9A-Za-z]{1,30}$/)).default(['001102000050000']),
      inpatient_med_types: inpatientMedTypesParam,
    }).strict(),
    knowledge: null, amount_zh: '超出数量 × 单价（超出部分自最后计费的明细起算）',
    basis: '《医疗保障基金使用监督管理条例》第十五条',
  },
  batch: (p) => ({
    sql: `WITH inpt AS (SELECT unnest([${marks(p.inpatient_med_types)}]) AS code),
      -- The inpatient med_types present, found once on the few distinct values rather than per fee line.
      ipt_mt AS (SELECT DISTINCT med_type FROM mdtrt_d m WHERE EXISTS (SELECT 1 FROM inpt WHERE starts_with(m.med_type, inpt.code))),
      cand AS (
        SELECT f.* FROM a_fee f
        WHERE f.visit_med_type IN (SELECT med_type FROM ipt_mt)
          AND (f.med_chrgitm_type IN (SELECT unnest(CAST([${marks(p.per_day_types)}] AS VARCHAR[])))
            OR f.hilist_code IN (SELECT unnest(CAST([${marks(p.per_day_codes)}] AS VARCHAR[]))))),
      -- Only items whose total can exceed the stay are allocated line by line (allowed is the visit's, the same on
      -- each of its lines); the window then sorts just their lines.
      over AS (
        SELECT mdtrt_id, hilist_code FROM cand GROUP BY mdtrt_id, hilist_code
        HAVING sum(cnt) > min(date_diff('day', begn_date, end_date) + 1)),
      per AS (
        SELECT f.*, date_diff('day', f.begn_date, f.end_date) + 1 AS allowed,
          sum(f.cnt) OVER (PARTITION BY f.mdtrt_id, f.hilist_code) AS total_qty,
          coalesce(sum(f.cnt) OVER (PARTITION BY f.mdtrt_id, f.hilist_code ORDER BY f.fee_ocur_time DESC, f.bkkp_sn DESC
            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS later_qty
        FROM cand f JOIN over o ON o.mdtrt_id = f.mdtrt_id AND o.hilist_code IS NOT DISTINCT FROM f.hilist_code),
      alloc AS (
        SELECT *, greatest(least(cnt, total_qty - allowed - later_qty), 0) AS excess_here
        FROM per WHERE total_qty > allowed),
      items AS (
        SELECT mdtrt_id, hilist_code, any_value(fixmedins_code) AS fixmedins_code, any_value(psn_no) AS psn_no,
          min(setl_id) AS setl_id, list(bkkp_sn ORDER BY bkkp_sn) AS bkkp_sn, round(sum(excess_here * pric), 2) AS amount,
          any_value(begn_date) AS begn_date, any_value(end_date) AS end_date, any_value(allowed) AS allowed,
          any_value(total_qty) AS total_qty, arg_max(hilist_name, bkkp_sn) AS item
        FROM alloc GROUP BY mdtrt_id, hilist_code)
      SELECT x.fixmedins_code, x.psn_no, x.mdtrt_id, x.setl_id, x.bkkp_sn, x.amount, x.end_date AS occurred_at,
        json_object('begin', strftime(x.begn_date, '%Y-%m-%d'), 'end', strftime(x.end_date, '%Y-%m-%d'),
          'allowed', x.allowed, 'item', x.item, 'total', ${qty('x.total_qty')},
          'excess', ${qty('x.total_qty - x.allowed')}) AS facts,
        json_object('hilist_code', x.hilist_code, 'allowed_qty', x.allowed, 'total_qty', x.total_qty,
          'excess_qty', x.total_qty - x.allowed) AS evidence,
        'params.per_day_types=' || ? || '; params.per_day_codes=' || ? AS knowledge_ref
      FROM items x`,
    params: [...p.inpatient_med_types, ...p.per_day_types, ...p.per_day_codes, p.per_day_types.join(','),
      p.per_day_codes.join(',')],
  }),
  realtime: (p, d) => {
    const items = new Map<string, Row[]>();
    for (const f of d.a_fee) {
      if (!startsWithAny(f.visit_med_type, p.inpatient_med_types)) continue;
      if (!p.per_day_types.includes(f.med_chrgitm_type) && !p.per_day_codes.includes(f.hilist_code)) continue;
      const key = `${f.mdtrt_id}\u0000${f.hilist_code}`;
      (items.get(key) ?? items.set(key, []).get(key)!).push(f);
    }
    const out: RtFindingRow[] = [];
    for (const lines of items.values()) {
      const f0 = lines[0];
      if (!f0.begn_date || !f0.end_date) continue;
      const allowed = dayDiff(f0.begn_date, f0.end_date) + 1;
      const total = sumDec(lines, 'cnt');
      if (!total.gt(allowed)) continue;
      // The excess is taken from the latest-billed lines first (later_qty: what the lines billed after this one hold).
      let later = new Decimal(0);
      let amount: Decimal | null = null;
      for (const f of sortBy([...lines], (x) => x.fee_ocur_time, (x) => x.bkkp_sn).reverse()) {
        const here = Decimal.max(Decimal.min(dec(f.cnt), total.minus(allowed).minus(later)), 0);
        later = later.plus(dec(f.cnt));
        if (f.pric !== null && f.pric !== undefined) amount = (amount ?? new Decimal(0)).plus(here.mul(f.pric));
      }
      const bkkp = lines.map((f) => String(f.bkkp_sn)).sort(cmp);
      const last = lines.find((f) => String(f.bkkp_sn) === bkkp[bkkp.length - 1])!;
      out.push({
        fixmedins_code: f0.fixmedins_code, psn_no: f0.psn_no, mdtrt_id: f0.mdtrt_id,
        setl_id: lines.map((f) => f.setl_id).filter((x) => x !== null && x !== undefined).sort(cmp)[0] ?? null,
        // A NULL sum (no line has a price) is stated as 0.
        bkkp_sn: bkkp, amount: amount === null ? '0' : amount.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2),
        occurred_at: f0.end_date,
        facts: { begin: f0.begn_date, end: f0.end_date, allowed, item: last.hilist_name ?? null, total: qtyText(total),
          excess: qtyText(total.minus(allowed)) },
        evidence: { hilist_code: f0.hilist_code, allowed_qty: allowed, total_qty: dec4(total),
          excess_qty: dec4(total.minus(allowed)) },
        knowledge_ref: `params.per_day_types=${p.per_day_types.join(',')}; params.per_day_codes=${p.per_day_codes.join(',')}`,
      });
    }
    return out;
  },
});
