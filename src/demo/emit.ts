/**
 * Turns visit plans into rows of the five extract tables: identifiers, exact money per line, the
 * settlement arithmetic (deductible, fund share, account and cash), refunds with their negative
 * lines, void rows, settlement-list diagnoses and operations.
 */
import { nationalColumns, tableSpec } from '../domain/tables.js';
import type { Item } from './catalog.js';
import { FREQ_PER_DAY } from './catalog.js';
import { CsvSink, csvField, needsQuote } from './csv-out.js';
import { CATALOG } from './catalog.js';
import { ageOn, compactDate, fmtDate, fmtTs, monthKey, yearOf } from './dates.js';
import type { Diagnosis, Procedure } from './icd.js';
import { RESTRICTED_CODES } from './knowledge-data.js';
import { deductible, isInpatient, negate, ratePct, type Money } from './settlement.js';
import { fmtFen, fmtP4, lineFen, pctOf } from './money.js';
import type { Person } from './persons.js';
import { psnType } from './persons.js';
import type { Dept, Doctor, Institution } from './providers.js';

/** Extra national columns written beside each table's required ones. */
const EXTRA: Record<string, string[]> = {
  mdtrt_d: ['psn_name', 'certno', 'fix_blng_admdvs', 'year', 'ipt_otp_no', 'adm_dept_name', 'dscg_dept_name',
    'chfpdr_name'],
  setl_d: ['psn_name', 'gend', 'brdy', 'age', 'psn_type', 'fixmedins_name', 'act_pay_dedc', 'year'],
  fee_list_d: ['selfpay_prop', 'preselfpay_amt', 'spec'],
  setl_list_diag_d: ['vali_flag'],
  setl_list_oprn_d: ['oper_dr_name', 'vali_flag'],
};

/** The columns the demo writes for a table, in national order. */
export function demoColumns(table: string): string[] {
  const want = new Set([...tableSpec(table).required, ...(EXTRA[table] ?? [])]);
  return nationalColumns(table).filter((c) => want.has(c));
}

export interface LineSpec {
  item: Item;
  /** National code used on the line (a drug's other manufacturers' codes); default item.code. */
  code?: string;
  day: number;
  sec: number;
  cnt: number;
  p4: number;
  doctor: Doctor;
  dept: Dept;
  prdDays?: number;
  /** pric_uplmt_amt; default the class price for services, the price itself otherwise. */
  limitP4?: number;
  /** A 丙类 line billed as fund-eligible (the injected non-covered case). */
  billedToFund?: boolean;
  void?: boolean;
  /** Negative return line of an earlier line of the same visit. */
  returnOf?: LineSpec;
  medinsName?: string;
  /** Filled in by emit: the line's bkkp_sn. */
  bkkp?: string;
  fee?: number;
  fulamt?: number;
}

export interface OprnSpec {
  proc: Procedure;
  day: number;
  sec: number;
  main: boolean;
  anst: string;
  doctor: Doctor;
}

export interface VisitSpec {
  person: Person;
  inst: Institution;
  medType: string;
  /** Settlement insurance type; default the person's. */
  insutype?: string;
  begin: [number, number];
  end: [number, number];
  setl: [number, number];
  dept: Dept;
  doctor: Doctor;
  diags: Diagnosis[];
  oprns?: OprnSpec[];
  lines: LineSpec[];
  dscgWay?: string;
  /** ipt_days as written (the injected data-quality case); default end − begin. */
  iptDays?: number;
  dieDate?: number;
  refund?: 'refund' | 'resettle';
  void?: boolean;
  /** Fund payment may not exceed this (annual cap reached), fen. */
  fundCap?: number;
  /** Employees pay their share from the personal account. */
  useAccount?: boolean;
  reflOld?: string;
}

export interface SetlResult {
  setlId: string;
  medfee: number;
  fund: number;
  refund: boolean;
  valid: boolean;
}

export interface EmittedVisit {
  mdtrtId: string;
  setls: SetlResult[];
  /** Fund paid net of refunds, fen. */
  fundNet: number;
}

