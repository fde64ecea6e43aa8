import { z } from 'zod';
import { Decimal } from 'decimal.js';
import { defineRule } from '../types.js';
import { dec, indexBy, startsWithAny } from '../realtime/helpers.js';
import type { Row, RtFindingRow } from '../realtime/data.js';

export const messages = {
  message: {
    zh: '参保地{insu_admdvs}的参保人未经转诊在县外机构{inst}（{inst_admdvs}）住院（{begin}至{end}），按正常比例报销；未经转诊应按{pct}%报销，多支付{amount}元',
    en: 'insured of {insu_admdvs} admitted without referral to {inst} ({inst_admdvs}, outside the county) from {begin} to {end}, reimbursed at the full rate; at {pct}% the fund pays {amount} less',
  },
};

const money = (e: string) => `CAST(CAST(round(${e}, 2) AS DECIMAL(18,2)) AS VARCHAR)`;
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/**
 * Regional configuration: the county (admdvs) of each institution, the referral records (转诊备案) of
 * insured persons, the inpatient visit types that need a referral. The national extract carries the
 * person's insu_admdvs and a referral link (mdtrt_d.refl_old_mdtrt_id), but neither the referral
 * register nor which institutions count as inside a county, hence these parameters.
 */
const Params = z.object({
  unreferred_rate: z.number().min(0).max(1).default(0.5),
  /** fixmedins_code → county admdvs (6 digits). */
  institution_county: z.record(z.string().trim().min(1), z.string().trim().min(1)).default({}),
  /** Institutions absent from institution_county take fixmedins_info.admdvs (off by default: it is often the city code). */
  use_registry_county: z.boolean().default(false),
  /** A referral covers the person's stays admitted in [begin, end] (end absent: open), at one institution or any. */
  referrals: z.array(z.object({ psn_no: z.string().trim().min(1), fixmedins_code: z.string().trim().min(1).optional(),
    begin: Day, end: Day.optional() })).default([]),
  /** Inpatient med_types that need a referral (prefix match); 23 转外诊治 is a referral, 24 急诊转住院 is exempt. */
  med_types: z.array(z.string().trim().min(1)).default(['21', '28']),
}).strict();

/**
 * 未经转诊县外就医: an inpatient stay at an institution whose county differs from the person's
 * insu_admdvs, with no referral (no covering referral record, no refl_old_mdtrt_id). The extract
 * does not state the reimbursement rate applied, so the stay is taken as settled at the ordinary
 * rate: amount = fund_pay − round(fund_pay × unreferred_rate, 2).
 */
