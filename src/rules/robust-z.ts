/**
 * Robust z-score of a value against its peer group, in SQL, with the method of the provider indicators
 * (indicators.ts) so that every peer comparison reads the same way: z = 0.6745 × (value − median) / MAD;
 * when MAD = 0 (half the peers share the median) the mean absolute deviation is used instead,
 * z = (value − median) / (1.253314 × MeanAD); when every peer has the same value z = 0; z is NULL in groups
 * smaller than min_peers. Values are exact DECIMALs; z_num / z_den let a threshold be tested without rounding
 * (z > t ⇔ z_den > 0 AND z_num > t × z_den).
 * The provider indicators (indicators.ts) and the DRG-era rules use it.
 */
import type { SqlParam } from '../store/warehouse.js';

/** n ÷ d as DECIMAL(18,6), half away from zero, in integer arithmetic (DuckDB's DECIMAL ÷ gives DOUBLE). NULL when d = 0. */
export function decimalDiv(n: string, d: string): string {
  const int = (x: string) => `CAST(CAST(${x} AS DECIMAL(28,10)) * 10000000000 AS HUGEINT)`;
  return `CAST(CAST(sign(${int(n)}) * sign(${int(d)}) * ((2 * abs(${int(n)}) * 1000000 + abs(${int(d)}))
    // nullif(2 * abs(${int(d)}), 0)) AS DECIMAL(38,0)) * 0.000001 AS DECIMAL(18,6))`;
}

/** The exact median of `col` per peer key, from rows ranked by it (rn) with the group size n. */
export const medianSql = (col: string, rn: string, n: string): string =>
  `CAST((min(${col}) FILTER (WHERE ${rn} = (${n} + 1) // 2) + min(${col}) FILTER (WHERE ${rn} = (${n} + 2) // 2)) * 0.5 AS DECIMAL(20,8))`;

export interface RobustZOptions {
  /** Relation with the peer key columns and a DECIMAL column `value` (one row per unit compared). */
  input: string;
  /** Columns that make a peer group (e.g. peer_group, period, indicator). */
  keys: string[];
  /** Name of the resulting relation; helper CTEs are named `<name>_med`, `<name>_dev`, `<name>_mad`, `<name>_zq`. */
  name: string;
  minPeers: number;
}

/**
 * CTEs (without WITH, to follow others with a comma) ending in `name`: every input column plus peer_count,
 * peer_median, mad, z_basis ('MAD' | 'MeanAD' | 'equal' | NULL), z_num, z_den and robust_z (DECIMAL(18,6)).
 */
export function robustZCtes(o: RobustZOptions): { sql: string; params: SqlParam[] } {
  const k = o.keys.join(', ');
  const n = o.name;
  const sql = `${n}_med AS (
    SELECT ${k}, any_value(cnt) AS peer_count, ${medianSql('value', 'rn', 'cnt')} AS peer_median
    FROM (SELECT ${k}, value, row_number() OVER (PARTITION BY ${k} ORDER BY value) AS rn,
        count(*) OVER (PARTITION BY ${k}) AS cnt FROM ${o.input}) GROUP BY ${k}),
  ${n}_dev AS MATERIALIZED (
    SELECT v.*, m.peer_count, m.peer_median, abs(v.value - m.peer_median) AS dev,
      row_number() OVER (PARTITION BY ${o.keys.map((c) => `v.${c}`).join(', ')} ORDER BY abs(v.value - m.peer_median)) AS drn
    FROM ${o.input} v JOIN ${n}_med m USING (${k})),
  ${n}_mad AS (
    SELECT ${k}, ${medianSql('dev', 'drn', 'peer_count')} AS mad, sum(dev) AS sum_dev,
      any_value(peer_count) >= CAST(? AS INTEGER) AS peers_ok
    FROM ${n}_dev GROUP BY ${k}),
  ${n}_zq AS (
    SELECT d.* EXCLUDE (dev, drn), x.mad, x.peers_ok,
      CASE WHEN NOT x.peers_ok THEN NULL WHEN x.mad > 0 THEN 'MAD' WHEN x.sum_dev > 0 THEN 'MeanAD' ELSE 'equal' END AS z_basis,
      CAST(CASE WHEN NOT x.peers_ok THEN NULL WHEN x.mad > 0 THEN 0.6745 * (d.value - d.peer_median)
        WHEN x.sum_dev > 0 THEN d.peer_count * (d.value - d.peer_median) END AS DECIMAL(32,14)) AS z_num,
      CAST(CASE WHEN NOT x.peers_ok THEN NULL WHEN x.mad > 0 THEN x.mad WHEN x.sum_dev > 0 THEN 1.253314 * x.sum_dev END AS DECIMAL(32,14)) AS z_den
    FROM ${n}_dev d JOIN ${n}_mad x USING (${k})),
  ${n} AS (
    SELECT z.* EXCLUDE (peers_ok), CASE WHEN z.z_den > 0 THEN ${decimalDiv('z.z_num', 'z.z_den')} WHEN z.peers_ok THEN 0 END AS robust_z
    FROM ${n}_zq z)`;
  return { sql, params: [o.minPeers] };
}
