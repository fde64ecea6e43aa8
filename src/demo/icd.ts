/**
 * The synthetic ICD-10 医保版 (diagnoses) and ICD-9-CM-3 医保版 (procedures) dictionaries of the
 * demo region: only the codes its claims use, in the national code shapes.
 */

export interface Diagnosis {
  code: string;
  name: string;
  /** Restricted to one sex ('1' men, '2' women). */
  sex?: '1' | '2';
}

const DIAG: [string, string, ('1' | '2')?][] = [
  ['J06.900', '急性上呼吸道感染'],
  ['J02.900', '急性咽炎'],
  ['J03.900', '急性扁桃体炎'],
  ['J20.900', '急性支气管炎'],
  ['J18.900', '肺炎'],
  ['J44.900', '慢性阻塞性肺疾病'],
  ['J44.100', '慢性阻塞性肺疾病伴有急性加重'],
  ['I10.x00x002', '高血压'],
  ['I25.100', '动脉粥样硬化性心脏病'],
  ['I20.000', '不稳定型心绞痛'],
  ['I21.900', '急性心肌梗死'],
  ['I63.900', '脑梗死'],
  ['I69.300', '脑梗死后遗症'],
  ['E11.900', '2型糖尿病不伴有并发症'],
  ['E78.500', '高脂血症'],
  ['K29.700', '胃炎'],
  ['K30.x00', '功能性消化不良'],
  ['K35.800', '急性阑尾炎'],
  ['K80.100', '胆囊结石伴有其他胆囊炎'],
  ['K80.200', '胆囊结石不伴有胆囊炎'],
  ['K56.500', '肠粘连伴有梗阻'],
  ['K40.900', '单侧腹股沟疝'],
  ['A09.900', '感染性腹泻'],
  ['M54.500', '腰痛'],
  ['M17.900', '膝关节病'],
  ['M81.000', '绝经后骨质疏松'],
  ['S72.000', '股骨颈骨折'],
  ['S52.500', '桡骨下端骨折'],
  ['S61.900', '手开放性伤口'],
  ['T30.000', '烧伤'],
  ['N39.000', '泌尿道感染'],
  ['N40.x00', '前列腺增生', '1'],
  ['N76.000', '急性阴道炎', '2'],
  ['D25.900', '子宫平滑肌瘤', '2'],
  ['L30.900', '皮炎'],
  ['L50.900', '荨麻疹'],
  ['H10.900', '结膜炎'],
  ['H25.900', '老年性白内障'],
  ['C34.900', '支气管或肺恶性肿瘤'],
  ['Z51.100', '为肿瘤化学治疗疗程'],
  ['O82.000', '经选择性剖宫产术的单胎分娩', '2'],
  ['P23.900', '新生儿肺炎'],
  ['J15.900', '细菌性肺炎'],
  ['J96.000', '急性呼吸衰竭'],
  ['I50.900', '心力衰竭'],
  ['E87.600', '低钾血症'],
  ['D62.x00', '急性出血后贫血'],
  ['N17.900', '急性肾衰竭'],
  ['A41.900', '脓毒症'],
  ['R10.400', '腹痛'],
  ['R50.900', '发热'],
  ['R51.x00', '头痛'],
];

export const DIAGNOSES: ReadonlyMap<string, Diagnosis> = new Map(
  DIAG.map(([code, name, sex]) => [code, sex ? { code, name, sex } : { code, name }]));

export function dx(code: string): Diagnosis {
  const d = DIAGNOSES.get(code);
  if (!d) throw new Error(`diagnosis ${code} is not in the demo dictionary`);
  return d;
}

export interface Procedure {
  code: string;
  name: string;
}

const PROC: [string, string][] = [
  ['51.2300', '腹腔镜下胆囊切除术'],
  ['51.5100', '胆总管探查术'],
  ['50.2200', '肝部分切除术'],
  ['47.0100', '腹腔镜下阑尾切除术'],
  ['47.0900', '阑尾切除术'],
  ['54.5900', '腹腔粘连松解术'],
  ['43.7x00', '胃部分切除术伴胃空肠吻合术'],
  ['53.0000', '单侧腹股沟疝修补术'],
  ['60.2900', '经尿道前列腺切除术'],
  ['68.2900', '子宫病损切除术'],
  ['74.1x00', '子宫下段剖宫产'],
  ['79.3500', '股骨骨折切开复位内固定术'],
  ['81.5100', '全髋关节置换'],
  ['36.0700', '药物洗脱冠状动脉支架置入'],
  ['00.6600', '经皮冠状动脉腔内血管成形术'],
  ['88.5500', '单根导管冠状动脉造影'],
  ['13.4100', '白内障晶状体乳化和抽吸'],
  ['13.7000x001', '人工晶状体植入术'],
  ['99.2500', '注射或输注癌瘤化学治疗药物'],
];

export const PROCEDURES: ReadonlyMap<string, Procedure> = new Map(PROC.map(([code, name]) => [code, { code, name }]));

export function proc(code: string): Procedure {
  const p = PROCEDURES.get(code);
  if (!p) throw new Error(`procedure ${code} is not in the demo dictionary`);
  return p;
}

/** The dictionaries as the national JSON shape {code: name}. */
export function diagnosisDictionary(): Record<string, string> {
  return Object.fromEntries([...DIAGNOSES.values()].map((d) => [d.code, d.name]));
}

export function procedureDictionary(): Record<string, string> {
  return Object.fromEntries([...PROCEDURES.values()].map((p) => [p.code, p.name]));
}
