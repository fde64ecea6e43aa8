import { z } from 'zod';
import type { SqlParam } from '../../store/warehouse.js';
import { defineRule } from '../types.js';

export const messages = {
  message: {
    zh: '{date}{inst}有{persons}名参保人（{visits}人次）主诊断均为【{diag} {diag_name}】且诊疗项目高度相同（相似度≥{similarity}）；该机构此前{baseline_days}天的{open_days}个门诊日中仅{cluster_days}天出现此类聚集',
    en: '{date} at {inst}: {persons} persons ({visits} visits) with main diagnosis [{diag} {diag_name}] and near-identical items (Jaccard ≥ {similarity}); such groups on only {cluster_days} of its {open_days} outpatient days in the {baseline_days} days before',
  },
};

const params = z.object({
  min_persons: z.number().int().min(2).default(10),
  /** Jaccard similarity of two visits' sets of hilist_code. */
  similarity: z.number().min(0).max(1).default(0.9),
  /** The institution's usual pattern is read over the baseline_days days before the day. */
  baseline_days: z.number().int().min(1).default(90),
  /**
   * Out of line with the usual pattern: such groups occurred on fewer than this share of the
   * institution's outpatient days in the baseline (0.5 ⇔ its median daily number of such groups
   * is 0). An institution without outpatient days in the baseline is out of line.
   */
  usual_share: z.number().min(0).max(1).default(0.5),
  /** Visit types compared (a sub-code such as 140104 matches by its first two characters). */
  med_types: z.array(z.string().min(2)).default(['11', '13', '14', '16']),
}).strict();

/**
 * The pairs of candidate visits (same institution, day and main diagnosis) that can reach Jaccard ≥ t > 0, by
 * prefix filtering: comparing every pair is quadratic in a group (561M pairs at 100M fee lines). If
 * J(A, B) ≥ t then |A ∩ B| ≥ ceil(t·|A|) and ≥ ceil(t·|B|), and with every set's items in one global order the
 * first |X| − ceil(t·|X|) + 1 items of A and of B share an item. Items are ordered rarest first, so those
 * prefixes are short and selective. The pairs found are then checked exactly, as before; none is missed.
 * An empty item set gets the token '' (two empty sets are similar: 0 ≥ t·0); a real code '' only adds candidates.
 * Visits (vid), groups (gid, a hash: a collision only adds candidates) and items (their rank) are integers here,
 * so that the tens of millions of tokens of a large region fit in memory.
 */
export const prefixPairs = (t: string) => `tok AS (
        SELECT vid, gid, len(items) AS n, unnest(CASE WHEN len(items) = 0 THEN [''] ELSE items END) AS item FROM cand),
      irank AS (SELECT item, row_number() OVER (ORDER BY count(*), item) AS r FROM tok GROUP BY item),
      pre AS (
        SELECT t.vid, t.gid, i.r FROM tok t JOIN irank i USING (item)
        QUALIFY row_number() OVER (PARTITION BY t.vid ORDER BY i.r) <= t.n - ceil(CAST(${t} AS DECIMAL(9,4)) * t.n) + 1),
      cpairs AS (SELECT DISTINCT a.vid AS seed, b.vid AS mem FROM pre a JOIN pre b USING (gid, r)),`;

/**
 * 聚集性就医: at one institution on one day, visits with the same main diagnosis are compared by
 * the Jaccard similarity of their item sets. A visit whose similar visits (itself included) come
 * from ≥ min_persons persons makes those visits a group; all groups of one institution, day and
 * main diagnosis form one finding, flagged when the institution does not usually have such groups.
 * psn_no/mdtrt_id/setl_id name the first member; the evidence lists every member.
 */
