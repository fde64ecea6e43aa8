/**
 * Parsers for the restriction values of the two-libraries batches. Each takes the published
 * text and returns the typed value a rule can use directly, or null when the text does not say
 * it; callers report nulls as unusable rows. Pure functions, property-tested.
 */

/** For matching and parsing only: full-width digits, letters and punctuation made plain; trimmed. */
export function normText(s: string): string {
  return s.normalize('NFKC').replace(/[\u3000\u00a0]/g, ' ').trim();
}

/** For storing: the published text, only trimmed (ideographic and no-break spaces included). */
export function cleanText(s: string): string {
  return s.replace(/^[\s\u3000\u00a0\ufeff]+|[\s\u3000\u00a0\ufeff]+$/g, '');
}

const CN_DIGIT: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const CN_UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** Arabic or Chinese numerals (十四, 二十, 一百八十) to an integer; null when not a number. */
export function parseIntText(s: string): number | null {
  const t = normText(s);
  if (/^\d+$/.test(t)) return Number(t);
  if (!/^[零〇一二两三四五六七八九十百千]+$/.test(t)) return null;
  let total = 0;
  let digit = 0;
  for (const ch of t) {
    if (ch in CN_DIGIT) digit = CN_DIGIT[ch];
    else {
      // A bare unit (十四) means one of it.
      total += (digit || 1) * CN_UNIT[ch];
      digit = 0;
    }
  }
  return total + digit;
}

const NUM = '(\\d+|[零〇一二两三四五六七八九十百千]+)';
const DURATION_UNIT_DAYS: Record<string, number> = {
  天: 1, 日: 1, 周: 7, 星期: 7, 月: 30, 个月: 30, 年: 365,
};
const DURATION_RE = new RegExp(`${NUM}\\s*(个月|天|日|周|星期|月|年)`);

/**
 * A stated duration in days: 14天 → 14, 2周 → 14, 12个月 → 360, 一年 → 365. Month and year
 * use 30 and 365 days, the usual reading of payment-period texts. The first duration wins.
 */
export function parseDurationDays(text: string): number | null {
  const t = normText(text);
  const re = new RegExp(DURATION_RE.source, 'g');
  for (let m = re.exec(t); m; m = re.exec(t)) {
    const n = parseIntText(m[1]);
    if (n !== null && n > 0) return n * DURATION_UNIT_DAYS[m[2]];
  }
  return null;
}

/** b6 限定支付疗程 value: "14天" (or a bare number of days). */
export function parseCourseDays(text: string): number | null {
  const t = normText(text);
  if (/^\d+$/.test(t)) return Number(t) > 0 ? Number(t) : null;
  return parseDurationDays(t);
}

/** 男 → '1', 女 → '2' (the national gend codes). */
export function parseGender(text: string): '1' | '2' | null {
  const t = normText(text).replace(/^限(定)?/, '').replace(/(性别|性)?(患者|病人)?$/, '');
  if (t === '男' || t === '1') return '1';
  if (t === '女' || t === '2') return '2';
  return null;
}

export interface AgeRestriction {
  age_group: string;
  /** Inclusive whole years; null when the text does not state a bound. */
  age_min: number | null;
  age_max: number | null;
}

/**
 * Age group text (儿童, 新生儿, 6-17岁, 60岁以上 …). Bounds only where the text states them;
 * group words alone carry no numbers (the rule's parameters define 儿童). 以上/以下/以内 include
 * the number and 不满/未满/超过 exclude it, as 民法典 art. 1259 reads them: the lenient reading,
 * so a finding never rests on the boundary year.
 */
export function parseAgeGroup(text: string): AgeRestriction | null {
  const t = normText(text);
  if (!t) return null;
  // Months or days are below the one-year resolution of age: keep the text only.
  const inYears = !/(个月|月龄|天|日龄|周(?!岁))/.test(t);
  let min: number | null = null;
  let max: number | null = null;
  if (inYears) {
    const range = new RegExp(`${NUM}\\s*(?:周?岁)?\\s*(?:-|~|至|到)\\s*${NUM}\\s*周?岁`).exec(t);
    if (range) {
      min = parseIntText(range[1]);
      max = parseIntText(range[2]);
    } else {
      const lower = new RegExp(`(超过|大于|满)?\\s*${NUM}\\s*周?岁\\s*(及以上|以上|或以上|\\(含\\)以上)`).exec(t);
      const lowerOnly = new RegExp(`(超过|大于)\\s*${NUM}\\s*周?岁`).exec(t);
      const upper = new RegExp(`${NUM}\\s*周?岁\\s*(及以下|以下|以内|或以下)`).exec(t);
      const upperExcl = new RegExp(`(不满|未满|小于|低于)\\s*${NUM}\\s*周?岁`).exec(t);
      if (lower) {
        const n = parseIntText(lower[2]);
        min = n === null ? null : lower[1] === '超过' || lower[1] === '大于' ? n + 1 : n;
      } else if (lowerOnly) {
        const n = parseIntText(lowerOnly[2]);
        min = n === null ? null : n + 1;
      }
      if (upper) max = parseIntText(upper[1]);
      else if (upperExcl) {
        const n = parseIntText(upperExcl[2]);
        max = n === null ? null : n - 1;
      }
    }
  }
  if (min !== null && max !== null && min > max) return null;
  return { age_group: t, age_min: min, age_max: max };
}

