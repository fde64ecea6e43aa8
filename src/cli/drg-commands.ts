/** drg group, explain, settle and shadow commands; the DRG scheme branch of `knowledge import`. */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { msg } from '../domain/messages/index.js';
import { DrgParamsError } from '../drg/params.js';
import { DrgInputError } from '../drg/weights.js';
import { DrgSchemeError } from '../drg/scheme.js';
import { DrgRunError } from '../drg/records.js';
import { exportDrgResults, explainSettlement, runDrgGrouping, type GroupRunSummary, type SettlementExplanation } from '../drg/group-run.js';
import { importDrgScheme, isDrgSchemeDir, loadStoredDrgScheme, type DrgSchemeImportReport } from '../drg/scheme-store.js';
import { runDrgSettlement, settleLines } from '../drg/settle-run.js';
import type { DrgConditionTrace, DrgExplanation } from '../drg/types.js';
import { fail, out, withWarehouse, type GlobalOptions } from './context.js';
import { progressRenderer } from './progress.js';
import { basename } from 'node:path';

/** Input errors of the DRG modules exit 2 with their message, like the importers' errors. */
function failDrg(e: unknown, g: GlobalOptions): never {
  if (e instanceof DrgRunError || e instanceof DrgParamsError || e instanceof DrgInputError || e instanceof DrgSchemeError) {
    if (g.json) process.stdout.write(`${JSON.stringify({ error: { message: e.message, kind: 'input' } })}\n`);
    process.stderr.write(`错误 / Error: ${e.message}\n`);
    process.exit(2);
  }
  return fail(e, g);
}

const setArg = (v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new DrgRunError('drg.store.setNotFound', { setId: v });
  return Number(v);
};

export function schemeImportLines(r: DrgSchemeImportReport): string[] {
  const lines = [r.alreadyLoaded
    ? msg('drg.store.alreadyLoaded', { setId: r.setId, label: r.label })
    : msg('drg.store.imported', { setId: r.setId, label: r.label, ...r.counts, version: r.version, hash: r.hash.slice(0, 12) })];
  for (const f of r.files) lines.push(`  ${basename(f.file)}：${f.entries} 项，sha256 ${f.sha256.slice(0, 12)}`);
  if (r.selfCheck) {
    lines.push(msg('drg.store.selfCheck', { samples: r.selfCheck.samples, matched: r.selfCheck.matched }));
    if (r.selfCheck.mismatch_count) {
      lines.push(msg('drg.store.selfCheckMismatch', { mismatches: r.selfCheck.mismatch_count,
        examples: r.selfCheck.mismatches.slice(0, 3).map((m) => `${m.record_id}: ${m.expected} → ${m.got}`).join('；') }));
    }
  }
  return lines;
}

/**
 * `knowledge import <dir>` where the folder holds scheme.json: imports it as a DRG scheme set.
 * Returns false (nothing done) for anything else.
 */
export async function importDrgSchemeIfDir(files: string[], o: { label?: string }, g: GlobalOptions): Promise<boolean> {
  if (files.length !== 1 || !isDrgSchemeDir(files[0])) return false;
  const r = await withWarehouse(g, (wh) => importDrgScheme(wh, files[0], { label: o.label }));
  out(g, r, () => schemeImportLines(r));
  return true;
}

const pct = (n: number, of: number) => `${((100 * n) / Math.max(of, 1)).toFixed(2)}%`;

