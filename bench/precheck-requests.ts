/**
 * Precheck request bodies for the benchmarks: a random person's real visit (institution, med_type,
 * diagnosis) and 1–5 lines of codes the region bills, drawn with fixed seeds so that every run sends
 * the same ones. `known` re-checks visits already in the history; `new` sends new visits.
 */
import type { Warehouse } from '../src/store/warehouse.js';

export interface PrecheckBody { psn_no: string; mdtrt_id: string; med_type: string; fixmedins_code: string; [k: string]: unknown }

export async function precheckBodies(wh: Warehouse, o: { mix: 'new' | 'known'; count: number }): Promise<PrecheckBody[]> {
  const visits = await wh.all<{ psn_no: string; mdtrt_id: string; med_type: string; fixmedins_code: string; gend: string; brdy: string;
    diag: string | null; begntime: string }>(`SELECT psn_no, mdtrt_id, med_type, fixmedins_code, gend, CAST(brdy AS VARCHAR) AS brdy,
      dscg_maindiag_code AS diag, CAST(begntime AS VARCHAR) AS begntime FROM mdtrt_d USING SAMPLE 4000 ROWS (reservoir, 7)`);
  const lines = await wh.all<{ hilist_code: string; hilist_name: string; list_type: string; med_chrgitm_type: string; pric: string;
    used_frqu_dscr: string | null; prd_days: string | null }>(`SELECT hilist_code, any_value(hilist_name) AS hilist_name,
      any_value(list_type) AS list_type, any_value(med_chrgitm_type) AS med_chrgitm_type, CAST(any_value(pric) AS VARCHAR) AS pric,
      any_value(used_frqu_dscr) AS used_frqu_dscr, CAST(any_value(prd_days) AS VARCHAR) AS prd_days
      FROM (SELECT * FROM fee_list_d USING SAMPLE 200000 ROWS (reservoir, 7)) GROUP BY hilist_code ORDER BY hilist_code LIMIT 400`);
  let seed = 12345;
  const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  return Array.from({ length: o.count }, () => {
    const v = visits[rnd(visits.length)];
    const n = 1 + rnd(5);
    return {
      psn_no: v.psn_no, mdtrt_id: o.mix === 'known' ? v.mdtrt_id : `${v.mdtrt_id}-B`, med_type: v.med_type, fixmedins_code: v.fixmedins_code,
      gend: v.gend ?? undefined, brdy: v.brdy ?? undefined, diagnoses: v.diag ? [{ diag_code: v.diag }] : [],
      lines: Array.from({ length: n }, (_, i) => { const l = lines[rnd(lines.length)]; return {
        bkkp_sn: `B${i + 1}`, hilist_code: l.hilist_code, hilist_name: l.hilist_name, list_type: l.list_type ?? undefined,
        med_chrgitm_type: l.med_chrgitm_type ?? undefined, cnt: '1', pric: l.pric ?? '10', fee_ocur_time: v.begntime,
        used_frqu_dscr: l.used_frqu_dscr ?? undefined, prd_days: l.prd_days ?? undefined }; }),
    };
  });
}
