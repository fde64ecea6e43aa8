/**
 * What a real-time rule's findings depend on, so that a check evaluates each rule only over the part
 * of the person's data the incoming rows can change (the rest gives the same findings before and
 * after, which cancel in the difference). The table is by reading each kind's `realtime` evaluator,
 * not its declared `meta.scope` (duplicate_charge, say, pairs lines across visits by day or hours);
 * a kind not listed is evaluated over the whole person, which is always right.
 *
 * - visit: every finding concerns one visit and reads, of the person's rows, only that visit's a_visit
 *   and a_fee rows; other rows it reads by key (settlements by setl_id, list diagnoses by mdtrt_id,
 *   returns by line). Evaluated over a_visit and a_fee cut to the affected visits.
 * - group: every finding concerns the a_fee lines of one key (hilist_code, a generic) and reads only
 *   lines of that key (visits in full). Evaluated over a_fee cut to the keys of the affected visits' lines.
 *
 * All of this holds when the incoming rows carry no psn_info (evaluate.ts checks that first): then a
 * visit's derived rows change only if incoming rows name it, or a history row of it that they replace,
 * refund, return or settle (affectedVisits).
 */
import { consumablesVisitLocal } from '../kinds/high_value_consumables.js';
import { levelVisitLocal } from '../kinds/institution_level_restriction.js';
import { genericOf } from '../kinds/overlapping_prescriptions.js';
import type { RawPersonData, Row, RtData } from './data.js';

export type RtScope =
  /** `local`, when given: whether the rule is visit-local for these visits of this data (else it is evaluated whole). */
  | { kind: 'visit'; local?: (d: RtData, visits: ReadonlySet<string>) => boolean }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  | { kind: 'group'; key: (params: any, f: Row) => string | null };

const VISIT: RtScope = { kind: 'visit' };
const byCode: RtScope = { kind: 'group', key: (_p, f) => (f.hilist_code == null ? null : String(f.hilist_code)) };

const SCOPES = new Map<string, RtScope>([
  // One line: the line, its visit's fields copied onto it, knowledge and parameters.
  ...['age_restriction', 'disqualified_doctor', 'gender_restriction', 'non_covered_billed', 'over_price_limit',
    'pharmacy_non_drug', 'tcm_overdose', 'visit_type_restriction', 'working_age_restriction',
    // its settlement by setl_id
    'insurance_type_restriction',
    // its returns by (fixmedins_code, bkkp_sn)
    'excessive_dispensing',
  ].map((k): [string, RtScope] => [k, VISIT]),
  // One visit: its lines grouped by visit (and day, item or surgery group), its settlements and list rows by mdtrt_id.
  ...['auxiliary_drug_share', 'diagnosis_gender_conflict', 'ghost_bed_stay', 'indication_restriction', 'item_daily_frequency',
    'low_threshold_admission', 'primary_secondary_surgery', 'quantity_exceeds_days', 'rehab_daily_excess',
    'settlement_list_quality', 'suspended_institution', 'unreferred_out_of_area', 'unspecified_diagnosis',
  ].map((k): [string, RtScope] => [k, VISIT]),
  // Visit-local unless a line of the affected visits needs a first prescription (ok_rx spans visits).
  ['institution_level_restriction', { kind: 'visit', local: levelVisitLocal }],
  // Visit-local unless an affected visit has a main procedure (peer groups span visits and persons).
  ['high_value_consumables', { kind: 'visit', local: consumablesVisitLocal }],
  // Windows over the person's lines of one item.
  ['item_period_frequency', byCode],
  // An examination line against the previous line of its item (and both visits' main diagnoses, read by visit).
  ['repeated_examination', byCode],
  // Dispensings of one generic; lines without one never pair.
  ['overlapping_prescriptions', { kind: 'group', key: (p, f) => genericOf(p, f.hilist_code) }],
]);

export function scopeOf(kind: string): RtScope | undefined {
  return SCOPES.get(kind);
}