const SELF_PROP: Record<number, string> = Object.fromEntries(
  Array.from({ length: 101 }, (_, i) => [i, (i / 100).toFixed(2)]));

export class Emitter {
  private seq = { mdtrt: 0, setl: 0, bkkp: 0, diag: 0, oprn: 0 };
  private readonly sinks: Record<string, CsvSink>;
  private readonly feeSinks = new Map<string, CsvSink>();
  private readonly cols: Record<string, string[]>;
  private readonly sinkByDay = new Map<number, CsvSink>();
  /** Column positions of fee_list_d: its rows are filled by position (they are most of the output). */
  private readonly fx: Record<string, number>;
  counts = { visits: 0, settlements: 0, feeLines: 0, diagnoses: 0, operations: 0 };

  constructor(private readonly dir: string, months: string[]) {
    this.cols = Object.fromEntries(['mdtrt_d', 'setl_d', 'fee_list_d', 'setl_list_diag_d', 'setl_list_oprn_d']
      .map((t) => [t, demoColumns(t)]));
    // Fee rows skip the per-field quoting check: the catalogue texts they copy are checked here once.
    for (const it of CATALOG) {
      for (const t of [it.name, it.code, it.drug?.spec ?? '', it.drug?.route ?? '', it.drug?.unitWord ?? '']) {
        if (needsQuote(t)) throw new Error(`catalogue text needs quoting: ${t}`);
      }
    }
    this.fx = Object.fromEntries(this.cols.fee_list_d.map((c, i) => [c, i]));
    this.sinks = {
      mdtrt_d: new CsvSink(`${dir}/mdtrt_d.csv`, this.cols.mdtrt_d),
      setl_d: new CsvSink(`${dir}/setl_d.csv`, this.cols.setl_d),
      setl_list_diag_d: new CsvSink(`${dir}/setl_list_diag_d.csv`, this.cols.setl_list_diag_d),
      setl_list_oprn_d: new CsvSink(`${dir}/setl_list_oprn_d.csv`, this.cols.setl_list_oprn_d),
    };
    for (const m of months) this.feeSinks.set(m, new CsvSink(`${dir}/fee_list_d_${m}.csv`, this.cols.fee_list_d));
  }

  private write(table: string, rec: Record<string, string>): void {
    const cols = this.cols[table];
    const out = new Array<string>(cols.length);
    for (let i = 0; i < cols.length; i++) out[i] = rec[cols[i]] ?? '';
    this.sinks[table].row(out);
  }

  /** The monthly fee file of a day (cached: one lookup per day, not per line). */
  private feeSink(day: number): CsvSink {
    let sink = this.sinkByDay.get(day);
    if (!sink) {
      sink = this.feeSinks.get(monthKey(day));
      if (!sink) throw new Error(`fee line outside the region's months: ${fmtDate(day)}`);
      this.sinkByDay.set(day, sink);
    }
    return sink;
  }

  private id(kind: keyof Emitter['seq'], day: number, lead: string): string {
    this.seq[kind]++;
    return `${lead}${compactDate(day)}${String(this.seq[kind]).padStart(kind === 'bkkp' ? 11 : 9, '0')}`;
  }

  async pressure(): Promise<void> {
    for (const s of Object.values(this.sinks)) await s.pressure();
    for (const s of this.feeSinks.values()) await s.pressure();
  }

  async close(): Promise<{ files: string[]; bytes: number }> {
    const all = [...Object.values(this.sinks), ...this.feeSinks.values()];
    for (const s of all) await s.close();
    return { files: all.map((s) => s.path.slice(this.dir.length + 1)), bytes: all.reduce((a, s) => a + s.bytes, 0) };
  }

  private lineMoney(l: LineSpec): { fee: number; fulamt: number; preself: number; inscp: number } {
    const fee = lineFen(l.cnt, l.p4);
    const fulamt = l.item.lv === '03' && !l.billedToFund ? fee : 0;
    const preself = l.item.lv === '02' ? pctOf(fee, l.item.selfPct) : 0;
    return { fee, fulamt, preself, inscp: fee - fulamt };
  }

