/** audit, rules and sample commands. */
import type { Command } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { userInfo } from 'node:os';
import { resolveDataDir } from '../domain/config.js';
import { Warehouse } from '../store/warehouse.js';
import { openOpStore, type OpStore } from '../store/opstore.js';
import { loadRuleKinds, type AnyRuleKind } from '../rules/registry.js';
import type { RuleConfig } from '../rules/config.js';
import { currentRules, ruleHistory, saveRules } from '../rules/store.js';
import { loadedPeriod, resolveConfigs, runAudit } from '../audit/audit.js';
import { compareRulesets } from '../audit/whatif.js';
import { formatFromPath } from '../audit/export.js';
import { drawSample } from '../audit/sample.js';
import { fail, out, type GlobalOptions } from './context.js';

const operator = () => `cli:${userInfo().username}`;

async function withStores<T>(g: GlobalOptions, fn: (wh: Warehouse, ops: OpStore, kinds: Map<string, AnyRuleKind>) => Promise<T>): Promise<T> {
  const dataDir = resolveDataDir(g.dataDir);
  const wh = await Warehouse.open(dataDir);
  const ops = await openOpStore({ dataDir });
  try {
    return await fn(wh, ops, await loadRuleKinds());
  } finally {
    await ops.close();
    wh.close();
  }
}

/** A rule set file: { "rules": [ { rule_id, kind, enabled, severity, params, … } ] } (what `rules export` writes). */
export function readRulesetFile(path: string): { configs: RuleConfig[]; label: string } {
  const text = readFileSync(path, 'utf8');
  const doc = JSON.parse(text) as { rules?: Partial<RuleConfig>[] };
  if (!Array.isArray(doc.rules)) throw new Error(`${path}：缺少 rules 数组 / missing "rules" array`);
  const configs = doc.rules.map((r, i) => {
    if (!r.rule_id || !r.kind || !r.severity) throw new Error(`${path}：第 ${i + 1} 条规则缺少 rule_id/kind/severity`);
    return { rule_id: r.rule_id, kind: r.kind, version: r.version ?? 0, enabled: r.enabled ?? true, severity: r.severity,
      params: r.params ?? {}, region: r.region ?? null, effective_from: r.effective_from ?? null, effective_to: r.effective_to ?? null };
  });
  return { configs, label: `file:${createHash('sha256').update(text).digest('hex').slice(0, 12)}` };
}

function collect(v: string, prev: string[] = []): string[] { return [...prev, ...v.split(',').filter(Boolean)]; }

