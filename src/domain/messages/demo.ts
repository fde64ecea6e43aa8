import type { Catalogue } from './index.js';

/** Texts of the demo region generator (progress lines and option errors). */
export const DEMO_MESSAGES: Catalogue = {
  'demo.progress.persons': {
    zh: '参保人员 {done}/{total}，费用明细 {lines} 条', en: 'Persons {done}/{total}, fee lines {lines}',
  },
  'demo.progress.cases': {
    zh: '已注入案例 {n} 个（违规 {violation} 个，边界 {boundary} 个）',
    en: 'Injected {n} cases ({violation} violations, {boundary} boundary cases)',
  },
  'demo.progress.knowledge': { zh: '知识库文件已写入：{n} 个', en: 'Knowledge files written: {n}' },
  'demo.progress.done': {
    zh: '演示地区：{persons} 人，就诊 {visits} 次，费用明细 {lines} 条，{mb} MB',
    en: 'Demo region: {persons} persons, {visits} visits, {lines} fee lines, {mb} MB',
  },
  'demo.drg.label': { zh: '演示DRG分组方案（非国家分组方案）', en: 'Demo DRG scheme (not the national scheme)' },
  'demo.drg.scheme': {
    zh: '演示DRG分组方案已导入为知识集 #{setId}：{mdcs} 个 MDC、{adrgs} 个 ADRG、{drgs} 个 DRG，自检样例 {matched}/{samples} 一致',
    en: 'Demo DRG scheme imported as knowledge set #{setId}: {mdcs} MDCs, {adrgs} ADRGs, {drgs} DRGs, self-check {matched}/{samples} samples agree',
  },
  'demo.drg.grouped': {
    zh: 'DRG 分组批次 #{runId}：住院结算 {cases} 份，入组 {grouped}（{groupedPct}），未入组 {ungrouped}（{ungroupedPct}），'
      + '不予分组 {rejected}（{rejectedPct}），涉及 {drgs} 个 DRG',
    en: 'DRG grouping run #{runId}: {cases} inpatient settlements, {grouped} grouped ({groupedPct}), {ungrouped} not grouped '
      + '({ungroupedPct}), {rejected} rejected ({rejectedPct}), {drgs} DRGs',
  },
  'demo.scale.progress': { zh: '已写入 {done}/{total} 行', en: 'Written {done}/{total} lines' },
  'demo.error.persons': { zh: '参保人数必须是正整数：{value}', en: 'persons must be a positive integer: {value}' },
  'demo.error.months': { zh: '月数必须是 1 到 60 之间的整数：{value}', en: 'months must be an integer from 1 to 60: {value}' },
  'demo.error.seed': { zh: '随机种子必须是整数：{value}', en: 'seed must be an integer: {value}' },
  'demo.error.start': { zh: '起始日期格式应为 YYYY-MM-DD：{value}', en: 'start must be a date YYYY-MM-DD: {value}' },
  'demo.error.notDir': { zh: '输出路径不是文件夹：{path}', en: 'The output path is not a folder: {path}' },
  'demo.error.lines': { zh: '行数必须是非负整数：{value}', en: 'lines must be a non-negative integer: {value}' },
};