const ROW_TABLES = ['setl_d', 'fee_list_d', 'setl_list_diag_d', 'setl_list_oprn_d'] as const;

/**
 * The visits (mdtrt_id as text) whose derived rows the incoming rows can change: those the incoming rows
 * name, and those of history rows they replace, refund, return or join (a line billed before its
 * settlement arrives). Every other visit derives to the same rows before and after, unless psn_info
 * changes (then every visit does; the caller checks).
 */
export function affectedVisits(history: RawPersonData, incoming: RawPersonData): Set<string> {
  const out = new Set<string>();
  for (const r of incoming.mdtrt_d) out.add(String(r.mdtrt_id));
  for (const t of ROW_TABLES) for (const r of incoming[t]) out.add(String(r.mdtrt_id));
  const setls = new Set(incoming.setl_d.map((r) => String(r.setl_id)));
  const refunded = new Set(incoming.setl_d.filter((r) => r.init_setl_id != null).map((r) => String(r.init_setl_id)));
  const lines = new Set(incoming.fee_list_d.map((r) => String(r.bkkp_sn)));
  const returned = new Set(incoming.fee_list_d.filter((r) => r.init_feedetl_sn != null).map((r) => String(r.init_feedetl_sn)));
  const diags = new Set(incoming.setl_list_diag_d.map((r) => String(r.setl_list_diag_id)));
  const oprns = new Set(incoming.setl_list_oprn_d.map((r) => String(r.setl_list_oprn_id)));
  for (const r of history.setl_d) if (setls.has(String(r.setl_id)) || refunded.has(String(r.setl_id))) out.add(String(r.mdtrt_id));
  for (const r of history.fee_list_d) {
    if (setls.has(String(r.setl_id)) || refunded.has(String(r.setl_id)) || lines.has(String(r.bkkp_sn))
      || returned.has(String(r.bkkp_sn))) out.add(String(r.mdtrt_id));
  }
  // List rows count through their settlement: one settled, replaced or refunded now changes their visit.
  for (const r of history.setl_list_diag_d) {
    if (setls.has(String(r.setl_id)) || refunded.has(String(r.setl_id)) || diags.has(String(r.setl_list_diag_id))) out.add(String(r.mdtrt_id));
  }
  for (const r of history.setl_list_oprn_d) {
    if (setls.has(String(r.setl_id)) || refunded.has(String(r.setl_id)) || oprns.has(String(r.setl_list_oprn_id))) out.add(String(r.mdtrt_id));
  }
  return out;
}

/** Whether the history holds a visit or line of these visits (else its cut to them derives to nothing). */
export function historyHas(history: RawPersonData, visits: ReadonlySet<string>): boolean {
  return history.mdtrt_d.some((r) => visits.has(String(r.mdtrt_id))) || history.fee_list_d.some((r) => visits.has(String(r.mdtrt_id)));
}

/** The data with a_visit and a_fee cut to these visits. */
export function cutToVisits(d: RtData, visits: ReadonlySet<string>): RtData {
  return { ...d, a_visit: d.a_visit.filter((v) => visits.has(String(v.mdtrt_id))),
    a_fee: d.a_fee.filter((f) => visits.has(String(f.mdtrt_id))) };
}

/** The keys of the lines of these visits. */
export function keysOf(d: RtData, visits: ReadonlySet<string>, key: (f: Row) => string | null, into = new Set<string>()): Set<string> {
  for (const f of d.a_fee) {
    if (!visits.has(String(f.mdtrt_id))) continue;
    const k = key(f);
    if (k !== null) into.add(k);
  }
  return into;
}

/** The data with a_fee cut to lines of these keys. */
export function cutToKeys(d: RtData, keys: ReadonlySet<string>, key: (f: Row) => string | null): RtData {
  return { ...d, a_fee: d.a_fee.filter((f) => { const k = key(f); return k !== null && keys.has(k); }) };
}
