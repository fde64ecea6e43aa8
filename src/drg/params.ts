/**
 * Region/year parameters of DRG weights and 病组点数法 settlement (method: docs/drg-settlement.md).
 *
 * Number conventions shared by the DRG money modules:
 * - money is integer fen: inputs are bigint or safe-integer numbers, results carry `bigint`;
 *   internal sums are integer Numbers checked to stay within ±(2^53 − 1) (weights.ts `add`), so
 *   they are exact without a heap bigint per case;
 * - ratios, weights, points and point values are decimal.js values (never binary floats), shown as
 *   decimal strings in results; the point value is in fen per point;
 * - every rounding is half-up (away from zero at exactly .5) to the places in `rounding`;
 * - intermediate Decimal precision is 50 significant digits. RW, points, the point value and CMI
 *   each come from a single division of exactly-held values whose denominator stays far below
 *   10^25, so the quotient's distance from a rounding midpoint is far larger than 10^-50 and no
 *   double rounding can occur (the consumption indices add per-DRG quotients held to 50 digits).
 */
import { Decimal } from 'decimal.js';
import { z } from 'zod';

/** Private Decimal constructor: settings made elsewhere on the global Decimal cannot change results. */
export const Dec = Decimal.clone({ precision: 50, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -60, toExpPos: 60 });
export type Dec = Decimal;

export const HALF_UP = Decimal.ROUND_HALF_UP;

/** `v` rounded half-up to `dp` places, in plain notation. */
export function fixed(v: Decimal, dp: number): string {
  return v.toFixed(dp, HALF_UP);
}

/** An integer in units of 10^-dp written as a decimal string, e.g. (12345n, 4) → '1.2345'. */
export function scaledToString(v: bigint, dp: number): string {
  if (dp === 0) return v.toString();
  const neg = v < 0n;
  const s = (neg ? -v : v).toString().padStart(dp + 1, '0');
  return `${neg ? '-' : ''}${s.slice(0, -dp)}.${s.slice(-dp)}`;
}

/** `v` rounded half-up to `dp` places, as an integer in units of 10^-dp. */
export function toScaled(v: Decimal, dp: number): bigint {
  return BigInt(v.toFixed(dp, HALF_UP).replace('.', ''));
}

/** A decimal string with exactly `dp` places (as produced by scaledToString/fixed) back to units of 10^-dp. */
export function parseScaled(s: string, dp: number): bigint {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m || (m[3] ?? '').length > dp) throw new Error(`not a decimal with at most ${dp} places: ${s}`);
  const v = BigInt(m[2] + (m[3] ?? '').padEnd(dp, '0'));
  return m[1] ? -v : v;
}

/** n / d rounded half-up (away from zero) to an integer; d > 0. */
export function divRound(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r2 = 2n * (n % d);
  if (r2 >= d) return q + 1n;
  if (r2 <= -d) return q - 1n;
  return q;
}

/** A finite decimal as an exact fraction num/den (den a power of ten). */
export interface Fraction { num: bigint; den: bigint }

export function fraction(s: string): Fraction {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) throw new Error(`not a plain decimal: ${s}`);
  const frac = m[3] ?? '';
  const num = BigInt(m[2] + frac);
  return { num: m[1] ? -num : num, den: 10n ** BigInt(frac.length) };
}

// ---- schema ----

const PLAIN = /^-?\d+(\.\d+)?$/;

/**
 * A decimal given as a plain string ('0.065') or a finite number (0.065), kept as its canonical
 * plain string; `check` returns a message when the value is out of range.
 */
function decimal(check: (d: Decimal) => string | null) {
  return z.unknown().transform((v, ctx): string => {
    let d: Decimal;
    if (v === undefined) {
      ctx.addIssue({ code: 'custom', message: 'required' });
      return z.NEVER;
    }
    if (typeof v === 'string' && PLAIN.test(v.trim())) d = new Dec(v.trim());
    else if (typeof v === 'number' && Number.isFinite(v)) d = new Dec(v);
    else {
      ctx.addIssue({ code: 'custom', message: `must be a decimal number or plain decimal string, got ${JSON.stringify(v)}` });
      return z.NEVER;
    }
    const err = check(d);
    if (err) {
      ctx.addIssue({ code: 'custom', message: `${err}, got ${d.toFixed()}` });
      return z.NEVER;
    }
    return d.toFixed();
  });
}

const positive = (d: Decimal) => (d.gt(0) ? null : 'must be greater than 0');
const nonNegative = (d: Decimal) => (d.gte(0) ? null : 'must be at least 0');

/** Fen: bigint, safe-integer number or a string of digits. */
const fenSchema = z.unknown().transform((v, ctx): bigint => {
  let f: bigint | null = null;
  if (typeof v === 'bigint') f = v;
  else if (typeof v === 'number' && Number.isSafeInteger(v)) f = BigInt(v);
  else if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) f = BigInt(v.trim());
  if (f === null) {
    ctx.addIssue({ code: 'custom', message: v === undefined ? 'required' : `must be an integer amount in fen, got ${String(v)}` });
    return z.NEVER;
  }
  if (f <= 0n) {
    ctx.addIssue({ code: 'custom', message: `must be greater than 0, got ${f}` });
    return z.NEVER;
  }
  return f;
});

