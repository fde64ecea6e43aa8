/** The long-running commands: demo generation, serve, and start (first-run demo, then serve). */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { resolveDataDir } from '../domain/config.js';
import { msg } from '../domain/messages/index.js';
import { Warehouse } from '../store/warehouse.js';
import { openOpStore } from '../store/opstore.js';
import { importPath, summaryLines } from '../ingest/importer.js';
import { importKnowledge, listKnowledgeSets } from '../knowledge/index.js';
import { DEMO_DRG_DIR, demoRuleParams, generateDemoRegion, writeScaleFeeFile, type DemoSummary } from '../demo/index.js';
import { importDrgScheme } from '../drg/scheme-store.js';
import { runDrgGrouping, type GroupRunSummary } from '../drg/group-run.js';
import { DrgRunError } from '../drg/records.js';
import { loadRuleKinds } from '../rules/registry.js';
import { runAudit } from '../audit/audit.js';
import { currentRules, saveRules } from '../rules/store.js';
import type { OpStore } from '../store/opstore.js';
import { buildApp } from '../server/app.js';
import { out, version, type GlobalOptions } from './context.js';
import { progressRenderer } from './progress.js';
import { knowledgeLines } from './format.js';
import { rebuildHistory } from './his-commands.js';
import { setSetting } from '../store/app-settings.js';
import { ensureDemoAccounts } from '../server/auth/store.js';
import { DEMO_MODE_SETTING } from '../server/auth/routes.js';

const log = (line: string) => process.stderr.write(`${line}\n`);

/** Sets the demo region's regional rule parameters (a new version of each rule they change). */
export async function applyDemoRules(ops: OpStore, demoDir: string): Promise<string[]> {
  const kinds = await loadRuleKinds();
  const overrides = demoRuleParams(demoDir);
  const configs = (await currentRules(ops, kinds)).filter((r) => overrides[r.rule_id])
    .map((r) => ({ ...r, params: { ...r.params, ...overrides[r.rule_id] } }));
  return saveRules(ops, kinds, configs, 'system', '演示地区的地方配置');
}

const pct = (n: number, of: number) => `${((100 * n) / Math.max(of, 1)).toFixed(1)}%`;

/**
 * Imports the region's demo DRG scheme and groups its stays discharged in the region's window, so
 * that the DRG rules of the first audit and the DRG pages have results (drg_result).
 */
async function loadDemoDrg(wh: Warehouse, demoDir: string, summary: DemoSummary, quiet: boolean) {
  const scheme = await importDrgScheme(wh, join(demoDir, DEMO_DRG_DIR), { label: msg('demo.drg.label') });
  if (!quiet) {
    // `demo --import` into a data dir that has the scheme already reuses its set.
    log(scheme.alreadyLoaded ? msg('drg.store.alreadyLoaded', { setId: scheme.setId, label: scheme.label })
      : msg('demo.drg.scheme', { setId: scheme.setId, ...scheme.counts, samples: scheme.selfCheck?.samples ?? 0,
        matched: scheme.selfCheck?.matched ?? 0 }));
  }
  let run: GroupRunSummary;
  try {
    // A demo year groups in a second or two: one summary line, no progress bar.
    run = await runDrgGrouping(wh, { from: summary.start, to: summary.end, schemeSetId: scheme.setId });
  } catch (e) {
    // A region too small to have a stay is still a region: it just has nothing to group.
    if (!(e instanceof DrgRunError && e.key === 'drg.run.noCases')) throw e;
    if (!quiet) log(e.message);
    return { scheme_set: scheme.setId, version: scheme.version, run_id: null };
  }
  if (!quiet) {
    log(msg('demo.drg.grouped', { runId: run.run_id, cases: run.cases, grouped: run.grouped, groupedPct: pct(run.grouped, run.cases),
      ungrouped: run.ungrouped, ungroupedPct: pct(run.ungrouped, run.cases), rejected: run.rejected,
      rejectedPct: pct(run.rejected, run.cases), drgs: run.distinct_drgs }));
  }
  return { scheme_set: scheme.setId, version: scheme.version, run_id: run.run_id, cases: run.cases, grouped: run.grouped,
    ungrouped: run.ungrouped, rejected: run.rejected, distinct_drgs: run.distinct_drgs };
}

/**
 * Generates the demo region's files and, when asked, loads its knowledge, claims, regional rule
 * settings and DRG scheme, and groups its stays.
 */
async function generateAndLoad(wh: Warehouse, dataDir: string, demoDir: string, o: { persons: number; months: number; seed: number },
  load: boolean, quiet: boolean): Promise<unknown> {
  const t0 = Date.now();
  const summary = await generateDemoRegion(demoDir, { ...o, onProgress: quiet ? undefined : log });
  if (!quiet) log(`演示地区已生成：${demoDir}（${((Date.now() - t0) / 1000).toFixed(1)} 秒）`);
  if (!load) return { demo: summary };
  const kdir = join(demoDir, 'knowledge');
  const files = readdirSync(kdir).sort().map((n) => join(kdir, n));
  const knowledge = await importKnowledge(wh, files, { label: '演示知识库' });
  if (!quiet) knowledgeLines(knowledge).forEach((l) => log(l));
  const p = progressRenderer(process.stderr, quiet);
  const claims = await importPath(wh, dataDir, demoDir, { onProgress: (e) => p.onProgress(e), source: 'demo' });
  p.stop();
  await rebuildHistory(wh, dataDir, claims.import_id, quiet);
  if (!quiet) summaryLines(claims).forEach((l) => log(l));
  const ops = await openOpStore({ dataDir });
  try {
    const rules = await applyDemoRules(ops, demoDir);
    if (!quiet && rules.length) log(`已按演示地区配置规则：${rules.join('、')}`);
  } finally {
    await ops.close();
  }
  const drg = await loadDemoDrg(wh, demoDir, summary, quiet);
  return { demo: summary, knowledge_set: knowledge.setId, import: claims, drg };
}