export function groupLines(r: GroupRunSummary): string[] {
  const lines = [
    msg('drg.cli.group.title', { runId: r.run_id, from: r.period.from ?? r.dscg_dates.first, to: r.period.to ?? r.dscg_dates.last,
      version: r.scheme.version, setId: r.scheme.set_id, seconds: r.seconds.toFixed(1), rate: r.records_per_second.toLocaleString('zh-CN') }),
    msg('drg.cli.group.counts', { cases: r.cases, grouped: r.grouped, groupedPct: pct(r.grouped, r.cases), ungrouped: r.ungrouped,
      ungroupedPct: pct(r.ungrouped, r.cases), rejected: r.rejected, rejectedPct: pct(r.rejected, r.cases) }),
    ...r.reject_reasons.map((x) => msg('drg.cli.group.reason', { reason: x.zh, n: x.cases })),
  ];
  if (r.top_drgs.length) lines.push(msg('drg.cli.group.top'), ...r.top_drgs.map((d) => msg('drg.cli.group.topLine', { drg: d.drg, name: d.name, n: d.cases })));
  lines.push(msg('drg.cli.group.stages', { read: r.stages.read_s, group: r.stages.group_s, store: r.stages.store_s }));
  return lines;
}

const mark = (b: boolean) => (b ? '✓' : '✗');

function condText(c: DrgConditionTrace): string {
  const m = c.matches.length
    ? msg('drg.explain.matched', { codes: c.matches.map((x) => (x.label ? `${x.code}[${x.label}]` : x.code)).join('、') }) : '';
  return `${mark(c.holds)} ${c.text.zh}${m}`;
}
const conds = (cs: DrgConditionTrace[]) => cs.map(condText).join('；') || msg('drg.cond.always');

/** An explanation in Chinese, one fact a line. */
export function explanationLines(e: DrgExplanation): string[] {
  const lines = [msg('drg.explain.result', { message: e.message.zh })];
  for (const m of e.mdcs) {
    lines.push(msg(m.entered ? 'drg.explain.mdcEntered' : 'drg.explain.mdcSkipped', { code: m.code, conditions: conds(m.conditions) }));
    for (const a of m.adrgs) {
      lines.push(msg('drg.explain.adrgTried', { mark: mark(a.holds), code: a.code, conditions: conds(a.conditions) }));
      for (const d of a.drgs ?? []) lines.push(msg('drg.explain.drgTried', { mark: mark(d.holds), code: d.code, name: d.name, conditions: conds(d.conditions) }));
    }
  }
  const cx = e.complications;
  const list = (xs: typeof cx.counted) => (xs.length ? xs.map((x) => `${x.code}（${x.level}，组 ${x.exclusion_group}）`).join('、') : msg('drg.explain.none'));
  lines.push(msg('drg.explain.mainGroup', { group: cx.main_exclusion_group ?? msg('drg.explain.none') }));
  lines.push(msg('drg.explain.counted', { list: list(cx.counted) }));
  lines.push(msg('drg.explain.excluded', { list: list(cx.excluded) }));
  return lines;
}

function settlementExplanationLines(x: SettlementExplanation): string[] {
  const s = x.settlement;
  const r = x.record;
  const dash = (v: unknown) => (v === null || v === undefined ? '—' : String(v));
  return [
    msg('drg.explain.title', { setl_id: s.setl_id, mdtrt_id: dash(s.mdtrt_id), fixmedins_code: dash(s.fixmedins_code), dscg_date: dash(s.dscg_date) }),
    msg('drg.explain.record', { sex: dash(r.sex), age_years: dash(r.age_years), age_days: dash(r.age_days), weight: dash(r.birth_weight_g) }),
    msg('drg.explain.diagnoses', { codes: r.diagnoses.join('、') || msg('drg.explain.none') }),
    msg('drg.explain.procedures', { codes: r.procedures.join('、') || msg('drg.explain.none') }),
    msg('drg.explain.scheme', { version: x.scheme.version, setId: x.scheme.set_id }),
    ...(x.stored ? [msg('drg.explain.stored', { runId: x.stored.run_id, drg: x.stored.drg, status: msg(`drg.status.${x.stored.status}`) })] : []),
    ...explanationLines(x.explanation),
  ];
}

function readParams(path: string | undefined): Record<string, unknown> | undefined {
  if (!path) return undefined;
  try {
    const v = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, '')) as unknown;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('a JSON object is expected');
    return v as Record<string, unknown>;
  } catch (e) {
    throw new DrgRunError('drg.settle.badParams', { file: path, detail: (e as Error).message });
  }
}

