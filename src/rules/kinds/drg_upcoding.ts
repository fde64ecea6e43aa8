import { z } from 'zod';
import type { SqlParam } from '../../store/warehouse.js';
import { defineRule } from '../types.js';
import { HOSP_CLASS_SQL } from '../base-views.js';
import { decimalDiv, robustZCtes } from '../robust-z.js';

export const messages = {
  message: {
    zh: '{unit}{period}{subject}为{value}，同组{peer_count}家（{peer_desc}）中位数{median}，稳健Z值{z}，超过阈值{z_thr}；{cases}',
    en: '{unit_en} {period} {subject_en} = {value_en}; median of {peer_count} peers ({peer_desc_en}) {median_en};'
      + ' robust z {z} above {z_thr}; {cases_en}',
  },
};

const CHECKS = ['share', 'cmi'] as const;

const params = z.object({
  z: z.number().positive().default(3.5),
  min_peers: z.number().int().min(2).default(5),
  /** Cases an institution needs in an ADRG and period for its share to be compared (and to count as a peer). */
  min_cases: z.number().int().min(1).default(10),
  /** Grouped cases an institution needs in a period for its CMI to be compared (and to count as a peer). */
  min_cases_cmi: z.number().int().min(1).default(30),
  /** Leading admdvs digits that make the peer region (as provider_outlier): 4 = 地市统筹区, 6 = county. */
  region_digits: z.number().int().min(2).max(6).default(4),
  /** Calendar month (as provider_outlier's findings) or year. */
  period: z.enum(['month', 'year']).default('month'),
  checks: z.array(z.enum(CHECKS)).min(1).default(['share', 'cmi']),
  /** Cases listed in a finding's evidence; the total is always stated. */
  max_cases_listed: z.number().int().min(1).max(1000).default(50),
}).strict();

const pct = (x: string) => `CAST(CAST(round(${x} * 100, 2) AS DECIMAL(18,2)) AS VARCHAR) || '%'`;
const cmi = (x: string) => `CAST(CAST(round(${x}, 4) AS DECIMAL(18,4)) AS VARCHAR)`;
const val = (x: string) => `CASE chk WHEN 'share' THEN ${pct(x)} ELSE ${cmi(x)} END`;
const CLASS_ZH = `CASE hosp_class WHEN 3 THEN '三级' WHEN 2 THEN '二级' ELSE '一级及以下' END`;
const CLASS_EN = `CASE hosp_class WHEN 3 THEN 'class 3' WHEN 2 THEN 'class 2' ELSE 'class 1 or below' END`;

/**
 * 高套分组 (provider statistics, batch only): per institution and period (calendar month by default, as
 * provider_outlier), against the peer group of provider_outlier (region × institution type × hosp_lv class):
 *  - share: within each ADRG, the share of the institution's cases grouped "with MCC" or "with CC" (DRG code
 *    ending in 1 or 3), for institutions with ≥ min_cases cases in the ADRG;
 *  - cmi: the institution's case mix index, for institutions with ≥ min_cases_cmi grouped cases.
 * Either fires when its robust z-score (robust-z.ts, the provider indicators' method; groups of ≥ min_peers)
 * exceeds z. Cases are the grouped rows of drg_result (status 'grouped', DRG ≠ 0000) of valid settlements,
 * in the period of the visit's end date. The ADRG is drg_result.adrg, else the DRG's first 3 characters.
 *
 * CMI without published weights: the relative weight of a DRG is the region's own, per period — the mean
 * setl_d.medfee_sumamt of the region's grouped cases in that DRG ÷ the mean over all the region's grouped
 * cases of the period (untrimmed, exact decimals, 6 places); CMI = Σ weight ÷ cases. Region: as the peer region.
 *
 * The evidence lists the cases behind a finding, at most max_cases_listed with the total stated: for a share,
 * the ADRG's cases with MCC/CC (by DRG, settlement) with the secondary diagnoses that made them so (MCC codes
 * for a DRG ending in 1; MCC and CC codes for one ending in 3); for a CMI, the cases by weight, highest first.
 * Amount 0: a statistical lead, not money to recover.
 */
