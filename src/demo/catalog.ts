/**
 * The demo region's catalogue: drugs (western and Chinese patent, herbs), medical service items
 * and consumables, with national-shaped codes, prices and the facts the visit generator needs
 * (pack size, dose, what a line of it means). Synthetic and fixed: it does not depend on the seed.
 */
import { Rng } from './rng.js';
import { p4Of, scaledPrice } from './money.js';

export type ListType = '101' | '102' | '201' | '301';
export type Lv = '01' | '02' | '03';
export type Freq = 'qd' | 'bid' | 'tid';
export const FREQ_PER_DAY: Record<Freq, number> = { qd: 1, bid: 2, tid: 3 };

export interface DrugInfo {
  /** 通用名 part of the national code: every code of the drug starts with it. */
  prefix: string;
  /** All national codes of the drug (manufacturers, specs); codes[0] is the usual one. */
  codes: string[];
  form: string;
  spec: string;
  /** Dose units in one pack (片, 粒, 袋, 支 …). */
  packUnits: number;
  unitWord: string;
  doseUnits: number;
  freq: Freq;
  route: string;
  /** Days one pack lasts at the stated dose. */
  daysPerPack: number;
  /** Sold by the single unit (injections): cnt is units and pric per unit. */
  perUnit: boolean;
}

export interface Item {
  code: string;
  name: string;
  listType: ListType;
  chrgType: string;
  lv: Lv;
  /** 乙类 先行自付 percent. */
  selfPct: number;
  /** Unit price (1/10000 yuan). Services: the class-3 highest price. */
  p4: number;
  /** Services: highest price by institution class 1, 2, 3. */
  maxByClass: [number, number, number];
  unit: string;
  tags: ReadonlySet<string>;
  drug?: DrugInfo;
}

function tagSet(s: string): ReadonlySet<string> {
  return new Set(s.split(/\s+/).filter(Boolean));
}

