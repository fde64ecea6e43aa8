/** Plain-text renderings of command results (Chinese). */
import type { KnowledgeImportReport } from '../knowledge/index.js';
import type { regionStatus } from '../server/app.js';

type Status = Awaited<ReturnType<typeof regionStatus>>;

export function statusLines(s: Status): string[] {
  const lines = ['数据表：'];
  for (const t of s.tables) {
    const period = t.first ? `  ${t.first} ～ ${t.last}` : '';
    const voids = t.void_rows ? `（作废 ${t.void_rows}）` : '';
    lines.push(`  ${t.label.padEnd(8, '　')} ${t.table.padEnd(17)} ${String(t.rows).padStart(12)} 行${voids}${period}`);
  }
  lines.push('最近导入：');
  if (s.imports.length === 0) lines.push('  （尚无）');
  for (const i of s.imports) lines.push(`  #${i.import_id} ${i.finished_at} 入库 ${i.rows_loaded} 拒绝 ${i.rows_rejected}  ${i.source ?? ''}`);
  lines.push('知识库版本：');
  if (s.knowledge_sets.length === 0) lines.push('  （尚无）');
  for (const k of s.knowledge_sets) lines.push(`  #${k.set_id} ${k.label} ${k.imported_at} 生效：${k.effective_kinds.join('、') || '—'}`);
  return lines;
}

export function knowledgeLines(r: KnowledgeImportReport): string[] {
  const lines = [r.alreadyLoaded
    ? `知识库内容已装载（版本 #${r.setId}），未新建版本。`
    : `知识库版本 #${r.setId}「${r.label}」：入库 ${r.rowsLoaded} 条，不可用 ${r.rowsRejected} 条。`];
  for (const f of r.files) {
    lines.push(`  ${f.fileName}：${f.kinds.join('、')}，读取 ${f.rowsRead} 行，入库 ${f.rowsLoaded}，跳过 ${f.rowsSkipped}，不可用 ${f.rejected.length}`);
    for (const x of f.rejected.slice(0, 20)) lines.push(`    ${x.sheet ?? ''} 第 ${x.row} 行：${x.reason}`);
    if (f.rejected.length > 20) lines.push(`    ……另有 ${f.rejected.length - 20} 行`);
  }
  return lines;
}
