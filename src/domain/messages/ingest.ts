import type { Catalogue } from './index.js';

export const INGEST_MESSAGES: Catalogue = {
  'ingest.empty_file': { zh: '文件 {file} 为空（没有表头）', en: 'file {file} is empty (no header row)' },
  'ingest.no_header': { zh: '文件 {file} 第 1 行不是表头', en: 'file {file}: line 1 is not a header row' },
  'ingest.unreadable_file': { zh: '无法读取文件 {file}：{detail}', en: 'cannot read file {file}: {detail}' },
  'ingest.missing_columns': {
    zh: '文件 {file}（{table}）缺少必需列：{columns}',
    en: 'file {file} ({table}) lacks required columns: {columns}',
  },
  'ingest.duplicate_columns': { zh: '文件 {file} 表头中列名重复：{columns}', en: 'file {file} repeats header columns: {columns}' },
  'ingest.no_files': {
    zh: '{dir} 中没有可识别的文件（按文件名前缀识别：mdtrt_d、setl_d、fee_list_d、setl_list_diag_d、setl_list_oprn_d、psn_info、fixmedins_info、dr_info、price_catalog；格式 csv/txt/tsv/xlsx/parquet）',
    en: 'no recognised files in {dir} (recognised by name prefix: mdtrt_d, setl_d, fee_list_d, setl_list_diag_d, setl_list_oprn_d, psn_info, fixmedins_info, dr_info, price_catalog; formats csv/txt/tsv/xlsx/parquet)',
  },
  'ingest.not_found': { zh: '找不到 {path}', en: '{path} not found' },
  'ingest.failed': { zh: '导入失败，数据未作任何改动：{detail}', en: 'import failed, nothing was changed: {detail}' },
  'ingest.reject.bad_number': { zh: '不是有效的数值', en: 'not a valid number' },
  'ingest.reject.bad_date': { zh: '无法解析的日期/时间', en: 'unparseable date/time' },
  'ingest.reject.missing_key': { zh: '主键字段为空', en: 'key field is empty' },
  'ingest.reject.wrong_columns': {
    zh: '列数与表头不符（应为 {expected} 列，实际 {found} 列）',
    en: 'column count differs from the header (expected {expected}, found {found})',
  },
  'ingest.reject.bad_encoding': { zh: '字符编码错误', en: 'invalid character encoding' },
  'ingest.reject.bad_row': { zh: '无法解析的记录（{detail}）', en: 'unparseable record ({detail})' },
  'ingest.stage.transcode': { zh: '转码', en: 'transcoding' },
  'ingest.stage.read': { zh: '读取', en: 'reading' },
  'ingest.stage.validate': { zh: '校验', en: 'validating' },
  'ingest.stage.merge': { zh: '写入', en: 'writing' },
  'ingest.summary.title': { zh: '导入批次 {import_id} 完成，用时 {seconds} 秒', en: 'Import {import_id} done in {seconds} s' },
  'ingest.summary.file': {
    zh: '{file} → {table}：读取 {read} 行，入库 {loaded}（替换 {replaced}），拒绝 {rejected}，文件内重复 {duplicate}，作废标记 {void}',
    en: '{file} → {table}: read {read}, loaded {loaded} (replaced {replaced}), rejected {rejected}, duplicates in file {duplicate}, void {void}',
  },
  'ingest.summary.skipped': { zh: '未识别、已跳过：{files}', en: 'not recognised, skipped: {files}' },
  'ingest.summary.unknown_columns': { zh: '{file}：忽略非国家标准列 {columns}', en: '{file}: ignored non-national columns {columns}' },
  'ingest.summary.rejects': { zh: '被拒记录明细见 {path}', en: 'rejected records are listed in {path}' },
};
