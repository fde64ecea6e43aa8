/** CLI for the HIS side: per-institution API tokens and the real-time history store. */
import type { Command } from 'commander';
import type { Warehouse } from '../store/warehouse.js';
import { openOpStore } from '../store/opstore.js';
import { resolveDataDir } from '../domain/config.js';
import { createToken, HistoryStore, listTokens, revokeToken } from '../audit/precheck/index.js';
import { fail, out, withWarehouse, type GlobalOptions } from './context.js';

const log = (m: string) => process.stderr.write(`${m}\n`);

/** Rebuilds the history store for the persons an import touched (all persons without an import id). */
export async function rebuildHistory(wh: Warehouse, dataDir: string, importId: number | undefined, quiet: boolean):
  Promise<{ persons: number; seconds: number }> {
  const h = HistoryStore.open(dataDir);
  try {
    const r = await h.rebuild(wh, { importId });
    if (!quiet) log(`实时审核历史库已更新：${r.persons} 人（${r.seconds.toFixed(1)} 秒）`);
    return r;
  } finally {
    await h.close();
  }
}

async function withOps<T>(g: GlobalOptions, fn: (ops: Awaited<ReturnType<typeof openOpStore>>) => Promise<T>): Promise<T> {
  const ops = await openOpStore({ dataDir: resolveDataDir(g.dataDir) });
  try { return await fn(ops); } finally { await ops.close(); }
}

export function registerHisCommands(program: Command, g: () => GlobalOptions): void {
  const token = program.command('token').description('定点机构接口令牌（HIS 调用） / API tokens for institutions\' HIS');
  token.command('create')
    .description('为机构创建新令牌（只显示这一次） / create a token (shown once)')
    .argument('<fixmedins_code>', '定点机构编码')
    .option('--label <label>', '用途说明 / label')
    .action(async (code: string, o: { label?: string }) => {
      try {
        if (!/^[0-9A-Za-z_-]{1,64}$/.test(code)) throw new Error(`机构编码不合法 / invalid fixmedins_code: ${code}`);
        const r = await withOps(g(), (ops) => createToken(ops, code, o.label ?? null, process.env.USER ?? 'cli'));
        out(g(), { token: r.token, ...r.info }, () => [r.token,
          `令牌 #${r.info.token_id}，机构 ${code}。请妥善保存：令牌只显示这一次 / token #${r.info.token_id} for ${code}; it is shown only once.`]);
      } catch (e) { fail(e, g()); }
    });
  token.command('list')
    .description('列出令牌 / list tokens')
    .option('--institution <code>', '只看某机构')
    .action(async (o: { institution?: string }) => {
      try {
        const rows = await withOps(g(), (ops) => listTokens(ops, o.institution));
        out(g(), rows, () => (rows.length ? rows.map((t) => `#${t.token_id} ${t.fixmedins_code} ${t.label ?? ''} 创建 ${t.created_at}`
          + `${t.revoked_at ? ` 已吊销 ${t.revoked_at}` : ' 有效'} 调用 ${t.calls ?? 0} 次${t.last_used_at ? `，最近 ${t.last_used_at}` : ''}`)
          : ['（尚无令牌） / no tokens']));
      } catch (e) { fail(e, g()); }
    });
  token.command('revoke')
    .description('吊销令牌 / revoke a token')
    .argument('<id>', '令牌编号 / token id')
    .action(async (id: string) => {
      try {
        if (!/^\d+$/.test(id)) throw new Error(`令牌编号应为数字 / token id must be a number: ${id}`);
        const ok = await withOps(g(), (ops) => revokeToken(ops, Number(id)));
        if (!ok) throw new Error(`没有有效的令牌 #${id} / no active token #${id}`);
        out(g(), { token_id: Number(id), revoked: true }, () => [`令牌 #${id} 已吊销 / token #${id} revoked`]);
      } catch (e) { fail(e, g()); }
    });

  program.command('history')
    .description('实时审核历史库 / the history store of real-time checks')
    .command('rebuild')
    .description('从数据仓库重建全部人员历史 / rebuild every person\'s history from the warehouse')
    .action(async () => {
      try {
        const r = await withWarehouse(g(), (wh, dataDir) => rebuildHistory(wh, dataDir, undefined, !!g().json));
        out(g(), r, () => [`${r.persons} 人，${r.seconds.toFixed(1)} 秒`]);
      } catch (e) { fail(e, g()); }
    });
}
