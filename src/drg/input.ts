/**
 * The input check run before grouping, in this order (the first failure is the reject reason;
 * explain() lists every failure):
 *   1. missing_sex: sex null or blank. Any other value is kept as given (sexEq compares it).
 *   2. missing_diagnoses: no diagnoses, or a blank main diagnosis.
 *   3. newborn_without_weight: age_years 0, age_days ≤ 28 and birth weight null or ≤ 0 (the
 *      scheme files use 0 for "unknown"). An unknown age_days does not make a newborn.
 * Sex before diagnoses follows the README's wording; the newborn check last because it needs a
 * complete record to mean anything.
 */
import type { DrgRecord, DrgRejectReason } from './types.js';

export const UNGROUPED_DRG = '0000';

function blank(s: string | null | undefined): boolean {
  return s === null || s === undefined || s.length === 0 || s.trim().length === 0;
}

function noDiagnoses(r: DrgRecord): boolean {
  return !r.diagnoses || r.diagnoses.length === 0 || blank(r.diagnoses[0]);
}

function newbornWithoutWeight(r: DrgRecord): boolean {
  return r.age_years === 0 && r.age_days !== null && r.age_days <= 28 && !(r.birth_weight_g !== null && r.birth_weight_g > 0);
}

/** The first failure, or null when the record may be grouped. Allocates nothing. */
export function inputCheck(r: DrgRecord): DrgRejectReason | null {
  if (blank(r.sex)) return 'missing_sex';
  if (noDiagnoses(r)) return 'missing_diagnoses';
  if (newbornWithoutWeight(r)) return 'newborn_without_weight';
  return null;
}

/** Every failure, in check order. */
export function inputCheckFailures(r: DrgRecord): DrgRejectReason[] {
  const out: DrgRejectReason[] = [];
  if (blank(r.sex)) out.push('missing_sex');
  if (noDiagnoses(r)) out.push('missing_diagnoses');
  if (newbornWithoutWeight(r)) out.push('newborn_without_weight');
  return out;
}
