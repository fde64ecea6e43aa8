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

  // The scheme as a versioned knowledge set (scheme-store.ts).
  'drg.store.defaultLabel': { zh: 'DRG 分组方案 {version}（{date}）', en: 'DRG scheme {version} ({date})' },
  'drg.store.imported': {
    zh: 'DRG 分组方案已导入为知识集 #{setId}「{label}」：{mdcs} 个 MDC、{adrgs} 个 ADRG、{drgs} 个 DRG（{version}，sha256 {hash}）',
    en: 'DRG scheme imported as knowledge set #{setId} "{label}": {mdcs} MDCs, {adrgs} ADRGs, {drgs} DRGs ({version}, sha256 {hash})',
  },
  'drg.store.alreadyLoaded': {
    zh: '内容相同的 DRG 分组方案已装载（知识集 #{setId}「{label}」），未新建版本',
    en: 'A DRG scheme with the same content is already loaded (knowledge set #{setId} "{label}"); no new set was created',
  },
  'drg.store.selfCheck': {
    zh: '自检：samples.csv 共 {samples} 条，{matched} 条分组结果与预期一致',
    en: 'Self-check: {matched} of the {samples} rows of samples.csv give the expected DRG',
  },
  'drg.store.selfCheckMismatch': {
    zh: '警告：{mismatches} 条与 samples.csv 的预期不一致，例如 {examples}',
    en: 'Warning: {mismatches} rows differ from the expected DRG of samples.csv, e.g. {examples}',
  },
  'drg.store.badSamples': { zh: '无法读取自检样例 {file}：{detail}', en: 'Cannot read the self-check samples {file}: {detail}' },
  'drg.store.noScheme': {
    zh: '尚未导入 DRG 分组方案，请先运行 fundguard knowledge import <方案目录>',
    en: 'No DRG scheme has been imported; run fundguard knowledge import <scheme folder> first',
  },
  'drg.store.setNotFound': { zh: '知识集 #{setId} 不是 DRG 分组方案', en: 'Knowledge set #{setId} is not a DRG scheme' },

  // Grouping the warehouse (group-run.ts) and its command.
  'drg.stage.read': { zh: '读取住院病案', en: 'reading inpatient records' },
  'drg.stage.group': { zh: '分组', en: 'grouping' },
  'drg.stage.store': { zh: '写入分组结果', en: 'storing results' },
  'drg.run.badDate': { zh: '日期格式应为 YYYY-MM-DD：{value}', en: 'A date must be YYYY-MM-DD: {value}' },
  'drg.run.badPeriod': { zh: '开始日期 {from} 晚于结束日期 {to}', en: 'The start {from} is after the end {to}' },
  'drg.run.noCases': { zh: '期间内没有住院结算：{from} ～ {to}', en: 'No inpatient settlements in the period {from} to {to}' },
  'drg.cli.group.title': {
    zh: 'DRG 分组批次 #{runId}：{from} ～ {to}，方案 {version}（知识集 #{setId}），用时 {seconds} 秒，{rate} 份/秒',
    en: 'DRG grouping run #{runId}: {from} to {to}, scheme {version} (knowledge set #{setId}), {seconds} s, {rate} records/s',
  },
  'drg.cli.group.counts': {
    zh: '住院结算 {cases} 份：入组 {grouped}（{groupedPct}），未入组 {ungrouped}（{ungroupedPct}），不予分组 {rejected}（{rejectedPct}）',
    en: '{cases} inpatient settlements: {grouped} grouped ({groupedPct}), {ungrouped} not grouped ({ungroupedPct}), {rejected} rejected ({rejectedPct})',
  },
  'drg.cli.group.reason': { zh: '  不予分组：{reason}：{n} 份', en: '  rejected: {reason}: {n}' },
  'drg.cli.group.top': { zh: '病例数最多的病组：', en: 'DRGs with the most cases:' },
  'drg.cli.group.topLine': { zh: '  {drg} {name}：{n} 份', en: '  {drg} {name}: {n}' },
  'drg.cli.group.stages': {
    zh: '各阶段用时：读取 {read} 秒，分组 {group} 秒，写入 {store} 秒',
    en: 'Stages: read {read} s, group {group} s, store {store} s',
  },
  'drg.cli.out': { zh: '明细已写入：{path}（{rows} 行）', en: 'Details written to {path} ({rows} rows)' },
  'drg.cli.badFormat': { zh: '不支持的输出格式：{format}（可用 csv、xlsx、jsonl）', en: 'Unsupported output format: {format} (csv, xlsx, jsonl)' },

  // drg explain.
  'drg.explain.notFound': {
    zh: '找不到住院结算 {setl_id}（或其已作废、已冲销、不是住院）',
    en: 'No inpatient settlement {setl_id} (or it is void, refunded or not inpatient)',
  },
  'drg.explain.title': { zh: '结算 {setl_id}（就诊 {mdtrt_id}，机构 {fixmedins_code}，出院 {dscg_date}）', en: 'Settlement {setl_id} (visit {mdtrt_id}, institution {fixmedins_code}, discharged {dscg_date})' },
  'drg.explain.record': {
    zh: '病案：性别 {sex}，年龄 {age_years} 岁，日龄 {age_days} 天，出生体重 {weight} 克',
    en: 'Record: sex {sex}, age {age_years} years, {age_days} days, birth weight {weight} g',
  },
  'drg.explain.diagnoses': { zh: '诊断（主诊断在前）：{codes}', en: 'Diagnoses (main first): {codes}' },
  'drg.explain.procedures': { zh: '手术操作（主手术在前）：{codes}', en: 'Procedures (main first): {codes}' },
  'drg.explain.scheme': { zh: '分组方案：{version}（知识集 #{setId}）', en: 'Scheme: {version} (knowledge set #{setId})' },
  'drg.explain.result': { zh: '结果：{message}', en: 'Result: {message}' },
  'drg.explain.stored': { zh: '已存分组结果（批次 #{runId}）：{drg}（{status}）', en: 'Stored result (run #{runId}): {drg} ({status})' },
  'drg.status.grouped': { zh: '入组', en: 'grouped' },
  'drg.status.ungrouped': { zh: '未入组', en: 'not grouped' },
  'drg.status.rejected': { zh: '不予分组', en: 'rejected' },
  'drg.explain.mdcEntered': { zh: '进入 {code}：{conditions}', en: 'Entered {code}: {conditions}' },
  'drg.explain.mdcSkipped': { zh: '未进入 {code}：{conditions}', en: 'Not entered {code}: {conditions}' },
  'drg.explain.adrgTried': { zh: '  {mark} 核心组 {code}：{conditions}', en: '  {mark} ADRG {code}: {conditions}' },
  'drg.explain.drgTried': { zh: '    {mark} 病组 {code} {name}：{conditions}', en: '    {mark} DRG {code} {name}: {conditions}' },
  'drg.explain.mainGroup': { zh: '主诊断排除组：{group}', en: 'Main diagnosis exclusion group: {group}' },
  'drg.explain.counted': { zh: '计入的并发症：{list}', en: 'Complications counted: {list}' },
  'drg.explain.excluded': { zh: '被主诊断排除的并发症：{list}', en: 'Complications excluded by the main diagnosis: {list}' },
  'drg.explain.none': { zh: '无', en: 'none' },
  'drg.explain.matched': { zh: '（命中 {codes}）', en: ' (matched {codes})' },

  // Settlement and shadow run (settle-run.ts) and their commands.
  'drg.settle.noCases': {
    zh: '期间 {from} ～ {to} 没有已分组的住院结算，请先运行 fundguard drg group',
    en: 'No grouped inpatient settlements in {from} to {to}; run fundguard drg group first',
  },
  'drg.settle.badParams': { zh: '无法读取参数文件 {file}：{detail}', en: 'Cannot read the parameter file {file}: {detail}' },
  'drg.settle.defaultBudget': {
    zh: '未给出 last_year_budget_fen：以本期入组病例按项目支付的统筹基金 {budget} 元为上年预算，增长率 {growth}',
    en: 'No last_year_budget_fen given: the fund paid by item for the grouped cases of the period ({budget} yuan) is taken as last year\'s budget, growth {growth}',
  },
  'drg.cli.settle.title': {
    zh: '{kind}批次 #{runId}：{from} ～ {to}，病例 {cases} 份（入组 {grouped}，未入组 {ungrouped}），用时 {seconds} 秒',
    en: '{kind} run #{runId}: {from} to {to}, {cases} cases ({grouped} grouped, {ungrouped} not grouped), {seconds} s',
  },
  'drg.cli.settle.kind.settle': { zh: 'DRG 点数法结算', en: 'DRG point settlement' },
  'drg.cli.settle.kind.shadow': { zh: 'DRG 模拟运行', en: 'DRG shadow run' },
  'drg.cli.settle.money': {
    zh: '预算 {budget} 元，总点数 {points}，点值 {pointValue} 元/点；DRG 支付 {payment} 元，尾差 {remainder} 元；按项目已付 {already} 元，差额 {balance} 元',
    en: 'Budget {budget} yuan, {points} points, point value {pointValue} yuan/point; DRG payment {payment} yuan, remainder {remainder} yuan; paid by item {already} yuan, balance {balance} yuan',
  },
  'drg.cli.settle.cases': {
    zh: '病例类型：正常 {normal}，高倍率 {high}，低倍率 {low}，未入组 {ungrouped}',
    en: 'Case types: {normal} normal, {high} high-cost, {low} low-cost, {ungrouped} not grouped',
  },
  'drg.cli.settle.institution': {
    zh: '  {code}：{cases} 份，点数 {points}，DRG 支付 {payment} 元，已付 {already} 元，差额 {balance} 元',
    en: '  {code}: {cases} cases, {points} points, DRG payment {payment} yuan, paid {already} yuan, balance {balance} yuan',
  },
  'drg.cli.settle.winners': { zh: '盈余最多的机构：', en: 'Institutions gaining most:' },
  'drg.cli.settle.losers': { zh: '亏损最多的机构：', en: 'Institutions losing most:' },
  'drg.cli.settle.stages': {
    zh: '各阶段用时：读取 {read} 秒，计算 {compute} 秒，保存 {store} 秒，报表 {report} 秒',
    en: 'Stages: read {read} s, compute {compute} s, store {store} s, report {report} s',
  },

  // HIS pre-grouping endpoint (drg-his-routes.ts).
  'drg.api.no_scheme': {
    zh: 'DRG 预分组暂不可用：尚未装载分组方案，请医保局先导入 DRG 分组方案',
    en: 'DRG pre-grouping is not available: no grouping scheme is loaded yet; the bureau must import one first',
  },
  'drg.api.two_main': { zh: '只能有一个主{what}', en: 'Only one main {what} is allowed' },
};
