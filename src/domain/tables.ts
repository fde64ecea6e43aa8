/**
 * The national extract tables (医疗保障信息平台 extract) and the reference tables the importer
 * accepts. Column names are the platform's own; order is the platform's order. Columns the rules
 * read are typed and validated; every other national column is kept as text, as it arrived.
 */

export type ColumnType = 'text' | 'decimal' | 'date' | 'timestamp';

export interface ColumnSpec {
  name: string;
  type: ColumnType;
}

export interface TableSpec {
  /** Table name in the warehouse; also the file-name prefix that recognises its files. */
  name: string;
  /** Chinese label for messages and pages. */
  label: string;
  kind: 'extract' | 'reference';
  columns: ColumnSpec[];
  /** Columns a file must carry (header); missing ones stop the import. */
  required: string[];
  /** Columns that identify a row; re-imports replace rows with the same key (newest wins). */
  key: string[];
  /** Key columns that must be non-empty for a row to be accepted. */
  keyNotNull: string[];
}

/** Full national column lists, in platform order. */
const NATIONAL_COLUMNS: Record<string, string[]> = {
  mdtrt_d: ["mdtrt_id", "medins_setl_id", "psn_no", "psn_insu_rlts_id", "psn_cert_type", "certno", "psn_name", "gend", "naty", "brdy", "age", "coner_name", "tel", "addr", "insutype", "psn_type", "cvlserv_flag", "cvlserv_lv", "sp_psn_type", "sp_psn_type_lv", "clct_grde", "flxempe_flag", "nwb_flag", "insu_admdvs", "emp_no", "emp_name", "emp_type", "econ_type", "afil_indu", "afil_rlts", "emp_mgt_type", "pay_loc", "fixmedins_code", "fixmedins_name", "hosp_lv", "fix_blng_admdvs", "lmtpric_hosp_lv", "dedc_hosp_lv", "begntime", "endtime", "mdtrt_cert_type", "mdtrt_cert_no", "med_type", "rloc_type", "ars_year_ipt_flag", "pre_pay_flag", "year", "refl_old_mdtrt_id", "ipt_otp_no", "medrcdno", "chfpdr_code", "adm_diag_dscr", "adm_dept_codg", "adm_dept_name", "adm_bed", "wardarea_bed", "traf_dept_flag", "dscg_maindiag_code", "dscg_dept_codg", "dscg_dept_name", "dscg_bed", "dscg_way", "main_cond_dscr", "dise_no", "dise_name", "oprn_oprt_code", "oprn_oprt_name", "otp_diag_info", "inhosp_stas", "die_date", "ipt_days", "geso_val", "birctrl_type", "fetts", "fetus_cnt", "matn_type", "prey_time", "latechb_flag", "pret_flag", "fpsc_no", "birctrl_matn_date", "cop_flag", "trt_dcla_detl_sn", "vali_flag", "memo", "rid", "updt_time", "crter_id", "crter_name", "crte_time", "crte_optins_no", "opter_id", "opter_name", "opt_time", "optins_no", "poolarea_no", "chfpdr_name", "dscg_maindiag_name", "adm_caty", "dscg_caty", "ttp_pay_flag", "ttp_pay_prop", "dise_type_code", "same_dise_adm_flag", "quts_type", "pt"],
  setl_d: ["setl_id", "clr_optins", "medins_setl_id", "mdtrt_id", "init_setl_id", "psn_no", "psn_insu_rlts_id", "psn_name", "psn_cert_type", "certno", "gend", "naty", "brdy", "age", "insutype", "psn_type", "cvlserv_flag", "cvlserv_lv", "sp_psn_type", "sp_psn_type_lv", "clct_grde", "flxempe_flag", "nwb_flag", "insu_admdvs", "emp_no", "emp_name", "emp_type", "econ_type", "afil_indu", "afil_rlts", "emp_mgt_type", "pay_loc", "fixmedins_code", "fixmedins_name", "hosp_lv", "fix_blng_admdvs", "lmtpric_hosp_lv", "dedc_hosp_lv", "begndate", "enddate", "setl_time", "mdtrt_cert_type", "mdtrt_cert_no", "med_type", "setl_type", "clr_type", "clr_way", "psn_setlway", "medfee_sumamt", "fulamt_ownpay_amt", "overlmt_selfpay", "preselfpay_amt", "inscp_amt", "dedc_std", "crt_dedc", "act_pay_dedc", "hifp_pay", "pool_prop_selfpay", "hi_agre_sumfee", "cvlserv_pay", "hifes_pay", "hifmi_pay", "hifob_pay", "hifdm_pay", "maf_pay", "othfund_pay", "fund_pay_sumamt", "psn_pay", "acct_pay", "cash_payamt", "ownpay_hosp_part", "balc", "acct_mulaid_pay", "refd_setl_flag", "cal_ipt_cnt", "setl_cashpay_way", "year", "dise_no", "dise_name", "invono", "manl_reim_rea", "vali_flag", "memo", "rid", "updt_time", "crter_id", "crter_name", "crte_time", "crte_optins_no", "opter_id", "opter_name", "opt_time", "optins_no", "poolarea_no", "mid_setl_flag", "acct_used_flag", "quts_type", "bydise_setl_payamt", "exct_item_fund_payamt", "pt"],
  fee_list_d: ["bkkp_sn", "mdtrt_id", "fee_ocur_time", "setl_id", "rx_drord_no", "fixmedins_code", "fixmedins_name", "psn_no", "psn_insu_rlts_id", "insu_admdvs", "pay_loc", "med_type", "cnt", "pric", "det_item_fee_sumamt", "pric_uplmt_amt", "selfpay_prop", "fulamt_ownpay_amt", "overlmt_selfpay", "preselfpay_amt", "inscp_amt", "cvlserv_bedfee_amt", "medins_disc_amt", "chrgitm_lv", "hilist_code", "hilist_name", "list_type", "med_list_codg", "medins_list_codg", "medins_list_name", "med_chrgitm_type", "prodname", "spec", "dosform_name", "bilg_dept_codg", "bilg_dept_name", "bilg_dr_code", "bilg_dr_name", "acord_dept_codg", "acord_dept_name", "acord_dr_code", "acord_dr_name", "lmt_used_flag", "hosp_prep_flag", "hosp_appr_flag", "tcmdrug_used_way", "prodplac_type", "bas_medn_flag", "hi_nego_drug_flag", "prcu_drug_flag", "chld_medc_flag", "etip_flag", "etip_hosp_code", "dscg_tkdrug_flag", "list_sp_item_flag", "matn_fee_flag", "drt_reim_flag", "reim_prop", "oprn_oprt_code", "sin_dos_dscr", "used_frqu_dscr", "prd_days", "medc_way_dscr", "memo", "vali_flag", "rid", "updt_time", "crter_id", "crter_name", "crte_time", "crte_optins_no", "opter_id", "opter_name", "opt_time", "optins_no", "poolarea_no", "rx_circ_flag", "dise_codg", "chrg_bchno", "init_feedetl_sn", "comb_no", "pt"],
  setl_list_diag_d: ["setl_list_diag_id", "setl_id", "mdtrt_id", "psn_no", "diag_type", "maindiag_flag", "diag_code", "diag_name", "adm_cond_type", "vali_flag", "rid", "updt_time", "crter_id", "crter_name", "crte_time", "crte_optins_no", "opter_id", "opter_name", "opt_time", "optins_no", "poolarea_no", "setl_list_sn", "pt"],
  setl_list_oprn_d: ["setl_list_oprn_id", "setl_id", "psn_no", "mdtrt_id", "main_oprn_flag", "oprn_oprt_name", "oprn_oprt_code", "oprn_oprt_date", "anst_way", "oper_dr_name", "oper_dr_code", "anst_dr_name", "anst_dr_code", "vali_flag", "rid", "updt_time", "crter_id", "crter_name", "crte_time", "crte_optins_no", "opter_id", "opter_name", "opt_time", "optins_no", "poolarea_no", "anst_begntime", "anst_endtime", "oprn_oprt_begntime", "oprn_oprt_endtime", "setl_list_sn", "pt"],};

