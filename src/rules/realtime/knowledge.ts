/**
 * Loads the knowledge and reference rows real-time evaluators read, once, from the warehouse:
 * the same kn_effective_* views and reference tables the batch rules join.
 */
import type { Warehouse } from '../../store/warehouse.js';
import { ensureKnowledgeSchema } from '../../knowledge/index.js';
import { createBaseViews } from '../base-views.js';
import { CONSUMABLE_CASES_SQL } from '../kinds/high_value_consumables.js';
import type { Row, RtKnowledge } from './data.js';

export async function loadRtKnowledge(wh: Warehouse): Promise<RtKnowledge> {
  await ensureKnowledgeSchema(wh);
  const all = (sql: string) => wh.all<Row>(sql);
  return refreshRtReference(wh, {
    drug_restriction: await all('SELECT * FROM kn_effective_drug_restriction ORDER BY hilist_code, src_file, src_row'),
    item_restriction: await all('SELECT * FROM kn_effective_item_restriction ORDER BY hilist_code, src_file, src_row'),
    duplicate_charge: await all('SELECT * FROM kn_effective_duplicate_charge ORDER BY main_hilist_code, src_file, src_row'),
    icd_diagnosis: await all('SELECT * FROM kn_effective_icd_diagnosis ORDER BY diag_code, src_file, src_row'),
    icd_procedure: await all('SELECT * FROM kn_effective_icd_procedure ORDER BY oprn_oprt_code, src_file, src_row'),
    fixmedins_info: [], dr_info: [], price_catalog: [], med_types: [],
  });
}

/** The knowledge with its reference tables read again (after an import of claims or reference files). */
export async function refreshRtReference(wh: Warehouse, kn: RtKnowledge): Promise<RtKnowledge> {
  const all = (sql: string) => wh.all<Row>(sql);
  return {
    ...kn,
    fixmedins_info: await all('SELECT * FROM fixmedins_info ORDER BY fixmedins_code, status_begin'),
    dr_info: await all('SELECT * FROM dr_info ORDER BY dr_code, status_begin'),
    price_catalog: await all('SELECT * FROM price_catalog ORDER BY hilist_code, hosp_lv_class'),
    med_types: (await wh.all<{ med_type: string }>('SELECT DISTINCT med_type FROM mdtrt_d WHERE med_type IS NOT NULL ORDER BY 1'))
      .map((r) => r.med_type),
    consumable_cases: await consumableCases(wh),
  };
}

/**
 * Peer cases for high_value_consumables, read through the base relations as views without a period end (the
 * whole of what a person's real-time data holds). The views replace any base relations of an earlier audit on
 * this connection; every audit creates its own.
 */
async function consumableCases(wh: Warehouse): Promise<Row[]> {
  await createBaseViews(wh, '9999-12-31', { materialise: false });
  try {
    return await wh.all<Row>(CONSUMABLE_CASES_SQL);
  } finally {
    for (const r of ['a_fee', 'a_visit', 'a_setl']) await wh.run(`DROP VIEW IF EXISTS ${r}`);
  }
}
