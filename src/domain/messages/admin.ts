/** Messages of the rules, knowledge, audit task, sample, attachment and token APIs. */
import type { Catalogue } from './index.js';

export const ADMIN_MESSAGES: Catalogue = {
  'admin.bad_field': { zh: '请求字段 {field} 不合法：{detail}', en: 'invalid field {field}: {detail}' },

  'admin.job.failed': { zh: '任务失败：{detail}', en: 'the job failed: {detail}' },
  'admin.job.interrupted': {
    zh: '服务重启时该任务尚未完成，已中止；请重新提交',
    en: 'the server restarted before this job finished; it was stopped, please submit it again',
  },
  'admin.job.stopping': { zh: '服务正在停止，任务未执行；请在服务重启后重新提交', en: 'the server is stopping; the job did not run, please submit it again after the restart' },
  'admin.job.not_found': { zh: '未找到任务 {job_id}', en: 'no job {job_id}' },

  'admin.audit.no_data': { zh: '数据仓库中没有结算数据，请先导入', en: 'no settlements are loaded: import an extract first' },

  'admin.rules.not_found': { zh: '未知的规则：{rule_id}', en: 'unknown rule: {rule_id}' },
  'admin.rules.no_version': { zh: '规则 {rule_id} 没有第 {version} 版', en: 'rule {rule_id} has no version {version}' },
  'admin.rules.stale': {
    zh: '规则 {rule_id} 已被他人修改：您看到的是第 {seen} 版，当前为第 {current} 版；请刷新后重试',
    en: 'rule {rule_id} was changed meanwhile: you saw version {seen}, the current one is {current}; reload and try again',
  },
  'admin.rules.unknown_kind': { zh: '规则 {rule_id} 的类型 {kind} 不存在', en: 'rule {rule_id} has an unknown kind {kind}' },
  'admin.rules.bad_param': { zh: '规则 {rule_id} 的参数 {param} 不合法：{detail}', en: 'rule {rule_id}: invalid parameter {param}: {detail}' },
  'admin.rules.rejected': { zh: '规则配置不合法：{detail}', en: 'invalid rule configuration: {detail}' },
  'admin.rules.unknown_in_request': { zh: '未知的规则：{rule_id}', en: 'unknown rule: {rule_id}' },
  'admin.rules.twice': { zh: '规则 {rule_id} 在请求中出现了两次', en: 'rule {rule_id} is given twice' },

  'admin.sample.not_found': { zh: '未找到抽样 {draw_id}', en: 'no sample {draw_id}' },

  'admin.upload.not_multipart': { zh: '请以 multipart/form-data 上传文件', en: 'send the files as multipart/form-data' },
  'admin.upload.no_files': { zh: '请求中没有文件', en: 'the request carries no file' },
  'admin.upload.too_many_files': { zh: '一次最多上传 {max} 个文件', en: 'at most {max} files per request' },
  'admin.upload.too_large': { zh: '文件 {file} 超过 {mb} MB 上限', en: 'the file {file} is larger than {mb} MB' },
  'admin.upload.bad_name': { zh: '文件名不合法：{file}', en: 'invalid file name: {file}' },
  'admin.upload.duplicate': { zh: '文件 {file} 上传了两次', en: 'the file {file} is sent twice' },

  'admin.knowledge.bad_type': {
    zh: '文件 {file} 不是可导入的知识文件（允许：{allowed}）',
    en: 'the file {file} is not an importable knowledge file (allowed: {allowed})',
  },

  'admin.attachment.bad_type': {
    zh: '文件 {file} 的类型不被接受，或内容与扩展名不符（允许：{allowed}）',
    en: 'the file {file} is not an accepted type, or its content does not match its extension (allowed: {allowed})',
  },
  'admin.attachment.not_found': { zh: '未找到附件 {id}', en: 'no attachment {id}' },
  'admin.attachment.unknown': { zh: '附件 {id} 不存在或不是本机构上传的', en: 'attachment {id} does not exist or was not uploaded by your institution' },

  'admin.token.not_found': { zh: '没有有效的令牌 #{id}', en: 'no active token #{id}' },

  'admin.self_check.unrecognised': {
    zh: '无法识别文件 {file}：文件名应以国家表名开头（如 fee_list_d.csv、setl_d.csv、mdtrt_d.csv），格式为 csv、xlsx 或 parquet',
    en: 'cannot recognise the file {file}: its name must start with a national table name (e.g. fee_list_d.csv, setl_d.csv, mdtrt_d.csv) and be csv, xlsx or parquet',
  },
  'admin.self_check.reference_table': {
    zh: '文件 {file} 是参考表 {table}：自查只接收本机构的业务数据表（mdtrt_d、setl_d、fee_list_d、setl_list_diag_d、setl_list_oprn_d）',
    en: 'the file {file} is the reference table {table}: a self-check takes only your own extract tables (mdtrt_d, setl_d, fee_list_d, setl_list_diag_d, setl_list_oprn_d)',
  },
  'admin.self_check.missing_tables': { zh: '自查至少需要这些表的文件：{tables}', en: 'a self-check needs files of these tables at least: {tables}' },
  'admin.self_check.foreign_rows': {
    zh: '上传的数据中有不属于本机构 {own} 的行（或诊断/手术行不属于上传的结算），自查未执行：{rows}',
    en: 'the upload holds rows that are not of your institution {own} (or diagnosis/operation rows of no uploaded settlement); nothing was checked: {rows}',
  },
  'admin.self_check.no_settlements': { zh: '上传的文件中没有有效的结算数据', en: 'the uploaded files hold no valid settlements' },
};
