// The restriction-value parsers: published examples, and properties (any N round-trips, text
// around the numbers does not change them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  parseAgeGroup, parseCourseDays, parseCourseRemark, parseDurationDays, parseFrequency, parseGender,
  parseInstitutionLevel, parseInsuranceType, parseIntText, parseQuantity, parseVisitTypes,
} from '../../src/knowledge/values.js';

/** Text with no digits, Chinese numerals or duration/age units: safe to put around a number. */
const SAFE = [...'限支付不超过患者急性脑梗死说明，。；：（）()、 ABCxyz-药品项目诊疗规范住院期间符合条件的'];
const filler = fc.array(fc.constantFrom(...SAFE), { maxLength: 30 }).map((a) => a.join(''));

function toChinese(n: number): string {
  const digits = '零一二三四五六七八九';
  const units = ['', '十', '百', '千'];
  const s = String(n);
  let out = '';
  let zero = false;
  for (let i = 0; i < s.length; i++) {
    const d = Number(s[i]);
    if (d === 0) { zero = true; continue; }
    if (zero && out) out += '零';
    zero = false;
    out += digits[d] + units[s.length - 1 - i];
  }
  return out.startsWith('一十') ? out.slice(1) : out;
}

test('published restriction values parse to typed fields', () => {
  assert.equal(parseGender('男'), '1');
  assert.equal(parseGender('女'), '2');
  assert.equal(parseGender('限女性患者'), '2');
  assert.equal(parseGender('儿童'), null);
  assert.equal(parseCourseDays('14天'), 14);
  assert.equal(parseCourseDays('365天'), 365);
  assert.equal(parseCourseDays('14'), 14);
  assert.equal(parseCourseDays('若干'), null);
  assert.equal(parseDurationDays('支付不超过12个月'), 360);
  assert.equal(parseInstitutionLevel('二级'), 2);
  assert.equal(parseInstitutionLevel('三级'), 3);
  assert.equal(parseInstitutionLevel('二级及以上'), 2);
  assert.equal(parseInstitutionLevel('专科'), null);
  assert.equal(parseInsuranceType('工伤'), '工伤');
  assert.equal(parseInsuranceType('生育保险'), '生育');
  assert.equal(parseInsuranceType('其他'), null);
  assert.deepEqual(parseVisitTypes('住院'), ['住院']);
  assert.deepEqual(parseVisitTypes('限急诊或住院患者'), ['住院', '急诊']);
  assert.equal(parseVisitTypes('居家'), null);
  assert.deepEqual(parseFrequency('单日'), { freq_scope: 'day', freq_hours: null });
  assert.deepEqual(parseFrequency('单次就诊'), { freq_scope: 'visit', freq_hours: null });
  assert.deepEqual(parseFrequency('同次住院'), { freq_scope: 'visit', freq_hours: null });
  assert.deepEqual(parseFrequency('同一小时'), { freq_scope: 'hours', freq_hours: 1 });
  assert.deepEqual(parseFrequency('6小时'), { freq_scope: 'hours', freq_hours: 6 });
  assert.equal(parseFrequency('偶尔'), null);
  assert.deepEqual(parseAgeGroup('儿童'), { age_group: '儿童', age_min: null, age_max: null });
  assert.deepEqual(parseAgeGroup('6-17岁'), { age_group: '6-17岁', age_min: 6, age_max: 17 });
  assert.deepEqual(parseAgeGroup('60岁以上'), { age_group: '60岁以上', age_min: 60, age_max: null });
  assert.deepEqual(parseAgeGroup('不满18周岁'), { age_group: '不满18周岁', age_min: null, age_max: 17 });
  assert.deepEqual(parseAgeGroup('6个月以下婴儿'), { age_group: '6个月以下婴儿', age_min: null, age_max: null });
  assert.equal(parseAgeGroup(''), null);
  assert.deepEqual(parseCourseRemark('总时间不超过90天，评定间隔时间不短于14天。'),
    { total_days: 90, min_interval_days: 14, period_max_cnt: null, period_days: null });
  assert.deepEqual(parseCourseRemark('支付不超过一年，每周最多支付一次。'),
    { total_days: 365, min_interval_days: null, period_max_cnt: 1, period_days: 7 });
  assert.deepEqual(parseCourseRemark('一个疾病过程支付不超过90天。'),
    { total_days: 90, min_interval_days: null, period_max_cnt: null, period_days: null });
  assert.equal(parseCourseRemark('参保人年龄超出法定就业年龄限制'), null);
  assert.equal(parseQuantity('1'), '1');
  assert.equal(parseQuantity('24'), '24');
  assert.equal(parseQuantity('0'), null);
  assert.equal(parseQuantity('合计'), null);
});

test('property: N天 round-trips for any N, with any text around it', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 1_000_000 }), filler, filler, (n, pre, post) => {
    assert.equal(parseCourseDays(`${n}天`), n);
    assert.equal(parseCourseDays(`${pre}${n}天${post}`), n);
    assert.equal(parseCourseDays(`${pre}${n} 周${post}`), n * 7);
  }));
});

test('property: Chinese numerals parse like Arabic ones', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 9999 }), filler, (n, pre) => {
    assert.equal(parseIntText(toChinese(n)), n);
    assert.equal(parseIntText(String(n)), n);
    assert.equal(parseCourseDays(`${pre}支付不超过${toChinese(n)}天`), n);
  }));
});

test('property: course remarks give total and interval days whatever surrounds them', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 3650 }), fc.integer({ min: 1, max: 365 }), filler, filler,
    (total, gap, pre, post) => {
      const r = parseCourseRemark(`${pre}总时间不超过${total}天，评定间隔时间不短于${gap}天。${post}`);
      assert.deepEqual(r, { total_days: total, min_interval_days: gap, period_max_cnt: null, period_days: null });
    }));
});

test('property: age ranges, hour windows and quantities round-trip', () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 120 }), filler, filler,
    (a, b, pre, post) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      // The filler is its own clause: right before a number, 超过 / 不超过 would change the bound's meaning.
      const r = parseAgeGroup(`${pre}，${lo}-${hi}岁${post}`);
      assert.equal(r?.age_min, lo);
      assert.equal(r?.age_max, hi);
      assert.equal(parseAgeGroup(`${pre}，${lo}岁及以上${post}`)?.age_min, lo);
    }));
  fc.assert(fc.property(fc.integer({ min: 1, max: 10_000 }), (n) => {
    assert.deepEqual(parseFrequency(`${n}小时`), { freq_scope: 'hours', freq_hours: n });
    assert.equal(parseQuantity(String(n)), String(n));
  }));
});
