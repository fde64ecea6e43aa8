/**
 * The synthetic two-libraries knowledge of the demo region (the rows, not the layout): which
 * catalogue drugs and items carry which restriction. Background visits use these items only in
 * ways the restriction allows; the injected cases break them on purpose.
 */
import { CATALOG, item, type Item } from './catalog.js';

export interface DrugRule {
  drug: string;
  dscr: string;
  value: string;
}

export interface ItemRule {
  item: string;
  dscr: string;
  value: string;
}

export const DRUG_GENDER: DrugRule[] = [
  { drug: '前列宁通胶囊', dscr: '清热利湿，化瘀通淋。用于前列腺增生所致的尿频、尿急、排尿不畅。', value: '男' },
  { drug: '益肾强精片', dscr: '补肾益精。用于男子肾虚精亏所致的腰膝酸软、神疲乏力。', value: '男' },
  { drug: '睾酮十一酸酯胶囊', dscr: '用于男性性腺功能减退症的睾酮替代治疗。', value: '男' },
  { drug: '宫宁止血颗粒', dscr: '活血化瘀，固冲止血。用于妇女月经过多、经期延长属血瘀证者。', value: '女' },
  { drug: '妇康调经丸', dscr: '养血调经。用于妇女月经不调、经行腹痛。', value: '女' },
  { drug: '乳癖消散片', dscr: '软坚散结，活血消痈。用于乳腺增生属痰瘀互结证者。', value: '女' },
];

export const DRUG_AGE: DrugRule[] = [
  { drug: '小儿清肺止咳口服液', dscr: '清热宣肺，止咳化痰。用于小儿肺热咳嗽、痰多。', value: '儿童' },
  { drug: '小儿清热退烧颗粒', dscr: '疏风解表，清热解毒。用于小儿外感风热所致的发热、咽痛。', value: '儿童' },
  { drug: '儿童维生素AD软胶囊', dscr: '用于预防和治疗儿童维生素A及维生素D缺乏症。', value: '儿童' },
];

export const DRUG_INSURANCE: DrugRule[] = [
  { drug: '烧伤修复软膏', dscr: '工伤保险目录用药', value: '工伤' },
  { drug: '瘢痕软化乳膏', dscr: '工伤保险目录用药', value: '工伤' },
  { drug: '缩宫助产注射液', dscr: '生育保险目录用药', value: '生育' },
  { drug: '产后益母颗粒', dscr: '生育保险目录用药', value: '生育' },
];

export const DRUG_VISIT_TYPE: DrugRule[] = [
  { drug: '复方氨基酸营养注射液', dscr: '需经营养风险筛查，明确具有营养风险且不能经饮食补充足够营养的住院患者方予支付。', value: '住院' },
  { drug: '中长链脂肪乳注射液', dscr: '需经营养风险筛查，明确具有营养风险且不能经饮食补充足够营养的住院患者方予支付。', value: '住院' },
  { drug: '醒脑开窍注射液', dscr: '限中风昏迷、脑外伤昏迷的住院患者。', value: '住院' },
];

export const DRUG_LEVEL: DrugRule[] = [
  { drug: '丹红通络注射液', dscr: '限在二级及以上医疗机构使用。', value: '二级' },
  { drug: '益气扶正注射液', dscr: '限二级及以上医疗机构肿瘤患者。', value: '二级' },
  { drug: '注射用鼠神经营养因子', dscr: '限三级医疗机构神经损伤患者。', value: '三级' },
];

export const DRUG_COURSE: DrugRule[] = [
  { drug: '脑络通注射液', dscr: '限新发的急性缺血性脑卒中患者，支付不超过14天。', value: '14天' },
  { drug: '抗栓通脉注射液', dscr: '限急性血栓性脑梗死患者，支付不超过15天。', value: '15天' },
  { drug: '注射用心衰速宁', dscr: '限急性失代偿性心力衰竭的短期治疗，单次住院支付不超过3天。', value: '3天' },
  { drug: '乳癌靶向单抗注射液', dscr: '限HER2阳性乳腺癌患者，支付不超过12个月。', value: '365天' },
];

