/**
 * What a HIS sends to /precheck and /settlement-check (national field names), validated with zod,
 * and its conversion into extract rows of the person (what an import of the settled claim would
 * hold), so that the real-time rules see the request exactly as the batch sees claims.
 */
import { z } from 'zod';
import type { RawPersonData, Row } from '../../rules/realtime/data.js';

const code = (max = 64) => z.string().trim().min(1).max(max);
const opt = (max = 200) => z.string().trim().max(max).optional();
/** Money or quantity as text or number, up to 4 decimals; kept as text so nothing becomes a float. */
const decimal = z.union([z.string(), z.number()]).transform((v) => String(v).trim()).pipe(z.string().regex(/^-?\d{1,14}(\.\d{1,4})?$/));
const dateText = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$|^\d{8}$/).transform((v) => (v.length === 8 ? `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6)}` : v));
const timeText = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?$/)
  .transform((v) => (v.length === 10 ? `${v} 00:00:00` : v.replace('T', ' ').padEnd(19, ':00').slice(0, 19)));

export const LineSchema = z.object({
  bkkp_sn: code().optional(),
  hilist_code: code(),
  hilist_name: opt(),
  list_type: opt(8), med_chrgitm_type: opt(8), chrgitm_lv: opt(8),
  med_list_codg: opt(64), medins_list_codg: opt(64), medins_list_name: opt(),
  cnt: decimal,
  pric: decimal,
  det_item_fee_sumamt: decimal.optional(),
  fulamt_ownpay_amt: decimal.optional(),
  overlmt_selfpay: decimal.optional(),
  inscp_amt: decimal.optional(),
  pric_uplmt_amt: decimal.optional(),
  fee_ocur_time: timeText,
  prd_days: decimal.optional(),
  used_frqu_dscr: opt(), sin_dos_dscr: opt(), medc_way_dscr: opt(),
  bilg_dept_codg: opt(64), bilg_dept_name: opt(), bilg_dr_code: opt(64), bilg_dr_name: opt(),
  lmt_used_flag: opt(4), hosp_appr_flag: opt(4), dise_codg: opt(64), spec: opt(), prodname: opt(), rx_drord_no: opt(64),
}).strict();

const DiagSchema = z.object({
  diag_code: code(32), diag_name: opt(), maindiag_flag: opt(4), diag_type: opt(4), adm_cond_type: opt(4),
}).strict();
const OprnSchema = z.object({
  oprn_oprt_code: code(32), oprn_oprt_name: opt(), main_oprn_flag: opt(4), oprn_oprt_date: timeText.optional(),
  anst_way: opt(8), oper_dr_code: opt(64),
}).strict();

const VisitFields = {
  psn_no: code(),
  gend: z.enum(['1', '2', '9']).optional(),
  brdy: dateText.optional(),
  insutype: opt(8),
  psn_type: opt(8),
  mdtrt_id: code(),
  med_type: code(8),
  fixmedins_code: code(),
  fixmedins_name: opt(),
  hosp_lv: opt(4),
  insu_admdvs: opt(12),
  begntime: timeText.optional(),
  endtime: timeText.optional(),
  adm_dept_codg: opt(64), adm_dept_name: opt(), dscg_dept_codg: opt(64), dscg_dept_name: opt(),
  chfpdr_code: opt(64), chfpdr_name: opt(),
  dscg_way: opt(4), refl_old_mdtrt_id: opt(64), ipt_days: decimal.optional(),
  diagnoses: z.array(DiagSchema).max(50).default([]),
  operations: z.array(OprnSchema).max(50).default([]),
};

export const PrecheckSchema = z.object({
  ...VisitFields,
  lines: z.array(LineSchema).min(1).max(500),
}).strict();

export const SettlementCheckSchema = z.object({
  ...VisitFields,
  setl_id: code(),
  setl_time: timeText,
  medfee_sumamt: decimal.optional(),
  fund_pay_sumamt: decimal.optional(),
  hifp_pay: decimal.optional(),
  psn_pay: decimal.optional(),
  acct_pay: decimal.optional(),
  cash_payamt: decimal.optional(),
  fulamt_ownpay_amt: decimal.optional(),
  overlmt_selfpay: decimal.optional(),
  preselfpay_amt: decimal.optional(),
  inscp_amt: decimal.optional(),
  dise_no: opt(64), dise_name: opt(),
  lines: z.array(LineSchema).min(1).max(5000),
}).strict();

