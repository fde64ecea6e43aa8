import { fmtMoney } from '../format';

/** A money amount: two decimals, thousands separators, tabular digits, right-aligned by its column. */
export default function MoneyText({ value, strong }: { value: string | number | null | undefined; strong?: boolean }) {
  return <span className="money" style={{ fontVariantNumeric: 'tabular-nums', fontWeight: strong ? 600 : undefined, whiteSpace: 'nowrap' }}>{fmtMoney(value)}</span>;
}
