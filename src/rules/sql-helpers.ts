/** Small pieces several rule kinds share. */

/** National inpatient med_type codes; a visit is inpatient when its med_type starts with one (regional sub-codes such as 2101 count). */
export const INPATIENT_MED_TYPES: string[] = ['21', '22', '23', '24', '28', '52'];

/** `?, ?, ?` for a list bound as positional parameters. */
export const placeholders = (xs: readonly unknown[]): string => xs.map(() => '?').join(', ');
