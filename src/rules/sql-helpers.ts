import { z } from 'zod';

/** Small pieces several rule kinds share. */

/** National inpatient med_type codes; a visit is inpatient when its med_type starts with one (regional sub-codes such as 2101 count). */
export const INPATIENT_MED_TYPES: string[] = ['21', '22', '23', '24', '28', '52'];

/** `?, ?, ?` for a list bound as positional parameters. */
export const placeholders = (xs: readonly unknown[]): string => xs.map(() => '?').join(', ');

/** A short dictionary code parameter (med_chrgitm_type, list_type …). */
export const shortCode = z.string().regex(/^[0-9A-Za-z]{1,6}$/);

/** The parameter every stay-aware rule takes: which med_type prefixes are inpatient. */
export const inpatientMedTypesParam = z.array(z.string().regex(/^\d{2,6}$/)).min(1).default(INPATIENT_MED_TYPES);
