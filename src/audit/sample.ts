/**
 * The manual re-review sample (复审抽样) of inpatient settlements: per institution at least
 * ceil(rate × its settlements) and at least one, drawn by an order that only the seed and the
 * settlement ids decide (md5 of seed and id), so the same seed gives the same sample anywhere.
 */
import type { Warehouse } from '../store/warehouse.js';
import type { OpMigration, OpStore } from '../store/opstore.js';
import { createBaseViews } from '../rules/base-views.js';

export const SAMPLE_MIGRATIONS: OpMigration[] = [
  {
    version: 1,
    sql: `CREATE TABLE IF NOT EXISTS sample_draw (
      draw_id SERIAL PRIMARY KEY, period TEXT NOT NULL, rate NUMERIC(6,4) NOT NULL, seed TEXT NOT NULL,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now(), created_by TEXT NOT NULL, settlements INTEGER NOT NULL, sampled INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS sample_item (
      draw_id INTEGER NOT NULL REFERENCES sample_draw(draw_id), fixmedins_code TEXT NOT NULL, setl_id TEXT NOT NULL,
      mdtrt_id TEXT, psn_no TEXT, PRIMARY KEY (draw_id, setl_id))`,
  },
];

export interface SampleResult {
  draw_id: number;
  period: string;
  rate: number;
  seed: string;
  per_institution: { fixmedins_code: string; settlements: number; sampled: number }[];
  items: { fixmedins_code: string; setl_id: string; mdtrt_id: string; psn_no: string }[];
}

/** Month 'YYYY-MM' → first and last day. */
export function monthBounds(period: string): { from: string; to: string } {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new Error(`期间格式应为 YYYY-MM / period must be YYYY-MM: ${period}`);
  const last = new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
  return { from: `${period}-01`, to: `${period}-${String(last).padStart(2, '0')}` };
}

export async function drawSample(wh: Warehouse, ops: OpStore, opts: { period: string; rate: number; seed: string; by: string }): Promise<SampleResult> {
  if (!(opts.rate > 0 && opts.rate <= 1)) throw new Error(`抽样比例应在 (0, 1] / rate must be in (0, 1]: ${opts.rate}`);
  const { from, to } = monthBounds(opts.period);
  // Only a_setl is read: views, so that nothing the size of the fee lines is built.
  await createBaseViews(wh, to, { materialise: false });
  const items = await wh.all<{ fixmedins_code: string; setl_id: string; mdtrt_id: string; psn_no: string; n: string }>(`
    WITH s AS (SELECT fixmedins_code, setl_id, mdtrt_id, psn_no,
        row_number() OVER (PARTITION BY fixmedins_code ORDER BY md5(? || ':' || setl_id), setl_id) AS rk,
        count(*) OVER (PARTITION BY fixmedins_code) AS n
      FROM a_setl WHERE med_type LIKE '2%' AND CAST(setl_time AS DATE) BETWEEN CAST(? AS DATE) AND CAST(? AS DATE))
    SELECT fixmedins_code, setl_id, mdtrt_id, psn_no, n FROM s WHERE rk <= greatest(1, ceil(n * CAST(? AS DECIMAL(6,4))))
    ORDER BY fixmedins_code, rk`, [opts.seed, from, to, String(opts.rate)]);
  const per = new Map<string, { fixmedins_code: string; settlements: number; sampled: number }>();
  for (const i of items) {
    const p = per.get(i.fixmedins_code) ?? { fixmedins_code: i.fixmedins_code, settlements: Number(i.n), sampled: 0 };
    p.sampled++;
    per.set(i.fixmedins_code, p);
  }
  await ops.ensureSchema('sample', SAMPLE_MIGRATIONS);
  const total = [...per.values()].reduce((a, p) => a + p.settlements, 0);
  const drawId = await ops.transaction(async (tx) => {
    const r = await tx.query<{ draw_id: number }>(`INSERT INTO sample_draw (period, rate, seed, created_by, settlements, sampled)
      VALUES ($1, $2, $3, $4, $5, $6) RETURNING draw_id`, [opts.period, opts.rate, opts.seed, opts.by, total, items.length]);
    const id = Number(r[0].draw_id);
    for (let i = 0; i < items.length; i += 500) {
      const part = items.slice(i, i + 500);
      await tx.query(`INSERT INTO sample_item (draw_id, fixmedins_code, setl_id, mdtrt_id, psn_no) VALUES ${part.map((_, k) =>
        `($${k * 5 + 1}, $${k * 5 + 2}, $${k * 5 + 3}, $${k * 5 + 4}, $${k * 5 + 5})`).join(', ')}`,
      part.flatMap((p) => [id, p.fixmedins_code, p.setl_id, p.mdtrt_id, p.psn_no]));
    }
    return id;
  });
  return { draw_id: drawId, period: opts.period, rate: opts.rate, seed: opts.seed, per_institution: [...per.values()],
    items: items.map(({ n: _n, ...rest }) => rest) };
}
