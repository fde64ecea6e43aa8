import { z } from 'zod';
import { defineRule } from '../types.js';
import { indicatorCtes, PREBUILT_INDICATOR_ROWS } from '../indicators.js';

export const messages = {
  message: {
    zh: '{unit}{period}【{indicator}】为{value}，同组{peer_count}{peer_unit}（{peer_desc}）中位数{median}，稳健Z值{z}；{trigger}',
    en: '{unit_en} {period} [{indicator_en}] = {value_en}; median of {peer_count} peers ({peer_desc_en}) {median_en}; robust z {z_en}; {trigger_en}',
  },
};

const LEVELS = ['institution', 'department', 'doctor'] as const;

/** Plain 2-decimal text of a value in its indicator's unit (pct as percent). */
const num = (x: string) => `CAST(CAST(round(CASE WHEN fmt = 'pct' THEN ${x} * 100 ELSE ${x} END, 2) AS DECIMAL(18,2)) AS VARCHAR)`;
const zh = (x: string) => `${num(x)} || CASE fmt WHEN 'pct' THEN '%' WHEN 'yuan' THEN '元' WHEN 'days' THEN '天' ELSE '' END`;
const en = (x: string) => `${num(x)} || CASE fmt WHEN 'pct' THEN '%' WHEN 'yuan' THEN ' yuan' WHEN 'days' THEN ' days' ELSE '' END`;
const pct = (x: string) => `CAST(CAST(round(${x} * 100, 2) AS DECIMAL(18,2)) AS VARCHAR) || '%'`;
const CLASS_ZH = `CASE hosp_class WHEN 3 THEN '三级' WHEN 2 THEN '二级' ELSE '一级及以下' END`;
const CLASS_EN = `CASE hosp_class WHEN 3 THEN 'class 3' WHEN 2 THEN 'class 2' ELSE 'class 1 or below' END`;

/**
 * 监控指标异常 (provider statistics): a monthly indicator of an institution (or, when configured, of a
 * department or doctor) whose robust z-score against its peer group exceeds z (upper side: every
 * indicator here is suspicious when high), or whose value grew by more than `growth` over the
 * previous calendar month. The indicators and peer statistics are defined in ../indicators.ts.
 */
