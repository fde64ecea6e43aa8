import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { defineRule } from '../types.js';
import { INPATIENT_MED_TYPES as INPATIENT, placeholders as marks } from '../sql-helpers.js';
import { lineEvidenceSql, lineFindingSql } from '../knowledge-ref.js';
import { dec, lineEvidence, lineFinding, startsWithAny, sumDec } from '../realtime/helpers.js';
import type { Row, RtFindingRow } from '../realtime/data.js';

export const messages = {
  message: {
    zh: '{kind}一次开具【{item}】{supply}天用量（{how}），超过{max}天',
    en: '{kind_en}: [{item}] dispensed for {supply} days at once ({how_en}), above {max} days',
  },
};

const medTypes = (d: string[]) => z.array(z.string().regex(/^\d{2,6}$/)).default(d);
const prefixIn = (col: string, list: string) => `EXISTS (SELECT 1 FROM ${list} WHERE starts_with(${col}, ${list}.code))`;

// Frequency codes (used_frqu_dscr): administrations `times` per `per_days` days; st/prn have no daily dose.
const FREQ = `VALUES ('qd', 1, 1), ('bid', 2, 1), ('tid', 3, 1), ('qid', 4, 1), ('qn', 1, 1), ('qod', 1, 2), ('q3d', 1, 3),
  ('qw', 1, 7), ('biw', 2, 7), ('tiw', 3, 7), ('qow', 1, 14), ('q6h', 4, 1), ('q8h', 3, 1), ('q12h', 2, 1)`;
const DOSE = `'^\\s*([0-9]+(\\.[0-9]+)?)\\s*(\\p{Han}+)\\s*$'`;
// Pack size in a spec such as "0.25g*24粒": the first "*N<unit>"; it counts only when <unit> is the dose unit.
const PACK = `'[*×xX]\\s*([0-9]+)\\s*(\\p{Han}+)'`;
// The same patterns in JavaScript (RE2's \s is [\t\n\f\r ]).
const FREQ_JS: Record<string, [number, number]> = { qd: [1, 1], bid: [2, 1], tid: [3, 1], qid: [4, 1], qn: [1, 1], qod: [1, 2],
  q3d: [1, 3], qw: [1, 7], biw: [2, 7], tiw: [3, 7], qow: [1, 14], q6h: [4, 1], q8h: [3, 1], q12h: [2, 1] };
const DOSE_JS = /^[\t\n\f\r ]*([0-9]+(\.[0-9]+)?)[\t\n\f\r ]*(\p{Script=Han}+)[\t\n\f\r ]*$/u;
const PACK_JS = /[*×xX][\t\n\f\r ]*([0-9]+)[\t\n\f\r ]*(\p{Script=Han}+)/u;

/**
 * 超量开药: a drug line (list_type 101/102/103) of a non-inpatient visit whose supply exceeds the limit of the
 * visit's med_type: max_days_chronic for chronic/special (14, 14xxxx), max_days_emergency for emergency (13),
 * max_days_general for the rest (ordinary outpatient, pharmacy 41 …); exempt_med_types (71 家庭病床) are wards.
 * Supply = cnt × pack size ÷ daily dose when known (pack size from spec "…*24粒" in the unit of sin_dos_dscr
 * "2粒", daily dose from used_frqu_dscr), else prd_days scaled by the net share of the line after returns.
 * Compared exactly as num > max × den. Amount = the line's det_item_fee_sumamt − fulamt_ownpay_amt.
 */
