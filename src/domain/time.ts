/**
 * The region's time zone: calendar days (deadlines, deduction months, "today") are the bureau's days,
 * not UTC ones. FUNDGUARD_TZ overrides the default (China Standard Time).
 */
const ZONE = /^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/;

export function regionTimeZone(): string {
  const tz = process.env.FUNDGUARD_TZ ?? 'Asia/Shanghai';
  if (!ZONE.test(tz)) throw new Error(`FUNDGUARD_TZ is not a time zone name: ${tz}`);
  return tz;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day (YYYY-MM-DD) of an instant in the region's time zone. */
export function regionDay(at: Date, tz = regionTimeZone()): string {
  let f = formats.get(tz);
  if (!f) formats.set(tz, (f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return f.format(at);
}
