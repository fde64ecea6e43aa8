/**
 * Finds the rule kinds: every module in ./kinds exports `rule`. Loading them from the folder means
 * a new rule kind is one new file (plus its case table), with no list to edit.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { registerMessages, type Message } from '../domain/messages/index.js';
import type { RuleKind } from './types.js';

export type AnyRuleKind = RuleKind<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface KindModule { rule: AnyRuleKind; messages: Record<string, Message> }

let cache: Promise<Map<string, AnyRuleKind>> | undefined;

export function loadRuleKinds(): Promise<Map<string, AnyRuleKind>> {
  cache ??= (async () => {
    const dir = join(dirname(fileURLToPath(import.meta.url)), 'kinds');
    const files = readdirSync(dir).filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts')).sort();
    const kinds = new Map<string, AnyRuleKind>();
    for (const f of files) {
      const mod = (await import(pathToFileURL(join(dir, f)).href)) as Partial<KindModule>;
      if (!mod.rule) continue;
      const id = mod.rule.meta.id;
      if (kinds.has(id)) throw new Error(`rule kind ${id} defined twice (${f})`);
      if (`${id}.ts` !== f && `${id}.js` !== f) throw new Error(`rule kind ${id} must live in ${id}.ts, not ${f}`);
      registerMessages(`rule.${id}`, mod.messages ?? {});
      kinds.set(id, mod.rule);
    }
    return kinds;
  })();
  return cache;
}
