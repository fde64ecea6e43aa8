import type { Catalogue } from './index.js';

export const DRG_MESSAGES: Catalogue = {
  // Records the input check refuses to group (result DRG 0000, status rejected).
  'drg.reject.missing_sex': { zh: '病案缺少性别，不能分组', en: 'The record has no sex; it cannot be grouped' },
  'drg.reject.missing_diagnoses': {
    zh: '病案缺少诊断（无主诊断），不能分组',
    en: 'The record has no diagnoses (no main diagnosis); it cannot be grouped',
  },
  'drg.reject.newborn_without_weight': {
    zh: '新生儿（0 岁且日龄 ≤ 28 天）未填写出生体重，不能分组',
    en: 'A newborn (age 0 years, at most 28 days) without a birth weight cannot be grouped',
  },

  // Grouping outcome.
  'drg.grouped': { zh: '入组 {drg} {name}', en: 'Grouped into {drg} {name}' },
  'drg.ungrouped.noMdc': {
    zh: '未入组：主诊断及手术不符合任何主要诊断大类（MDC）的条件',
    en: 'Not grouped: the main diagnosis and procedures meet the conditions of no major diagnostic category (MDC)',
  },
  'drg.ungrouped.noAdrg': {
    zh: '未入组：已进入 {mdcs}，但不符合其中任何核心疾病诊断相关分组（ADRG）的条件',
    en: 'Not grouped: entered {mdcs} but met the conditions of none of their base DRGs (ADRG)',
  },
  'drg.cc.mcc': { zh: '严重并发症或合并症（MCC）', en: 'major complication or comorbidity (MCC)' },
  'drg.cc.cc': { zh: '并发症或合并症（CC）', en: 'complication or comorbidity (CC)' },

  // Conditions, as shown in an explanation.
  'drg.cond.mainDiagIn': { zh: '主诊断属于列表 {list}', en: 'The main diagnosis is in list {list}' },
  'drg.cond.anyDiagIn': { zh: '任一诊断属于列表 {list}', en: 'A diagnosis is in list {list}' },
  'drg.cond.mainProcIn': { zh: '主手术操作属于列表 {list}', en: 'The main procedure is in list {list}' },
  'drg.cond.anyProcIn': { zh: '任一手术操作属于列表 {list}', en: 'A procedure is in list {list}' },
  'drg.cond.not': { zh: '不满足：{inner}', en: 'Not: {inner}' },
  'drg.cond.sexEq': { zh: '性别为 {value}', en: 'Sex is {value}' },
  'drg.cond.ageYearsEq': { zh: '年龄为 {value} 岁', en: 'Age is {value} years' },
  'drg.cond.ageDaysLte': { zh: '日龄 ≤ {value} 天', en: 'Age in days ≤ {value}' },
  'drg.cond.weightGramsGt': { zh: '出生体重 > {value} 克', en: 'Birth weight > {value} g' },
  'drg.cond.weightGramsGte': { zh: '出生体重 ≥ {value} 克', en: 'Birth weight ≥ {value} g' },
  'drg.cond.weightGramsLt': { zh: '出生体重 < {value} 克', en: 'Birth weight < {value} g' },
  'drg.cond.procGroups': {
    zh: '手术操作（列表 {list}）覆盖组合 {anyOf} 之一',
    en: 'The procedures (list {list}) cover one of the group combinations {anyOf}',
  },
  'drg.cond.diagRegionsAtLeast': {
    zh: '诊断涉及至少 {min} 个不同的创伤部位（{regions}）',
    en: 'The diagnoses cover at least {min} distinct body regions ({regions})',
  },
  'drg.cond.always': { zh: '无条件', en: 'Always' },
  'drg.cond.hasMcc': { zh: '伴严重并发症或合并症（MCC）', en: 'With a major complication or comorbidity (MCC)' },
  'drg.cond.hasMccOrCc': { zh: '伴并发症或合并症（MCC 或 CC）', en: 'With a complication or comorbidity (MCC or CC)' },

  // Errors loading a scheme (nothing is compiled).
  'drg.scheme.fileNotFound': { zh: '找不到 DRG 分组方案文件：{file}', en: 'DRG scheme file not found: {file}' },
  'drg.scheme.badJson': { zh: '无法解析 JSON 文件 {file}：{detail}', en: 'Cannot parse the JSON file {file}: {detail}' },
  'drg.scheme.invalid': { zh: '{file} 中 {path} 有误：{detail}', en: '{file}, {path}: {detail}' },
  'drg.scheme.notObject': {
    zh: '{file} 中 {path} 应为仅含一个键的条件对象',
    en: '{file}, {path}: a condition must be an object with exactly one key',
  },
  'drg.scheme.unknownKind': {
    zh: '{file} 中 {path} 是无法识别的条件类型“{kind}”',
    en: '{file}, {path}: unknown condition kind "{kind}"',
  },
  'drg.scheme.unknownList': {
    zh: '{file} 中 {path} 引用的列表“{list}”在 code-lists.json 中不存在',
    en: '{file}, {path}: the list "{list}" does not exist in code-lists.json',
  },
  'drg.scheme.notCodeList': {
    zh: '{file} 中 {path} 引用的“{list}”不是编码列表（应为数组）',
    en: '{file}, {path}: "{list}" is not a code list (an array is expected)',
  },
  'drg.scheme.notRegionMap': {
    zh: '{file} 中 {path} 引用的“{list}”不是部位对照表（应为 {编码: 部位} 对象）',
    en: '{file}, {path}: "{list}" is not a region map (an object {code: region} is expected)',
  },
  'drg.scheme.lastDrgNotAlways': {
    zh: '{file} 中 {path}：ADRG {adrg} 的最后一个 DRG（{drg}）的条件必须是 always',
    en: '{file}, {path}: the last DRG of ADRG {adrg} ({drg}) must have the condition always',
  },
  'drg.scheme.duplicateCode': {
    zh: '{file} 中 {path}：编码 {code} 重复（已见于 {first}）',
    en: '{file}, {path}: the code {code} occurs twice (first at {first})',
  },
  'drg.scheme.missingName': {
    zh: 'drg-names.json 中缺少 DRG {drg} 的名称（{file} {path}）',
    en: 'drg-names.json has no name for the DRG {drg} ({file}, {path})',
  },
  'drg.scheme.groupLengths': {
    zh: '{file} 中 {path}：列表 {codes}（{n} 项）与 {groupOf}（{m} 项）长度不一致',
    en: '{file}, {path}: the lists {codes} ({n} entries) and {groupOf} ({m} entries) differ in length',
  },
  'drg.scheme.groupConflict': {
    zh: '{file} 中 {path}：手术 {code} 在 {groupOf} 中对应多个组别（{labels}）',
    en: '{file}, {path}: the procedure {code} has several group labels in {groupOf} ({labels})',
  },
  'drg.scheme.unknownLabel': {
    zh: '{file} 中 {path}：组别“{label}”在列表 {groupOf} 中不存在',
    en: '{file}, {path}: the group label "{label}" does not occur in the list {groupOf}',
  },
};