export const rule = defineRule({
  meta: {
    id: 'provider_outlier', name_zh: '监控指标异常', name_en: 'Provider indicator outlier', category: 'provider', scope: 'provider',
    severity: 'suspect',
    params: z.object({
      min_peers: z.number().int().min(2).default(5),
      z: z.number().positive().default(3.5),
      growth: z.number().positive().default(0.5),
      /** Leading admdvs digits that make the peer region: 4 = 地市统筹区, 6 = county. */
      region_digits: z.number().int().min(2).max(6).default(4),
      levels: z.array(z.enum(LEVELS)).min(1).default(['institution']),
    }).strict(),
    knowledge: null,
    amount_zh: '0（统计类线索，不直接对应可追回的基金金额）',
    basis: '《医疗保障基金使用监督管理条例》第二十四条（实施大数据实时动态智能监控）',
  },
  batch: (p, ctx) => {
    const prebuilt = ctx.indicators?.regionDigits === p.region_digits && ctx.indicators.minPeers === p.min_peers;
    const shared = prebuilt ? { sql: PREBUILT_INDICATOR_ROWS, params: [] }
      : indicatorCtes({ regionDigits: p.region_digits, minPeers: p.min_peers });
    const growthText = `${Number((p.growth * 100).toFixed(6))}%`;
    return {
      sql: `WITH ${shared.sql},
      rp AS (SELECT CAST(? AS DECIMAL(18,6)) AS thr_z, CAST(? AS DECIMAL(18,6)) AS thr_g, ? AS z_txt, ? AS g_txt, ? AS g_pct, ? AS mp_txt,
        string_split(?, ',') AS lv),
      hit AS (
        SELECT r.*, rp.*, coalesce(r.z_den > 0 AND r.z_num > rp.thr_z * r.z_den, false) AS z_hit,
          coalesce(r.prev_value > 0 AND r.value - r.prev_value > rp.thr_g * r.prev_value, false) AS g_hit
        FROM pi_rows r CROSS JOIN rp WHERE r.period_type = 'month' AND list_contains(rp.lv, r.level))
      SELECT fixmedins_code, '' AS psn_no, CAST(NULL AS VARCHAR) AS mdtrt_id, CAST(NULL AS VARCHAR) AS setl_id,
        CAST([] AS VARCHAR[]) AS bkkp_sn, CAST(0 AS DECIMAL(18,4)) AS amount, last_day(CAST(period || '-01' AS DATE)) AS occurred_at,
        json_object(
          'unit', '机构' || fixmedins_code || CASE level WHEN 'department' THEN '科室' || unit_code
            WHEN 'doctor' THEN '医师' || unit_code || CASE WHEN dept_code <> '' THEN '（科室' || dept_code || '）' ELSE '' END ELSE '' END || ' ',
          'unit_en', 'institution ' || fixmedins_code || CASE level WHEN 'department' THEN ' department ' || unit_code
            WHEN 'doctor' THEN ' doctor ' || unit_code ELSE '' END,
          'period', period, 'indicator', indicator_name, 'indicator_en', indicator_name_en,
          'value', ${zh('value')}, 'value_en', ${en('value')}, 'median', ${zh('peer_median')}, 'median_en', ${en('peer_median')},
          'peer_count', peer_count, 'peer_unit', CASE level WHEN 'institution' THEN '家' ELSE '个' END,
          'peer_desc', coalesce(nullif(region, ''), '未知') || '地区' || ${CLASS_ZH}
            || CASE fixmedins_type WHEN '2' THEN '零售药店' ELSE '医疗机构' END || CASE WHEN level = 'institution' THEN '' ELSE '科室' || dept_code END,
          'peer_desc_en', 'region ' || coalesce(nullif(region, ''), '?') || ', ' || ${CLASS_EN}
            || CASE fixmedins_type WHEN '2' THEN ' pharmacies' ELSE ' medical institutions' END
            || CASE WHEN level = 'institution' THEN '' ELSE ', department ' || dept_code END,
          'z', coalesce(CAST(CAST(round(robust_z, 2) AS DECIMAL(18,2)) AS VARCHAR), '不计算（同组不足' || mp_txt || '个）'),
          'z_en', coalesce(CAST(CAST(round(robust_z, 2) AS DECIMAL(18,2)) AS VARCHAR), 'n/a (fewer than ' || mp_txt || ' peers)'),
          'trigger', concat_ws('；', CASE WHEN z_hit THEN 'Z值超过阈值' || z_txt END,
            CASE WHEN g_hit THEN '较上月（' || ${zh('prev_value')} || '）环比增长' || ${pct('growth')} || '，超过阈值' || g_pct END),
          'trigger_en', concat_ws('; ', CASE WHEN z_hit THEN 'z above ' || z_txt END,
            CASE WHEN g_hit THEN 'up ' || ${pct('growth')} || ' on the previous month (' || ${en('prev_value')} || '), above ' || g_pct END)
        ) AS facts,
        json_object('indicator', indicator, 'indicator_name', indicator_name, 'level', level, 'unit_code', unit_code,
          'dept_code', dept_code, 'period', period, 'numerator', numerator, 'denominator', denominator, 'value', value,
          'peer_group', peer_group, 'peer_count', peer_count, 'peer_median', peer_median, 'mad', mad, 'z_basis', z_basis,
          'robust_z', robust_z, 'prev_value', prev_value, 'growth', growth, 'z_hit', z_hit, 'growth_hit', g_hit) AS evidence,
        concat_ws('; ', CASE WHEN z_hit THEN 'params.z=' || z_txt || ', params.min_peers=' || mp_txt END,
          CASE WHEN g_hit THEN 'params.growth=' || g_txt END) AS knowledge_ref
      FROM hit WHERE z_hit OR g_hit`,
      params: [...shared.params, p.z, p.growth, String(p.z), String(p.growth), growthText, String(p.min_peers), p.levels.join(',')],
    };
  },
});
