import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { defineRule } from '../types.js';
import { placeholders as marks } from '../sql-helpers.js';
import { lineEvidenceSql, lineFindingSql } from '../knowledge-ref.js';
import { dec, dec4, lineEvidence, lineFinding, startsWithAny } from '../realtime/helpers.js';
import type { Row, RtFindingRow } from '../realtime/data.js';

export const messages = {
  message: {
    zh: '中药饮片【{item}】每剂{grams}克、共{doses}剂（{visit_kind}），{reason}',
    en: 'herb [{item}]: {grams} g per dose, {doses} doses ({visit_kind_en}): {reason_en}',
  },
};

/**
 * Daily caps of toxic herbs (《中国药典》2020 maximum daily doses, grams), by catalogue name; every other
 * herb has max_grams_per_day (60 g: no decoction herb of the pharmacopoeia has a higher daily maximum).
 */
export const HERB_MAX_GRAMS: Record<string, number> = {
  细辛: 3, 制川乌: 3, 制草乌: 3, 附子: 15, 制附子: 15, 马钱子: 0.6, 朱砂: 0.5, 雄黄: 0.1, 吴茱萸: 5, 全蝎: 6, 蜈蚣: 5,
};

/** Plain number text: 200.00 → 200, 10.50 → 10.5. */
const num = (x: string) => `regexp_replace(CAST(CAST(round(${x}, 2) AS DECIMAL(18,2)) AS VARCHAR), '\\.?0+$', '')`;
/** num() of a decimal, and of a DOUBLE (DuckDB divides decimals in DOUBLE; round() rounds half away from zero). */
const numText = (d: Decimal) => d.toFixed(2, Decimal.ROUND_HALF_UP).replace(/\.?0+$/, '');
const numDouble = (x: number) => numText(new Decimal(Math.sign(x) * Math.round(Math.abs(x) * 100)).div(100));
/** TRY_CAST(text AS DECIMAL(18,4)): rounded to 4 places, NULL when it does not fit. */
const tryDec4 = (t: string): Decimal | null => {
  const d = new Decimal(t).toDecimalPlaces(4, Decimal.ROUND_HALF_UP);
  return d.abs().gte('1e14') ? null : d;
};
// RE2's \s is [\t\n\f\r ].
const GRAMS = /^[\t\n\f\r ]*([0-9]+(\.[0-9]+)?)[\t\n\f\r ]*(g|G|克)[\t\n\f\r ]*$/;
const trim = (v: string) => v.replace(/^ +| +$/g, '');
const concatWs = (sep: string, ...xs: (string | null)[]) => xs.filter((x) => x !== null).join(sep);

/**
 * 中药饮片超量: a herb line (list_type 102, quantity in grams, prd_days = doses, one dose a day) whose
 * grams per dose exceed the herb's daily cap, or an outpatient prescription with more doses than allowed
 * (max_doses for ordinary outpatient and pharmacy visits, max_doses_emergency for 13, max_doses_chronic
 * for 14x 门诊慢特病; stays are not limited in doses). Without prd_days the grams per dose come from
 * sin_dos_dscr ("200g") and the dose count is not judged.
 */
