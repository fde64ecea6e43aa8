/**
 * Builds small regions for rule case tables: persons, institutions, doctors, visits with their fee
 * lines, settlements and diagnoses, written as the national extract files the importer reads.
 * Money is handled in fen; a settlement's totals are the sums of its lines.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { tableSpec } from '../../src/domain/tables.js';
import { writeCsv } from '../ingest/helpers.js';

type Row = Record<string, string>;

const fen = (yuan: string | number): number => Math.round(Number(yuan) * 100);
const yuan = (f: number): string => (f / 100).toFixed(2);

export interface LineInput {
  code: string;
  name?: string;
  cnt?: number | string;
  pric?: number | string;
  /** Date or date-time; a date gets 10:00:00. */
  time: string;
  /** Fully self-paid part (fulamt_ownpay_amt), yuan; default 0. */
  ownpay?: number | string;
  list_type?: string;
  med_chrgitm_type?: string;
  chrgitm_lv?: string;
  dr?: string;
  prd_days?: number | string;
  used_frqu_dscr?: string;
  pric_uplmt_amt?: number | string;
  /** This line returns (negatively) the line with this bkkp_sn. */
  returnOf?: string;
  vali_flag?: string;
  extra?: Row;
}

export interface VisitInput {
  psn: string;
  inst: string;
  med_type?: string;
  begin: string;
  end?: string;
  /** Diagnosis codes, main first. */
  diag?: string[];
  /** Operations (setl_list_oprn_d), main first. */
  oprn?: { code: string; date?: string; dr?: string }[];
  /** Fund payment of the settlement, yuan; default: the lines' det_item_fee_sumamt − fulamt_ownpay_amt. */
  fund_pay?: number | string;
  insutype?: string;
  dscg_way?: string;
  vali_flag?: string;
  extra?: Row;
  setl_extra?: Row;
}

/** A drg_result row (written by the DRG grouping, not imported): the harness inserts these after the import. */
export interface DrgRow {
  setl_id: string; mdtrt_id: string; psn_no: string; fixmedins_code: string; dscg_date: string; status: string; drg: string;
  adrg: string | null; mdc: string | null; reject_reason: string | null; main_diag: string | null; mcc_codes: string[];
  cc_codes: string[]; scheme_version: string; run_id: number;
}

export class Visit {
  readonly lines: Row[] = [];
  constructor(readonly region: RegionBuilder, readonly mdtrt_id: string, readonly setl_id: string, readonly input: VisitInput) {}

  /** Adds a fee line and returns its bkkp_sn. */
  line(l: LineInput): string {
    const bkkp = `${this.mdtrt_id}-L${this.lines.length + 1}`;
    const cnt = Number(l.cnt ?? 1);
    const pric = String(l.pric ?? '10');
    const sign = l.returnOf ? -1 : 1;
    // Amount = cnt × pric rounded to the fen, in exact decimal arithmetic.
    const total = sign * new Decimal(cnt).mul(pric).mul(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
    const time = l.time.length === 10 ? `${l.time} 10:00:00` : l.time;
    const code = l.code;
    const listType = l.list_type ?? (/^[XZ]/.test(code) ? '101' : code.startsWith('C') ? '301' : '201');
    this.lines.push({
      bkkp_sn: bkkp, mdtrt_id: this.mdtrt_id, setl_id: this.setl_id, psn_no: this.input.psn, fixmedins_code: this.input.inst,
      fee_ocur_time: time, med_type: this.input.med_type ?? '11', hilist_code: code, hilist_name: l.name ?? code,
      med_list_codg: code, medins_list_codg: '', medins_list_name: l.name ?? code, list_type: listType,
      med_chrgitm_type: l.med_chrgitm_type ?? (listType === '101' ? '09' : listType === '301' ? '08' : '05'),
      chrgitm_lv: l.chrgitm_lv ?? '01', cnt: String(sign * cnt), pric, det_item_fee_sumamt: yuan(total),
      pric_uplmt_amt: l.pric_uplmt_amt === undefined ? '' : String(l.pric_uplmt_amt), inscp_amt: yuan(total - sign * fen(l.ownpay ?? 0)),
      fulamt_ownpay_amt: yuan(sign * fen(l.ownpay ?? 0)), overlmt_selfpay: '0.00', bilg_dept_codg: 'A01', bilg_dept_name: '内科',
      bilg_dr_code: l.dr ?? 'D0001', bilg_dr_name: '医生', sin_dos_dscr: '', used_frqu_dscr: l.used_frqu_dscr ?? '',
      prd_days: l.prd_days === undefined ? '' : String(l.prd_days), medc_way_dscr: '', lmt_used_flag: '0', hosp_appr_flag: '',
      dise_codg: '', init_feedetl_sn: l.returnOf ?? '', vali_flag: l.vali_flag ?? '1', ...l.extra,
    });
    return bkkp;
  }
}

export class RegionBuilder {
  private readonly persons = new Map<string, Row>();
  private readonly institutions = new Map<string, Row[]>();
  private readonly doctors: Row[] = [];
  private readonly prices: Row[] = [];
  readonly visits: Visit[] = [];
  private readonly refunds: Row[] = [];
  readonly drgRows: DrgRow[] = [];

