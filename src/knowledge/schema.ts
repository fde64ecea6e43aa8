/**
 * The knowledge tables (module 'knowledge'). Every import is a versioned set (kn_set); every
 * knowledge row carries its set, its kind and its source (file, sheet, row). Rules read the
 * kn_effective_* views: per kind, the rows of the newest set that holds that kind.
 */
import type { WarehouseMigration } from '../store/warehouse-schema.js';

export type KnColumnType = 'VARCHAR' | 'INTEGER' | 'BOOLEAN' | 'DECIMAL(18,4)' | 'VARCHAR[]' | 'JSON';

export interface KnColumn {
  name: string;
  type: KnColumnType;
  notNull?: boolean;
}

const HEAD: KnColumn[] = [
  { name: 'set_id', type: 'INTEGER', notNull: true },
  { name: 'kind', type: 'VARCHAR', notNull: true },
];
const SOURCE: KnColumn[] = [
  { name: 'src_file', type: 'VARCHAR', notNull: true },
  { name: 'src_sheet', type: 'VARCHAR' },
  { name: 'src_row', type: 'INTEGER', notNull: true },
];
const AGE: KnColumn[] = [
  { name: 'gend', type: 'VARCHAR' }, // national gend code: '1' 男, '2' 女
  { name: 'age_group', type: 'VARCHAR' },
  { name: 'age_min', type: 'INTEGER' }, // inclusive whole years, when the text states it
  { name: 'age_max', type: 'INTEGER' },
];

/** Column order here is the table's column order (the appender relies on it). */
export const KN_TABLES = {
  kn_drug_restriction: [
    ...HEAD,
    { name: 'hilist_code', type: 'VARCHAR', notNull: true }, // sheet 2 国标代码 / 药品代码
    { name: 'hilist_name', type: 'VARCHAR', notNull: true }, // 药品通用名
    { name: 'code_seq', type: 'VARCHAR' }, // sheet 2 序号
    { name: 'drug_dscr', type: 'VARCHAR' }, // 药品说明
    { name: 'lmt_type', type: 'VARCHAR', notNull: true }, // 限定类型
    { name: 'lmt_value', type: 'VARCHAR', notNull: true }, // 限定对象 / 限定值域 as published
    ...AGE,
    { name: 'insu_type', type: 'VARCHAR' }, // 工伤 / 生育
    { name: 'visit_types', type: 'VARCHAR[]' }, // 住院 / 门诊 / 急诊
    { name: 'hosp_class_min', type: 'INTEGER' }, // 二级 → 2, 三级 → 3
    { name: 'course_days', type: 'INTEGER' }, // 14天 → 14
    ...SOURCE,
    { name: 'lmt_src_file', type: 'VARCHAR', notNull: true }, // the sheet-1 restriction row
    { name: 'lmt_src_sheet', type: 'VARCHAR' },
    { name: 'lmt_src_row', type: 'INTEGER', notNull: true },
  ],
  kn_item_restriction: [
    ...HEAD,
    { name: 'hilist_code', type: 'VARCHAR', notNull: true }, // 国标代码 / 项目编码 / 项目代码
    { name: 'hilist_name', type: 'VARCHAR' }, // 项目名称
    { name: 'item_seq', type: 'VARCHAR' }, // 序号
    { name: 'item_dscr', type: 'VARCHAR' }, // 项目说明
    { name: 'lmt_type', type: 'VARCHAR' }, // 限定类型 (b1, b2)
    { name: 'lmt_value', type: 'VARCHAR' }, // 限定对象 / 限定性别 / 限定值域 (b1, b2)
    ...AGE,
    { name: 'surgery_group', type: 'VARCHAR' }, // b2 手术组
    { name: 'lmt_cnt', type: 'DECIMAL(18,4)' }, // b8-1 限制数量
    { name: 'lmt_cnt_unit', type: 'VARCHAR' }, // b8-1 数量单位 (日, 小时 …)
    { name: 'working_age_only', type: 'BOOLEAN' }, // b8-2
    { name: 'total_days', type: 'INTEGER' }, // b8-3 总时间不超过 N 天
    { name: 'min_interval_days', type: 'INTEGER' }, // b8-3 间隔不短于 N 天
    { name: 'period_max_cnt', type: 'INTEGER' }, // b8-4 频次上限 K (b8-3 每周最多一次)
    { name: 'period_days', type: 'INTEGER' }, // b8-4 疗程周期 D
    { name: 'memo', type: 'VARCHAR' }, // 备注
    { name: 'src_raw', type: 'JSON' }, // the published row, header → text
    ...SOURCE,
  ],
  kn_duplicate_charge: [
    ...HEAD,
    { name: 'dup_seq', type: 'VARCHAR' }, // 序号
    { name: 'frequency', type: 'VARCHAR', notNull: true }, // 频度 as published
    { name: 'freq_scope', type: 'VARCHAR', notNull: true }, // day | visit | hours
    { name: 'freq_hours', type: 'INTEGER' }, // hours window when scope = hours
    { name: 'main_hilist_code', type: 'VARCHAR', notNull: true }, // 主项编码
    { name: 'main_hilist_name', type: 'VARCHAR' },
    { name: 'sub_hilist_code', type: 'VARCHAR', notNull: true }, // 从项编码 (the included item)
    { name: 'sub_hilist_name', type: 'VARCHAR' },
    { name: 'memo', type: 'VARCHAR' },
    ...SOURCE,
  ],
  kn_icd_diagnosis: [
    ...HEAD,
    { name: 'diag_code', type: 'VARCHAR', notNull: true },
    { name: 'diag_name', type: 'VARCHAR', notNull: true },
    ...SOURCE,
  ],
  kn_icd_procedure: [
    ...HEAD,
    { name: 'oprn_oprt_code', type: 'VARCHAR', notNull: true },
    { name: 'oprn_oprt_name', type: 'VARCHAR', notNull: true },
    ...SOURCE,
  ],
} satisfies Record<string, KnColumn[]>;

