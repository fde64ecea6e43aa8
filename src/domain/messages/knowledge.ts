import type { Catalogue } from './index.js';

export const KNOWLEDGE_MESSAGES: Catalogue = {
  // Errors that stop an import (nothing is written).
  'knowledge.error.noFiles': { zh: '没有指定要导入的知识文件', en: 'No knowledge files given' },
  'knowledge.error.fileNotFound': { zh: '找不到文件：{file}', en: 'File not found: {file}' },
  'knowledge.error.emptyFile': { zh: '文件为空：{file}', en: 'The file is empty: {file}' },
  'knowledge.error.binary': {
    zh: '文件 {file} 不是 Excel、CSV 或 JSON 文件（含二进制内容）',
    en: 'The file {file} is not an Excel, CSV or JSON file (binary content)',
  },
  'knowledge.error.corruptXlsx': {
    zh: '无法读取 Excel 文件 {file}：文件已损坏或不是 xlsx 格式（{detail}）',
    en: 'Cannot read the Excel file {file}: it is corrupt or not in xlsx format ({detail})',
  },
  'knowledge.error.legacyXls': {
    zh: '文件 {file} 是旧版 .xls 格式，请在 Excel 中另存为 .xlsx 后再导入',
    en: 'The file {file} is in the old .xls format; save it as .xlsx in Excel and import it again',
  },
  'knowledge.error.badCsv': { zh: '无法解析 CSV 文件 {file}：{detail}', en: 'Cannot parse the CSV file {file}: {detail}' },
  'knowledge.error.badJson': { zh: '无法解析 JSON 文件 {file}：{detail}', en: 'Cannot parse the JSON file {file}: {detail}' },
  'knowledge.error.badEncoding': {
    zh: '不支持的字符编码“{encoding}”（文件 {file}）',
    en: 'Unsupported character encoding "{encoding}" (file {file})',
  },
  'knowledge.error.unrecognised': {
    zh: '无法识别文件 {file} 的内容：既不是两库知识批次（表头：{header}），也不是 ICD 诊断或手术操作字典',
    en: 'Cannot recognise the content of {file}: neither a two-libraries knowledge batch (header: {header}) nor an ICD diagnosis or procedure dictionary',
  },
  'knowledge.error.noDrugRestrictions': {
    zh: '药品限定条件表 {file}中没有可识别的限定类型',
    en: 'The drug restriction sheet {file} has no recognised 限定类型',
  },
  'knowledge.error.unpairedCodes': {
    zh: '药品国标代码表 {file}找不到对应的限定条件表（药品通用名、限定类型须一致），请一并导入该批次的两个工作表',
    en: 'The drug code list {file} has no matching restriction sheet (same drug names and 限定类型); import both sheets of the batch together',
  },
  'knowledge.error.unpairedRestrictions': {
    zh: '药品限定条件表 {file}找不到对应的国标代码表，请一并导入该批次的两个工作表',
    en: 'The drug restriction sheet {file} has no matching code list; import both sheets of the batch together',
  },
  'knowledge.error.sameName': {
    zh: '有两个内容不同的文件都名为 {file}，知识行按文件名引用来源，请先重命名其中一个',
    en: 'Two different files are both named {file}; knowledge rows cite their source by file name, so rename one of them',
  },
  'knowledge.error.noRows': {
    zh: '所选文件中没有可导入的知识行',
    en: 'None of the files holds a usable knowledge row',
  },

  // Rows that could not be used (reported, not loaded).
  'knowledge.reject.emptyCode': { zh: '编码为空', en: 'The code is empty' },
  'knowledge.reject.emptyName': { zh: '名称为空', en: 'The name is empty' },
  'knowledge.reject.emptyValue': { zh: '限定值为空', en: 'The restriction value is empty' },
  'knowledge.reject.emptyUnit': { zh: '数量单位为空', en: 'The quantity unit is empty' },
  'knowledge.reject.unknownLmtType': { zh: '无法识别的限定类型“{value}”', en: 'Unrecognised 限定类型 "{value}"' },
  'knowledge.reject.badGender': { zh: '无法识别的性别限定“{value}”（应为男或女）', en: 'Unrecognised sex restriction "{value}" (expected 男 or 女)' },
  'knowledge.reject.badAge': { zh: '无法识别的年龄限定“{value}”', en: 'Unrecognised age restriction "{value}"' },
  'knowledge.reject.badInsuType': { zh: '无法识别的保险类型“{value}”', en: 'Unrecognised insurance type "{value}"' },
  'knowledge.reject.badVisitType': { zh: '无法识别的就医方式“{value}”（应为住院、门诊或急诊）', en: 'Unrecognised visit type "{value}" (expected 住院, 门诊 or 急诊)' },
  'knowledge.reject.badHospLevel': { zh: '无法识别的机构等级“{value}”', en: 'Unrecognised institution level "{value}"' },
  'knowledge.reject.badCourseDays': { zh: '无法解析的支付疗程“{value}”（应如“14天”）', en: 'Unparseable payment course "{value}" (expected e.g. 14天)' },
  'knowledge.reject.badFrequency': { zh: '无法识别的频度“{value}”', en: 'Unrecognised frequency (频度) "{value}"' },
  'knowledge.reject.badLimitCount': { zh: '无法解析的限制数量“{value}”', en: 'Unparseable limit quantity "{value}"' },
  'knowledge.reject.badPeriodCount': { zh: '无法解析的频次上限“{value}”', en: 'Unparseable frequency limit "{value}"' },
  'knowledge.reject.badPeriodDays': { zh: '无法解析的疗程周期“{value}”', en: 'Unparseable period "{value}"' },
  'knowledge.reject.badRemark': {
    zh: '无法从备注“{value}”中解析疗程或就业年龄限定',
    en: 'Cannot read a course or working-age restriction from the remark "{value}"',
  },
  'knowledge.reject.badDiagCode': { zh: '编码“{value}”不符合 ICD-10 医保版诊断编码格式', en: 'The code "{value}" is not an ICD-10 医保版 diagnosis code' },
  'knowledge.reject.badProcCode': { zh: '编码“{value}”不符合 ICD-9-CM-3 医保版手术操作编码格式', en: 'The code "{value}" is not an ICD-9-CM-3 医保版 procedure code' },
  'knowledge.reject.noRestriction': {
    zh: '药品“{name}”在限定条件表（第一个工作表）中没有限定条件',
    en: 'The drug "{name}" has no restriction on the restriction sheet (sheet 1)',
  },
  'knowledge.reject.noCodes': {
    zh: '药品“{name}”在国标代码表（第二个工作表）中没有代码',
    en: 'The drug "{name}" has no national code on the code sheet (sheet 2)',
  },
  'knowledge.reject.restrictionUnusable': {
    zh: '对应的限定条件行（第 {row} 行）无法使用',
    en: 'Its restriction row (row {row}) could not be used',
  },
  'knowledge.reject.duplicate': {
    zh: '与 {file} 第 {row} 行重复',
    en: 'Duplicate of {file} row {row}',
  },

  // Notes and progress.
  'knowledge.note.sheetIgnored': {
    zh: '工作表“{sheet}”的内容无法识别，已跳过',
    en: 'The sheet "{sheet}" was not recognised and was skipped',
  },
  'knowledge.progress.read': { zh: '读取 {file}', en: 'Reading {file}' },
  'knowledge.progress.write': { zh: '写入知识集“{label}”：{rows} 行', en: 'Writing knowledge set "{label}": {rows} rows' },
  'knowledge.progress.done': { zh: '知识集 {setId} 已导入：{rows} 行，{rejected} 行无法使用', en: 'Knowledge set {setId} imported: {rows} rows, {rejected} unusable rows' },
  'knowledge.progress.alreadyLoaded': {
    zh: '相同内容已作为知识集 {setId}（{label}）导入，未重复导入',
    en: 'The same content is already loaded as knowledge set {setId} ({label}); nothing imported',
  },
  'knowledge.set.defaultLabel': { zh: '两库知识 {date}', en: 'Knowledge {date}' },

  // Kind names, for reports and pages.
  'knowledge.kind.drug-gender': { zh: '药品限定性别（第一批）', en: 'Drug: sex restriction (batch 1)' },
  'knowledge.kind.drug-age': { zh: '药品限定年龄（第一批）', en: 'Drug: age restriction (batch 1)' },
  'knowledge.kind.drug-insurance-type': { zh: '药品限定保险类型（第三批）', en: 'Drug: insurance type (batch 3)' },
  'knowledge.kind.drug-visit-type': { zh: '药品限定就医方式（第四批）', en: 'Drug: visit type (batch 4)' },
  'knowledge.kind.drug-institution-level': { zh: '药品限定机构等级（第五批）', en: 'Drug: institution level (batch 5)' },
  'knowledge.kind.drug-course-days': { zh: '药品限定支付疗程（第六批）', en: 'Drug: payment course (batch 6)' },
  'knowledge.kind.item-gender': { zh: '项目限定性别（第一批）', en: 'Item: sex restriction (batch 1)' },
  'knowledge.kind.item-age': { zh: '项目限定年龄（第一批）', en: 'Item: age restriction (batch 1)' },
  'knowledge.kind.item-surgery-group': { zh: '限定主次操作（第二批）', en: 'Item: primary/secondary surgery (batch 2)' },
  'knowledge.kind.item-duplicate-charge': { zh: '重复收费（第七批）', en: 'Item: duplicate charge (batch 7)' },
  'knowledge.kind.item-frequency': { zh: '项目限定频次（第八批）', en: 'Item: daily frequency (batch 8-1)' },
  'knowledge.kind.item-working-age': { zh: '项目限定就业年龄（第八批）', en: 'Item: working age (batch 8-2)' },
  'knowledge.kind.item-course': { zh: '项目限支付疗程（第八批）', en: 'Item: payment course (batch 8-3)' },
  'knowledge.kind.item-period': { zh: '项目限定周期频次（第八批）', en: 'Item: frequency per period (batch 8-4)' },
  'knowledge.kind.icd-diagnosis': { zh: 'ICD-10 医保版诊断', en: 'ICD-10 医保版 diagnoses' },
  'knowledge.kind.icd-procedure': { zh: 'ICD-9-CM-3 医保版手术操作', en: 'ICD-9-CM-3 医保版 procedures' },
};
