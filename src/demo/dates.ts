/**
 * Calendar arithmetic on day numbers (days since 1970-01-01, UTC) and second-of-day times:
 * integer maths, no time zones, text in the extracts' "YYYY-MM-DD HH:MM:SS" form.
 */

const MS_PER_DAY = 86_400_000;

export function dayOf(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`bad date ${iso}`);
  return Math.round(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY);
}

export function ymd(day: number): { y: number; m: number; d: number } {
  const dt = new Date(day * MS_PER_DAY);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

export function dayFromYmd(y: number, m: number, d: number): number {
  return Math.round(Date.UTC(y, m - 1, d) / MS_PER_DAY);
}

const dateCache = new Map<number, string>();

export function fmtDate(day: number): string {
  let s = dateCache.get(day);
  if (s === undefined) {
    const { y, m, d } = ymd(day);
    s = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    if (dateCache.size > 100_000) dateCache.clear();
    dateCache.set(day, s);
  }
  return s;
}

/** YYYYMMDD, for identifiers. */
export function compactDate(day: number): string {
  return fmtDate(day).replace(/-/g, '');
}

export function fmtTime(sec: number): string {
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = sec % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

export function fmtTs(day: number, sec: number): string {
  return `${fmtDate(day)} ${fmtTime(sec)}`;
}

/** Whole years of age on a day (birthday counted on the day itself; 29 Feb on 1 Mar). */
export function ageOn(birth: number, day: number): number {
  const b = ymd(birth);
  const t = ymd(day);
  let a = t.y - b.y;
  if (t.m < b.m || (t.m === b.m && t.d < b.d)) a--;
  return a;
}

/** The day a person born on `birth` turns `years` old. */
export function birthdayAt(birth: number, years: number): number {
  const b = ymd(birth);
  // Date.UTC rolls 29 Feb of a non-leap year to 1 Mar, matching ageOn.
  return dayFromYmd(b.y + years, b.m, b.d);
}

/** First day of the month `months` after the month of `day`. */
export function addMonths(day: number, months: number): number {
  const { y, m } = ymd(day);
  const total = y * 12 + (m - 1) + months;
  return dayFromYmd(Math.floor(total / 12), (total % 12) + 1, 1);
}

export function yearOf(day: number): number {
  return ymd(day).y;
}

/** "YYYY_MM" of a day, for monthly file names. */
export function monthKey(day: number): string {
  const { y, m } = ymd(day);
  return `${y}_${String(m).padStart(2, '0')}`;
}