export type PrecheckRequest = z.infer<typeof PrecheckSchema>;
export type SettlementCheckRequest = z.infer<typeof SettlementCheckSchema>;
type Line = z.infer<typeof LineSchema>;

/** Fixed-point arithmetic on decimal text (4 places), so request money never passes through floats. */
const toUnits = (v: string): bigint => {
  const [i, f = ''] = v.replace('-', '').split('.');
  const n = BigInt(i) * 10_000n + BigInt((f + '0000').slice(0, 4));
  return v.startsWith('-') ? -n : n;
};
const fromUnits = (n: bigint): string => {
  const neg = n < 0n; const a = neg ? -n : n;
  return `${neg ? '-' : ''}${a / 10_000n}.${String(a % 10_000n).padStart(4, '0')}`;
};
/** cnt × pric rounded half-up to the fen, as a line total. */
function lineTotal(cnt: string, pric: string): string {
  const p = toUnits(cnt) * toUnits(pric); // 8 decimal places
  const fen = (p < 0n ? -1n : 1n) * ((p < 0n ? -p : p) + 500_000n) / 1_000_000n;
  return fromUnits(fen * 100n);
}
const norm = (v: string | undefined): string | null => (v === undefined || v === '' ? null : fromUnits(toUnits(v)));

/** The line's bkkp_sn: the HIS's own, else its position in the request. */
export function lineKey(mdtrt_id: string, l: Line, i: number): string {
  return l.bkkp_sn ?? `${mdtrt_id}#${i + 1}`;
}

