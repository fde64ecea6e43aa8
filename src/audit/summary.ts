/** Totals of a run's findings per rule and per severity, computed in DuckDB with exact decimals. */
import type { Warehouse } from '../store/warehouse.js';

export interface SummaryRow { key: string; findings: number; amount: string }

export interface RunSummary {
  findings: number;
  amount: string;
  by_rule: SummaryRow[];
  by_severity: SummaryRow[];
}

export async function summarise(wh: Warehouse, table = 'audit_findings'): Promise<RunSummary> {
  const agg = async (col: string) => (await wh.all<{ key: string; n: string; amount: string }>(`SELECT ${col} AS key, count(*) AS n,
      CAST(sum(CAST(round(amount, 2) AS DECIMAL(18,2))) AS VARCHAR) AS amount FROM ${table} GROUP BY ${col} ORDER BY ${col}`))
    .map((r) => ({ key: r.key, findings: Number(r.n), amount: r.amount }));
  const total = await wh.one<{ n: string; amount: string | null }>(`SELECT count(*) AS n,
    CAST(coalesce(sum(CAST(round(amount, 2) AS DECIMAL(18,2))), 0) AS VARCHAR) AS amount FROM ${table}`);
  return { findings: Number(total?.n ?? 0), amount: total?.amount ?? '0.00', by_rule: await agg('rule_id'), by_severity: await agg('severity') };
}
