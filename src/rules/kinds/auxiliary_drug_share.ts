import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { defineRule } from '../types.js';
import { placeholders as marks, inpatientMedTypesParam } from '../sql-helpers.js';
import { cmp, dec4, startsWithAny, sumDec } from '../realtime/helpers.js';
import type { Row, RtFindingRow } from '../realtime/data.js';

export const messages = {
  message: {
    zh: '辅助用药{names}费用{aux}元，占本次药品费用{drugs}元的{share}%，超过{max}%',
    en: 'auxiliary drugs {names}: {aux} yuan, {share}% of the visit\'s {drugs} yuan of drugs (above {max}%)',
  },
};

/**
 * Auxiliary drugs by generic name (matched inside the catalogue name): the 20 drugs of the 第一批国家重点监控
 * 合理用药药品目录 (国卫办医函〔2019〕558号), the national successor of the regional 辅助用药目录. Regions add their
 * own names or national code prefixes (drug_code_prefixes, e.g. a 通用名 code XN07XXS…).
 */
export const AUXILIARY_DRUGS = ['神经节苷脂', '脑苷肌肽', '奥拉西坦', '磷酸肌酸钠', '小牛血清去蛋白', '前列地尔',
  '曲克芦丁脑蛋白水解物', '复合辅酶', '丹参川芎嗪', '转化糖电解质', '鼠神经生长因子', '胸腺五肽', '核糖核酸Ⅱ', '依达拉奉',
  '骨肽', '脑蛋白水解物', '核糖核酸', '长春西汀', '小牛血去蛋白提取物', '马来酸桂哌齐特'];

/** One of n parameters matches `test(col, ?)`: a plain filter, cheaper than a join against a list. */
const any = (test: string, col: string, n: number) => n ? Array.from({ length: n }, () => `${test}(${col}, ?)`).join(' OR ') : 'false';
const money = (x: string) => `CAST(CAST(round(${x}, 2) AS DECIMAL(18,2)) AS VARCHAR)`;
/** Percent text without trailing zeros, to `d` decimals. */
const pct = (x: string, d = 2) => `regexp_replace(CAST(CAST(round(${x} * 100, ${d}) AS DECIMAL(18,${d})) AS VARCHAR), '\\.?0+$', '')`;

// The same texts in TypeScript. DuckDB divides decimals in DOUBLE; round() of a DOUBLE and its cast to DECIMAL
// round half away from zero.
const moneyText = (d: Decimal) => d.toFixed(2, Decimal.ROUND_HALF_UP);
const roundDouble = (x: number, d: number) => Math.sign(x) * Math.round(Math.abs(x) * 10 ** d) / 10 ** d;
const pctDouble = (x: number, d = 2) =>
  new Decimal(roundDouble(x * 100, d)).toFixed(d, Decimal.ROUND_HALF_UP).replace(/\.?0+$/, '');
const pctDec = (x: Decimal) => x.mul(100).toFixed(2, Decimal.ROUND_HALF_UP).replace(/\.?0+$/, '');
const distinctSorted = (xs: unknown[]): string[] =>
  [...new Set(xs.filter((x) => x !== null && x !== undefined).map(String))].sort(cmp);

/**
 * 辅助用药占比过高: in a stay (inpatient_only, the default: the share is a stay indicator; an outpatient
 * prescription of one drug would always be 100%) the auxiliary drugs' charges exceed max_share of all
 * drug charges (list_type 101/102/103). The auxiliary drug lines are flagged: they are the money at stake.
 */