const INSU_TYPES: [RegExp, string][] = [
  [/工伤/, '工伤'], [/生育/, '生育'], [/长期护理|长期照护|长护/, '长期照护'], [/离休/, '离休'],
  [/职工/, '职工'], [/居民/, '居民'],
];

/** b3 限定保险类型: 工伤 / 生育 (… 保险); null when it names no known insurance. */
export function parseInsuranceType(text: string): string | null {
  const t = normText(text);
  for (const [re, v] of INSU_TYPES) if (re.test(t)) return v;
  return null;
}

/** b4 限定就医方式: the visit types named, in the order 住院, 门诊, 急诊. */
export function parseVisitTypes(text: string): string[] | null {
  const t = normText(text);
  const out: string[] = [];
  if (/住院/.test(t)) out.push('住院');
  if (/门诊|门急诊/.test(t)) out.push('门诊');
  if (/急诊/.test(t)) out.push('急诊');
  return out.length ? out : null;
}

/** b5 限定机构等级: 二级 → 2, 三级 → 3 (the lowest level allowed). */
export function parseInstitutionLevel(text: string): number | null {
  const m = /([一二三123])\s*级/.exec(normText(text));
  if (!m) return null;
  return ({ 一: 1, 二: 2, 三: 3, 1: 1, 2: 2, 3: 3 } as Record<string, number>)[m[1]];
}

export interface FrequencyScope {
  freq_scope: 'day' | 'visit' | 'hours';
  freq_hours: number | null;
}

/** b7 频度: 单日 → day, 单次就诊/同次住院 → visit, 同一小时/6小时 → hours. */
export function parseFrequency(text: string): FrequencyScope | null {
  const t = normText(text);
  if (!t) return null;
  const hours = new RegExp(`^(?:每|同一|单|同)?\\s*${NUM}?\\s*(?:个)?\\s*小时(?:内)?$`).exec(t);
  if (hours) {
    const n = hours[1] === undefined ? 1 : parseIntText(hours[1]);
    return n && n > 0 ? { freq_scope: 'hours', freq_hours: n } : null;
  }
  if (/^(单|同|当|每|同一)(日|天)$/.test(t)) return { freq_scope: 'day', freq_hours: null };
  if (/^(单|同|每|同一)次(就诊|住院|门诊|诊疗)$/.test(t)) return { freq_scope: 'visit', freq_hours: null };
  return null;
}

/** A positive quantity as exact decimal text (b8-1 限制数量, b8-4 频次上限). */
export function parseQuantity(text: string): string | null {
  const t = normText(text);
  if (/^\d+(\.\d+)?$/.test(t) && Number(t) > 0) return t.replace(/^0+(?=\d)/, '');
  const n = parseIntText(t.replace(/次$/, ''));
  return n !== null && n > 0 ? String(n) : null;
}

export interface CourseRemark {
  total_days: number | null;
  min_interval_days: number | null;
  period_max_cnt: number | null;
  period_days: number | null;
}

const PERIOD_DAYS: Record<string, number> = { 日: 1, 天: 1, 周: 7, 星期: 7, 月: 30, 年: 365 };

/**
 * b8-3 备注: 总时间不超过90天，评定间隔时间不短于14天 → total 90, interval 14;
 * 支付不超过一年，每周最多支付一次 → total 365, at most 1 per 7 days. Null when nothing parses.
 */
export function parseCourseRemark(text: string): CourseRemark | null {
  const t = normText(text);
  const dur = `(${NUM}\\s*(?:个月|天|日|周|星期|月|年))`;
  const total = new RegExp(`(?:不超过|不得超过|不多于|最多支付|最长|≤)\\s*${dur}`).exec(t);
  const interval = new RegExp(`间隔(?:时间)?(?:应)?(?:不短于|不少于|不小于|不低于|大于等于|至少|≥)\\s*${dur}`).exec(t);
  const period = new RegExp(`每\\s*(日|天|周|星期|月|年)\\s*(?:最多|限|不超过)?\\s*(?:支付|收费|计费)?\\s*${NUM}\\s*次`).exec(t);
  const out: CourseRemark = {
    total_days: total ? parseDurationDays(total[1]) : null,
    min_interval_days: interval ? parseDurationDays(interval[1]) : null,
    period_max_cnt: period ? parseIntText(period[2]) : null,
    period_days: period ? PERIOD_DAYS[period[1]] : null,
  };
  if (out.total_days === null && out.min_interval_days === null && out.period_max_cnt === null) return null;
  return out;
}

/** b8-2 备注: the item is for people of working age (法定就业年龄). */
export function isWorkingAgeRemark(text: string): boolean {
  return /就业年龄|劳动年龄|退休年龄/.test(normText(text));
}

/** b8-4 疗程周期: days, as a number or a duration text. */
export function parsePeriodDays(text: string): number | null {
  return parseCourseDays(text);
}