const dp = (def: number) => z.number().int().min(0).max(10).default(def);

const trimFields = {
  /** DRGs with fewer grouped cases than this are not trimmed (too few to tell an outlier). */
  min_cases: z.number().int().min(1).default(5),
};

const trimSchema = z.discriminatedUnion('method', [
  z.object({
    /** Keep cases with low × mean ≤ cost ≤ high × mean, mean = the DRG's untrimmed mean cost. */
    method: z.literal('ratio'),
    low: decimal((d) => (d.gte(0) && d.lte(1) ? null : 'must be between 0 and 1')),
    high: decimal((d) => (d.gte(1) ? null : 'must be at least 1')),
    ...trimFields,
  }).strict(),
  z.object({
    /** Keep cases with P(low) ≤ cost ≤ P(high), P = the DRG's cost percentile (linear interpolation). */
    method: z.literal('percentile'),
    low: decimal((d) => (d.gte(0) && d.lte(1) ? null : 'must be between 0 and 1')),
    high: decimal((d) => (d.gte(0) && d.lte(1) ? null : 'must be between 0 and 1')),
    ...trimFields,
  }).strict(),
]).superRefine((t, ctx) => {
  if (!new Dec(t.low).lt(t.high)) ctx.addIssue({ code: 'custom', path: ['high'], message: `must be greater than trim.low (${t.low}), got ${t.high}` });
});

export const drgParamsSchema = z.object({
  /** Labels of the region and year these parameters belong to; echoed in results. */
  region: z.string().min(1).optional(),
  year: z.number().int().min(1900).max(2999).optional(),
  trim: trimSchema.prefault({ method: 'ratio', low: 0.3, high: 3 }),
  /** Base points = RW × this. */
  base_points_scale: decimal(positive).prefault('100'),
  /** 医疗机构差异系数 by fixmedins_code; institutions not listed get default_coefficient. */
  institution_coefficients: z.record(z.string().min(1), decimal(positive)).prefault({}),
  default_coefficient: decimal(positive).prefault('1'),
  /** 高倍率: cost ≥ this × the DRG's average cost. */
  high_cost_ratio: decimal((d) => (d.gte(1) ? null : 'must be at least 1')).prefault('2'),
  /** 低倍率: cost ≤ this × the DRG's average cost. */
  low_cost_ratio: decimal((d) => (nonNegative(d) ?? (d.lt(1) ? null : 'must be less than 1'))).prefault('0.4'),
  /** Last year's DRG fund budget (fen); this period's budget = it × (1 + growth_cap), rounded to the fen. */
  last_year_budget_fen: fenSchema,
  growth_cap: decimal((d) => (d.gt(-1) ? null : 'must be greater than -1')).prefault('0.065'),
  rounding: z.object({
    /** Relative weight. */
    rw_dp: dp(4),
    /** Base points and case points. */
    points_dp: dp(4),
    /** Point value, fen per point. */
    point_value_dp: dp(6),
    /** Indicators (CMI, averages, indices, rates) and other reported ratios. */
    indicator_dp: dp(4),
  }).strict().prefault({}),
}).strict();

export type DrgParamsInput = z.input<typeof drgParamsSchema>;
export type DrgParams = z.output<typeof drgParamsSchema>;

export interface DrgParamsIssue { path: string; message: string }

export class DrgParamsError extends Error {
  constructor(readonly issues: DrgParamsIssue[]) {
    const list = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    super(`DRG 结算参数无效 | invalid DRG settlement parameters: ${list}`);
    this.name = 'DrgParamsError';
  }
}

/** Validates and completes parameters (defaults filled in, decimals as canonical strings). */
export function parseDrgParams(input: unknown): DrgParams {
  const r = drgParamsSchema.safeParse(input);
  if (r.success) return r.data;
  const issues: DrgParamsIssue[] = [];
  const walk = (list: readonly z.core.$ZodIssue[], prefix: PropertyKey[]) => {
    for (const i of list) {
      const path = [...prefix, ...i.path];
      if (i.code === 'invalid_union' && i.errors.length) {
        // A wrong trim.method: report the method rather than every branch's complaints.
        const first = i.errors.find((e) => e.length) ?? [];
        walk(first, path);
        continue;
      }
      const keys = i.code === 'unrecognized_keys' ? i.keys : [null];
      for (const k of keys) {
        const full = k === null ? path : [...path, k];
        issues.push({ path: full.length ? full.map(String).join('.') : '(root)', message: k === null ? i.message : 'unknown field' });
      }
    }
  };
  walk(r.error.issues, []);
  throw new DrgParamsError(issues);
}

/** The coefficient of an institution: its entry or the default. */
export function coefficientOf(p: DrgParams, fixmedins_code: string): string {
  return Object.prototype.hasOwnProperty.call(p.institution_coefficients, fixmedins_code)
    ? p.institution_coefficients[fixmedins_code]
    : p.default_coefficient;
}
