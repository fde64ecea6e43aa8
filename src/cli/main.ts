/**
 * fundguard: the command line. Every command takes --data-dir (default ./data) and --json.
 */
import { Command } from 'commander';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { importPath, summaryLines } from '../ingest/importer.js';
import { importKnowledge, listKnowledgeSets } from '../knowledge/index.js';
import { regionStatus } from '../server/app.js';
import { fail, out, version, withWarehouse, type GlobalOptions } from './context.js';
import { progressRenderer } from './progress.js';
import { knowledgeLines, statusLines } from './format.js';
import { demoCommand, scaleCommand, serveCommand, startCommand } from './run.js';
import { registerAuditCommands } from './audit-commands.js';
import { rebuildHistory, registerHisCommands } from './his-commands.js';
import { importDrgSchemeIfDir, registerDrgCommands } from './drg-commands.js';

const program = new Command('fundguard')
  .description('FundGuard 医保基金智能监管平台')
  .version(version())
  .option('--data-dir <path>', '数据目录 / data directory', './data')
  .option('--json', '以 JSON 输出 / machine-readable output', false)
  .showHelpAfterError();

const g = (): GlobalOptions => program.opts<GlobalOptions>();

program.command('import')
  .description('导入抽取数据（目录中所有可识别文件，或单个文件） / import extract files')
  .argument('<path>', '目录或文件 / folder or file')
  .option('--encoding <name>', 'CSV 编码：utf8、gbk、gb18030（默认自动识别）')
  .option('--rejects <file>', '被拒记录文件路径 / where to write rejected records')
  .action(async (path: string, o: { encoding?: string; rejects?: string }) => {
    const p = progressRenderer(process.stderr, g().json);
    try {
      const s = await withWarehouse(g(), async (wh, dataDir) => {
        const r = await importPath(wh, dataDir, path, { encoding: o.encoding, rejectsPath: o.rejects, onProgress: (e) => p.onProgress(e) });
        p.stop();
        // The persons this import touched get their real-time history rebuilt.
        await rebuildHistory(wh, dataDir, r.import_id, !!g().json);
        return r;
      });
      p.stop();
      out(g(), s, () => summaryLines(s));
    } catch (e) { p.stop(); fail(e, g()); }
  });

const knowledge = program.command('knowledge').description('知识库（两库批次、ICD 字典） / knowledge');
knowledge.command('import')
  .description('导入官方知识库文件 / import official knowledge files')
  .argument('<files...>', '文件或目录 / files or folders')
  .option('--label <label>', '版本名称 / set label')
  .option('--encoding <name>', 'CSV 编码（默认自动识别）')
  .action(async (files: string[], o: { label?: string; encoding?: string }) => {
    try {
      if (await importDrgSchemeIfDir(files, o, g())) return;
      const paths = files.flatMap((f) => (statSync(f).isDirectory()
        ? readdirSync(f).sort().map((n) => join(f, n)).filter((p) => statSync(p).isFile()) : [f]));
      const r = await withWarehouse(g(), (wh) => importKnowledge(wh, paths, {
        label: o.label, encoding: o.encoding, onProgress: g().json ? undefined : (m) => process.stderr.write(`${m}\n`) }));
      out(g(), r, () => knowledgeLines(r));
    } catch (e) { fail(e, g()); }
  });
knowledge.command('list')
  .description('列出知识库版本 / list knowledge sets')
  .action(async () => {
    try {
      const sets = await withWarehouse(g(), (wh) => listKnowledgeSets(wh));
      out(g(), sets, () => sets.map((s) => `#${s.setId} ${s.label} ${s.importedAt} 生效：${s.effectiveKinds.join('、') || '—'}`));
    } catch (e) { fail(e, g()); }
  });

program.command('status')
  .description('显示已装载的数据 / show what is loaded')
  .action(async () => {
    try {
      const s = await withWarehouse(g(), (wh) => regionStatus(wh));
      out(g(), s, () => statusLines(s));
    } catch (e) { fail(e, g()); }
  });

program.command('demo')
  .description('生成演示地区数据（可选同时导入） / generate a demo region')
  .option('--out <dir>', '输出目录（默认 <data-dir>/demo）')
  .option('--persons <n>', '参保人数', '20000')
  .option('--months <n>', '月数', '12')
  .option('--seed <n>', '随机种子', '20230101')
  .option('--import', '生成后导入到数据目录', false)
  .option('--scale <lines>', '基准测试模式：只写一个指定行数的 fee_list_d 文件')
  .option('--encoding <name>', '基准测试文件编码：utf8 或 gbk', 'utf8')
  .action(async (o: Record<string, string | boolean | undefined>) => {
    try {
      if (o.scale) await scaleCommand(g(), o);
      else await demoCommand(g(), o);
    } catch (e) { fail(e, g()); }
  });

program.command('serve')
  .description('启动服务 / serve the API and pages')
  .option('--port <n>', '端口', process.env.PORT ?? '3000')
  .option('--host <host>', '监听地址', process.env.HOST ?? '127.0.0.1')
  .action(async (o: { port: string; host: string }) => {
    try { await serveCommand(g(), o); } catch (e) { fail(e, g()); }
  });

program.command('start')
  .description('首次启动时生成并导入演示地区，然后启动服务 / first start: demo region, then serve')
  .option('--port <n>', '端口', process.env.PORT ?? '3000')
  .option('--host <host>', '监听地址', process.env.HOST ?? '127.0.0.1')
  .option('--persons <n>', '演示地区参保人数', '20000')
  .action(async (o: { port: string; host: string; persons: string }) => {
    try { await startCommand(g(), o); } catch (e) { fail(e, g()); }
  });

registerAuditCommands(program, g);
registerHisCommands(program, g);
registerDrgCommands(program, g);

await program.parseAsync(process.argv);
