/**
 * A worker thread that runs real-time checks: it holds the rules, knowledge and policy it is sent,
 * reads and appends the history store itself (LMDB serves several threads), and answers each
 * check with its result. The main thread keeps HTTP, authentication and the records.
 */
import { parentPort } from 'node:worker_threads';
import { loadRuleKinds } from '../../rules/registry.js';
import type { RtRuleSet } from '../../rules/realtime/evaluate.js';
import type { RuleConfig } from '../../rules/config.js';
import type { RtKnowledge } from '../../rules/realtime/data.js';
import { HistoryStore } from './history.js';
import { precheck, settlementCheck, type BlockPolicy, type CheckDeps } from './service.js';
import type { PrecheckRequest, SettlementCheckRequest } from './request.js';

export type WorkerMessage =
  | { type: 'init'; dataDir: string; kn: RtKnowledge; configs: RuleConfig[]; policy: BlockPolicy }
  | { type: 'update'; kn?: RtKnowledge; configs?: RuleConfig[]; policy?: BlockPolicy }
  | { type: 'check'; id: number; op: 'precheck'; req: PrecheckRequest }
  | { type: 'check'; id: number; op: 'settlement-check'; req: SettlementCheckRequest }
  | { type: 'close' };

const port = parentPort!;
let deps: CheckDeps | null = null;
let history: HistoryStore | null = null;
let rs: RtRuleSet | null = null;
let policy: BlockPolicy = { default: ['violation'] };

port.on('message', (m: WorkerMessage) => {
  void (async () => {
    if (m.type === 'init') {
      history = HistoryStore.open(m.dataDir);
      rs = { kinds: await loadRuleKinds(), configs: m.configs, kn: m.kn };
      policy = m.policy;
      deps = { history, ruleset: () => rs!, policy: () => policy };
      port.postMessage({ type: 'ready' });
    } else if (m.type === 'update') {
      if (rs) rs = { ...rs, kn: m.kn ?? rs.kn, configs: m.configs ?? rs.configs };
      if (m.policy) policy = m.policy;
    } else if (m.type === 'check') {
      try {
        const result = m.op === 'precheck' ? precheck(deps!, m.req) : await settlementCheck(deps!, m.req as SettlementCheckRequest);
        port.postMessage({ type: 'result', id: m.id, result });
      } catch (e) {
        port.postMessage({ type: 'result', id: m.id, error: (e as Error).message });
      }
    } else if (m.type === 'close') {
      await history?.close();
      port.close();
    }
  })();
});
