/** Field validators shared by the workbench's query schemas, so that a date or an amount is checked the same way everywhere. */
import { z } from 'zod';

/** A real calendar day (the pattern alone lets 2023-02-30 through). */
const isDay = (s: string) => { const d = new Date(`${s}T00:00:00Z`); return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s; };
export const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'workbench.bad_date' }).refine(isDay, { message: 'workbench.bad_date' });
export const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'workbench.bad_month' });
export const runId = z.coerce.number().int().positive().max(2_000_000_000);
export const institution = z.string().trim().min(1).max(64);
/** Yuan with at most two decimals, as text (never a float). */
export const money = z.string().regex(/^\d{1,12}(\.\d{1,2})?$/);
