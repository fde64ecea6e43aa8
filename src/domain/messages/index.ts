/**
 * The one message catalogue: every user-facing text (CLI output, errors, rejects, pages,
 * finding messages) is a key here with a Chinese and an English form. Areas keep their keys in
 * their own file; this index merges them and fails fast on a key defined twice.
 */
import { INGEST_MESSAGES } from './ingest.js';
import { KNOWLEDGE_MESSAGES } from './knowledge.js';
import { AUTH_MESSAGES, FINDING_MESSAGES, HIS_MESSAGES, REVIEW_MESSAGES, SERVER_MESSAGES } from './server.js';
import { COMMON_MESSAGES } from './common.js';
import { DEMO_MESSAGES } from './demo.js';
import { WORKBENCH_MESSAGES } from './workbench.js';
import { ADMIN_MESSAGES } from './admin.js';
import { WEB_MESSAGES } from './web.js';
import { DRG_MESSAGES } from './drg.js';

export interface Message { zh: string; en: string }
export type Catalogue = Record<string, Message>;
export type Lang = 'zh' | 'en';

function merge(...parts: Catalogue[]): Catalogue {
  const out: Catalogue = {};
  for (const p of parts) {
    for (const [k, v] of Object.entries(p)) {
      if (k in out) throw new Error(`message key defined twice: ${k}`);
      out[k] = v;
    }
  }
  return out;
}

export const MESSAGES: Catalogue = merge(COMMON_MESSAGES, INGEST_MESSAGES, KNOWLEDGE_MESSAGES, SERVER_MESSAGES, HIS_MESSAGES, AUTH_MESSAGES, FINDING_MESSAGES, REVIEW_MESSAGES, DEMO_MESSAGES,
  WORKBENCH_MESSAGES, ADMIN_MESSAGES, WEB_MESSAGES, DRG_MESSAGES);

/**
 * Adds a component's own texts (e.g. a rule kind's finding message, kept in the rule's file so
 * that a new rule kind is one file) to the catalogue under its prefix.
 */
export function registerMessages(prefix: string, part: Catalogue): void {
  for (const [k, v] of Object.entries(part)) {
    const key = `${prefix}.${k}`;
    const existing = MESSAGES[key];
    if (existing && (existing.zh !== v.zh || existing.en !== v.en)) throw new Error(`message key defined twice: ${key}`);
    MESSAGES[key] = v;
  }
}

/** Fills {name} placeholders. Unknown keys are a programming error and throw. */
export function msg(key: string, params: Record<string, unknown> = {}, lang: Lang = 'zh'): string {
  const m = MESSAGES[key];
  if (!m) throw new Error(`unknown message key: ${key}`);
  return m[lang].replace(/\{(\w+)\}/g, (_, p: string) => (p in params ? String(params[p]) : `{${p}}`));
}

/** "中文 | English", for files read by both (rejects, logs). */
export function msgBoth(key: string, params: Record<string, unknown> = {}): string {
  return `${msg(key, params, 'zh')} | ${msg(key, params, 'en')}`;
}
