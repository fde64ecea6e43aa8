/**
 * Exact money: amounts are integer fen, unit prices integer 1/10000 yuan (prices carry up to
 * four decimals). Nothing is ever summed as a float.
 */

/** Yuan text (up to 4 decimals) to 1/10000 yuan. */
export function p4Of(yuan: string): number {
  const m = /^(-?)(\d+)(?:\.(\d{1,4}))?$/.exec(yuan);
  if (!m) throw new Error(`bad price ${yuan}`);
  const v = Number(m[2]) * 10000 + Number((m[3] ?? '').padEnd(4, '0'));
  return m[1] ? -v : v;
}

/** Half-up (away from zero) division of an integer by a positive integer. */
export function divRound(n: number, d: number): number {
  const q = Math.floor((Math.abs(n) * 2 + d) / (2 * d));
  return n < 0 ? -q : q;
}

/** Line amount in fen: round2(cnt × pric). cnt is an integer (negative for returns). */
export function lineFen(cnt: number, p4: number): number {
  return divRound(cnt * p4, 100);
}

/** fen × pct / 100, half-up. */
export function pctOf(fen: number, pct: number): number {
  return divRound(fen * pct, 100);
}

/** Fen to yuan text with exactly 2 decimals. */
export function fmtFen(fen: number): string {
  const neg = fen < 0;
  const a = Math.abs(fen);
  const s = `${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
  return neg ? `-${s}` : s;
}

/** 1/10000 yuan to text with 2 to 4 decimals (trailing zeros beyond the cents dropped). */
export function fmtP4(p4: number): string {
  const neg = p4 < 0;
  const a = Math.abs(p4);
  let frac = String(a % 10000).padStart(4, '0');
  if (frac.endsWith('00')) frac = frac.slice(0, 2);
  else if (frac.endsWith('0')) frac = frac.slice(0, 3);
  const s = `${Math.floor(a / 10000)}.${frac}`;
  return neg ? `-${s}` : s;
}

/** Price for an institution class from a class-3 price: pct of it, rounded down to 0.1 yuan. */
export function scaledPrice(p4: number, pct: number): number {
  return Math.floor((p4 * pct) / 100 / 1000) * 1000;
}
