import { withUsccCheck } from '../../server/domain/uscc.ts';
import type { LexiconRegion } from './lexicon.ts';
import type { Rng } from './prng.ts';

const USCC_BODY = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const BRAND_CHARS = [...'宇金隆江嘉恒东达宏汉信兴华泰天山龙博远新凯德万通源航荣昌方鹿丰祥中盛鑫瑞弘誉精诚锦越晟卓睿鼎永安富广顺联创星海汇峰润泽辉腾飞祥和瑞骏明阳光正佳晨鸿'];
const SURNAMES = [...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕'];
const TITLES = ['经理', '总', '主任', '经理', '总', '部长', '女士', '先生', '工'];
const GIVEN = [...'建国军华明伟芳敏静丽强磊洋勇艳杰涛斌超红霞平刚桂英玲峰'];
const ROADS = ['长虹路', '春园路', '追日路', '邓城大道', '航空路', '檀溪路', '襄阳大道', '人民路', '建设路', '中原路', '团山路', '新华路', '迎宾大道', '光彩大道', '发展大道', '汉江路', '卧龙大道'];
const PARKS = ['工业园', '产业园', '科技园', '经济开发区', '汽车产业园', '高新技术产业园', '民营经济产业园'];
const OUTSIDE_ROADS = ['工业大道', '科技路', '创业路', '经济开发区', '高新区', '开发区', '工业园', '滨江路'];

/** Two distinct brand characters (宇金, 隆江...). */
export function brand(rng: Rng): string {
  const [a, b] = rng.sample(BRAND_CHARS, 2);
  return a! + b!;
}

/** The place word a firm's name starts with. */
export function namePrefix(region: LexiconRegion, rng: Rng): string {
  if (region.kind !== 'local') return region.name.replace(/(林区|市|县|区)$/, '');
  if (rng.chance(0.1)) return '湖北';
  // Counties and county-level cities usually name firms after themselves; the
  // urban districts and development zones use the city name.
  const county = /[市县]$/.test(region.name) || region.name === '襄州区';
  if (county && rng.chance(0.55)) return region.name.replace(/[市县区]$/, '');
  return '襄阳';
}

export function companySuffix(trade: string, rng: Rng, listed: boolean): string {
  if (listed) return rng.chance(0.8) ? '股份有限公司' : '集团有限公司';
  if (rng.chance(0.08)) return '股份有限公司';
  if (!/(科技|技术|信息)$/.test(trade) && rng.chance(0.2)) return '科技有限公司';
  return '有限公司';
}

export function contactName(rng: Rng): string {
  const surname = rng.pick(SURNAMES);
  if (rng.chance(0.12)) return surname + rng.pick(GIVEN) + (rng.chance(0.5) ? rng.pick(GIVEN) : '');
  return surname + rng.pick(TITLES);
}

export function mobilePhone(rng: Rng): string {
  let digits = '1' + rng.pick(['3', '5', '8']);
  for (let i = 0; i < 9; i++) digits += String(rng.int(0, 9));
  return digits;
}

export function address(region: LexiconRegion, rng: Rng): string {
  const no = rng.int(1, 399);
  if (region.kind !== 'local') return `${region.name}${rng.pick(OUTSIDE_ROADS)}${no}号`;
  if (rng.chance(0.35)) return `${region.name}${rng.pick(PARKS)}${no}号`;
  const extra = rng.chance(0.15) ? `${rng.int(1, 12)}栋` : '';
  return `${region.name}${rng.pick(ROADS)}${no}号${extra}`;
}

/** Registration area code: the region's, or a plausible district under it. */
function areaCode(region: LexiconRegion, rng: Rng): string {
  const code = region.code;
  if (region.kind === 'local') {
    // Development zones are not administrative divisions; firms there and
    // many city-registered firms carry the city code 420600.
    if (code[4] === '7' || rng.chance(0.12)) return '420600';
    return code;
  }
  if (code.endsWith('0000')) return code.slice(0, 2) + '01' + String(rng.int(1, 16)).padStart(2, '0');
  if (code.endsWith('00') && rng.chance(0.5)) return code.slice(0, 4) + String(rng.int(2, 12)).padStart(2, '0');
  return code;
}

/** A valid, unique USCC for a company (登记管理部门 9, 企业 1). */
export function uniqueUscc(region: LexiconRegion, rng: Rng, taken: Set<string>): string {
  for (;;) {
    let body = '91' + areaCode(region, rng);
    for (let i = 0; i < 9; i++) body += USCC_BODY[rng.int(0, USCC_BODY.length - 1)]!;
    const code = withUsccCheck(body);
    if (!taken.has(code)) {
      taken.add(code);
      return code;
    }
  }
}

