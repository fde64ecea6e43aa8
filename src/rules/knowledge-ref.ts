/** SQL fragments shared by rule kinds: how a knowledge row is cited, how a line's money is stated. */

/** "b1-item-gender.xlsx Sheet1 第4行" from a knowledge row aliased `k`. */
export function knowledgeRefSql(k = 'k'): string {
  return `${k}.src_file || coalesce(' ' || ${k}.src_sheet, '') || ' 第' || ${k}.src_row || '行'`;
}

/** The evidence every line finding carries about its fee line `f`. */
export function lineEvidenceSql(f = 'f'): string {
  return `'hilist_code', ${f}.hilist_code, 'hilist_name', ${f}.hilist_name, 'fee_ocur_time', ${f}.fee_ocur_time,
    'cnt', ${f}.cnt, 'pric', ${f}.pric, 'det_item_fee_sumamt', ${f}.det_item_fee_sumamt,
    'fulamt_ownpay_amt', ${f}.fulamt_ownpay_amt, 'med_type', ${f}.med_type`;
}

/** The columns of a line finding on fee line `f` (amount = fund-eligible money of the line). */
export function lineFindingSql(f = 'f'): string {
  return `${f}.fixmedins_code, ${f}.psn_no, ${f}.mdtrt_id, ${f}.setl_id, [${f}.bkkp_sn] AS bkkp_sn,
    ${f}.fund_amt AS amount, ${f}.fee_date AS occurred_at`;
}