// ---- services: chapter code, name, med_chrgitm_type, chrgitm_lv, class-3 price, unit, tags
const SERVICES: [string, string, string, Lv, string, string, string][] = [
  ['001101000010000', '普通门诊诊查费', '02', '01', '10.00', '次', 'consult-otp'],
  ['001101000020000', '副主任医师门诊诊查费', '02', '01', '20.00', '次', 'consult-otp consult-senior'],
  ['001101000050000', '急诊诊查费', '02', '01', '15.00', '次', 'consult-er'],
  ['001101000060000', '一般诊疗费', '12', '01', '10.00', '次', 'consult-primary'],
  ['001102000050000', '住院诊查费', '02', '01', '20.00', '日', 'consult-ipt perday'],
  ['001102000040000', '门急诊留观诊查费', '02', '01', '15.00', '日', 'unused'],
  ['001109000010000', '普通病房床位费', '01', '01', '40.00', '日', 'bed perday'],
  ['001104000020000', '二级护理', '07', '01', '25.00', '日', 'nursing perday'],
  ['001104000010000', '一级护理', '07', '01', '40.00', '日', 'nursing1 perday'],
  ['001103000010000', '重症监护', '07', '01', '260.00', '日', 'icu'],
  ['001107000010000', '病房取暖费', '14', '01', '5.00', '日', 'unused'],
  ['002501010010000', '血细胞分析', '04', '01', '20.00', '次', 'lab lab-cbc'],
  ['002502010010000', '尿液分析', '04', '01', '10.00', '次', 'lab lab-urine'],
  ['002503010010000', '肝功能检测', '04', '01', '60.00', '次', 'lab lab-liver'],
  ['002503020010000', '葡萄糖测定', '04', '01', '6.00', '次', 'lab lab-glucose'],
  ['002503020030000', '糖化血红蛋白测定', '04', '01', '55.00', '次', 'lab hba1c'],
  ['002503020020000', '血清果糖胺测定', '04', '01', '20.00', '次', 'unused'],
  ['002503030010000', '血脂四项测定', '04', '01', '35.00', '次', 'lab lab-lipid'],
  ['002504010010000', '肾功能检测', '04', '01', '40.00', '次', 'lab lab-renal'],
  ['002505010010000', 'C反应蛋白测定', '04', '01', '25.00', '次', 'lab lab-crp'],
  ['002506010010000', '凝血功能检查', '04', '01', '60.00', '次', 'lab lab-coag'],
  ['002507010010000', '肿瘤标志物测定', '04', '02', '120.00', '次', 'lab lab-tumour'],
  ['002508010010000', '宫颈细胞学检查', '04', '01', '60.00', '次', 'lab female'],
  ['002508010020000', '精液常规检查', '04', '01', '40.00', '次', 'unused male'],
  ['002509010010000', '粪便常规检查', '04', '01', '8.00', '次', 'lab lab-stool'],
  ['002201010010000', '常规心电图检查', '03', '01', '25.00', '次', 'exam ecg'],
  ['002204000010000', '动态血压监测', '03', '01', '150.00', '次', 'unused'],
  ['002204000020000', '血压测量', '03', '01', '5.00', '次', 'unused'],
  ['002202010010000', '腹部彩色多普勒超声', '03', '01', '150.00', '次', 'imaging us-abd'],
  ['002202010020000', '心脏彩色多普勒超声', '03', '01', '200.00', '次', 'imaging us-heart'],
  ['002202020010000', '经直肠前列腺超声', '03', '01', '120.00', '次', 'imaging male us-prostate'],
  ['002101020010000', '头颅CT平扫', '03', '01', '180.00', '次', 'imaging ct-head'],
  ['002101020020000', '胸部CT平扫', '03', '01', '200.00', '次', 'imaging ct-chest'],
  ['002103010010000', '腰椎磁共振平扫', '03', '02', '500.00', '次', 'imaging mri-spine'],
  ['002101010010000', '胸部X线摄影', '03', '01', '60.00', '次', 'exam xray'],
  ['002101030390000', '子宫输卵管造影术', '03', '01', '300.00', '次', 'female case-only'],
  ['002101030380000', '输精管精囊造影', '03', '01', '280.00', '次', 'unused male'],
  ['003107020010000', '电子胃镜检查', '03', '02', '300.00', '次', 'exam gastroscopy'],
  ['003107020020000', '膀胱镜检查', '03', '01', '200.00', '次', 'unused'],
  ['003113000010000', '阴道镜检查', '03', '01', '80.00', '次', 'exam female colposcopy'],
  ['003310030090000', '诊断性腹腔镜检查', '03', '01', '500.00', '次', 'unused'],
  ['001201000010000', '静脉注射', '05', '01', '5.00', '次', 'treat iv-push'],
  ['001201000070000', '静脉采血', '05', '01', '3.00', '次', 'treat blood-draw'],
  ['003101000020000', '心电监测', '03', '01', '5.00', '小时', 'exam monitor'],
  ['003101000030000', '血氧饱和度监测', '03', '01', '3.00', '小时', 'exam monitor'],
  ['002503020040000', '快速血糖测定', '04', '01', '8.00', '次', 'lab lab-glucose-fast'],
  ['001201000020000', '静脉输液', '05', '01', '10.00', '次', 'treat infusion'],
  ['001201000030000', '肌肉注射', '05', '01', '3.00', '次', 'treat im'],
  ['001201000040000', '雾化吸入', '05', '01', '15.00', '次', 'treat nebul'],
  ['001202000010000', '持续吸氧', '05', '01', '30.00', '日', 'treat oxygen'],
  ['001203000020000', '中换药', '05', '01', '25.00', '次', 'treat dressing'],
  ['001203000010000', '小换药', '05', '01', '15.00', '次', 'case-only'],
  ['001203000030000', '清创缝合术', '05', '01', '80.00', '次', 'treat suture'],
  ['003105010010000', '血液透析', '05', '01', '400.00', '次', 'unused'],
  ['004100000010000', '普通针刺', '05', '01', '20.00', '次', 'treat tcm'],
  ['004100000020000', '艾灸', '05', '01', '15.00', '次', 'treat tcm'],
  ['004200000010000', '推拿治疗', '05', '01', '35.00', '次', 'treat tcm'],
  ['004200000020000', '小儿推拿', '05', '01', '30.00', '次', 'treat kid-tcm'],
  ['004300000010000', '拔罐', '05', '01', '10.00', '次', 'treat tcm'],
  ['003402000360000', '儿童智力测定', '03', '01', '60.00', '次', 'unused'],
  ['003112020010000', '新生儿抚触', '05', '01', '20.00', '次', 'unused'],
  ['003112020020000', '新生儿听力筛查', '03', '01', '50.00', '次', 'unused'],
  ['001301000010000', '婴幼儿健康体检', '03', '01', '80.00', '次', 'unused'],
  ['003106010010000', '前列腺按摩', '05', '01', '20.00', '次', 'unused male'],
  ['003401010010000', '红外线治疗', '05', '01', '10.00', '次', 'treat rehab physio'],
  ['003401020010000', '中频脉冲电治疗', '05', '01', '15.00', '次', 'treat rehab physio'],
  ['003401030010000', '超声波治疗', '05', '01', '15.00', '次', 'treat rehab physio'],
  ['003402000010000', '运动疗法', '05', '01', '40.00', '次', 'treat rehab'],
  ['003402000020000', '偏瘫肢体综合训练', '05', '01', '50.00', '次', 'treat rehab'],
  ['003402000030000', '关节松动训练', '05', '01', '30.00', '次', 'treat rehab'],
  ['003402000040000', '作业疗法', '05', '01', '35.00', '次', 'treat rehab'],
  ['003402000100000', '言语训练', '05', '01', '35.00', '次', 'treat rehab'],
  ['003402000110000', '吞咽功能障碍训练', '05', '01', '40.00', '次', 'treat rehab'],
  ['003402000060000', '平衡功能训练', '05', '01', '30.00', '次', 'treat rehab course-item'],
  ['003402000070000', '减重步态训练', '05', '01', '45.00', '次', 'treat rehab case-only'],
  ['003402000080000', '手功能评定', '05', '01', '30.00', '次', 'unused'],
  ['003402000090000', '职业康复训练', '05', '01', '40.00', '次', 'treat case-only'],
  ['003402000120000', '康复评定', '05', '01', '40.00', '次', 'treat rehab-assess'],
  ['003310030010000', '腹腔镜胆囊切除术', '06', '01', '1800.00', '次', 'surgery'],
  ['003310030020000', '胆总管探查术', '06', '01', '1500.00', '次', 'surgery case-only'],
  ['003310030030000', '肝部分切除术', '06', '01', '3000.00', '次', 'unused'],
  ['003309010010000', '阑尾切除术', '06', '01', '900.00', '次', 'surgery'],
  ['003309010020000', '腹腔镜阑尾切除术', '06', '01', '1300.00', '次', 'surgery'],
  ['003309010030000', '肠粘连松解术', '06', '01', '1000.00', '次', 'surgery case-only'],
  ['003309020010000', '胃大部切除术', '06', '01', '2600.00', '次', 'unused'],
  ['003309030010000', '腹股沟疝修补术', '06', '01', '1100.00', '次', 'surgery'],
  ['003312010010000', '经尿道前列腺电切术', '06', '01', '2000.00', '次', 'surgery male'],
  ['003312010020000', '睾丸鞘膜翻转术', '06', '01', '800.00', '次', 'unused male'],
  ['003313010010000', '子宫肌瘤剔除术', '06', '01', '1800.00', '次', 'surgery female'],
  ['003313010030000', '附件切除术', '06', '01', '1500.00', '次', 'unused female'],
  ['003313020010000', '剖宫产术', '06', '01', '1200.00', '次', 'surgery female case-only'],
  ['003315010010000', '股骨骨折切开复位内固定术', '06', '01', '2200.00', '次', 'surgery'],
  ['003315020010000', '人工全髋关节置换术', '06', '01', '3500.00', '次', 'surgery'],
  ['003308010010000', '冠状动脉造影术', '06', '01', '1200.00', '次', 'surgery'],
  ['003308010020000', '经皮冠状动脉支架置入术', '06', '01', '3000.00', '次', 'surgery'],
  ['003314000010000', '白内障超声乳化摘除术', '06', '01', '1500.00', '次', 'surgery'],
  ['003303000010000', '全身麻醉', '06', '01', '600.00', '次', 'anaes'],
  ['003303000020000', '椎管内麻醉', '06', '01', '400.00', '次', 'anaes'],
  ['003303000030000', '局部浸润麻醉', '06', '01', '50.00', '次', 'anaes'],
  ['001201000090000', '中药饮片代煎', '14', '03', '3.00', '剂', 'decoct'],
];