export async function demoCommand(g: GlobalOptions, o: Record<string, string | boolean | undefined>): Promise<void> {
  const dataDir = resolveDataDir(g.dataDir);
  const demoDir = resolve(String(o.out ?? join(dataDir, 'demo')));
  const params = { persons: Number(o.persons), months: Number(o.months), seed: Number(o.seed) };
  const wh = o.import ? await Warehouse.open(dataDir) : undefined;
  try {
    const result = wh ? await generateAndLoad(wh, dataDir, demoDir, params, true, !!g.json)
      : { demo: await generateDemoRegion(demoDir, { ...params, onProgress: g.json ? undefined : log }) };
    out(g, result, () => [`演示地区：${demoDir}`]);
  } finally {
    wh?.close();
  }
}

export async function scaleCommand(g: GlobalOptions, o: Record<string, string | boolean | undefined>): Promise<void> {
  const lines = Number(o.scale);
  if (!Number.isSafeInteger(lines) || lines <= 0) throw new Error(`--scale 需要正整数 / --scale needs a positive integer: ${o.scale}`);
  const dataDir = resolveDataDir(g.dataDir);
  const path = resolve(String(o.out ?? join(dataDir, 'scale', `fee_list_d_scale_${lines}.csv`)));
  const t0 = Date.now();
  const r = await writeScaleFeeFile(path, { lines, seed: Number(o.seed), encoding: o.encoding === 'gbk' ? 'gbk' : 'utf8',
    onProgress: g.json ? undefined : log });
  const seconds = (Date.now() - t0) / 1000;
  out(g, { path, ...r, seconds }, () => [`${path}：${r.lines} 行，${(r.bytes / 1048576).toFixed(0)} MB，${seconds.toFixed(1)} 秒`]);
}

async function serveWith(wh: Warehouse, dataDir: string, o: { port: string; host: string }): Promise<void> {
  const ops = await openOpStore({ dataDir });
  const app = await buildApp({ wh, ops, dataDir, version: version() });
  const address = await app.listen({ port: Number(o.port), host: o.host });
  log(msg('server.listening', { url: address.replace('127.0.0.1', 'localhost') }));
  const stop = async () => { await app.close(); await ops.close(); wh.close(); process.exit(0); };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

export async function serveCommand(g: GlobalOptions, o: { port: string; host: string }): Promise<void> {
  const dataDir = resolveDataDir(g.dataDir);
  await serveWith(await Warehouse.open(dataDir), dataDir, o);
}

/** The demo's accounts, one per role (the institution user at the demo's first hospital), printed once. */
async function createDemoAccounts(wh: Warehouse, dataDir: string): Promise<void> {
  const inst = await wh.one<{ c: string }>(`SELECT min(fixmedins_code) AS c FROM fixmedins_info WHERE fixmedins_type = '1'`);
  const ops = await openOpStore({ dataDir });
  try {
    await setSetting(ops, DEMO_MODE_SETTING, true);
    const accounts = await ensureDemoAccounts(ops, inst?.c ?? 'H0001', true);
    log('演示账号（演示模式；正式使用前请修改密码） / demo accounts:');
    for (const a of accounts) log(`  ${a.display_name.padEnd(12)} ${a.username} / ${a.password}`);
  } finally {
    await ops.close();
  }
}

/** The demo's first audit run over the whole loaded year, so that the workbench opens on real findings. */
async function firstAudit(wh: Warehouse, dataDir: string): Promise<void> {
  const ops = await openOpStore({ dataDir });
  try {
    log('首次稽核：对演示地区全年结算运行全部规则……');
    const r = await runAudit(wh, ops, await loadRuleKinds(), { by: 'demo' });
    log(`稽核批次 #${r.run_id}：疑点 ${r.summary.findings} 条，涉及金额 ${r.summary.amount} 元（${r.seconds.toFixed(1)} 秒）`);
  } finally {
    await ops.close();
  }
}

/** First start on an empty data dir: generate the demo region, import it, then serve. */
export async function startCommand(g: GlobalOptions, o: { port: string; host: string; persons: string }): Promise<void> {
  const dataDir = resolveDataDir(g.dataDir);
  const wh = await Warehouse.open(dataDir);
  const loaded = Number((await wh.one<{ n: string }>('SELECT count(*) AS n FROM import_batch'))?.n ?? 0);
  if (loaded === 0 && (await listKnowledgeSets(wh)).length === 0) {
    log(`首次启动：在 ${dataDir} 生成并导入演示地区……`);
    const demoDir = join(dataDir, 'demo');
    if (existsSync(demoDir)) log(`（覆盖旧的演示文件 ${demoDir}）`);
    await generateAndLoad(wh, dataDir, demoDir, { persons: Number(o.persons), months: 12, seed: 20230101 }, true, false);
    await createDemoAccounts(wh, dataDir);
    await firstAudit(wh, dataDir);
  }
  await serveWith(wh, dataDir, o);
}