export const ITEM_GENDER: ItemRule[] = [
  { item: '子宫输卵管造影术', dscr: '女性泌尿生殖系统相关检查', value: '女' },
  { item: '阴道镜检查', dscr: '女性生殖系统相关检查', value: '女' },
  { item: '宫颈细胞学检查', dscr: '女性生殖系统相关检验', value: '女' },
  { item: '子宫肌瘤剔除术', dscr: '女性生殖系统相关手术操作', value: '女' },
  { item: '附件切除术', dscr: '女性生殖系统相关手术操作', value: '女' },
  { item: '剖宫产术', dscr: '女性生产相关手术操作', value: '女' },
  { item: '经直肠前列腺超声', dscr: '男性泌尿生殖系统相关检查', value: '男' },
  { item: '输精管精囊造影', dscr: '男性泌尿生殖系统相关检查', value: '男' },
  { item: '精液常规检查', dscr: '男性生殖系统相关检验', value: '男' },
  { item: '前列腺按摩', dscr: '男性泌尿生殖系统相关治疗', value: '男' },
  { item: '经尿道前列腺电切术', dscr: '男性泌尿生殖系统相关手术操作', value: '男' },
  { item: '睾丸鞘膜翻转术', dscr: '男性生殖系统相关手术操作', value: '男' },
];

export const ITEM_AGE: ItemRule[] = [
  { item: '小儿推拿', dscr: '', value: '儿童' },
  { item: '儿童智力测定', dscr: '', value: '儿童' },
  { item: '新生儿抚触', dscr: '', value: '新生儿' },
  { item: '新生儿听力筛查', dscr: '', value: '新生儿' },
  { item: '婴幼儿健康体检', dscr: '', value: '婴幼儿' },
];

export const SURGERY_GROUP_DSCR = '经同一切口进行的两种及以上不同手术，第二及以后的手术应按规定折价计收';
export const SECONDARY_RATE_PCT = 50;

export const SURGERY_GROUPS: ItemRule[] = [
  { item: '腹腔镜胆囊切除术', dscr: SURGERY_GROUP_DSCR, value: '肝胆手术组' },
  { item: '胆总管探查术', dscr: SURGERY_GROUP_DSCR, value: '肝胆手术组' },
  { item: '肝部分切除术', dscr: SURGERY_GROUP_DSCR, value: '肝胆手术组' },
  { item: '阑尾切除术', dscr: SURGERY_GROUP_DSCR, value: '胃肠手术组' },
  { item: '腹腔镜阑尾切除术', dscr: SURGERY_GROUP_DSCR, value: '胃肠手术组' },
  { item: '肠粘连松解术', dscr: SURGERY_GROUP_DSCR, value: '胃肠手术组' },
  { item: '胃大部切除术', dscr: SURGERY_GROUP_DSCR, value: '胃肠手术组' },
  { item: '经尿道前列腺电切术', dscr: SURGERY_GROUP_DSCR, value: '男性生殖系统手术组' },
  { item: '睾丸鞘膜翻转术', dscr: SURGERY_GROUP_DSCR, value: '男性生殖系统手术组' },
  { item: '子宫肌瘤剔除术', dscr: SURGERY_GROUP_DSCR, value: '女性生殖系统手术组' },
  { item: '附件切除术', dscr: SURGERY_GROUP_DSCR, value: '女性生殖系统手术组' },
];

export interface DuplicateRule {
  freq: string;
  main: string;
  sub: string;
  memo: string;
}