export function registerDrgCommands(program: Command, g: () => GlobalOptions): void {
  const drg = program.command('drg').description('DRG 分组与点数法结算 / DRG grouping and point settlement');

  drg.command('group')
    .description('对期间内全部住院结算进行 DRG 分组 / group every inpatient settlement of a period')
    .option('--from <date>', '出院日期起 YYYY-MM-DD（默认：不限）')
    .option('--to <date>', '出院日期止 YYYY-MM-DD（默认：不限）')
    .option('--scheme-set <n>', '使用的分组方案知识集编号（默认：最新）')
    .option('--out <file>', '分组结果明细：.csv、.xlsx 或 .jsonl')
    .action(async (o: { from?: string; to?: string; schemeSet?: string; out?: string }) => {
      const p = progressRenderer(process.stderr, g().json);
      try {
        const r = await withWarehouse(g(), async (wh) => {
          const s = await runDrgGrouping(wh, { from: o.from, to: o.to, schemeSetId: setArg(o.schemeSet), onProgress: (e) => p.onProgress(e) });
          p.stop();
          if (!o.out) return { ...s, out: null, out_rows: 0 };
          const scheme = await loadStoredDrgScheme(wh, s.scheme.set_id);
          const rows = await exportDrgResults(wh, s.run_id, scheme?.data.drgNames ?? {}, o.out);
          return { ...s, out: o.out, out_rows: rows };
        });
        out(g(), r, () => [...groupLines(r), ...(r.out ? [msg('drg.cli.out', { path: r.out, rows: r.out_rows })] : [])]);
      } catch (e) { p.stop(); failDrg(e, g()); }
    });

  drg.command('explain')
    .description('说明一份住院结算的分组过程 / explain how a settlement is grouped')
    .argument('<setl_id>', '结算ID')
    .option('--scheme-set <n>', '分组方案知识集编号（默认：该结算上次分组所用方案，否则最新）')
    .action(async (setlId: string, o: { schemeSet?: string }) => {
      try {
        const r = await withWarehouse(g(), (wh) => explainSettlement(wh, setlId, setArg(o.schemeSet)));
        out(g(), r, () => settlementExplanationLines(r));
      } catch (e) { failDrg(e, g()); }
    });

  drg.command('settle')
    .description('DRG 点数法年度结算 / DRG point settlement of a year')
    .requiredOption('--year <yyyy>', '结算年度（按出院日期）')
    .option('--params <file>', '结算参数 JSON（见 docs/drg-settlement.md）')
    .option('--out <file>', 'Excel 报表（.xlsx）')
    .action(async (o: { year: string; params?: string; out?: string }) => {
      try {
        if (!/^\d{4}$/.test(o.year)) throw new DrgRunError('drg.run.badDate', { value: o.year });
        const params = readParams(o.params);
        const r = await withWarehouse(g(), (wh) => runDrgSettlement(wh, { kind: 'settle', from: `${o.year}-01-01`, to: `${o.year}-12-31`,
          params, out: o.out, by: `cli:${userInfo().username}` }));
        out(g(), r, () => settleLines(r));
      } catch (e) { failDrg(e, g()); }
    });

  drg.command('shadow')
    .description('DRG 模拟运行：DRG 支付与按项目支付对比 / shadow run against payment by item')
    .requiredOption('--from <date>', '出院日期起 YYYY-MM-DD')
    .requiredOption('--to <date>', '出院日期止 YYYY-MM-DD')
    .option('--params <file>', '结算参数 JSON（见 docs/drg-settlement.md）')
    .requiredOption('--out <file>', 'Excel 报表（.xlsx）')
    .action(async (o: { from: string; to: string; params?: string; out: string }) => {
      try {
        const params = readParams(o.params);
        const r = await withWarehouse(g(), (wh) => runDrgSettlement(wh, { kind: 'shadow', from: o.from, to: o.to, params, out: o.out,
          by: `cli:${userInfo().username}` }));
        out(g(), r, () => settleLines(r));
      } catch (e) { failDrg(e, g()); }
    });
}