/** The request as extract rows; `setl` is the settlement (given, or provisional for a precheck). */
export function requestRows(req: PrecheckRequest | SettlementCheckRequest, setl: { setl_id: string; setl_time: string;
  fund_pay_sumamt?: string; given?: Partial<SettlementCheckRequest> }): RawPersonData {
  const v = req;
  const sums = { det: 0n, own: 0n };
  const fee_list_d: Row[] = v.lines.map((l, i) => {
    const det = l.det_item_fee_sumamt ?? lineTotal(l.cnt, l.pric);
    const own = l.fulamt_ownpay_amt ?? '0';
    sums.det += toUnits(det); sums.own += toUnits(own);
    return {
      bkkp_sn: lineKey(v.mdtrt_id, l, i), mdtrt_id: v.mdtrt_id, setl_id: setl.setl_id, psn_no: v.psn_no,
      fixmedins_code: v.fixmedins_code, fixmedins_name: v.fixmedins_name ?? null, fee_ocur_time: l.fee_ocur_time, med_type: v.med_type,
      hilist_code: l.hilist_code, hilist_name: l.hilist_name ?? null, med_list_codg: l.med_list_codg ?? l.hilist_code,
      medins_list_codg: l.medins_list_codg ?? null, medins_list_name: l.medins_list_name ?? null,
      list_type: l.list_type ?? null, med_chrgitm_type: l.med_chrgitm_type ?? null, chrgitm_lv: l.chrgitm_lv ?? null,
      cnt: norm(l.cnt), pric: norm(l.pric), det_item_fee_sumamt: norm(det), pric_uplmt_amt: norm(l.pric_uplmt_amt),
      inscp_amt: norm(l.inscp_amt ?? fromUnits(toUnits(det) - toUnits(own))), fulamt_ownpay_amt: norm(own),
      overlmt_selfpay: norm(l.overlmt_selfpay), bilg_dept_codg: l.bilg_dept_codg ?? null, bilg_dept_name: l.bilg_dept_name ?? null,
      bilg_dr_code: l.bilg_dr_code ?? null, bilg_dr_name: l.bilg_dr_name ?? null, sin_dos_dscr: l.sin_dos_dscr ?? null,
      used_frqu_dscr: l.used_frqu_dscr ?? null, prd_days: norm(l.prd_days), medc_way_dscr: l.medc_way_dscr ?? null,
      lmt_used_flag: l.lmt_used_flag ?? null, hosp_appr_flag: l.hosp_appr_flag ?? null, dise_codg: l.dise_codg ?? null,
      init_feedetl_sn: null, vali_flag: '1', spec: l.spec ?? null, prodname: l.prodname ?? null, rx_drord_no: l.rx_drord_no ?? null,
    };
  });
  const firstLine = fee_list_d.map((f) => String(f.fee_ocur_time)).sort()[0];
  const mdtrt: Row = {
    mdtrt_id: v.mdtrt_id, psn_no: v.psn_no, gend: v.gend ?? null, brdy: v.brdy ?? null, insutype: v.insutype ?? null,
    psn_type: v.psn_type ?? null, insu_admdvs: v.insu_admdvs ?? null, fixmedins_code: v.fixmedins_code,
    fixmedins_name: v.fixmedins_name ?? null, hosp_lv: v.hosp_lv ?? null, med_type: v.med_type,
    begntime: v.begntime ?? firstLine, endtime: v.endtime ?? setl.setl_time, ipt_days: norm(v.ipt_days),
    adm_dept_codg: v.adm_dept_codg ?? null, adm_dept_name: v.adm_dept_name ?? null, dscg_dept_codg: v.dscg_dept_codg ?? null,
    dscg_dept_name: v.dscg_dept_name ?? null, dscg_maindiag_code: v.diagnoses.find((d) => d.maindiag_flag === '1')?.diag_code
      ?? v.diagnoses[0]?.diag_code ?? null,
    dscg_maindiag_name: null, dscg_way: v.dscg_way ?? null, die_date: null, chfpdr_code: v.chfpdr_code ?? null,
    chfpdr_name: v.chfpdr_name ?? null, refl_old_mdtrt_id: v.refl_old_mdtrt_id ?? null, vali_flag: '1',
  };
  const g = setl.given ?? {};
  const setl_d: Row = {
    setl_id: setl.setl_id, mdtrt_id: v.mdtrt_id, psn_no: v.psn_no, setl_time: setl.setl_time,
    begndate: String(mdtrt.begntime).slice(0, 10), enddate: String(mdtrt.endtime).slice(0, 10), med_type: v.med_type,
    insutype: v.insutype ?? null, fixmedins_code: v.fixmedins_code, hosp_lv: v.hosp_lv ?? null,
    medfee_sumamt: norm(g.medfee_sumamt ?? fromUnits(sums.det)), fulamt_ownpay_amt: norm(g.fulamt_ownpay_amt ?? fromUnits(sums.own)),
    overlmt_selfpay: norm(g.overlmt_selfpay), preselfpay_amt: norm(g.preselfpay_amt), inscp_amt: norm(g.inscp_amt),
    hifp_pay: norm(g.hifp_pay), fund_pay_sumamt: norm(setl.fund_pay_sumamt ?? fromUnits(sums.det - sums.own)),
    psn_pay: norm(g.psn_pay), acct_pay: norm(g.acct_pay), cash_payamt: norm(g.cash_payamt), refd_setl_flag: '0',
    init_setl_id: null, dise_no: g.dise_no ?? null, dise_name: g.dise_name ?? null, vali_flag: '1',
  };
  return {
    psn_info: null,
    mdtrt_d: [mdtrt],
    setl_d: [setl_d],
    fee_list_d,
    setl_list_diag_d: v.diagnoses.map((d, i) => ({ setl_list_diag_id: `${setl.setl_id}#D${i + 1}`, setl_id: setl.setl_id,
      mdtrt_id: v.mdtrt_id, psn_no: v.psn_no, diag_type: d.diag_type ?? '1', maindiag_flag: d.maindiag_flag ?? (i === 0 ? '1' : '0'),
      diag_code: d.diag_code, diag_name: d.diag_name ?? null, adm_cond_type: d.adm_cond_type ?? null })),
    setl_list_oprn_d: v.operations.map((o, i) => ({ setl_list_oprn_id: `${setl.setl_id}#O${i + 1}`, setl_id: setl.setl_id,
      mdtrt_id: v.mdtrt_id, psn_no: v.psn_no, main_oprn_flag: o.main_oprn_flag ?? (i === 0 ? '1' : '0'),
      oprn_oprt_code: o.oprn_oprt_code, oprn_oprt_name: o.oprn_oprt_name ?? null, oprn_oprt_date: o.oprn_oprt_date ?? null,
      anst_way: o.anst_way ?? null, oper_dr_code: o.oper_dr_code ?? null })),
  };
}