  person(psn_no: string, p: { gend?: string; brdy?: string; die_date?: string; insutype?: string } = {}): this {
    this.persons.set(psn_no, { psn_no, psn_name: `参保人${psn_no}`, certno: '110101198001010011', gend: p.gend ?? '1',
      brdy: p.brdy ?? '1980-01-01', insutype: p.insutype ?? '310', die_date: p.die_date ?? '' });
    return this;
  }

  /** An institution; agreement status periods default to one active period. */
  institution(code: string, i: { hosp_lv?: string; type?: string; name?: string;
    periods?: { status: string; begin: string; end?: string }[] } = {}): this {
    const periods = i.periods ?? [{ status: '1', begin: '2020-01-01' }];
    this.institutions.set(code, periods.map((p) => ({ fixmedins_code: code, fixmedins_name: i.name ?? `机构${code}`,
      fixmedins_type: i.type ?? (code.startsWith('P') ? '2' : '1'), hosp_lv: i.hosp_lv ?? '05', admdvs: '330700',
      agreement_status: p.status, status_begin: p.begin, status_end: p.end ?? '' })));
    return this;
  }

  doctor(dr_code: string, inst: string, periods: { status: string; begin: string; end?: string }[]): this {
    for (const p of periods) this.doctors.push({ dr_code, dr_name: `医师${dr_code}`, fixmedins_code: inst, dr_status: p.status,
      status_begin: p.begin, status_end: p.end ?? '' });
    return this;
  }

  price(hilist_code: string, hosp_lv_class: string, max_price: string): this {
    this.prices.push({ hilist_code, hilist_name: hilist_code, hosp_lv_class, max_price });
    return this;
  }

  visit(v: VisitInput): Visit {
    if (!this.persons.has(v.psn)) this.person(v.psn);
    if (!this.institutions.has(v.inst)) this.institution(v.inst);
    const n = this.visits.length + 1;
    const visit = new Visit(this, `M${String(n).padStart(4, '0')}`, `S${String(n).padStart(4, '0')}`, v);
    this.visits.push(visit);
    return visit;
  }

  /**
   * The grouping result of a visit's settlement. Status defaults to grouped (ungrouped for 0000); the ADRG is the
   * DRG's first 3 characters and the main diagnosis the visit's first, unless given.
   */
  drg(v: Visit, d: { drg: string; status?: string; reject_reason?: string; main_diag?: string | null; mcc?: string[];
    cc?: string[] }): Visit {
    const status = d.status ?? (d.drg === '0000' ? 'ungrouped' : 'grouped');
    const grouped = status === 'grouped';
    this.drgRows.push({ setl_id: v.setl_id, mdtrt_id: v.mdtrt_id, psn_no: v.input.psn, fixmedins_code: v.input.inst,
      dscg_date: v.input.end ?? v.input.begin, status, drg: d.drg, adrg: grouped ? d.drg.slice(0, 3) : null,
      mdc: grouped ? `MDC${d.drg.slice(0, 1)}` : null, reject_reason: d.reject_reason ?? null,
      main_diag: d.main_diag === undefined ? v.input.diag?.[0] ?? null : d.main_diag, mcc_codes: d.mcc ?? [], cc_codes: d.cc ?? [],
      scheme_version: 'CHS-DRG 1.1', run_id: 1 });
    return v;
  }

  /** A refund settlement reversing a visit's settlement. */
  refund(visit: Visit): void {
    this.refunds.push({ ...this.settlement(visit), setl_id: `${visit.setl_id}-R`, refd_setl_flag: '1', init_setl_id: visit.setl_id });
  }

