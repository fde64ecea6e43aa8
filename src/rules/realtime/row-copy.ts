/**
 * `{ ...row, k1: v1, k2: v2 }` for the derived rows of every check, built by a function generated per
 * row shape. V8 builds such spread literals (and Object.assign) per property, tens of µs per 50-field
 * row; a literal with the shape spelled out costs a fraction of a µs. The result is the same object:
 * the row's keys in its order (the derived ones that it already has keep their place), then the new ones.
 */
import type { Row } from './data.js';

type Build = (row: Row, vals: unknown[]) => Row;
interface Shape { keys: string[]; build: Build }

/** Whether the row's enumerable keys are exactly `keys`, in order (no allocation: for-in on a plain object). */
function hasKeys(row: Row, keys: string[]): boolean {
  let i = 0;
  for (const k in row) {
    if (keys[i] !== k) return false;
    i++;
  }
  return i === keys.length;
}

/**
 * A copier for rows plus these derived keys: copy(row, values) is { ...row, [derived[i]]: values[i] … }.
 * Rows are JSON objects (string keys only). Shapes seen are kept (a few per table: history, checked and
 * request rows); an own __proto__ key, which a generated literal would not copy alike, goes through Object.assign.
 */
export function rowCopier(derived: readonly string[]): (row: Row, vals: unknown[]) => Row {
  const shapes: Shape[] = [];
  const generic: Build = (row, vals) => Object.assign({}, row, Object.fromEntries(derived.map((k, i) => [k, vals[i]])));
  const make = (keys: string[]): Build => {
    if (keys.includes('__proto__')) return generic;
    const at = new Map(derived.map((k, i) => [k, i]));
    const parts = keys.map((k) => `${JSON.stringify(k)}: ${at.has(k) ? `v[${at.get(k)}]` : `r[${JSON.stringify(k)}]`}`);
    derived.forEach((k, i) => { if (!keys.includes(k)) parts.push(`${JSON.stringify(k)}: v[${i}]`); });
    return new Function('r', 'v', `return {${parts.join(', ')}};`) as Build;
  };
  return (row, vals) => {
    for (const s of shapes) if (hasKeys(row, s.keys)) return s.build(row, vals);
    // Rows of unforeseen shapes (tests build many) fall back once the cache is full.
    if (shapes.length >= 16) return generic(row, vals);
    const keys = Object.keys(row);
    const s = { keys, build: make(keys) };
    shapes.push(s);
    return s.build(row, vals);
  };
}