// ---- consumables: category (2 digits), name, chrgitm_lv, 先行自付 %, price, unit, tags
const CONSUMABLES: [string, string, Lv, number, string, string, string][] = [
  ['14', '一次性使用输液器', '01', 0, '2.50', '套', 'basic infusion-set'],
  ['14', '一次性使用无菌注射器', '01', 0, '0.80', '支', 'basic syringe'],
  ['14', '静脉留置针', '02', 10, '25.00', '支', 'basic cannula'],
  ['14', '医用脱脂纱布', '01', 0, '3.00', '包', 'basic gauze'],
  ['14', '一次性使用导尿管', '01', 0, '12.00', '根', 'basic catheter'],
  ['02', '腹腔镜用穿刺器', '02', 20, '800.00', '套', 'lap-trocar'],
  ['01', '冠状动脉药物洗脱支架', '02', 20, '6800.00', '个', 'high-value stent'],
  ['01', '冠状动脉球囊扩张导管', '02', 20, '1800.00', '根', 'high-value balloon'],
  ['01', '冠状动脉导引导丝', '02', 10, '600.00', '根', 'high-value guidewire'],
  ['03', '髋关节假体', '02', 30, '18000.00', '套', 'high-value hip'],
  ['03', '接骨板', '02', 20, '4500.00', '块', 'high-value plate'],
  ['03', '骨科接骨螺钉', '02', 20, '300.00', '枚', 'screw'],
  ['08', '人工晶状体', '02', 20, '1800.00', '个', 'high-value iol'],
  ['14', '医用外科口罩', '03', 0, '1.50', '个', 'unused'],
];