  private settlement(v: Visit): Row {
    const i = v.input;
    const total = v.lines.reduce((a, l) => a + fen(l.det_item_fee_sumamt), 0);
    const own = v.lines.reduce((a, l) => a + fen(l.fulamt_ownpay_amt), 0);
    const fund = i.fund_pay === undefined ? total - own : fen(i.fund_pay);
    const inst = this.institutions.get(i.inst)![0];
    const end = i.end ?? i.begin;
    return {
      setl_id: v.setl_id, mdtrt_id: v.mdtrt_id, psn_no: i.psn, setl_time: `${end} 16:00:00`, begndate: i.begin, enddate: end,
      med_type: i.med_type ?? '11', insutype: i.insutype ?? '310', fixmedins_code: i.inst, hosp_lv: inst.hosp_lv,
      medfee_sumamt: yuan(total), fulamt_ownpay_amt: yuan(own), overlmt_selfpay: '0.00', preselfpay_amt: '0.00',
      inscp_amt: yuan(total - own), hifp_pay: yuan(fund), fund_pay_sumamt: yuan(fund), psn_pay: yuan(total - fund),
      acct_pay: '0.00', cash_payamt: yuan(total - fund), refd_setl_flag: '0', init_setl_id: '', dise_no: '', dise_name: '',
      vali_flag: i.vali_flag ?? '1', ...i.setl_extra,
    };
  }

  /** Writes every table as CSV into dir (only tables with rows). */
  write(dir: string): void {
    mkdirSync(dir, { recursive: true });
    const mdtrt: Row[] = []; const setl: Row[] = [...this.refunds]; const fee: Row[] = []; const diag: Row[] = [];
    const oprn: Row[] = [];
    for (const v of this.visits) {
      const i = v.input;
      const p = this.persons.get(i.psn)!;
      const inst = this.institutions.get(i.inst)![0];
      const end = i.end ?? i.begin;
      const days = Math.round((Date.parse(end) - Date.parse(i.begin)) / 86400000);
      mdtrt.push({ mdtrt_id: v.mdtrt_id, psn_no: i.psn, gend: p.gend, brdy: p.brdy, age: '', insutype: i.insutype ?? '310',
        psn_type: '11', insu_admdvs: '330700', fixmedins_code: i.inst, fixmedins_name: inst.fixmedins_name, hosp_lv: inst.hosp_lv,
        med_type: i.med_type ?? '11', begntime: `${i.begin} 08:00:00`, endtime: `${end} 15:00:00`, ipt_days: String(days),
        adm_dept_codg: 'A01', dscg_dept_codg: 'A01', dscg_maindiag_code: i.diag?.[0] ?? '', dscg_maindiag_name: '',
        dscg_way: i.dscg_way ?? '1', die_date: '', chfpdr_code: 'D0001', refl_old_mdtrt_id: '', vali_flag: i.vali_flag ?? '1', ...i.extra });
      setl.push(this.settlement(v));
      fee.push(...v.lines);
      (i.diag ?? []).forEach((d, k) => diag.push({ setl_list_diag_id: `${v.setl_id}-D${k + 1}`, setl_id: v.setl_id,
        mdtrt_id: v.mdtrt_id, psn_no: i.psn, diag_type: '1', maindiag_flag: k === 0 ? '1' : '0', diag_code: d, diag_name: d,
        adm_cond_type: '1' }));
      (i.oprn ?? []).forEach((o, k) => oprn.push({ setl_list_oprn_id: `${v.setl_id}-O${k + 1}`, setl_id: v.setl_id,
        mdtrt_id: v.mdtrt_id, psn_no: i.psn, main_oprn_flag: k === 0 ? '1' : '0', oprn_oprt_code: o.code,
        oprn_oprt_name: o.code, oprn_oprt_date: `${o.date ?? i.begin} 09:00:00`, anst_way: '1', oper_dr_code: o.dr ?? 'D0001' }));
    }
    const put = (table: string, rows: Row[]) => {
      if (rows.length) writeCsv(join(dir, `${table}.csv`), table, rows, { header: tableSpec(table).required });
    };
    put('psn_info', [...this.persons.values()]);
    put('fixmedins_info', [...this.institutions.values()].flat());
    put('dr_info', this.doctors);
    put('price_catalog', this.prices);
    put('mdtrt_d', mdtrt);
    put('setl_d', setl);
    put('fee_list_d', fee);
    put('setl_list_diag_d', diag);
    put('setl_list_oprn_d', oprn);
  }
}