export const rule = defineRule({
  meta: {
    id: 'drg_upcoding', name_zh: '高套分组', name_en: 'DRG upcoding', category: 'provider', scope: 'provider',
    severity: 'suspect', params, knowledge: 'DRG分组结果（drg_result）',
    amount_zh: '0（统计类线索，不直接对应可追回的基金金额）',
    basis: '《医疗保障基金使用监督管理条例》第二十四条（实施大数据实时动态智能监控）；《DRG/DIP支付方式改革三年行动计划》（医保发〔2021〕48号）',
  },
  batch: (p) => {
    const P: SqlParam[] = [];
    const q = (v: SqlParam) => (P.push(v), '?');
    const fmt = p.period === 'year' ? '%Y' : '%Y-%m';
    const end = p.period === 'year' ? `CAST(h.period || '-12-31' AS DATE)` : `last_day(CAST(h.period || '-01' AS DATE))`;
    const parts = [...new Set(p.checks)].sort().map((c) => (c === 'share' ? 'SELECT * FROM us' : 'SELECT * FROM ucmi'));
    const pre = `WITH uc AS MATERIALIZED (
        SELECT s.setl_id, s.mdtrt_id, v.psn_no, v.fixmedins_code, r.drg, coalesce(nullif(trim(r.adrg), ''), left(r.drg, 3)) AS adrg,
          r.main_diag, coalesce(r.mcc_codes, CAST([] AS VARCHAR[])) AS mcc, coalesce(r.cc_codes, CAST([] AS VARCHAR[])) AS cc,
          CAST(coalesce(s.medfee_sumamt, 0) AS DECIMAL(18,4)) AS medfee, right(r.drg, 1) IN ('1', '3') AS with_cc,
          strftime(v.end_date, '${fmt}') AS period
        FROM drg_result r JOIN a_setl s ON s.setl_id = r.setl_id JOIN a_visit v ON v.mdtrt_id = s.mdtrt_id
        WHERE r.status = 'grouped' AND r.drg <> '0000' AND v.end_date IS NOT NULL),
      -- Peer attributes exactly as indicators.ts (pi_inst): class and type from fixmedins_info, else from the visits.
      ui AS (
        SELECT c.fixmedins_code, CASE WHEN r.fixmedins_code IS NULL THEN c.hosp_class ELSE ${HOSP_CLASS_SQL('r.hosp_lv')} END AS hosp_class,
          coalesce(nullif(trim(r.fixmedins_type), ''), CASE WHEN c.fixmedins_code LIKE 'P%' THEN '2' ELSE '1' END) AS fixmedins_type,
          coalesce(left(trim(r.admdvs), CAST(${q(p.region_digits)} AS INTEGER)), '') AS region
        FROM (SELECT fixmedins_code, max(hosp_class) AS hosp_class FROM a_visit
          WHERE fixmedins_code IN (SELECT fixmedins_code FROM uc) GROUP BY 1) c
        LEFT JOIN (SELECT fixmedins_code, arg_max(hosp_lv, status_begin) AS hosp_lv, arg_max(fixmedins_type, status_begin) AS fixmedins_type,
            arg_max(admdvs, status_begin) AS admdvs FROM fixmedins_info GROUP BY 1) r ON r.fixmedins_code = c.fixmedins_code),
      uw AS (
        SELECT i.region, c.period, c.drg, CAST(sum(c.medfee) AS DECIMAL(38,4)) AS fee, CAST(count(*) AS BIGINT) AS n
        FROM uc c JOIN ui i USING (fixmedins_code) GROUP BY ALL),
      urw AS (
        SELECT w.region, w.period, w.drg, ${decimalDiv('w.fee * t.n', 'w.n * t.fee')} AS rw
        FROM uw w JOIN (SELECT region, period, CAST(sum(fee) AS DECIMAL(38,4)) AS fee, CAST(sum(n) AS BIGINT) AS n
          FROM uw GROUP BY ALL) t USING (region, period)),
      ucase AS MATERIALIZED (
        SELECT c.*, w.rw FROM uc c JOIN ui i USING (fixmedins_code)
        LEFT JOIN urw w ON w.region = i.region AND w.period = c.period AND w.drg = c.drg),
      us AS (
        SELECT 'share' AS chk, adrg AS subject, fixmedins_code, period, count(*) AS n, count(*) FILTER (WHERE with_cc) AS k,
          CAST(NULL AS DECIMAL(38,6)) AS rw_sum
        FROM ucase GROUP BY adrg, fixmedins_code, period HAVING count(*) >= CAST(${q(p.min_cases)} AS INTEGER)),
      ucmi AS (
        SELECT 'cmi' AS chk, '' AS subject, fixmedins_code, period, count(*) AS n, count(*) FILTER (WHERE with_cc) AS k,
          CAST(sum(rw) AS DECIMAL(38,6)) AS rw_sum
        FROM ucase GROUP BY fixmedins_code, period
        HAVING count(*) >= CAST(${q(p.min_cases_cmi)} AS INTEGER) AND count(rw) = count(*)),
      uv AS MATERIALIZED (
        SELECT x.*, i.hosp_class, i.fixmedins_type, i.region, i.region || '|' || i.fixmedins_type || '|' || i.hosp_class AS peer_group,
          CASE x.chk WHEN 'share' THEN ${decimalDiv('x.k', 'x.n')} ELSE ${decimalDiv('x.rw_sum', 'x.n')} END AS value
        FROM (${parts.join(' UNION ALL ')}) x JOIN ui i USING (fixmedins_code)),`;
    const rz = robustZCtes({ input: 'uv', keys: ['chk', 'subject', 'peer_group', 'period'], name: 'uz', minPeers: p.min_peers });
    P.push(...rz.params);
    const zTxt = String(p.z);
    const cap = p.max_cases_listed;
    const sql = `${pre}
      ${rz.sql},
      uh AS (SELECT * FROM uz WHERE z_den > 0 AND z_num > CAST(${q(p.z)} AS DECIMAL(18,6)) * z_den),
      ul AS (
        SELECT h.chk, h.subject, h.fixmedins_code, h.period, c.setl_id, c.mdtrt_id, c.psn_no, c.drg, c.main_diag, c.mcc, c.cc, c.rw,
          CASE WHEN NOT c.with_cc THEN CAST([] AS VARCHAR[]) WHEN right(c.drg, 1) = '1' THEN c.mcc ELSE list_concat(c.mcc, c.cc) END AS codes,
          row_number() OVER (PARTITION BY h.chk, h.subject, h.fixmedins_code, h.period
            ORDER BY CASE WHEN h.chk = 'cmi' THEN c.rw END DESC NULLS LAST, c.drg, c.setl_id) AS rn
        FROM uh h JOIN ucase c ON c.fixmedins_code = h.fixmedins_code AND c.period = h.period
          AND (h.chk = 'cmi' OR (c.adrg = h.subject AND c.with_cc))),
      ug AS (
        SELECT chk, subject, fixmedins_code, period, count(*) AS total,
          list(json_object('setl_id', setl_id, 'mdtrt_id', mdtrt_id, 'psn_no', psn_no, 'drg', drg, 'main_diag', main_diag,
            'decisive_codes', codes, 'mcc_codes', mcc, 'cc_codes', cc, 'rw', rw) ORDER BY rn) FILTER (WHERE rn <= ${q(cap)}) AS cases
        FROM ul GROUP BY chk, subject, fixmedins_code, period)
      SELECT h.fixmedins_code, '' AS psn_no, CAST(NULL AS VARCHAR) AS mdtrt_id, CAST(NULL AS VARCHAR) AS setl_id,
        CAST([] AS VARCHAR[]) AS bkkp_sn, CAST(0 AS DECIMAL(18,4)) AS amount, ${end} AS occurred_at,
        json_object(
          'unit', '机构' || h.fixmedins_code || ' ', 'unit_en', 'institution ' || h.fixmedins_code, 'period', h.period,
          'subject', CASE h.chk WHEN 'share' THEN '【ADRG ' || h.subject || ' 伴MCC/CC病例占比】' ELSE '【病例组合指数（CMI）】' END,
          'subject_en', CASE h.chk WHEN 'share' THEN '[share of ADRG ' || h.subject || ' cases with MCC/CC]' ELSE '[case mix index (CMI)]' END,
          'value', ${val('h.value')} || CASE h.chk WHEN 'share' THEN '（' || h.n || '例中' || h.k || '例）' ELSE '（' || h.n || '例）' END,
          'value_en', ${val('h.value')} || CASE h.chk WHEN 'share' THEN ' (' || h.k || ' of ' || h.n || ' cases)' ELSE ' (' || h.n || ' cases)' END,
          'median', ${val('h.peer_median')}, 'median_en', ${val('h.peer_median')}, 'peer_count', h.peer_count,
          'peer_desc', coalesce(nullif(h.region, ''), '未知') || '地区' || ${CLASS_ZH}
            || CASE h.fixmedins_type WHEN '2' THEN '零售药店' ELSE '医疗机构' END,
          'peer_desc_en', 'region ' || coalesce(nullif(h.region, ''), '?') || ', ' || ${CLASS_EN}
            || CASE h.fixmedins_type WHEN '2' THEN ' pharmacies' ELSE ' medical institutions' END,
          'z', CAST(CAST(round(h.robust_z, 2) AS DECIMAL(18,2)) AS VARCHAR), 'z_thr', ${q(zTxt)},
          'cases', CASE h.chk WHEN 'share' THEN '伴MCC/CC病例' || h.k || '例（证据列出'
              ELSE '其中伴MCC/CC病例' || h.k || '例（证据按相对权重从高到低列出' END
            || CASE WHEN coalesce(g.total, 0) > ${q(cap)} THEN '前' || ${q(cap)} || '例' ELSE '全部' || coalesce(g.total, 0) || '例' END || '）',
          'cases_en', CASE h.chk WHEN 'share' THEN h.k || ' cases with MCC/CC' ELSE h.k || ' of them with MCC/CC' END
            || CASE WHEN coalesce(g.total, 0) > ${q(cap)} THEN ' (the first ' || ${q(cap)} || ' listed' ELSE ' (all ' || coalesce(g.total, 0) || ' listed' END
            || CASE h.chk WHEN 'cmi' THEN ' by relative weight)' ELSE ')' END
        ) AS facts,
        json_object('check', h.chk, 'adrg', nullif(h.subject, ''), 'period', h.period, 'n_cases', h.n, 'n_with_mcc_cc', h.k,
          'value', h.value, 'rw_sum', h.rw_sum, 'peer_group', h.peer_group, 'peer_count', h.peer_count, 'peer_median', h.peer_median,
          'mad', h.mad, 'z_basis', h.z_basis, 'robust_z', h.robust_z, 'case_list_total', coalesce(g.total, 0),
          'case_list_count', coalesce(len(g.cases), 0), 'case_list', coalesce(g.cases, [])) AS evidence,
        ${q(`params.z=${zTxt}, params.min_peers=${p.min_peers}`)} || CASE h.chk WHEN 'share' THEN ${q(`, params.min_cases=${p.min_cases}`)}
          ELSE ${q(`, params.min_cases_cmi=${p.min_cases_cmi}`)} END AS knowledge_ref
      FROM uh h LEFT JOIN ug g USING (chk, subject, fixmedins_code, period)`;
    return { sql, params: P };
  },
});