// ---- drugs: name, X|Z, class, form, strength, pack units, unit word, dose units, freq, route,
// price per pack (per unit when sold by the unit), lv, 先行自付 %, per-unit?, tags
type DrugRow = [string, 'X' | 'Z', string, string, string, number, string, number, Freq, string, string, Lv, number,
  boolean, string];
const DRUGS: DrugRow[] = [
  ['阿莫西林胶囊', 'X', 'J01CA', '胶囊剂', '0.25g', 24, '粒', 2, 'tid', '口服', '9.80', '01', 0, false, 'resp uti'],
  ['头孢克洛胶囊', 'X', 'J01DC', '胶囊剂', '0.25g', 12, '粒', 1, 'tid', '口服', '18.50', '02', 10, false, 'resp'],
  ['阿奇霉素片', 'X', 'J01FA', '片剂', '0.25g', 6, '片', 2, 'qd', '口服', '16.80', '01', 0, false, 'resp er'],
  ['布洛芬缓释胶囊', 'X', 'M01AE', '胶囊剂', '0.3g', 10, '粒', 1, 'bid', '口服', '12.00', '01', 0, false, 'pain resp otc'],
  ['对乙酰氨基酚片', 'X', 'N02BE', '片剂', '0.5g', 12, '片', 1, 'tid', '口服', '3.50', '01', 0, false, 'pain resp otc'],
  ['复方氨酚烷胺片', 'X', 'N02BE', '片剂', '复方', 12, '片', 1, 'bid', '口服', '9.90', '03', 0, false, 'resp otc'],
  ['氯雷他定片', 'X', 'R06AX', '片剂', '10mg', 6, '片', 1, 'qd', '口服', '15.60', '01', 0, false, 'skin otc'],
  ['奥美拉唑肠溶胶囊', 'X', 'A02BC', '胶囊剂', '20mg', 14, '粒', 1, 'bid', '口服', '12.40', '01', 0, false, 'gi'],
  ['铝碳酸镁咀嚼片', 'X', 'A02AD', '片剂', '0.5g', 24, '片', 2, 'tid', '口服', '19.80', '02', 10, false, 'gi otc'],
  ['蒙脱石散', 'X', 'A07BC', '散剂', '3g', 9, '袋', 1, 'tid', '口服', '14.50', '01', 0, false, 'gi er otc diarrhoea'],
  ['左氧氟沙星片', 'X', 'J01MA', '片剂', '0.5g', 4, '片', 1, 'qd', '口服', '22.00', '01', 0, false, 'uti'],
  ['双氯芬酸钠缓释片', 'X', 'M01AB', '片剂', '75mg', 6, '片', 1, 'qd', '口服', '8.60', '01', 0, false, 'pain'],
  ['塞来昔布胶囊', 'X', 'M01AH', '胶囊剂', '0.2g', 6, '粒', 1, 'qd', '口服', '12.90', '02', 10, false, 'pain'],
  ['多潘立酮片', 'X', 'A03FA', '片剂', '10mg', 18, '片', 1, 'tid', '口服', '11.20', '01', 0, false, 'gi'],
  ['甲硝唑阴道泡腾片', 'X', 'G01AF', '片剂', '0.2g', 7, '片', 1, 'qd', '阴道给药', '9.60', '01', 0, false, 'vaginitis'],
  ['盐酸氨溴索片', 'X', 'R05CB', '片剂', '30mg', 18, '片', 1, 'tid', '口服', '7.80', '01', 0, false, 'resp'],
  ['复方甘草片', 'X', 'R05DA', '片剂', '复方', 24, '片', 2, 'tid', '口服', '4.20', '01', 0, false, 'resp otc'],
  ['清瘟解毒胶囊', 'Z', 'A01AA', '胶囊剂', '0.35g', 24, '粒', 4, 'tid', '口服', '14.80', '01', 0, false, 'resp er otc'],
  ['蓝芩口服液', 'Z', 'A01AB', '合剂', '10ml', 12, '支', 2, 'tid', '口服', '28.00', '02', 10, false, 'resp'],
  ['板蓝根颗粒', 'Z', 'A01CB', '颗粒剂', '10g', 18, '袋', 1, 'tid', '口服', '12.00', '01', 0, false, 'resp otc'],
  ['藿香正气水', 'Z', 'A06AA', '酊剂', '10ml', 6, '支', 1, 'bid', '口服', '8.50', '01', 0, false, 'gi otc er'],
  ['胃泰和中颗粒', 'Z', 'A04BA', '颗粒剂', '20g', 12, '袋', 1, 'bid', '口服', '18.60', '02', 5, false, 'gi'],
  ['舒筋活血片', 'Z', 'A06BA', '片剂', '0.37g', 60, '片', 5, 'tid', '口服', '12.00', '01', 0, false, 'pain'],
  ['麝香壮骨膏', 'Z', 'D04AA', '贴膏剂', '7cm×10cm', 6, '贴', 1, 'qd', '外用', '9.80', '01', 0, false, 'pain otc'],
  ['小儿清肺止咳口服液', 'Z', 'A04CA', '合剂', '10ml', 12, '支', 2, 'tid', '口服', '26.00', '02', 10, false, 'kid-resp'],
  ['小儿清热退烧颗粒', 'Z', 'A01BA', '颗粒剂', '5g', 12, '袋', 2, 'tid', '口服', '18.00', '01', 0, false, 'kid-resp'],
  ['儿童维生素AD软胶囊', 'X', 'A11CB', '胶囊剂', '1500IU', 30, '粒', 1, 'qd', '口服', '21.00', '02', 10, false, 'unused'],
  ['前列宁通胶囊', 'Z', 'D05AA', '胶囊剂', '0.4g', 42, '粒', 2, 'tid', '口服', '36.00', '02', 10, false, 'bph'],
  ['益肾强精片', 'Z', 'D05BA', '片剂', '0.3g', 36, '片', 2, 'tid', '口服', '32.00', '02', 10, false, 'unused'],
  ['睾酮十一酸酯胶囊', 'X', 'G03BA', '胶囊剂', '40mg', 14, '粒', 1, 'bid', '口服', '58.00', '02', 10, false, 'unused'],
  ['宫宁止血颗粒', 'Z', 'D02AA', '颗粒剂', '10g', 14, '袋', 1, 'bid', '口服', '24.00', '02', 10, false, 'case-only'],
  ['妇康调经丸', 'Z', 'D01AA', '丸剂', '6g', 12, '袋', 1, 'bid', '口服', '22.00', '02', 10, false, 'unused'],
  ['乳癖消散片', 'Z', 'D03BA', '片剂', '0.34g', 36, '片', 3, 'tid', '口服', '26.00', '02', 10, false, 'unused'],
  ['苯磺酸氨氯地平片', 'X', 'C08CA', '片剂', '5mg', 28, '片', 1, 'qd', '口服', '24.00', '01', 0, false, 'htn'],
  ['缬沙坦胶囊', 'X', 'C09CA', '胶囊剂', '80mg', 14, '粒', 1, 'qd', '口服', '28.50', '02', 5, false, 'htn'],
  ['硝苯地平控释片', 'X', 'C08CA', '片剂', '30mg', 14, '片', 1, 'qd', '口服', '33.00', '01', 0, false, 'htn'],
  ['盐酸二甲双胍片', 'X', 'A10BA', '片剂', '0.5g', 42, '片', 1, 'tid', '口服', '8.40', '01', 0, false, 'dm'],
  ['格列美脲片', 'X', 'A10BB', '片剂', '2mg', 28, '片', 1, 'qd', '口服', '26.00', '02', 5, false, 'dm'],
  ['阿卡波糖片', 'X', 'A10BF', '片剂', '50mg', 42, '片', 1, 'tid', '口服', '45.00', '02', 5, false, 'dm'],
  ['阿司匹林肠溶片', 'X', 'B01AC', '片剂', '100mg', 28, '片', 1, 'qd', '口服', '15.60', '01', 0, false, 'chd stroke'],
  ['阿托伐他汀钙片', 'X', 'C10AA', '片剂', '20mg', 28, '片', 1, 'qd', '口服', '38.00', '02', 5, false, 'chd stroke'],
  ['单硝酸异山梨酯缓释片', 'X', 'C01DA', '片剂', '40mg', 28, '片', 1, 'qd', '口服', '29.00', '01', 0, false, 'chd'],
  ['噻托溴铵粉吸入剂', 'X', 'R03BB', '吸入剂', '18μg', 28, '粒', 1, 'qd', '吸入', '120.00', '02', 10, false, 'copd'],
  ['沙美特罗替卡松粉吸入剂', 'X', 'R03AK', '吸入剂', '50μg/250μg', 28, '吸', 1, 'qd', '吸入', '180.00', '02', 10, false,
    'copd'],
  ['碳酸钙D3片', 'X', 'A12AX', '片剂', '600mg', 28, '片', 1, 'qd', '口服', '22.00', '01', 0, false, 'osteo'],
  ['骨化三醇软胶囊', 'X', 'A11CC', '胶囊剂', '0.25μg', 28, '粒', 1, 'qd', '口服', '30.00', '02', 10, false, 'osteo'],
  ['注射用头孢曲松钠', 'X', 'J01DD', '注射剂', '1g', 1, '支', 2, 'qd', '静脉滴注', '15.00', '01', 0, true, 'ipt-abx'],
  ['左氧氟沙星氯化钠注射液', 'X', 'J01MA', '注射剂', '0.5g:100ml', 1, '瓶', 1, 'qd', '静脉滴注', '28.00', '01', 0, true,
    'ipt-abx'],
  ['注射用哌拉西林钠他唑巴坦钠', 'X', 'J01CR', '注射剂', '4.5g', 1, '支', 1, 'tid', '静脉滴注', '45.00', '02', 10, true,
    'ipt-abx'],
  ['盐酸氨溴索注射液', 'X', 'R05CB', '注射剂', '15mg:2ml', 1, '支', 2, 'bid', '静脉注射', '6.00', '02', 10, true, 'ipt-resp'],
  ['0.9%氯化钠注射液', 'X', 'B05XA', '注射剂', '250ml', 1, '袋', 1, 'bid', '静脉滴注', '3.50', '01', 0, true, 'ipt-base'],
  ['5%葡萄糖注射液', 'X', 'B05BA', '注射剂', '250ml', 1, '袋', 1, 'qd', '静脉滴注', '4.00', '01', 0, true, 'ipt-base'],
  ['注射用泮托拉唑钠', 'X', 'A02BC', '注射剂', '40mg', 1, '支', 1, 'qd', '静脉滴注', '25.00', '02', 10, true, 'ipt-gi'],
  ['低分子量肝素钙注射液', 'X', 'B01AB', '注射剂', '4100IU:0.4ml', 1, '支', 1, 'qd', '皮下注射', '35.00', '02', 10, true,
    'ipt-anticoag'],
  ['呋塞米注射液', 'X', 'C03CA', '注射剂', '20mg:2ml', 1, '支', 1, 'qd', '静脉注射', '1.20', '01', 0, true, 'ipt-cardio'],
  ['硝酸甘油注射液', 'X', 'C01DA', '注射剂', '5mg:1ml', 1, '支', 2, 'qd', '静脉泵入', '3.80', '01', 0, true, 'ipt-cardio'],
  ['注射用顺铂', 'X', 'L01XA', '注射剂', '30mg', 1, '支', 3, 'qd', '静脉滴注', '45.00', '01', 0, true, 'onc'],
  ['紫杉醇注射液', 'X', 'L01CD', '注射剂', '30mg:5ml', 1, '支', 6, 'qd', '静脉滴注', '280.00', '02', 10, true, 'onc'],
  ['盐酸昂丹司琼注射液', 'X', 'A04AA', '注射剂', '8mg:4ml', 1, '支', 1, 'bid', '静脉注射', '12.00', '02', 10, true,
    'onc-support'],
  ['复方氨基酸营养注射液', 'X', 'B05BA', '注射剂', '250ml', 1, '瓶', 1, 'qd', '静脉滴注', '48.00', '02', 10, true,
    'case-only'],
  ['中长链脂肪乳注射液', 'X', 'B05BA', '注射剂', '250ml', 1, '瓶', 1, 'qd', '静脉滴注', '86.00', '02', 10, true,
    'ipt-nutrition'],
  ['醒脑开窍注射液', 'Z', 'A07BA', '注射剂', '10ml', 1, '支', 2, 'qd', '静脉滴注', '32.00', '02', 10, true, 'unused'],
  ['丹红通络注射液', 'Z', 'A12BA', '注射剂', '10ml', 1, '支', 2, 'qd', '静脉滴注', '38.00', '02', 10, true, 'ipt-stroke-l2'],
  ['益气扶正注射液', 'Z', 'A05BA', '注射剂', '250ml', 1, '瓶', 1, 'qd', '静脉滴注', '96.00', '02', 10, true, 'onc-support-l2'],
  ['注射用鼠神经营养因子', 'X', 'N07XX', '注射剂', '30μg', 1, '支', 1, 'qd', '肌内注射', '168.00', '02', 20, true, 'unused'],
  ['脑络通注射液', 'Z', 'A12CA', '注射剂', '5ml', 1, '支', 4, 'qd', '静脉滴注', '22.00', '02', 10, true, 'ipt-stroke-course'],
  ['抗栓通脉注射液', 'Z', 'A12CB', '注射剂', '10ml', 1, '支', 2, 'qd', '静脉滴注', '29.00', '02', 10, true, 'unused'],
  ['注射用心衰速宁', 'X', 'C01DX', '注射剂', '0.5mg', 1, '支', 1, 'qd', '静脉泵入', '420.00', '02', 20, true, 'unused'],
  ['乳癌靶向单抗注射液', 'X', 'L01FD', '注射剂', '420mg:14ml', 1, '瓶', 1, 'qd', '静脉滴注', '4800.00', '02', 20, true,
    'unused'],
  ['烧伤修复软膏', 'Z', 'D11AA', '软膏剂', '40g', 7, '日', 1, 'qd', '外用', '45.00', '02', 10, false, 'case-only'],
  ['瘢痕软化乳膏', 'Z', 'D11AB', '乳膏剂', '20g', 7, '日', 1, 'qd', '外用', '38.00', '02', 10, false, 'unused'],
  ['缩宫助产注射液', 'X', 'H01BB', '注射剂', '10U:1ml', 1, '支', 1, 'qd', '肌内注射', '8.00', '01', 0, true, 'case-only'],
  ['产后益母颗粒', 'Z', 'D04BA', '颗粒剂', '10g', 14, '袋', 1, 'bid', '口服', '19.00', '01', 0, false, 'unused'],
];

