/** The plain status page shown at / until the workbench exists: what is loaded, in Chinese. */
import { msg } from '../domain/messages/index.js';
import type { regionStatus } from './app.js';

type Status = Awaited<ReturnType<typeof regionStatus>>;

function esc(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function statusPage(s: Status, version: string): string {
  const none = `<tr><td colspan="4">${esc(msg('server.status.none'))}</td></tr>`;
  const tables = s.tables.map((t) => `<tr><td>${esc(t.label)}（${esc(t.table)}）</td><td class="n">${t.rows.toLocaleString('zh-CN')}</td>
    <td class="n">${t.void_rows ?? ''}</td><td>${t.first ? `${esc(t.first)} ～ ${esc(t.last)}` : ''}</td></tr>`).join('');
  const imports = s.imports.map((i) => `<tr><td>${i.import_id}</td><td>${esc(i.finished_at)}</td>
    <td class="n">${i.rows_loaded.toLocaleString('zh-CN')}</td><td class="n">${i.rows_rejected.toLocaleString('zh-CN')}</td></tr>`).join('');
  const sets = s.knowledge_sets.map((k) => `<tr><td>${k.set_id}</td><td>${esc(k.label)}</td><td>${esc(k.imported_at)}</td>
    <td>${esc(k.effective_kinds.join('、'))}</td></tr>`).join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(msg('server.title'))}</title>
<style>body{font-family:"PingFang SC","Microsoft YaHei",sans-serif;margin:2rem;color:#1f1f1f}table{border-collapse:collapse;margin:1rem 0}
td,th{border:1px solid #ddd;padding:.3rem .6rem}th{background:#f5f7fa}.n{text-align:right}small{color:#666}</style></head><body>
<h1>${esc(msg('server.title'))}</h1><small>v${esc(version)}</small>
<h2>${esc(msg('server.status.heading'))}</h2>
<table><tr><th>${esc(msg('server.status.table'))}</th><th>${esc(msg('server.status.rows'))}</th><th>${esc(msg('server.status.void'))}</th><th>${esc(msg('server.status.period'))}</th></tr>${tables}</table>
<h2>${esc(msg('server.status.imports'))}</h2>
<table><tr><th>#</th><th>完成时间</th><th>入库</th><th>拒绝</th></tr>${imports || none}</table>
<h2>${esc(msg('server.status.knowledge'))}</h2>
<table><tr><th>#</th><th>名称</th><th>导入时间</th><th>生效类别</th></tr>${sets || none}</table>
<p><small>${esc(msg('server.status.note'))}</small></p></body></html>`;
}