export const rule = defineRule({
  meta: {
    id: 'excessive_dispensing', name_zh: '超量开药', name_en: 'Excessive dispensing', category: 'management', scope: 'line', perPerson: true,
    severity: 'suspect_high',
    params: z.object({
      max_days_general: z.number().int().min(1).default(7),
      max_days_emergency: z.number().int().min(1).default(3),
      max_days_chronic: z.number().int().min(1).default(84),
      emergency_med_types: medTypes(['13']),
      chronic_med_types: medTypes(['14']),
      exempt_med_types: medTypes(['71']),
      inpatient_med_types: medTypes(INPATIENT),
    }).strict(),
    knowledge: null, amount_zh: '违规明细的 det_item_fee_sumamt − fulamt_ownpay_amt',
    basis: '《医疗保障基金使用监督管理条例》第十五条；《处方管理办法》第十九条',
  },
  batch: (p) => ({
    sql: `WITH inpt AS (SELECT unnest(CAST([${marks(p.inpatient_med_types)}] AS VARCHAR[])) AS code),
      exempt AS (SELECT unnest(CAST([${marks(p.exempt_med_types)}] AS VARCHAR[])) AS code),
      emer AS (SELECT unnest(CAST([${marks(p.emergency_med_types)}] AS VARCHAR[])) AS code),
      chron AS (SELECT unnest(CAST([${marks(p.chronic_med_types)}] AS VARCHAR[])) AS code),
      freq(code, times, per_days) AS (${FREQ}),
      -- Classify the few distinct med_types once instead of testing prefixes on every line.
      cls AS (
        SELECT m.med_type, CASE WHEN ${prefixIn('m.med_type', 'chron')} THEN 'chronic'
          WHEN ${prefixIn('m.med_type', 'emer')} THEN 'emergency' ELSE 'general' END AS lim
        FROM (SELECT DISTINCT med_type FROM mdtrt_d WHERE med_type IS NOT NULL) m
        WHERE NOT ${prefixIn('m.med_type', 'inpt')} AND NOT ${prefixIn('m.med_type', 'exempt')}),
      -- Quantity returned per original line (negative), to restore the line's original cnt for prd_days.
      ret AS (
        SELECT fixmedins_code, init_feedetl_sn AS bkkp_sn, sum(cnt) AS cnt FROM fee_list_d
        WHERE init_feedetl_sn IS NOT NULL AND coalesce(vali_flag, '1') <> '0' GROUP BY ALL),
      l AS (
        SELECT f.*, f.cnt - coalesce(r.cnt, 0) AS orig_cnt, fq.times, fq.per_days, cls.lim,
          nullif(regexp_extract(f.sin_dos_dscr, ${DOSE}, 1), '') AS dose_txt,
          nullif(regexp_extract(f.sin_dos_dscr, ${DOSE}, 3), '') AS dose_unit,
          regexp_extract(f.spec, ${PACK}, 1) AS pack_txt, regexp_extract(f.spec, ${PACK}, 2) AS pack_unit
        FROM a_fee f
        JOIN cls ON cls.med_type = f.visit_med_type
        LEFT JOIN ret r ON r.fixmedins_code = f.fixmedins_code AND r.bkkp_sn = f.bkkp_sn
        LEFT JOIN freq fq ON fq.code = lower(trim(f.used_frqu_dscr))
        WHERE f.list_type IN ('101', '102', '103')),
      m AS (
        SELECT l.*, CASE WHEN l.pack_unit = l.dose_unit THEN TRY_CAST(nullif(l.pack_txt, '') AS INTEGER) END AS pack_units,
          CASE l.lim WHEN 'chronic' THEN ? WHEN 'emergency' THEN ? ELSE ? END AS max_days
        FROM l),
      s AS (
        SELECT m.*, CASE WHEN m.pack_units > 0 AND m.times IS NOT NULL AND TRY_CAST(m.dose_txt AS DECIMAL(18,4)) > 0 THEN 'dose'
          WHEN m.prd_days > 0 AND m.orig_cnt > 0 THEN 'prd_days' END AS how
        FROM m),
      q AS (
        SELECT s.*,
          CASE s.how WHEN 'dose' THEN s.cnt * s.pack_units * s.per_days ELSE s.prd_days * s.cnt END AS num,
          CASE s.how WHEN 'dose' THEN TRY_CAST(s.dose_txt AS DECIMAL(18,4)) * s.times ELSE s.orig_cnt END AS den
        FROM s WHERE s.how IS NOT NULL)
      SELECT ${lineFindingSql()},
        json_object('kind', CASE WHEN f.lim = 'chronic' THEN '门诊慢特病' WHEN f.lim = 'emergency' THEN '急诊'
            WHEN f.visit_med_type = '41' THEN '定点药店购药' WHEN f.visit_med_type = '11' THEN '普通门诊' ELSE '门诊' END,
          'kind_en', f.lim || ' visit ' || f.visit_med_type, 'item', f.hilist_name, 'max', f.max_days,
          'supply', rtrim(rtrim(CAST(CAST(f.num / f.den AS DECIMAL(18,1)) AS VARCHAR), '0'), '.'),
          'how', CASE f.how WHEN 'dose' THEN '数量×包装÷日剂量' ELSE '按用药天数' END,
          'how_en', CASE f.how WHEN 'dose' THEN 'quantity × pack size ÷ daily dose' ELSE 'prd_days' END) AS facts,
        json_object('supply_basis', f.how, 'prd_days', f.prd_days, 'spec', f.spec, 'sin_dos_dscr', f.sin_dos_dscr,
          'used_frqu_dscr', f.used_frqu_dscr, 'max_days', f.max_days, 'visit_med_type', f.visit_med_type,
          ${lineEvidenceSql()}) AS evidence,
        'params.max_days_' || f.lim || '=' || f.max_days AS knowledge_ref
      FROM q f
      WHERE f.num > f.max_days * f.den`,
    params: [...p.inpatient_med_types, ...p.exempt_med_types, ...p.emergency_med_types, ...p.chronic_med_types,
      p.max_days_chronic, p.max_days_emergency, p.max_days_general],
  }),
  realtime: (p, d) => {
    // Quantity returned per original line, from every valid return row (not only settled ones), as in ret.
    const ret = new Map<string, Row[]>();
    for (const r of d.raw.fee_list_d) {
      if (r.init_feedetl_sn === null || r.init_feedetl_sn === undefined || (r.vali_flag ?? '1') === '0') continue;
      const k = `${r.fixmedins_code}\u0000${r.init_feedetl_sn}`;
      (ret.get(k) ?? ret.set(k, []).get(k)!).push(r);
    }
    const out: RtFindingRow[] = [];
    for (const f of d.a_fee) {
      if (!['101', '102', '103'].includes(f.list_type)) continue;
      const lim = limitOf(f.visit_med_type, p);
      if (lim === null) continue;
      const maxDays = lim === 'chronic' ? p.max_days_chronic : lim === 'emergency' ? p.max_days_emergency : p.max_days_general;
      const origCnt = dec(f.cnt).minus(sumDec(ret.get(`${f.fixmedins_code}\u0000${f.bkkp_sn}`) ?? [], 'cnt'));
      const fq = typeof f.used_frqu_dscr === 'string' ? FREQ_JS[trim(f.used_frqu_dscr).toLowerCase()] : undefined;
      const dm = typeof f.sin_dos_dscr === 'string' ? DOSE_JS.exec(f.sin_dos_dscr) : null;
      const pm = typeof f.spec === 'string' ? PACK_JS.exec(f.spec) : null;
      const packUnits = dm && pm && pm[2] === dm[3] ? tryInt(pm[1]) : null;
      const dose = dm ? tryDec4(dm[1]) : null;
      let how: 'dose' | 'prd_days' | null = null;
      if (packUnits !== null && packUnits > 0 && fq !== undefined && dose !== null && dose.gt(0)) how = 'dose';
      else if (f.prd_days !== null && f.prd_days !== undefined && dec(f.prd_days).gt(0) && origCnt.gt(0)) how = 'prd_days';
      if (how === null) continue;
      const num = how === 'dose' ? dec(f.cnt).mul(packUnits!).mul(fq![1]) : dec(f.prd_days).mul(f.cnt);
      const den = how === 'dose' ? dose!.mul(fq![0]) : origCnt;
      if (!num.gt(den.mul(maxDays))) continue;
      const kind = lim === 'chronic' ? '门诊慢特病' : lim === 'emergency' ? '急诊' : f.visit_med_type === '41' ? '定点药店购药'
        : f.visit_med_type === '11' ? '普通门诊' : '门诊';
      // num / den is a DOUBLE in DuckDB; its cast to DECIMAL(18,1) rounds half away from zero.
      const q = num.toNumber() / den.toNumber();
      const supply = new Decimal(Math.sign(q) * Math.round(Math.abs(q) * 10)).div(10).toFixed(1)
        .replace(/0+$/, '').replace(/\.+$/, '');
      out.push({
        ...lineFinding(f),
        facts: { kind, kind_en: `${lim} visit ${f.visit_med_type}`, item: f.hilist_name, max: maxDays, supply,
          how: how === 'dose' ? '数量×包装÷日剂量' : '按用药天数',
          how_en: how === 'dose' ? 'quantity × pack size ÷ daily dose' : 'prd_days' },
        evidence: { supply_basis: how, prd_days: f.prd_days, spec: f.spec ?? null, sin_dos_dscr: f.sin_dos_dscr,
          used_frqu_dscr: f.used_frqu_dscr, max_days: maxDays, visit_med_type: f.visit_med_type, ...lineEvidence(f) },
        knowledge_ref: `params.max_days_${lim}=${maxDays}`,
      });
    }
    return out;
  },
});

