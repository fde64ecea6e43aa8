/** Display of money (decimal strings, never floats), numbers and the fixed vocabularies. */
import type { T } from './i18n';

/** "1234.5" → "1,234.50"; null/empty → "—". Works on the decimal text, so no float rounding. */
export function fmtMoney(v: string | number | null | undefined): string {
  if (v === null || v === undefined || v === '') return '—';
  let s = typeof v === 'number' ? v.toFixed(2) : v.trim();
  if (!/^-?\d+(\.\d+)?$/.test(s)) return String(v);
  if (/\.\d{3,}$/.test(s)) s = Number(s).toFixed(2);
  const neg = s.startsWith('-');
  const [int, frac = ''] = (neg ? s.slice(1) : s).split('.');
  const grouped = int.replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${grouped}.${(frac + '00').slice(0, 2)}`;
}

export const fmtInt = (v: number | string | null | undefined) => (v === null || v === undefined ? '—' : Number(v).toLocaleString('en-US'));

/** A ratio or indicator value: up to 4 significant decimals, without float noise. */
export function fmtNum(v: string | number | null | undefined, digits = 2): string {
  if (v === null || v === undefined || v === '') return '—';
  const n = Number(v);
  return Number.isFinite(n) ? n.toFixed(digits) : String(v);
}

/** An indicator value by its format (pct → percent, yuan → money). */
export function fmtIndicator(v: string | number | null | undefined, fmt?: string | null): string {
  if (v === null || v === undefined || v === '') return '—';
  if (fmt === 'pct') return `${(Number(v) * 100).toFixed(2)}%`;
  if (fmt === 'yuan') return fmtMoney(String(v));
  return fmtNum(v);
}

export const STATUSES = ['pending_first', 'pending_second', 'awaiting_appeal', 'appealed', 'concluded', 'deducted', 'dismissed'] as const;
export type Status = (typeof STATUSES)[number];
export const STATUS_COLOR: Record<string, string> = {
  pending_first: 'blue', pending_second: 'geekblue', awaiting_appeal: 'orange', appealed: 'purple',
  concluded: 'cyan', deducted: 'green', dismissed: 'default',
};

export const SEVERITIES = ['violation', 'suspect_high', 'suspect'] as const;
export const SEVERITY_COLOR: Record<string, string> = { violation: 'red', suspect_high: 'volcano', suspect: 'gold' };

export const ROLES = ['admin', 'supervisor', 'auditor', 'institution'] as const;

/** Label of a value from a fixed vocabulary, falling back to the raw value. */
export function label(t: T, group: 'status' | 'severity' | 'role' | 'action' | 'job_state' | 'review_error' | 'category' | 'scope', value: string | null | undefined): string {
  if (!value) return '—';
  const text = t(`web.${group}.${value}`);
  return text === `web.${group}.${value}` ? value : text;
}

/** First and last day of a month 'YYYY-MM'. */
export function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/** Integer fen (as text or number) as yuan text with two decimals, by moving the point (no float arithmetic). */
export function fenToYuan(fen: string | number | bigint | null | undefined): string | null {
  if (fen === null || fen === undefined || fen === '') return null;
  const s = String(fen).split('.')[0];
  const neg = s.startsWith('-');
  const digits = (neg ? s.slice(1) : s).padStart(3, '0');
  return `${neg ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}