/** Columns the rules rely on (nhsa-tables README); a file of that table must carry them. */
const RULE_COLUMNS: Record<string, string[]> = {
  mdtrt_d: ['mdtrt_id', 'psn_no', 'gend', 'brdy', 'age', 'insutype', 'psn_type', 'insu_admdvs', 'fixmedins_code',
    'fixmedins_name', 'hosp_lv', 'med_type', 'begntime', 'endtime', 'ipt_days', 'adm_dept_codg', 'dscg_dept_codg',
    'dscg_maindiag_code', 'dscg_maindiag_name', 'dscg_way', 'die_date', 'chfpdr_code', 'refl_old_mdtrt_id', 'vali_flag'],
  setl_d: ['setl_id', 'mdtrt_id', 'psn_no', 'setl_time', 'begndate', 'enddate', 'med_type', 'insutype',
    'fixmedins_code', 'hosp_lv', 'medfee_sumamt', 'fulamt_ownpay_amt', 'overlmt_selfpay', 'preselfpay_amt',
    'inscp_amt', 'hifp_pay', 'fund_pay_sumamt', 'psn_pay', 'acct_pay', 'cash_payamt', 'refd_setl_flag',
    'init_setl_id', 'dise_no', 'dise_name', 'vali_flag'],
  fee_list_d: ['bkkp_sn', 'mdtrt_id', 'setl_id', 'psn_no', 'fixmedins_code', 'fee_ocur_time', 'med_type',
    'hilist_code', 'hilist_name', 'med_list_codg', 'medins_list_codg', 'medins_list_name', 'list_type',
    'med_chrgitm_type', 'chrgitm_lv', 'cnt', 'pric', 'det_item_fee_sumamt', 'pric_uplmt_amt', 'inscp_amt',
    'fulamt_ownpay_amt', 'overlmt_selfpay', 'bilg_dept_codg', 'bilg_dept_name', 'bilg_dr_code', 'bilg_dr_name',
    'sin_dos_dscr', 'used_frqu_dscr', 'prd_days', 'medc_way_dscr', 'lmt_used_flag', 'hosp_appr_flag',
    'dise_codg', 'init_feedetl_sn', 'vali_flag'],
  setl_list_diag_d: ['setl_id', 'mdtrt_id', 'psn_no', 'diag_type', 'maindiag_flag', 'diag_code', 'diag_name',
    'adm_cond_type'],
  setl_list_oprn_d: ['setl_id', 'mdtrt_id', 'psn_no', 'main_oprn_flag', 'oprn_oprt_code', 'oprn_oprt_name',
    'oprn_oprt_date', 'anst_way', 'oper_dr_code'],
};