export type KnTable = keyof typeof KN_TABLES;
export const KN_TABLE_NAMES = Object.keys(KN_TABLES) as KnTable[];

/** The view rules join: kn_drug_restriction → kn_effective_drug_restriction. */
export function effectiveView(table: KnTable): string {
  return table.replace(/^kn_/, 'kn_effective_');
}

function createTable(name: string, cols: KnColumn[]): string {
  return `CREATE TABLE IF NOT EXISTS ${name} (${cols.map((c) => `${c.name} ${c.type}${c.notNull ? ' NOT NULL' : ''}`).join(', ')})`;
}

export const KNOWLEDGE_MIGRATIONS: WarehouseMigration[] = [
  {
    version: 1,
    statements: () => [
      `CREATE TABLE IF NOT EXISTS kn_set (
        set_id INTEGER PRIMARY KEY, label VARCHAR NOT NULL, imported_at TIMESTAMP NOT NULL,
        content_sha256 VARCHAR NOT NULL UNIQUE, files JSON NOT NULL, row_counts JSON NOT NULL)`,
      ...KN_TABLE_NAMES.map((t) => createTable(t, KN_TABLES[t])),
      // Newest set per kind: a set that holds no row of a kind leaves that kind's knowledge as it was.
      ...KN_TABLE_NAMES.map((t) => `CREATE OR REPLACE VIEW ${effectiveView(t)} AS
        SELECT * FROM ${t} QUALIFY set_id = max(set_id) OVER (PARTITION BY kind)`),
      `CREATE OR REPLACE VIEW kn_effective_kind AS
        SELECT kind, max(set_id) AS set_id FROM (
          ${KN_TABLE_NAMES.map((t) => `SELECT DISTINCT kind, set_id FROM ${t}`).join(' UNION ALL ')}
        ) GROUP BY kind`,
    ],
  },
];