  private settle(v: VisitSpec, lines: LineSpec[], insutype: string): Money {
    let medfee = 0, fulamt = 0, preself = 0, inscp = 0;
    for (const l of lines) {
      if (l.void) continue;
      const m = this.lineMoney(l);
      medfee += m.fee; fulamt += m.fulamt; preself += m.preself; inscp += m.inscp;
    }
    const retired = this.psnTypeOf(v) === '1102';
    const base = Math.max(0, inscp - preself);
    const dedc = Math.min(deductible(v.medType, insutype, v.inst.cls), base);
    let fund = pctOf(base - dedc, ratePct(v.medType, insutype, v.inst.cls, retired));
    if (v.fundCap !== undefined) fund = Math.max(0, Math.min(fund, v.fundCap));
    const psn = medfee - fund;
    const acct = insutype === '310' && v.useAccount && !isInpatient(v.medType) ? Math.max(0, psn) : 0;
    return { medfee, fulamt, preself, inscp, dedc, fund, psn, acct, cash: psn - acct };
  }

  private ptCache: { v: VisitSpec | null; t: string } = { v: null, t: '' };

  private psnTypeOf(v: VisitSpec): string {
    if (this.ptCache.v !== v) this.ptCache = { v, t: psnType(v.person, v.begin[0]) };
    return this.ptCache.t;
  }

