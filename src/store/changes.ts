/**
 * In-process notices that stored reference data changed (a knowledge import, a rule change), for the
 * parts that keep it in memory: the HIS check service reloads at once instead of at its next timer.
 * Another process's change is not seen here; those parts also reload on their own schedule.
 */
import { EventEmitter } from 'node:events';

export type ChangeKind = 'knowledge' | 'rules';

const emitter = new EventEmitter();
emitter.setMaxListeners(100);

export function announceChange(kind: ChangeKind): void {
  emitter.emit(kind);
}

/** Calls `fn` after each change of the kind; returns the function that stops it. */
export function onChange(kind: ChangeKind, fn: () => void): () => void {
  emitter.on(kind, fn);
  return () => { emitter.off(kind, fn); };
}