/** Typed columns; anything not named here is text. Money and quantities are exact decimals. */
const DECIMAL_COLUMNS = new Set([
  // fee_list_d
  'cnt', 'pric', 'det_item_fee_sumamt', 'pric_uplmt_amt', 'selfpay_prop', 'fulamt_ownpay_amt', 'overlmt_selfpay',
  'preselfpay_amt', 'inscp_amt', 'cvlserv_bedfee_amt', 'medins_disc_amt', 'reim_prop', 'prd_days',
  // setl_d
  'medfee_sumamt', 'dedc_std', 'crt_dedc', 'act_pay_dedc', 'hifp_pay', 'pool_prop_selfpay', 'hi_agre_sumfee',
  'cvlserv_pay', 'hifes_pay', 'hifmi_pay', 'hifob_pay', 'hifdm_pay', 'maf_pay', 'othfund_pay', 'fund_pay_sumamt',
  'psn_pay', 'acct_pay', 'cash_payamt', 'ownpay_hosp_part', 'balc', 'acct_mulaid_pay', 'bydise_setl_payamt',
  'exct_item_fund_payamt',
  // mdtrt_d / setl_d
  'age', 'ipt_days',
  // mdtrt_d, non-national (grams)
  'nwb_bir_wt',
  // reference
  'max_price',
]);
const DATE_COLUMNS = new Set(['brdy', 'die_date', 'begndate', 'enddate', 'status_begin', 'status_end']);
const TIMESTAMP_COLUMNS = new Set(['fee_ocur_time', 'begntime', 'endtime', 'setl_time', 'oprn_oprt_date']);

function typeOf(name: string): ColumnType {
  if (DECIMAL_COLUMNS.has(name)) return 'decimal';
  if (DATE_COLUMNS.has(name)) return 'date';
  if (TIMESTAMP_COLUMNS.has(name)) return 'timestamp';
  return 'text';
}

/**
 * National columns kept besides the rule columns: identifiers and descriptions a reviewer reads.
 * Other national columns in a file are ignored and named in the import summary; storing dozens of
 * always-empty columns would cost a third of the import time for nothing the platform reads.
 */