export const rule = defineRule({
  meta: {
    id: 'tcm_overdose', name_zh: '中药饮片超量', name_en: 'Herbal medicine overdose', category: 'medical', scope: 'line', perPerson: true,
    severity: 'suspect',
    params: z.object({
      max_grams_per_day: z.number().positive().default(60),
      herb_max_grams: z.record(z.string().min(1), z.number().positive()).default(HERB_MAX_GRAMS),
      max_doses: z.number().int().min(1).default(7),
      max_doses_emergency: z.number().int().min(1).default(3),
      max_doses_chronic: z.number().int().min(1).default(14),
      list_types: z.array(z.string().min(1)).min(1).default(['102']),
    }).strict(),
    knowledge: null, amount_zh: '超量中药饮片明细的 det_item_fee_sumamt − fulamt_ownpay_amt',
    basis: '《医疗保障基金使用监督管理条例》第十五条（超量开药）；《处方管理办法》第十八条',
  },
  batch: (p) => {
    const caps = Object.entries(p.herb_max_grams);
    return {
      sql: `WITH lt AS (SELECT unnest([${marks(p.list_types)}]) AS list_type),
        cap(name, grams) AS (${caps.length ? `VALUES ${caps.map(() => '(?, CAST(? AS DECIMAL(18,4)))').join(', ')}`
          : 'SELECT CAST(NULL AS VARCHAR), CAST(NULL AS DECIMAL(18,4)) WHERE false'}),
        lim AS (SELECT CAST(? AS DECIMAL(18,4)) AS general, CAST(? AS INTEGER) AS d_otp, CAST(? AS INTEGER) AS d_er,
          CAST(? AS INTEGER) AS d_chronic),
        -- Lines are judged on a few columns; the wide fee row is joined back (on its key) only for the lines that fire.
        h AS (
          SELECT f.fixmedins_code, f.bkkp_sn, f.cnt, CASE WHEN f.prd_days > 0 THEN f.prd_days END AS doses,
            TRY_CAST(regexp_extract(f.sin_dos_dscr, '^\\s*([0-9]+(\\.[0-9]+)?)\\s*(g|G|克)\\s*$', 1) AS DECIMAL(18,4)) AS dos_grams,
            cap.grams AS herb_cap, coalesce(cap.grams, lim.general) AS day_cap,
            CASE WHEN starts_with(f.visit_med_type, '14') THEN lim.d_chronic WHEN f.visit_med_type = '13' THEN lim.d_er
              WHEN f.visit_med_type LIKE '2%' OR f.visit_med_type IN ('52', '71') THEN NULL ELSE lim.d_otp END AS max_doses,
            CASE WHEN starts_with(f.visit_med_type, '14') THEN '门诊慢特病' WHEN f.visit_med_type = '13' THEN '急诊'
              WHEN f.visit_med_type LIKE '2%' OR f.visit_med_type IN ('52', '71') THEN '住院' ELSE '门诊' END AS visit_kind
          FROM a_fee f CROSS JOIN lim LEFT JOIN cap ON cap.name = trim(f.hilist_name)
          WHERE f.list_type IN (SELECT list_type FROM lt)),
        x AS (
          SELECT h.*, coalesce(CASE WHEN doses IS NOT NULL THEN cnt > day_cap * doses END, dos_grams > day_cap, false) AS over_grams,
            coalesce(doses > max_doses, false) AS over_doses
          FROM h),
        hit AS (
          SELECT a.*, x.doses, x.dos_grams, x.herb_cap, x.day_cap, x.max_doses, x.visit_kind, x.over_grams, x.over_doses
          FROM x JOIN a_fee a ON a.fixmedins_code = x.fixmedins_code AND a.bkkp_sn = x.bkkp_sn
          WHERE x.over_grams OR x.over_doses)
      SELECT ${lineFindingSql()},
        json_object('item', f.hilist_name,
          'grams', coalesce(${num('f.cnt / f.doses')}, ${num('f.dos_grams')}, '?'),
          'doses', coalesce(${num('f.doses')}, '?'), 'visit_kind', f.visit_kind,
          'visit_kind_en', CASE f.visit_kind WHEN '住院' THEN 'inpatient' WHEN '急诊' THEN 'emergency'
            WHEN '门诊慢特病' THEN 'chronic outpatient' ELSE 'outpatient' END,
          'reason', concat_ws('，', CASE WHEN f.over_grams THEN '超过每日上限' || ${num('f.day_cap')} || '克' END,
            CASE WHEN f.over_doses THEN '超过' || f.visit_kind || '处方上限' || f.max_doses || '剂' END),
          'reason_en', concat_ws('; ', CASE WHEN f.over_grams THEN 'above the daily cap of ' || ${num('f.day_cap')} || ' g' END,
            CASE WHEN f.over_doses THEN 'more than ' || f.max_doses || ' doses' END)) AS facts,
        json_object('day_cap_grams', f.day_cap, 'max_doses', f.max_doses, 'doses', f.doses, 'sin_dos_dscr', f.sin_dos_dscr,
          'prd_days', f.prd_days, 'visit_med_type', f.visit_med_type, ${lineEvidenceSql()}) AS evidence,
        concat_ws(', ', CASE WHEN f.over_grams THEN CASE WHEN f.herb_cap IS NULL
            THEN 'params.max_grams_per_day=' ELSE 'params.herb_max_grams.' || trim(f.hilist_name) || '=' END || ${num('f.day_cap')} END,
          CASE WHEN f.over_doses THEN 'params.' || CASE f.visit_kind WHEN '急诊' THEN 'max_doses_emergency'
            WHEN '门诊慢特病' THEN 'max_doses_chronic' ELSE 'max_doses' END || '=' || f.max_doses END) AS knowledge_ref
      FROM hit f`,
      params: [...p.list_types, ...caps.flat().map(String), String(p.max_grams_per_day), p.max_doses, p.max_doses_emergency,
        p.max_doses_chronic],
    };
  },
  realtime: (p, d) => {
    const general = tryDec4(String(p.max_grams_per_day));
    const out: RtFindingRow[] = [];
    for (const f of d.a_fee) {
      if (!p.list_types.includes(f.list_type)) continue;
      const h = classify(f, p);
      const doses = f.prd_days !== null && f.prd_days !== undefined && dec(f.prd_days).gt(0) ? dec(f.prd_days) : null;
      const m = typeof f.sin_dos_dscr === 'string' ? GRAMS.exec(f.sin_dos_dscr) : null;
      const dosGrams = m ? tryDec4(m[1]) : null;
      const name = typeof f.hilist_name === 'string' ? trim(f.hilist_name) : null;
      const herbCap = name !== null && Object.hasOwn(p.herb_max_grams, name) ? tryDec4(String(p.herb_max_grams[name])) : null;
      const dayCap = herbCap ?? general;
      const overGrams = dayCap !== null
        && (doses !== null ? dec(f.cnt).gt(dayCap.mul(doses)) : dosGrams !== null && dosGrams.gt(dayCap));
      const overDoses = doses !== null && h.maxDoses !== null && doses.gt(h.maxDoses);
      if (!overGrams && !overDoses) continue;
      const cap = dayCap === null ? '' : numText(dayCap);
      out.push({
        ...lineFinding(f),
        facts: { item: f.hilist_name,
          grams: doses !== null ? numDouble(Number(f.cnt) / doses.toNumber()) : dosGrams !== null ? numText(dosGrams) : '?',
          doses: doses !== null ? numText(doses) : '?', visit_kind: h.kind, visit_kind_en: h.kind_en,
          reason: concatWs('，', overGrams ? `超过每日上限${cap}克` : null, overDoses ? `超过${h.kind}处方上限${h.maxDoses}剂` : null),
          reason_en: concatWs('; ', overGrams ? `above the daily cap of ${cap} g` : null,
            overDoses ? `more than ${h.maxDoses} doses` : null) },
        evidence: { day_cap_grams: dayCap === null ? null : dec4(dayCap), max_doses: h.maxDoses,
          doses: doses === null ? null : dec4(doses), sin_dos_dscr: f.sin_dos_dscr, prd_days: f.prd_days,
          visit_med_type: f.visit_med_type, ...lineEvidence(f) },
        knowledge_ref: concatWs(', ',
          overGrams ? `${herbCap === null ? 'params.max_grams_per_day=' : `params.herb_max_grams.${name}=`}${cap}` : null,
          overDoses ? `params.${h.param}=${h.maxDoses}` : null),
      });
    }
    return out;
  },
});

interface TcmParams { max_doses: number; max_doses_emergency: number; max_doses_chronic: number }

/** The visit kind and its dose limit (the CASE on visit_med_type; stays have none). */
function classify(f: Row, p: TcmParams): { kind: string; kind_en: string; maxDoses: number | null; param: string } {
  const mt: string | null = f.visit_med_type ?? null;
  if (startsWithAny(mt, ['14'])) {
    return { kind: '门诊慢特病', kind_en: 'chronic outpatient', maxDoses: p.max_doses_chronic, param: 'max_doses_chronic' };
  }
  if (mt === '13') return { kind: '急诊', kind_en: 'emergency', maxDoses: p.max_doses_emergency, param: 'max_doses_emergency' };
  if (mt !== null && (mt.startsWith('2') || mt === '52' || mt === '71')) {
    return { kind: '住院', kind_en: 'inpatient', maxDoses: null, param: 'max_doses' };
  }
  return { kind: '门诊', kind_en: 'outpatient', maxDoses: p.max_doses, param: 'max_doses' };
}