export const rule = defineRule({
  meta: {
    id: 'unreferred_out_of_area', name_zh: '未经转诊县外就医', name_en: 'Out-of-county stay without referral',
    category: 'policy', scope: 'visit', perPerson: true, severity: 'violation', params: Params,
    knowledge: '转诊备案记录与机构所属县区（params.referrals、params.institution_county）',
    amount_zh: '基金支付 − 基金支付 × 未转诊报销比例', basis: '《医疗保障基金使用监督管理条例》第十五条；地区转诊转院管理办法',
  },
  batch: (p) => ({
    sql: `WITH cty AS (
        SELECT unnest(from_json(?, '[{"code":"VARCHAR","admdvs":"VARCHAR"}]'), recursive := true)),
      ref AS (
        SELECT psn_no, fixmedins_code, CAST(begin_date AS DATE) AS begin_date, CAST(end_date AS DATE) AS end_date
        FROM (SELECT unnest(from_json(?, '[{"psn_no":"VARCHAR","fixmedins_code":"VARCHAR","begin_date":"VARCHAR","end_date":"VARCHAR"}]'),
          recursive := true))),
      mt AS (SELECT unnest(from_json(?, '["VARCHAR"]')) AS med_type),
      reg AS (SELECT fixmedins_code, arg_max(admdvs, status_begin) AS admdvs FROM fixmedins_info GROUP BY fixmedins_code),
      v AS (
        SELECT v.*, coalesce(cty.admdvs, CASE WHEN ? THEN reg.admdvs END) AS inst_admdvs, CAST(? AS DECIMAL(9,4)) AS rate
        FROM a_visit v LEFT JOIN cty ON cty.code = v.fixmedins_code LEFT JOIN reg ON reg.fixmedins_code = v.fixmedins_code
        WHERE EXISTS (SELECT 1 FROM mt WHERE starts_with(v.med_type, mt.med_type)))
      SELECT f.fixmedins_code, f.psn_no, f.mdtrt_id, f.setl_ids[1] AS setl_id, CAST([] AS VARCHAR[]) AS bkkp_sn,
        f.fund_pay - round(f.fund_pay * f.rate, 2) AS amount, coalesce(f.end_date, f.begn_date) AS occurred_at,
        json_object('insu_admdvs', f.insu_admdvs, 'inst', coalesce(f.fixmedins_name, f.fixmedins_code), 'inst_admdvs', f.inst_admdvs,
          'begin', CAST(f.begn_date AS VARCHAR), 'end', CAST(coalesce(f.end_date, f.begn_date) AS VARCHAR), 'pct', ?,
          'amount', ${money('f.fund_pay - round(f.fund_pay * f.rate, 2)')}) AS facts,
        json_object('insu_admdvs', f.insu_admdvs, 'inst_admdvs', f.inst_admdvs, 'med_type', f.med_type, 'fund_pay', f.fund_pay,
          'unreferred_rate', f.rate, 'setl_ids', f.setl_ids, 'refl_old_mdtrt_id', f.refl_old_mdtrt_id) AS evidence,
        'params.institution_county; params.referrals' AS knowledge_ref
      FROM v f
      WHERE nullif(trim(f.insu_admdvs), '') IS NOT NULL AND nullif(trim(f.inst_admdvs), '') IS NOT NULL
        AND trim(f.insu_admdvs) <> trim(f.inst_admdvs) AND f.fund_pay > 0
        AND nullif(trim(f.refl_old_mdtrt_id), '') IS NULL
        AND NOT EXISTS (SELECT 1 FROM ref r WHERE r.psn_no = f.psn_no
          AND (r.fixmedins_code IS NULL OR r.fixmedins_code = f.fixmedins_code)
          AND f.begn_date >= r.begin_date AND (r.end_date IS NULL OR f.begn_date <= r.end_date))`,
    params: [
      JSON.stringify(Object.entries(p.institution_county).map(([code, admdvs]) => ({ code, admdvs }))),
      JSON.stringify(p.referrals.map((r) => ({ psn_no: r.psn_no, fixmedins_code: r.fixmedins_code ?? null, begin_date: r.begin,
        end_date: r.end ?? null }))),
      JSON.stringify(p.med_types), p.use_registry_county, String(p.unreferred_rate),
      String(Math.round(p.unreferred_rate * 10000) / 100),
    ],
  }),
  realtime: (p, d) => {
    const county = new Map(Object.entries(p.institution_county));
    const rate = new Decimal(String(p.unreferred_rate)).toDecimalPlaces(4, Decimal.ROUND_HALF_UP);
    const out: RtFindingRow[] = [];
    for (const f of d.a_visit) {
      if (!startsWithAny(f.med_type, p.med_types)) continue;
      const code: string | null = f.fixmedins_code ?? null;
      const inst_admdvs: string | null = code === null ? null
        : county.get(code) ?? (p.use_registry_county ? registryCounty(d.kn.fixmedins_info, code) : null);
      if (blank(f.insu_admdvs) || blank(inst_admdvs) || sqlTrim(f.insu_admdvs) === sqlTrim(inst_admdvs!)) continue;
      const fund = dec(f.fund_pay);
      if (!fund.gt(0) || !blank(f.refl_old_mdtrt_id)) continue;
      const referred = p.referrals.some((r) => r.psn_no === f.psn_no && (r.fixmedins_code == null || r.fixmedins_code === code)
        && f.begn_date != null && f.begn_date >= r.begin && (r.end == null || f.begn_date <= r.end));
      if (referred) continue;
      const amount = fund.minus(fund.times(rate).toDecimalPlaces(2, Decimal.ROUND_HALF_UP));
      const end = f.end_date ?? f.begn_date ?? null;
      out.push({
        fixmedins_code: f.fixmedins_code, psn_no: f.psn_no, mdtrt_id: f.mdtrt_id, setl_id: f.setl_ids[0] ?? null, bkkp_sn: [],
        amount: amount.toString(), occurred_at: end,
        facts: { insu_admdvs: f.insu_admdvs, inst: f.fixmedins_name ?? code, inst_admdvs, begin: f.begn_date ?? null, end,
          pct: String(Math.round(p.unreferred_rate * 10000) / 100),
          amount: amount.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2) },
        evidence: { insu_admdvs: f.insu_admdvs, inst_admdvs, med_type: f.med_type ?? null, fund_pay: f.fund_pay,
          unreferred_rate: rate.toFixed(4), setl_ids: f.setl_ids, refl_old_mdtrt_id: f.refl_old_mdtrt_id ?? null },
        knowledge_ref: 'params.institution_county; params.referrals',
      });
    }
    return out;
  },
});

/** SQL trim(): spaces only. */
const sqlTrim = (s: string): string => s.replace(/^ +| +$/g, '');
/** nullif(trim(x), '') IS NULL */
const blank = (x: string | null | undefined): boolean => x == null || sqlTrim(String(x)) === '';

/** reg: arg_max(admdvs, status_begin) of an institution (rows with a NULL admdvs or status_begin skipped). */
function registryCounty(info: Row[], code: string): string | null {
  let best: Row | null = null;
  for (const r of indexBy(info, 'fixmedins_code').get(code) ?? []) {
    if (r.admdvs != null && r.status_begin != null && (!best || r.status_begin > best.status_begin)) best = r;
  }
  return best ? best.admdvs : null;
}
