/**
 * Amounts in Chinese capital money words (人民币大写), as written on payment and deduction notices:
 * 123.45 → 壹佰贰拾叁元肆角伍分. Follows the bank rules for filling in 票据和结算凭证:
 *  - 整 after 元 when there are no 角 and 分 (壹拾元整); none after 角 or 分 (the rules make it optional after 角);
 *  - one 零 for a run of zeros inside the integer part (壹拾万零壹拾元); none for a zero 万 or 元 digit
 *    followed by a non-zero digit (壹拾万柒仟元, which the rules allow);
 *  - 零 after 元 when 角 is 0 but 分 is not (壹元零伍分); amounts below 1 yuan start at 角 or 分 (伍分);
 *  - 10–19 as 壹拾… (never a bare 拾), so nothing can be prefixed.
 */
import { Decimal } from 'decimal.js';

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const UNITS = ['仟', '佰', '拾', ''];
const YI = 100_000_000n;
const WAN = 10_000n;

/** 1–9999 without leading zeros; a zero run inside becomes one 零. */
function group(n: bigint): string {
  const d = String(n).padStart(4, '0');
  let out = ''; let zero = false;
  for (let i = 0; i < 4; i++) {
    const k = Number(d[i]);
    if (k === 0) { zero = out !== ''; continue; }
    if (zero) { out += '零'; zero = false; }
    out += DIGITS[k] + UNITS[i];
  }
  return out;
}

/** A positive integer: 亿 and 万 sections; 零 where a lower section does not fill its leading digit. */
function integerWords(n: bigint): string {
  if (n >= YI) {
    const lo = n % YI;
    return `${integerWords(n / YI)}亿${lo === 0n ? '' : (lo < YI / 10n ? '零' : '') + integerWords(lo)}`;
  }
  if (n >= WAN) {
    const lo = n % WAN;
    return `${group(n / WAN)}万${lo === 0n ? '' : (lo < 1000n ? '零' : '') + group(lo)}`;
  }
  return group(n);
}

/**
 * The capital money words of a non-negative amount (decimal string, number of yuan), rounded half up
 * to the fen; without the 人民币 prefix. Throws RangeError on a negative, malformed or too large amount.
 */
export function moneyWords(amount: string | Decimal): string {
  const text = typeof amount === 'string' ? amount.trim() : amount.toFixed();
  if (!/^\d+(\.\d+)?$/.test(text)) throw new RangeError(`not a non-negative amount: ${String(amount)}`);
  const fen = BigInt(new Decimal(text).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).mul(100).toFixed(0));
  if (fen >= 10n ** 18n) throw new RangeError(`amount too large: ${text}`);
  const yuan = fen / 100n; const jiao = Number((fen / 10n) % 10n); const f = Number(fen % 10n);
  if (fen === 0n) return '零元整';
  let out = yuan > 0n ? `${integerWords(yuan)}元` : '';
  if (jiao === 0 && f === 0) return `${out}整`;
  if (jiao > 0) out += `${DIGITS[jiao]}角`;
  else if (yuan > 0n) out += '零';
  if (f > 0) out += `${DIGITS[f]}分`;
  return out;
}