// ---- herbs: name, price per gram, lv
const HERBS: [string, string, Lv][] = [
  ['黄芪', '0.0850', '01'], ['当归', '0.1800', '01'], ['党参', '0.1500', '01'], ['白术', '0.1200', '01'],
  ['茯苓', '0.0900', '01'], ['甘草', '0.0700', '01'], ['川芎', '0.1100', '01'], ['白芍', '0.0800', '01'],
  ['熟地黄', '0.0950', '01'], ['陈皮', '0.0600', '01'], ['法半夏', '0.2200', '01'], ['柴胡', '0.2500', '01'],
  ['黄芩', '0.1300', '01'], ['金银花', '0.4500', '02'], ['连翘', '0.2800', '01'], ['丹参', '0.1000', '01'],
  ['桂枝', '0.0650', '01'], ['麦冬', '0.3200', '01'], ['枸杞子', '0.2600', '02'], ['山药', '0.0850', '01'],
  ['杜仲', '0.1600', '01'], ['牛膝', '0.1400', '01'], ['葛根', '0.0550', '01'], ['酸枣仁', '0.9500', '02'],
  ['西洋参', '2.8000', '03'],
];

const CLASS_PCT: [number, number, number] = [80, 90, 100];

function serviceMax(p4: number): [number, number, number] {
  return [scaledPrice(p4, CLASS_PCT[0]), scaledPrice(p4, CLASS_PCT[1]), p4];
}