const trim = (v: string) => v.replace(/^ +| +$/g, '');

/** TRY_CAST(text AS INTEGER). */
function tryInt(t: string): number | null {
  const n = Number(t);
  return Number.isInteger(n) && Math.abs(n) <= 2147483647 ? n : null;
}

/** TRY_CAST(text AS DECIMAL(18,4)): rounded to 4 places, NULL when it does not fit. */
function tryDec4(t: string): Decimal | null {
  const d = new Decimal(t).toDecimalPlaces(4, Decimal.ROUND_HALF_UP);
  return d.abs().gte('1e14') ? null : d;
}

interface Limits {
  emergency_med_types: string[]; chronic_med_types: string[]; exempt_med_types: string[]; inpatient_med_types: string[];
}

/** The cls CTE: the limit class of a med_type, or null for stays and exempt types (and NULL). */
function limitOf(medType: string | null | undefined, p: Limits): 'chronic' | 'emergency' | 'general' | null {
  if (medType === null || medType === undefined) return null;
  if (startsWithAny(medType, p.inpatient_med_types) || startsWithAny(medType, p.exempt_med_types)) return null;
  if (startsWithAny(medType, p.chronic_med_types)) return 'chronic';
  return startsWithAny(medType, p.emergency_med_types) ? 'emergency' : 'general';
}