export function registerAuditCommands(program: Command, g: () => GlobalOptions): void {
  program.command('audit')
    .description('事后稽核：对期间内全部结算运行规则 / batch audit over a period')
    .option('--from <date>', '开始日期 YYYY-MM-DD（默认：已装载数据的第一天）')
    .option('--to <date>', '结束日期 YYYY-MM-DD（默认：已装载数据的最后一天）')
    .option('--institution <codes...>', '只看这些机构', collect)
    .option('--rules <ids...>', '只运行这些规则', collect)
    .option('--ruleset <file>', '使用规则集文件而非当前配置')
    .option('--out <file>', '疑点输出文件')
    .option('--format <fmt>', 'jsonl | csv | xlsx（默认按文件扩展名）')
    .option('--compare <file>', '模拟运行：与规则集草案对比，不发布')
    .option('--unmask', '导出中包含姓名与身份证号（仅限授权人员）', false)
    .option('--parts <n>', '按参保人分批稽核的批数（默认按数据量与内存上限自动确定）')
    .action(async (o: { from?: string; to?: string; institution?: string[]; rules?: string[]; ruleset?: string; out?: string;
      format?: string; compare?: string; unmask: boolean; parts?: string }) => {
      try {
        const parts = o.parts === undefined ? undefined : Number(o.parts);
        if (parts !== undefined && !(Number.isInteger(parts) && parts >= 1 && parts <= 1024)) throw new Error(`--parts 应为 1–1024 的整数：${o.parts}`);
        for (const d of [o.from, o.to]) if (d && !/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new Error(`日期格式应为 YYYY-MM-DD：${d}`);
        await withStores(g(), async (wh, ops, kinds) => {
          const ruleset = o.ruleset ? readRulesetFile(o.ruleset) : undefined;
          if (o.compare) {
            const loaded = await loadedPeriod(wh);
            const period = { from: o.from ?? loaded.from, to: o.to ?? loaded.to, institutions: o.institution };
            const base = await resolveConfigs(ops, kinds, { rules: o.rules, ruleset });
            const draft = await resolveConfigs(ops, kinds, { rules: o.rules, ruleset: readRulesetFile(o.compare) });
            const rows = await compareRulesets(wh, kinds, base.configs, draft.configs, period);
            if (o.out) writeFileSync(o.out, JSON.stringify({ period, base: base.version, draft: draft.version, rules: rows }, null, 2));
            out(g(), { period, base: base.version, draft: draft.version, rules: rows }, () => [
              `模拟运行 ${period.from} ～ ${period.to}：当前规则集 ${base.version} 对比草案 ${draft.version}`,
              ...rows.map((r) => `  ${r.rule_id.padEnd(30)} 当前 ${r.base_findings} 条，草案 ${r.draft_findings} 条；新增 ${r.added} 条 ${r.added_amount} 元，减少 ${r.removed} 条 ${r.removed_amount} 元，净变化 ${r.net_amount} 元`)]);
            return;
          }
          const quiet = g().json;
          const r = await runAudit(wh, ops, kinds, { from: o.from, to: o.to, institutions: o.institution, rules: o.rules, ruleset,
            out: o.out, format: o.out ? formatFromPath(o.out, o.format) : undefined, unmask: o.unmask, by: operator(), parts,
            onRule: quiet ? undefined : (id, i, n, p) => process.stderr.write(`${p ? `第 ${p.part + 1}/${p.parts} 批 ` : ''}[${i + 1}/${n}] ${id}\n`) });
          out(g(), r, () => [
            `稽核批次 #${r.run_id}：${r.period.from} ～ ${r.period.to}，规则集版本 ${r.ruleset_version}，用时 ${r.seconds.toFixed(1)} 秒`,
            `疑点 ${r.summary.findings} 条，涉及金额 ${r.summary.amount} 元`,
            '按判断等级：', ...r.summary.by_severity.map((s) => `  ${s.key.padEnd(14)} ${String(s.findings).padStart(8)} 条 ${s.amount.padStart(14)} 元`),
            '按规则：', ...r.summary.by_rule.map((s) => {
              const t = r.timings.find((x) => x.rule_id === s.key);
              return `  ${s.key.padEnd(30)} ${String(s.findings).padStart(8)} 条 ${s.amount.padStart(14)} 元  ${t ? `${t.seconds.toFixed(2)} 秒` : ''}`;
            }),
            ...(r.out ? [`疑点明细：${r.out}`] : [])]);
        });
      } catch (e) { fail(e, g()); }
    });

  const rules = program.command('rules').description('规则配置 / rule configuration');
  rules.command('list').description('列出规则').action(async () => {
    try {
      await withStores(g(), async (_wh, ops, kinds) => {
        const list = await currentRules(ops, kinds);
        out(g(), list, () => list.map((r) => `${r.rule_id.padEnd(30)} v${r.version} ${r.enabled ? '启用' : '停用'} ${r.severity.padEnd(12)} ${kinds.get(r.kind)?.meta.name_zh ?? r.kind}  ${JSON.stringify(r.params)}`));
      });
    } catch (e) { fail(e, g()); }
  });
  rules.command('show').argument('<id>').description('规则详情与历史版本').action(async (id: string) => {
    try {
      await withStores(g(), async (_wh, ops, kinds) => {
        const history = await ruleHistory(ops, id);
        if (!history.length) throw new Error(`未知的规则 / unknown rule: ${id}`);
        const k = kinds.get(history[0].kind);
        out(g(), { meta: k ? { ...k.meta, params: undefined } : null, history }, () => [
          `${id} ${k?.meta.name_zh ?? ''}（${k?.meta.category ?? ''}，${k?.meta.scope ?? ''}）`, `知识来源：${k?.meta.knowledge ?? '—'}`,
          `金额口径：${k?.meta.amount_zh ?? ''}`, `依据：${k?.meta.basis ?? ''}`,
          ...history.map((h) => `  v${h.version} ${h.created_at} ${h.created_by} ${h.enabled ? '启用' : '停用'} ${h.severity} ${JSON.stringify(h.params)} ${h.note ?? ''}`)]);
      });
    } catch (e) { fail(e, g()); }
  });
  rules.command('export').argument('[file]').description('导出当前规则集（JSON）').action(async (file?: string) => {
    try {
      await withStores(g(), async (_wh, ops, kinds) => {
        const list = (await currentRules(ops, kinds)).map(({ created_at: _a, created_by: _b, note: _n, ...r }) => r);
        const text = `${JSON.stringify({ rules: list }, null, 2)}\n`;
        if (file) { writeFileSync(file, text); process.stdout.write(`${file}\n`); } else process.stdout.write(text);
      });
    } catch (e) { fail(e, g()); }
  });
  rules.command('import').argument('<file>').option('--note <text>', '变更说明').description('导入规则集：有变化的规则生成新版本')
    .action(async (file: string, o: { note?: string }) => {
      try {
        await withStores(g(), async (_wh, ops, kinds) => {
          const changed = await saveRules(ops, kinds, readRulesetFile(file).configs, operator(), o.note ?? null);
          out(g(), { changed }, () => [changed.length ? `已生成新版本：${changed.join(', ')}` : '没有变化']);
        });
      } catch (e) { fail(e, g()); }
    });

  program.command('sample')
    .description('抽取住院结算复审样本 / draw the re-review sample')
    .requiredOption('--period <YYYY-MM>', '期间（月）')
    .option('--rate <r>', '抽样比例', '0.05')
    .option('--seed <s>', '随机种子（记录在案，可复现）', String(Date.now()))
    .action(async (o: { period: string; rate: string; seed: string }) => {
      try {
        await withStores(g(), async (wh, ops) => {
          const r = await drawSample(wh, ops, { period: o.period, rate: Number(o.rate), seed: o.seed, by: operator() });
          out(g(), r, () => [`抽样 #${r.draw_id}：${r.period}，比例 ${r.rate}，种子 ${r.seed}，共抽取 ${r.items.length} 份结算`,
            ...r.per_institution.map((p) => `  ${p.fixmedins_code} 住院结算 ${p.settlements} 份，抽取 ${p.sampled} 份`)]);
        });
      } catch (e) { fail(e, g()); }
    });
}