  /** Writes one visit with its settlements and lines; fills bkkp/fee on the line specs. */
  visit(v: VisitSpec): EmittedVisit {
    const p = v.person;
    const insutype = v.insutype ?? p.insutype;
    const vali = v.void ? '0' : '1';
    const mdtrtId = this.id('mdtrt', v.begin[0], '1');
    const inpatient = isInpatient(v.medType);
    const main = v.diags[0];
    const ageAt = ageOn(p.birth, v.begin[0]);
    this.counts.visits++;
    this.write('mdtrt_d', {
      mdtrt_id: mdtrtId, psn_no: p.psnNo, psn_name: p.name, certno: p.certno, gend: p.gend, brdy: fmtDate(p.birth),
      age: String(ageAt), insutype, psn_type: this.psnTypeOf(v), insu_admdvs: p.admdvs,
      fixmedins_code: v.inst.code, fixmedins_name: v.inst.name, hosp_lv: v.inst.hospLv, fix_blng_admdvs: v.inst.admdvs,
      begntime: fmtTs(v.begin[0], v.begin[1]), endtime: fmtTs(v.end[0], v.end[1]), med_type: v.medType,
      year: String(yearOf(v.begin[0])), ipt_otp_no: `${inpatient ? 'ZY' : 'MZ'}${mdtrtId.slice(-10)}`,
      chfpdr_code: v.doctor.code, chfpdr_name: v.doctor.name, adm_dept_codg: v.dept.code, adm_dept_name: v.dept.name,
      dscg_dept_codg: inpatient ? v.dept.code : '', dscg_dept_name: inpatient ? v.dept.name : '',
      dscg_maindiag_code: main?.code ?? '', dscg_maindiag_name: main?.name ?? '', dscg_way: inpatient ? v.dscgWay ?? '1' : '',
      die_date: v.dieDate !== undefined ? fmtDate(v.dieDate) : '',
      ipt_days: inpatient ? String(v.iptDays ?? v.end[0] - v.begin[0]) : '', refl_old_mdtrt_id: v.reflOld ?? '',
      vali_flag: vali,
    });

    const setls: SetlResult[] = [];
    const writeSetl = (lines: LineSpec[], at: [number, number], m: Money, refundOf: string | null): string => {
      const setlId = this.id('setl', at[0], '2');
      this.counts.settlements++;
      this.write('setl_d', {
        setl_id: setlId, mdtrt_id: mdtrtId, init_setl_id: refundOf ?? '', psn_no: p.psnNo, psn_name: p.name,
        gend: p.gend, brdy: fmtDate(p.birth), age: String(ageAt), insutype, psn_type: this.psnTypeOf(v),
        fixmedins_code: v.inst.code, fixmedins_name: v.inst.name, hosp_lv: v.inst.hospLv,
        begndate: fmtDate(v.begin[0]), enddate: fmtDate(v.end[0]), setl_time: fmtTs(at[0], at[1]), med_type: v.medType,
        medfee_sumamt: fmtFen(m.medfee), fulamt_ownpay_amt: fmtFen(m.fulamt), overlmt_selfpay: '0.00',
        preselfpay_amt: fmtFen(m.preself), inscp_amt: fmtFen(m.inscp), act_pay_dedc: fmtFen(m.dedc),
        hifp_pay: fmtFen(m.fund), fund_pay_sumamt: fmtFen(m.fund), psn_pay: fmtFen(m.psn), acct_pay: fmtFen(m.acct),
        cash_payamt: fmtFen(m.cash), refd_setl_flag: refundOf ? '1' : '0', year: String(yearOf(at[0])),
        dise_no: main?.code ?? '', dise_name: main?.name ?? '', vali_flag: vali,
      });
      for (const l of lines) this.writeLine(v, l, mdtrtId, setlId);
      setls.push({ setlId, medfee: m.medfee, fund: m.fund, refund: refundOf !== null, valid: !v.void });
      return setlId;
    };

    const first = this.settle(v, v.lines, insutype);
    const firstId = writeSetl(v.lines, v.setl, first, null);
    let finalId = firstId;
    let fundNet = first.fund;
    if (v.refund) {
      const at: [number, number] = [v.setl[0], Math.min(v.setl[1] + 1800, 21 * 3600)];
      const negLines: LineSpec[] = v.lines.filter((l) => !l.void).map((l) => ({
        ...l, cnt: -l.cnt, day: at[0], sec: at[1], returnOf: l, bkkp: undefined,
      }));
      writeSetl(negLines, at, negate(first), firstId);
      fundNet = 0;
      if (v.refund === 'resettle') {
        const again: LineSpec[] = v.lines.filter((l) => !l.void).slice(0, Math.max(1, v.lines.length - 1))
          .map((l) => ({ ...l, day: at[0], sec: at[1] + 300, returnOf: undefined, bkkp: undefined }));
        const m = this.settle(v, again, insutype);
        finalId = writeSetl(again, [at[0], at[1] + 600], m, null);
        fundNet = m.fund;
      }
    }
    for (const [i, d] of v.diags.entries()) {
      this.counts.diagnoses++;
      this.write('setl_list_diag_d', {
        setl_list_diag_id: this.id('diag', v.begin[0], '4'), setl_id: finalId, mdtrt_id: mdtrtId, psn_no: p.psnNo,
        diag_type: '1', maindiag_flag: i === 0 ? '1' : '0', diag_code: d.code, diag_name: d.name,
        adm_cond_type: i === 0 ? '1' : inpatient ? '4' : '1', vali_flag: vali,
      });
    }
    for (const o of v.oprns ?? []) {
      this.counts.operations++;
      this.write('setl_list_oprn_d', {
        setl_list_oprn_id: this.id('oprn', o.day, '5'), setl_id: finalId, psn_no: p.psnNo, mdtrt_id: mdtrtId,
        main_oprn_flag: o.main ? '1' : '0', oprn_oprt_name: o.proc.name, oprn_oprt_code: o.proc.code,
        oprn_oprt_date: fmtTs(o.day, o.sec), anst_way: o.anst, oper_dr_name: o.doctor.name, oper_dr_code: o.doctor.code,
        vali_flag: vali,
      });
    }
    return { mdtrtId, setls, fundNet };
  }