const KEPT_EXTRA = new Set(['medins_setl_id', 'psn_name', 'psn_cert_type', 'certno', 'tel', 'rx_drord_no', 'prodname',
  'spec', 'dosform_name', 'hi_nego_drug_flag', 'bas_medn_flag', 'oprn_oprt_code', 'oprn_oprt_name', 'adm_dept_name',
  'dscg_dept_name', 'chfpdr_name', 'otp_diag_info', 'setl_type', 'clr_type', 'year', 'memo', 'oper_dr_name',
  'anst_dr_code', 'setl_list_sn', 'naty', 'pay_loc', 'adm_diag_dscr', 'main_cond_dscr', 'same_dise_adm_flag']);

/**
 * Optional columns that are not national columns but that regional extracts carry and the platform
 * reads; kept when present, NULL otherwise. nwb_bir_wt: 新生儿出生体重 (grams) from the 医保结算清单,
 * which DRG grouping needs for newborns and the national mdtrt_d lacks.
 */
const EXTRA_COLUMNS: Record<string, string[]> = {
  mdtrt_d: ['nwb_bir_wt'],
};

function spec(name: string, label: string, kind: TableSpec['kind'], columns: string[], required: string[],
  key: string[]): TableSpec {
  const kept = kind === 'extract'
    ? [...columns.filter((c) => required.includes(c) || key.includes(c) || KEPT_EXTRA.has(c)), ...(EXTRA_COLUMNS[name] ?? [])]
    : columns;
  return { name, label, kind, columns: kept.map((c) => ({ name: c, type: typeOf(c) })), required, key, keyNotNull: key };
}

/** Every national column of an extract table (recognised in headers even when not stored). */
export function nationalColumns(table: string): readonly string[] {
  return NATIONAL_COLUMNS[table] ?? [];
}

export const TABLES: TableSpec[] = [
  spec('mdtrt_d', '就诊信息', 'extract', NATIONAL_COLUMNS.mdtrt_d, RULE_COLUMNS.mdtrt_d, ['mdtrt_id']),
  spec('setl_d', '结算信息', 'extract', NATIONAL_COLUMNS.setl_d, RULE_COLUMNS.setl_d, ['setl_id']),
  spec('fee_list_d', '费用明细', 'extract', NATIONAL_COLUMNS.fee_list_d, RULE_COLUMNS.fee_list_d,
    ['bkkp_sn', 'fixmedins_code']),
  spec('setl_list_diag_d', '结算清单诊断', 'extract', NATIONAL_COLUMNS.setl_list_diag_d,
    ['setl_list_diag_id', ...RULE_COLUMNS.setl_list_diag_d], ['setl_list_diag_id']),
  spec('setl_list_oprn_d', '结算清单手术操作', 'extract', NATIONAL_COLUMNS.setl_list_oprn_d,
    ['setl_list_oprn_id', ...RULE_COLUMNS.setl_list_oprn_d], ['setl_list_oprn_id']),
  spec('psn_info', '参保人员', 'reference',
    ['psn_no', 'psn_name', 'certno', 'gend', 'brdy', 'insutype', 'die_date', 'tel'],
    ['psn_no', 'psn_name', 'certno', 'gend', 'brdy', 'insutype', 'die_date'], ['psn_no']),
  // Agreement status is a history: one row per status period, so the period start is part of the key.
  spec('fixmedins_info', '定点医药机构', 'reference',
    ['fixmedins_code', 'fixmedins_name', 'fixmedins_type', 'hosp_lv', 'admdvs', 'agreement_status', 'status_begin',
      'status_end'],
    ['fixmedins_code', 'fixmedins_name', 'fixmedins_type', 'hosp_lv', 'admdvs', 'agreement_status', 'status_begin',
      'status_end'], ['fixmedins_code', 'status_begin']),
  spec('dr_info', '医保医师', 'reference',
    ['dr_code', 'dr_name', 'fixmedins_code', 'dr_status', 'status_begin', 'status_end'],
    ['dr_code', 'dr_name', 'fixmedins_code', 'dr_status', 'status_begin', 'status_end'], ['dr_code', 'status_begin']),
  spec('price_catalog', '医疗服务价格目录', 'reference',
    ['hilist_code', 'hilist_name', 'hosp_lv_class', 'max_price'],
    ['hilist_code', 'hilist_name', 'hosp_lv_class', 'max_price'], ['hilist_code', 'hosp_lv_class']),
];

export const TABLE_BY_NAME: ReadonlyMap<string, TableSpec> = new Map(TABLES.map((t) => [t.name, t]));

export function tableSpec(name: string): TableSpec {
  const t = TABLE_BY_NAME.get(name);
  if (!t) throw new Error(`unknown table ${name}`);
  return t;
}
