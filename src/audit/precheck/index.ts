/**
 * The real-time check service of a data dir: history store, rules and knowledge in memory, the
 * region's block policy, and the recorder of calls and checks. Rules and policy are re-read
 * periodically so that a published rule change reaches the HIS path without a restart.
 */
import { onChange } from '../../store/changes.js';
import type { Warehouse } from '../../store/warehouse.js';
import type { OpStore } from '../../store/opstore.js';
import { getSetting } from '../../store/app-settings.js';
import { loadRuleKinds } from '../../rules/registry.js';
import { currentRules } from '../../rules/store.js';
import { loadRtKnowledge } from '../../rules/realtime/knowledge.js';
import type { RtRuleSet } from '../../rules/realtime/evaluate.js';
import { HistoryStore } from './history.js';
import { HisRecorder } from './tokens.js';
import { availableParallelism } from 'node:os';
import { DEFAULT_BLOCK_POLICY, precheck, settlementCheck, type BlockPolicy, type CheckDeps, type CheckResult } from './service.js';
import { CheckPool } from './worker-pool.js';
import type { PrecheckRequest, SettlementCheckRequest } from './request.js';

export { HistoryStore } from './history.js';
export { createToken, listTokens, revokeToken } from './tokens.js';

export const BLOCK_POLICY_SETTING = 'his.block_policy';

/** Runs checks: in worker threads, or in this thread when there are none. */
export interface CheckRunner {
  precheck(req: PrecheckRequest): Promise<CheckResult>;
  settlementCheck(req: SettlementCheckRequest): Promise<CheckResult>;
  /** Checks queued or running now (0 when checks run in this thread). */
  inFlight(): number;
}

export interface CheckService {
  deps(): CheckDeps | null;
  runner(): CheckRunner | null;
  recorder: HisRecorder;
  history: HistoryStore;
  reload(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens the service. `serial` runs warehouse work one at a time with the rest of the server.
 * The history is built from the warehouse on first use if it is empty.
 */
export async function openCheckService(wh: Warehouse, ops: OpStore, dataDir: string,
  serial: <T>(fn: () => Promise<T>) => Promise<T> = (fn) => fn(),
  workers = process.env.FUNDGUARD_CHECK_WORKERS === undefined ? availableParallelism() : Number(process.env.FUNDGUARD_CHECK_WORKERS)):
  Promise<CheckService> {
  const history = HistoryStore.open(dataDir);
  const recorder = new HisRecorder(ops);
  const kinds = await loadRuleKinds();
  let rs: RtRuleSet | null = null;
  let policy: BlockPolicy = DEFAULT_BLOCK_POLICY;
  let kn: RtRuleSet['kn'] | null = null;
  let pool: CheckPool | null = null;
  const reloadRules = async () => {
    const configs = await currentRules(ops, kinds);
    policy = (await getSetting<BlockPolicy>(ops, BLOCK_POLICY_SETTING)) ?? DEFAULT_BLOCK_POLICY;
    if (kn) rs = { kinds, configs, kn };
    pool?.update({ configs, policy });
  };
  const reload = async () => {
    kn = await serial(() => loadRtKnowledge(wh));
    await reloadRules();
    pool?.update({ kn });
  };
  if (history.persons() === 0) {
    const n = Number((await serial(() => wh.one<{ n: string }>('SELECT count(*) AS n FROM setl_d')))?.n ?? 0);
    if (n > 0) await serial(() => history.rebuild(wh));
  }
  await reload();
  if (workers > 0) pool = await CheckPool.start(workers, { dataDir, kn: rs!.kn, configs: rs!.configs, policy });
  const local = (): CheckRunner | null => {
    if (!rs) return null;
    const d: CheckDeps = { history, ruleset: () => rs!, policy: () => policy };
    return { precheck: async (req) => precheck(d, req), settlementCheck: (req) => settlementCheck(d, req), inFlight: () => 0 };
  };
  // Knowledge changes only with an import, rules with a change: an import or a change in this process
  // reloads at once; rules and policy are also re-read every 30 s (changes made by another process).
  const timer = setInterval(() => { void reloadRules().catch(() => undefined); }, 30_000);
  timer.unref();
  const stop = [onChange('knowledge', () => { void reload().catch(() => undefined); }),
    onChange('rules', () => { void reloadRules().catch(() => undefined); })];
  return {
    deps: () => (rs ? { history, ruleset: () => rs!, policy: () => policy } : null),
    runner: () => (pool ? { precheck: (req) => pool!.run('precheck', req), settlementCheck: (req) => pool!.run('settlement-check', req),
      inFlight: () => pool!.inFlight() } : local()),
    recorder, history, reload,
    close: async () => { clearInterval(timer); for (const f of stop) f(); await pool?.close(); await recorder.flush(); await history.close(); },
  };
}