  private writeLine(v: VisitSpec, l: LineSpec, mdtrtId: string, setlId: string): void {
    const it = l.item;
    const code = l.code ?? it.code;
    const m = this.lineMoney(l);
    l.bkkp = this.id('bkkp', l.day, '');
    l.fee = m.fee;
    l.fulamt = m.fulamt;
    this.counts.feeLines++;
    const d = it.drug;
    const limit = l.limitP4 ?? (it.listType === '201' ? it.maxByClass[v.inst.cls - 1] : l.p4);
    const isDrug = it.listType === '101' || it.listType === '102';
    let sinDos = '';
    let freq = '';
    let route = '';
    if (d) {
      sinDos = d.unitWord === '日' ? '适量' : `${d.doseUnits}${d.unitWord}`;
      freq = d.freq;
      route = d.route;
    } else if (it.listType === '102') {
      const doses = l.prdDays ?? 1;
      sinDos = `${Math.round(Math.abs(l.cnt) / doses)}g`;
      freq = 'bid';
      route = '水煎服';
    }
    const medinsCode = it.listType === '201' ? code.slice(3) : it.listType === '301' ? `HC${code.slice(-8)}`
      : it.listType === '102' ? `ZY${code.slice(-6)}` : `YP${code.slice(-8)}`;
    const f = this.fx;
    const r = new Array<string>(this.cols.fee_list_d.length).fill('');
    r[f.bkkp_sn] = l.bkkp;
    r[f.mdtrt_id] = mdtrtId;
    r[f.fee_ocur_time] = fmtTs(l.day, l.sec);
    r[f.setl_id] = setlId;
    r[f.fixmedins_code] = v.inst.code;
    r[f.psn_no] = v.person.psnNo;
    r[f.med_type] = v.medType;
    r[f.cnt] = String(l.cnt);
    r[f.pric] = fmtP4(l.p4);
    r[f.det_item_fee_sumamt] = fmtFen(m.fee);
    r[f.pric_uplmt_amt] = fmtP4(limit);
    r[f.selfpay_prop] = it.lv === '03' && !l.billedToFund ? '1' : it.lv === '02' ? SELF_PROP[it.selfPct] : '0';
    r[f.fulamt_ownpay_amt] = fmtFen(m.fulamt);
    r[f.overlmt_selfpay] = '0.00';
    r[f.preselfpay_amt] = fmtFen(m.preself);
    r[f.inscp_amt] = fmtFen(m.inscp);
    r[f.chrgitm_lv] = it.lv;
    r[f.hilist_code] = code;
    r[f.hilist_name] = it.name;
    r[f.list_type] = it.listType;
    r[f.med_list_codg] = code;
    r[f.medins_list_codg] = medinsCode;
    r[f.medins_list_name] = l.medinsName === undefined ? it.name : csvField(l.medinsName);
    r[f.med_chrgitm_type] = it.chrgType;
    r[f.spec] = d?.spec ?? '';
    r[f.bilg_dept_codg] = l.dept.code;
    r[f.bilg_dept_name] = csvField(l.dept.name);
    r[f.bilg_dr_code] = l.doctor.code;
    r[f.bilg_dr_name] = csvField(l.doctor.name);
    r[f.lmt_used_flag] = RESTRICTED_CODES.has(code) ? '1' : '0';
    r[f.hosp_appr_flag] = '0';
    r[f.sin_dos_dscr] = sinDos;
    r[f.used_frqu_dscr] = freq;
    r[f.prd_days] = isDrug ? String(l.prdDays ?? 1) : '';
    r[f.medc_way_dscr] = route;
    r[f.dise_codg] = v.diags[0]?.code ?? '';
    r[f.init_feedetl_sn] = l.returnOf?.bkkp ?? '';
    r[f.vali_flag] = v.void || l.void ? '0' : '1';
    this.feeSink(l.day).rowPlain(r);
  }
}

/** Units per day of a drug at its stated dose (for per-day inpatient lines). */
export function unitsPerDay(i: Item): number {
  const d = i.drug;
  if (!d) return 1;
  return d.doseUnits * FREQ_PER_DAY[d.freq];
}
