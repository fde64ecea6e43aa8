import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { defineRule } from '../types.js';
import { lineEvidenceSql, lineFindingSql } from '../knowledge-ref.js';
import { dec, indexBy, lineEvidence, lineFinding } from '../realtime/helpers.js';
import type { Row, RtFindingRow } from '../realtime/data.js';

export const messages = {
  message: {
    zh: '{what}未全额自费，{amount}元纳入基金可支付范围',
    en: '{what_en} was not fully self-paid: {amount} counted as fund-eligible',
  },
};

const money = (e: string) => `CAST(CAST(round(${e}, 2) AS DECIMAL(18,2)) AS VARCHAR)`;
/** money() in TypeScript: rounded half away from zero to the fen, as DuckDB rounds decimals. */
const moneyText = (v: unknown): string => dec(v).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);

/** A medical service line: list_type 201, or (list_type missing) a 15-digit national service code. */
const SERVICE = `(f.list_type = '201' OR (f.list_type IS NULL AND regexp_full_match(f.hilist_code, '[0-9]{15}')))`;
const isService = (f: Row): boolean =>
  f.list_type === '201' || ((f.list_type === null || f.list_type === undefined) && /^[0-9]{15}$/.test(String(f.hilist_code)));

/**
 * 目录外费用纳入基金: a line with fund-eligible money (det_item_fee_sumamt − fulamt_ownpay_amt > 0)
 * that the fund must not pay: 丙类 (chrgitm_lv '03'), or a code absent from a loaded catalogue of its
 * kind. The only catalogue table is price_catalog, the medical service item catalogue, so the
 * absence check runs for service lines only and only when price_catalog holds rows; drugs and
 * consumables get the 丙类 check alone until catalogues of those kinds exist.
 */
export const rule = defineRule({
  meta: {
    id: 'non_covered_billed', name_zh: '目录外费用纳入基金', name_en: 'Non-covered item billed to the fund', category: 'policy',
    scope: 'line', perPerson: true, severity: 'violation', params: z.object({}).strict(),
    knowledge: '收费项目等级 chrgitm_lv（丙类）；医疗服务项目目录（price_catalog，已加载时）',
    amount_zh: '违规明细的 det_item_fee_sumamt − fulamt_ownpay_amt', basis: '《医疗保障基金使用监督管理条例》第十五条',
  },
  batch: () => ({
    sql: `WITH svc AS (SELECT DISTINCT hilist_code FROM price_catalog WHERE hilist_code IS NOT NULL),
      loaded AS (SELECT count(*) > 0 AS yes FROM svc),
      hit AS (
        SELECT f.*, coalesce(f.chrgitm_lv = '03', false) AS class_c,
          coalesce(l.yes AND ${SERVICE} AND svc.hilist_code IS NULL, false) AS off_catalogue
        FROM a_fee f CROSS JOIN loaded l LEFT JOIN svc ON svc.hilist_code = f.hilist_code
        WHERE f.fund_amt > 0 AND f.hilist_code IS NOT NULL)
      SELECT ${lineFindingSql()},
        json_object(
          'what', CASE WHEN f.class_c THEN '丙类项目【' || coalesce(f.hilist_name, f.hilist_code) || '】（chrgitm_lv=03）'
            ELSE '目录外项目【' || coalesce(f.hilist_name, f.hilist_code) || '】（' || f.hilist_code || ' 不在医疗服务项目目录中）' END,
          'what_en', CASE WHEN f.class_c THEN 'class C item [' || coalesce(f.hilist_name, f.hilist_code) || ']'
            ELSE 'item [' || coalesce(f.hilist_name, f.hilist_code) || '] absent from the service catalogue' END,
          'amount', ${money('f.fund_amt')}) AS facts,
        json_object('chrgitm_lv', f.chrgitm_lv, 'list_type', f.list_type, 'class_c', f.class_c,
          'off_catalogue', f.off_catalogue, ${lineEvidenceSql()}) AS evidence,
        CASE WHEN f.class_c THEN 'fee_list_d.chrgitm_lv=03' ELSE 'price_catalog（医疗服务项目目录）' END AS knowledge_ref
      FROM hit f
      WHERE f.class_c OR f.off_catalogue`,
  }),
  realtime: (_p, d) => {
    const svc = indexBy(d.kn.price_catalog, 'hilist_code');
    const loaded = svc.size > 0;
    const out: RtFindingRow[] = [];
    for (const f of d.a_fee) {
      if (!dec(f.fund_amt).gt(0) || f.hilist_code === null || f.hilist_code === undefined) continue;
      const classC = f.chrgitm_lv === '03';
      const offCatalogue = loaded && isService(f) && !svc.has(String(f.hilist_code));
      if (!classC && !offCatalogue) continue;
      const name = f.hilist_name ?? f.hilist_code;
      out.push({
        ...lineFinding(f),
        facts: {
          what: classC ? `丙类项目【${name}】（chrgitm_lv=03）` : `目录外项目【${name}】（${f.hilist_code} 不在医疗服务项目目录中）`,
          what_en: classC ? `class C item [${name}]` : `item [${name}] absent from the service catalogue`,
          amount: moneyText(f.fund_amt),
        },
        evidence: { chrgitm_lv: f.chrgitm_lv ?? null, list_type: f.list_type ?? null, class_c: classC,
          off_catalogue: offCatalogue, ...lineEvidence(f) },
        knowledge_ref: classC ? 'fee_list_d.chrgitm_lv=03' : 'price_catalog（医疗服务项目目录）',
      });
    }
    return out;
  },
});
