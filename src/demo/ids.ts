/** Identity data of synthetic people: names, 18-digit resident ID numbers, phone numbers. */
import type { Rng } from './rng.js';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const MALE_CHARS = '伟强磊军洋勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林欣建国志成文海峰亮晨宏瑞泽博';
const FEMALE_CHARS = '芳娜敏静丽艳娟霞燕玲桂英梅琳莉雪婷颖慧洁倩萍红月兰琴云莹晶露瑶佳欣悦怡蕾薇凤秀琼丹';

export function personName(rng: Rng, gend: '1' | '2'): string {
  const pool = gend === '1' ? MALE_CHARS : FEMALE_CHARS;
  const given = rng.chance(0.7) ? rng.pick([...pool]) + rng.pick([...pool]) : rng.pick([...pool]);
  return rng.pick([...SURNAMES]) + given;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** GB 11643 check character of the first 17 digits. */
export function certCheckChar(first17: string): string {
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(first17[i]) * WEIGHTS[i];
  return CHECK[s % 11];
}

/** Area (6) + birth date (8) + sequence (3, odd for men, even for women) + check char. */
export function certNo(area: string, birthCompact: string, seq: number, gend: '1' | '2'): string {
  let n = seq % 500;
  n = n * 2 + (gend === '1' ? 1 : 0);
  if (n === 0) n = 2;
  const first17 = `${area}${birthCompact}${String(n).padStart(3, '0')}`;
  return first17 + certCheckChar(first17);
}

export function isValidCertNo(s: string): boolean {
  return /^\d{17}[\dX]$/.test(s) && certCheckChar(s.slice(0, 17)) === s[17];
}

const MOBILE_PREFIXES = ['130', '131', '132', '135', '136', '137', '138', '139', '150', '151', '152', '157', '158',
  '159', '176', '177', '180', '182', '186', '187', '188', '189', '199'];

export function mobile(rng: Rng): string {
  return rng.pick(MOBILE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0');
}