export const rule = defineRule({
  meta: {
    id: 'auxiliary_drug_share', name_zh: '辅助用药占比过高', name_en: 'High share of auxiliary drugs', category: 'medical',
    scope: 'visit', perPerson: true, severity: 'suspect',
    params: z.object({
      max_share: z.number().min(0).max(1).default(0.3),
      drug_names: z.array(z.string().min(1)).default(AUXILIARY_DRUGS),
      drug_code_prefixes: z.array(z.string().min(2)).default([]),
      inpatient_only: z.boolean().default(true),
      inpatient_med_types: inpatientMedTypesParam,
    }).strict(),
    knowledge: '配置表：辅助用药（缺省为第一批国家重点监控合理用药药品目录，参数 drug_names / drug_code_prefixes）',
    amount_zh: '辅助用药明细的 det_item_fee_sumamt − fulamt_ownpay_amt 之和',
    basis: '《医疗保障基金使用监督管理条例》第十五条（过度诊疗、不合理用药）',
  },
  batch: (p) => ({
    sql: `WITH ipt AS (SELECT unnest([${marks(p.inpatient_med_types)}]) AS code),
      lim AS (SELECT CAST(? AS DECIMAL(18,6)) AS max_share, CAST(? AS BOOLEAN) AS inpatient_only),
      -- The inpatient med_types present, found once on the few distinct values rather than per fee line.
      ipt_mt AS (SELECT DISTINCT med_type FROM mdtrt_d m WHERE EXISTS (SELECT 1 FROM ipt WHERE starts_with(m.med_type, ipt.code))),
      -- Drug lines of the visits that count (only stays, when inpatient_only), on the columns the rule reads.
      drugs AS (
        SELECT f.mdtrt_id, f.bkkp_sn, f.det_item_fee_sumamt, f.fund_amt, f.hilist_code, f.hilist_name,
          coalesce(${any('contains', 'f.hilist_name', p.drug_names.length)}
            OR ${any('starts_with', 'f.hilist_code', p.drug_code_prefixes.length)}, false) AS aux
        FROM a_fee f WHERE f.list_type IN ('101', '102', '103')
          AND (NOT CAST(? AS BOOLEAN) OR f.visit_med_type IN (SELECT med_type FROM ipt_mt))),
      -- The shares first, on plain sums; the lists and names only for the visits above the limit.
      share AS (
        SELECT d.mdtrt_id, sum(d.det_item_fee_sumamt) AS drug_amt, sum(d.det_item_fee_sumamt) FILTER (d.aux) AS aux_amt
        FROM drugs d GROUP BY d.mdtrt_id),
      over AS (SELECT s.* FROM share s, lim WHERE s.aux_amt > lim.max_share * s.drug_amt AND s.drug_amt > 0),
      v AS (
        SELECT mdtrt_id, any_value(drug_amt) AS drug_amt, any_value(aux_amt) AS aux_amt, sum(fund_amt) AS amount,
          list(bkkp_sn ORDER BY bkkp_sn) AS bkkp_sn, string_agg(DISTINCT label, '' ORDER BY label) AS names,
          list(DISTINCT hilist_code ORDER BY hilist_code) AS codes
        FROM (SELECT d.*, o.drug_amt, o.aux_amt, '【' || coalesce(d.hilist_name, d.hilist_code) || '】' AS label
          FROM drugs d JOIN over o ON o.mdtrt_id = d.mdtrt_id WHERE d.aux)
        GROUP BY mdtrt_id)
    SELECT a.fixmedins_code, a.psn_no, a.mdtrt_id, a.setl_ids[1] AS setl_id, v.bkkp_sn, v.amount, a.end_date AS occurred_at,
      json_object('names', v.names, 'aux', ${money('v.aux_amt')}, 'drugs', ${money('v.drug_amt')},
        -- 4 decimals when 2 would show the share equal to the limit (30.001% → 30.001, not 30)
        'share', CASE WHEN round(v.aux_amt * 100 / v.drug_amt, 2) <= lim.max_share * 100 THEN ${pct('v.aux_amt / v.drug_amt', 4)}
          ELSE ${pct('v.aux_amt / v.drug_amt')} END, 'max', ${pct('lim.max_share')}) AS facts,
      json_object('aux_amount', v.aux_amt, 'drug_amount', v.drug_amt, 'max_share', lim.max_share, 'aux_codes', v.codes,
        'med_type', a.med_type) AS evidence,
      'params.max_share=' || ${pct('lim.max_share')} || '%' AS knowledge_ref
    FROM v JOIN a_visit a ON a.mdtrt_id = v.mdtrt_id CROSS JOIN lim
    WHERE v.aux_amt > lim.max_share * v.drug_amt AND v.drug_amt > 0
      AND (NOT lim.inpatient_only OR EXISTS (SELECT 1 FROM ipt WHERE starts_with(a.med_type, ipt.code)))`,
    params: [...p.inpatient_med_types, String(p.max_share), p.inpatient_only, ...p.drug_names, ...p.drug_code_prefixes,
      p.inpatient_only],
  }),
  realtime: (p, d) => {
    const maxShare = new Decimal(String(p.max_share)).toDecimalPlaces(6, Decimal.ROUND_HALF_UP);
    const isAux = (f: Row) => (typeof f.hilist_name === 'string' && p.drug_names.some((n) => f.hilist_name.includes(n)))
      || startsWithAny(f.hilist_code, p.drug_code_prefixes);
    const byVisit = new Map<string, Row[]>();
    for (const f of d.a_fee) {
      if (!['101', '102', '103'].includes(f.list_type)) continue;
      (byVisit.get(f.mdtrt_id) ?? byVisit.set(f.mdtrt_id, []).get(f.mdtrt_id)!).push(f);
    }
    const out: RtFindingRow[] = [];
    for (const a of d.a_visit) {
      const drugs = byVisit.get(a.mdtrt_id) ?? [];
      const aux = drugs.filter(isAux);
      // sum() of no (or only NULL) values is NULL, and a comparison with NULL is false.
      const hasAmt = (rows: Row[]) => rows.some((f) => f.det_item_fee_sumamt !== null && f.det_item_fee_sumamt !== undefined);
      if (!hasAmt(aux) || !hasAmt(drugs)) continue;
      const auxAmt = sumDec(aux, 'det_item_fee_sumamt');
      const drugAmt = sumDec(drugs, 'det_item_fee_sumamt');
      if (!auxAmt.gt(maxShare.mul(drugAmt)) || !drugAmt.gt(0)) continue;
      if (p.inpatient_only && !startsWithAny(a.med_type, p.inpatient_med_types)) continue;
      // The period cut drops a finding without a date; the batch keeps none.
      if (!a.end_date) continue;
      const share = auxAmt.toNumber() / drugAmt.toNumber();
      out.push({
        fixmedins_code: a.fixmedins_code, psn_no: a.psn_no, mdtrt_id: a.mdtrt_id, setl_id: a.setl_ids[0] ?? null,
        bkkp_sn: aux.map((f) => String(f.bkkp_sn)).sort(cmp), amount: sumDec(aux, 'fund_amt').toFixed(),
        occurred_at: a.end_date,
        facts: { names: distinctSorted(aux.map((f) => `【${f.hilist_name ?? f.hilist_code}】`)).join(''),
          aux: moneyText(auxAmt), drugs: moneyText(drugAmt),
          // 4 decimals when 2 would show the share equal to the limit
          share: new Decimal(roundDouble(auxAmt.mul(100).toNumber() / drugAmt.toNumber(), 2)).lte(maxShare.mul(100))
            ? pctDouble(share, 4) : pctDouble(share),
          max: pctDec(maxShare) },
        evidence: { aux_amount: dec4(auxAmt), drug_amount: dec4(drugAmt), max_share: maxShare.toFixed(6),
          aux_codes: distinctSorted(aux.map((f) => f.hilist_code)), med_type: a.med_type },
        knowledge_ref: `params.max_share=${pctDec(maxShare)}%`,
      });
    }
    return out;
  },
});