function digits(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(rng.int(0, 9));
  return s;
}

function letter(rng: Rng): string {
  return String.fromCharCode(65 + rng.int(0, 25));
}

function buildCatalog(): Item[] {
  // A fixed stream: the catalogue is the same for every region seed.
  const rng = Rng.derive(20230101, 'catalog');
  const items: Item[] = [];
  SERVICES.forEach(([chapter, name, chrg, lv, price, unit, tags], idx) => {
    // National shape (15 digits, the chapter's leading digits), a synthetic tail.
    const code = `${chapter.slice(0, 11)}9${String(idx + 1).padStart(3, '0')}`;
    const p4 = p4Of(price);
    items.push({ code, name, listType: '201', chrgType: chrg, lv, selfPct: lv === '02' ? 10 : 0, p4,
      maxByClass: serviceMax(p4), unit, tags: tagSet(tags) });
  });
  CONSUMABLES.forEach(([cat, name, lv, pct, price, unit, tags], i) => {
    const code = `C${cat}${String(i + 1).padStart(2, '0')}${digits(rng, 22)}`;
    const p4 = p4Of(price);
    items.push({ code, name, listType: '301', chrgType: '08', lv, selfPct: pct, p4, maxByClass: [p4, p4, p4], unit,
      tags: tagSet(tags) });
  });
  const seenPrefix = new Set<string>();
  for (const [name, kind, cls, form, strength, packUnits, unitWord, doseUnits, freq, route, price, lv, pct, perUnit,
    tags] of DRUGS) {
    let prefix: string;
    do {
      prefix = kind === 'X' ? `X${cls}${letter(rng)}${digits(rng, 3)}` : `Z${cls}${letter(rng)}${digits(rng, 4)}`;
    } while (seenPrefix.has(prefix));
    seenPrefix.add(prefix);
    const nCodes = rng.int(2, 4);
    const codes: string[] = [];
    const dosform = kind === 'X' ? `${letter(rng)}${digits(rng, 3)}` : '';
    for (let k = 0; k < nCodes; k++) {
      // X: prefix(10) + 剂型(4) + 规格包装(4) + 企业(5) = 23; Z: prefix(11) + 规格包装(4) + 企业(5) = 20.
      const spec = `0${k + 1}0${rng.int(1, 2)}`;
      const code = kind === 'X' ? `${prefix}${dosform}${spec}${digits(rng, 5)}` : `${prefix}${spec}${digits(rng, 5)}`;
      codes.push(code);
    }
    const perDay = doseUnits * FREQ_PER_DAY[freq];
    const daysPerPack = perUnit ? 1 : packUnits / perDay;
    if (!Number.isInteger(daysPerPack)) throw new Error(`${name}: pack does not last whole days`);
    const p4 = p4Of(price);
    const specText = perUnit ? `${strength}*1${unitWord}` : unitWord === '日' ? `${strength}/支`
      : `${strength}*${packUnits}${unitWord}`;
    items.push({
      code: codes[0], name, listType: '101', chrgType: kind === 'X' ? '09' : '11', lv, selfPct: pct, p4,
      maxByClass: [p4, p4, p4], unit: perUnit ? unitWord : '盒', tags: tagSet(tags),
      drug: { prefix, codes, form, spec: specText, packUnits, unitWord, doseUnits, freq, route, daysPerPack, perUnit },
    });
  }
  for (const [name, price, lv] of HERBS) {
    const p4 = p4Of(price);
    items.push({ code: `T${digits(rng, 9)}`, name, listType: '102', chrgType: '10', lv, selfPct: lv === '02' ? 10 : 0,
      p4, maxByClass: [p4, p4, p4], unit: 'g', tags: tagSet('herb') });
  }
  return items;
}

export const CATALOG: readonly Item[] = buildCatalog();
const BY_NAME = new Map(CATALOG.map((i) => [i.name, i]));
const BY_CODE = new Map<string, Item>();
for (const i of CATALOG) {
  BY_CODE.set(i.code, i);
  for (const c of i.drug?.codes ?? []) BY_CODE.set(c, i);
}

export function item(name: string): Item {
  const i = BY_NAME.get(name);
  if (!i) throw new Error(`no catalogue item ${name}`);
  return i;
}

export function itemByCode(code: string): Item | undefined {
  return BY_CODE.get(code);
}

export function itemsTagged(tag: string): Item[] {
  return CATALOG.filter((i) => i.tags.has(tag));
}

/** Items a background visit may use: not reserved for knowledge rows or injected cases. */
export function usable(i: Item): boolean {
  return !i.tags.has('unused') && !i.tags.has('case-only');
}

export const HERB_ITEMS: readonly Item[] = CATALOG.filter((i) => i.listType === '102');