export const rule = defineRule({
  meta: {
    id: 'clustered_visits', name_zh: '聚集性就医', name_en: 'Clustered visits', category: 'management', scope: 'provider',
    severity: 'suspect_high', params, knowledge: null, amount_zh: '聚集组全部成员就诊的结算 fund_pay_sumamt 之和',
    basis: '《医疗保障基金使用监督管理条例》第十五条',
  },
  batch: (p) => {
    const P: SqlParam[] = [];
    const q = (v: SqlParam) => (P.push(v), '?');
    const sql = `WITH inst AS (
        SELECT fixmedins_code, arg_max(fixmedins_name, status_begin) AS name FROM fixmedins_info GROUP BY ALL),
      md AS (SELECT mdtrt_id, min(trim(diag_code)) AS diag, min(diag_name) AS diag_name FROM setl_list_diag_d
        WHERE maindiag_flag = '1' AND nullif(trim(diag_code), '') IS NOT NULL GROUP BY mdtrt_id),
      ov AS MATERIALIZED (
        SELECT v.mdtrt_id, v.psn_no, v.fixmedins_code, v.begn_date AS d, v.begntime, v.fund_pay, v.setl_ids[1] AS setl_id,
          coalesce(md.diag, nullif(trim(v.dscg_maindiag_code), '')) AS diag, coalesce(md.diag_name, v.dscg_maindiag_name) AS diag_name
        FROM a_visit v LEFT JOIN md USING (mdtrt_id), (SELECT from_json(${q(JSON.stringify(p.med_types))}, '["VARCHAR"]') AS types) t
        WHERE list_contains(t.types, v.med_type) OR list_contains(t.types, left(v.med_type, 2))),
      grp AS (
        SELECT fixmedins_code, d, diag FROM ov WHERE diag IS NOT NULL
        GROUP BY ALL HAVING count(DISTINCT psn_no) >= ${q(p.min_persons)}),
      -- item sets only for visits of such groups (visits without a line drop out)
      cand0 AS (SELECT o.* FROM ov o JOIN grp USING (fixmedins_code, d, diag)),
      -- Distinct (visit, code) first: a plain aggregate, which spills, while the fee lines are joined; the lists
      -- are built after, from far fewer rows (a list per visit over the join ran out of memory at 100M lines).
      vcode AS (SELECT DISTINCT f.mdtrt_id, f.hilist_code FROM a_fee f WHERE f.mdtrt_id IN (SELECT mdtrt_id FROM cand0)),
      items AS MATERIALIZED (SELECT mdtrt_id, list_sort(list_distinct(list(hilist_code))) AS items FROM vcode GROUP BY mdtrt_id),
      -- Visit numbers from the narrow list of ids: a window over the wide rows with their item lists ran out of memory.
      vids AS (SELECT mdtrt_id, row_number() OVER (ORDER BY mdtrt_id) AS vid FROM items),
      cand AS MATERIALIZED (SELECT o.*, i.items, n.vid, hash(o.fixmedins_code, o.d, o.diag) AS gid
        FROM cand0 o JOIN items i USING (mdtrt_id) JOIN vids n USING (mdtrt_id)),
      ${p.similarity > 0 ? prefixPairs(q(p.similarity)) : `cpairs AS (SELECT a.vid AS seed, b.vid AS mem FROM cand a JOIN cand b USING (gid)),`}
      pairs AS MATERIALIZED (
        SELECT a.mdtrt_id AS seed, b.mdtrt_id AS mem, b.psn_no
        FROM cpairs c JOIN cand a ON a.vid = c.seed JOIN cand b ON b.vid = c.mem
        WHERE b.fixmedins_code = a.fixmedins_code AND b.d = a.d AND b.diag = a.diag AND len(list_intersect(a.items, b.items))
          >= CAST(${q(p.similarity)} AS DECIMAL(9,4)) * len(list_distinct(list_concat(a.items, b.items)))),
      seeds AS (SELECT seed FROM pairs GROUP BY seed HAVING count(DISTINCT psn_no) >= ${q(p.min_persons)}),
      mem AS (SELECT DISTINCT mem AS mdtrt_id FROM pairs JOIN seeds USING (seed)),
      clus AS (
        SELECT c.fixmedins_code, c.d, c.diag, min(c.diag_name) AS diag_name, count(DISTINCT c.psn_no) AS persons,
          count(*) AS visits, sum(c.fund_pay) AS amount, first(c.psn_no ORDER BY c.begntime, c.mdtrt_id) AS psn_no,
          first(c.mdtrt_id ORDER BY c.begntime, c.mdtrt_id) AS mdtrt_id, first(c.setl_id ORDER BY c.begntime, c.mdtrt_id) AS setl_id,
          first(c.items ORDER BY c.begntime, c.mdtrt_id) AS items,
          list({'psn_no': c.psn_no, 'mdtrt_id': c.mdtrt_id, 'setl_id': c.setl_id} ORDER BY c.begntime, c.mdtrt_id) AS members
        FROM cand c JOIN mem USING (mdtrt_id) GROUP BY c.fixmedins_code, c.d, c.diag),
      cday AS (SELECT DISTINCT fixmedins_code, d FROM clus),
      oday AS (SELECT DISTINCT fixmedins_code, d FROM ov),
      usual AS (
        SELECT c.fixmedins_code, c.d, c.diag, count(DISTINCT o.d) AS open_days, count(DISTINCT x.d) AS cluster_days
        FROM clus c
        LEFT JOIN oday o ON o.fixmedins_code = c.fixmedins_code AND o.d BETWEEN c.d - CAST(${q(p.baseline_days)} AS INTEGER) AND c.d - 1
        LEFT JOIN cday x ON x.fixmedins_code = c.fixmedins_code AND x.d = o.d
        GROUP BY ALL)
      SELECT c.fixmedins_code, c.psn_no, c.mdtrt_id, c.setl_id, []::VARCHAR[] AS bkkp_sn, c.amount, c.d AS occurred_at,
        json_object('date', CAST(c.d AS VARCHAR), 'inst', coalesce(i.name, c.fixmedins_code), 'persons', c.persons,
          'visits', c.visits, 'diag', c.diag, 'diag_name', coalesce(c.diag_name, ''), 'similarity', ${q(p.similarity)},
          'baseline_days', ${q(p.baseline_days)}, 'open_days', u.open_days, 'cluster_days', u.cluster_days) AS facts,
        json_object('members', c.members, 'items', c.items, 'persons', c.persons, 'baseline_open_days', u.open_days,
          'baseline_cluster_days', u.cluster_days) AS evidence,
        ${q(`params.min_persons=${p.min_persons}, similarity=${p.similarity}, usual_share=${p.usual_share}`)} AS knowledge_ref
      FROM clus c JOIN usual u USING (fixmedins_code, d, diag) LEFT JOIN inst i ON i.fixmedins_code = c.fixmedins_code
      WHERE u.open_days = 0 OR u.cluster_days < CAST(${q(p.usual_share)} AS DECIMAL(9,4)) * u.open_days`;
    return { sql, params: P };
  },
});