export const DUPLICATES: DuplicateRule[] = [
  { freq: '单日', main: '重症监护', sub: '住院诊查费', memo: '含监护、床位、诊查、护理' },
  { freq: '单日', main: '重症监护', sub: '普通病房床位费', memo: '含监护、床位、诊查、护理' },
  { freq: '单日', main: '重症监护', sub: '二级护理', memo: '含监护、床位、诊查、护理' },
  { freq: '单日', main: '重症监护', sub: '一级护理', memo: '含监护、床位、诊查、护理' },
  { freq: '单日', main: '中换药', sub: '小换药', memo: '含同部位各类换药' },
  { freq: '单日', main: '动态血压监测', sub: '血压测量', memo: '含血压测量' },
  { freq: '单次就诊', main: '经尿道前列腺电切术', sub: '膀胱镜检查', memo: '含术中膀胱镜检查' },
  { freq: '单次就诊', main: '腹腔镜胆囊切除术', sub: '诊断性腹腔镜检查', memo: '含腹腔镜探查' },
];

export const FREQUENCY: { item: string; cnt: number; unit: string }[] = [
  { item: '门急诊留观诊查费', cnt: 1, unit: '日' },
  { item: '住院诊查费', cnt: 1, unit: '日' },
  { item: '重症监护', cnt: 1, unit: '日' },
  { item: '病房取暖费', cnt: 1, unit: '日' },
  { item: '血液透析', cnt: 1, unit: '日' },
];

export const WORKING_AGE: { item: string; memo: string }[] = [
  { item: '职业康复训练', memo: '参保人年龄超出法定就业年龄的不予支付' },
];

export const ITEM_COURSE: { item: string; memo: string }[] = [
  { item: '减重步态训练', memo: '支付不超过30天。' },
  { item: '平衡功能训练', memo: '支付不超过30天。' },
  { item: '手功能评定', memo: '总时间不超过90天，评定间隔时间不短于14天。' },
  { item: '职业康复训练', memo: '支付不超过90天。' },
];

export const ITEM_PERIOD: { item: string; cnt: number; days: number; memo: string }[] = [
  { item: '血清果糖胺测定', cnt: 1, days: 7, memo: '果糖胺反映近2至3周的平均血糖水平，短期内重复检测意义有限。' },
  { item: '糖化血红蛋白测定', cnt: 1, days: 15, memo: '糖化血红蛋白反映近2至3个月的平均血糖水平，短期内重复检测意义有限。' },
  { item: '手功能评定', cnt: 1, days: 14, memo: '评定间隔时间不短于14天。' },
  { item: '康复评定', cnt: 1, days: 14, memo: '两次评定间隔时间不短于14天。' },
];

/** Configurable indication table (not a national batch): drug → allowed ICD-10 prefixes. */
export const INDICATIONS: { drug: string; prefixes: string[]; note: string }[] = [
  { drug: '碳酸钙D3片', prefixes: ['M80', 'M81', 'M82'], note: '限骨质疏松症患者' },
];

const ALL_DRUG_RULES = [DRUG_GENDER, DRUG_AGE, DRUG_INSURANCE, DRUG_VISIT_TYPE, DRUG_LEVEL, DRUG_COURSE];

/** Codes of every drug under a restriction: their fee lines carry lmt_used_flag '1'. */
export const RESTRICTED_CODES: ReadonlySet<string> = new Set([
  ...ALL_DRUG_RULES.flat().flatMap((r) => item(r.drug).drug?.codes ?? []),
  ...INDICATIONS.flatMap((r) => item(r.drug).drug?.codes ?? []),
]);

/** Every knowledge row names a catalogue item: fail fast on a typo. */
export function checkKnowledgeNames(): void {
  const names: string[] = [
    ...ALL_DRUG_RULES.flat().map((r) => r.drug), ...ITEM_GENDER.map((r) => r.item), ...ITEM_AGE.map((r) => r.item),
    ...SURGERY_GROUPS.map((r) => r.item), ...DUPLICATES.flatMap((r) => [r.main, r.sub]),
    ...FREQUENCY.map((r) => r.item), ...WORKING_AGE.map((r) => r.item), ...ITEM_COURSE.map((r) => r.item),
    ...ITEM_PERIOD.map((r) => r.item), ...INDICATIONS.map((r) => r.drug),
  ];
  for (const n of names) item(n);
}

export function drugItem(name: string): Item {
  const i = item(name);
  if (!i.drug) throw new Error(`${name} is not a drug`);
  return i;
}

export { CATALOG };
