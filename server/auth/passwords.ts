/**
 * Password hashing with scrypt at OWASP/ASVS parameters (N=2^17, r=8, p=1), run off the
 * event loop. The parameters are stored with each hash, so they can be raised later and
 * old hashes still verify. Long passphrases are welcome (up to 256 characters).
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { PASSWORD_MIN } from '../vocabulary.ts';

export interface HashCost { N: number; r: number; p: number }
export const PRODUCTION_COST: HashCost = { N: 2 ** 17, r: 8, p: 1 };
/** Only for tests: the same code path, cheap enough to run hundreds of times. */
export const TEST_COST: HashCost = { N: 2 ** 10, r: 8, p: 1 };

const KEY_LENGTH = 32;
const DUMMY_SALT = Buffer.alloc(16);
export const PASSWORD_MAX = 256;

function derive(password: string, salt: Buffer, cost: HashCost): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))));
}

export async function hashPassword(password: string, cost: HashCost = PRODUCTION_COST): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost);
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/**
 * True when the password matches the stored hash. Without a usable hash (unknown user, no
 * password chosen yet) it still derives a key at `dummyCost` — the cost real hashes are made
 * with — so a missing account takes as long as a wrong password and is not told apart by timing.
 */
export async function verifyPassword(password: string, stored: string | null, dummyCost: HashCost = PRODUCTION_COST): Promise<boolean> {
  const parts = stored?.split('$');
  if (!parts || parts.length !== 6 || parts[0] !== 'scrypt' || password.length > PASSWORD_MAX) {
    await derive(password.slice(0, PASSWORD_MAX), DUMMY_SALT, dummyCost);
    return false;
  }
  const [, n, r, p, salt, key] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

const COMMON = new Set(['123456789012', 'password1234', 'qwertyuiop12', '1234567890ab', 'passwordpassword', 'xiangyang123', 'admin1234567', 'aaaaaaaaaaaa']);

/** Why a new password is not acceptable, in Chinese; null when it is. */
export function passwordProblem(password: string, username = ''): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return `密码至少 ${PASSWORD_MIN} 个字符（可以使用一句话作为密码）`;
  if (length > PASSWORD_MAX) return `密码不能超过 ${PASSWORD_MAX} 个字符`;
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || new Set(password).size < 4) return '密码过于简单，请换一个更难猜的';
  if (username && lower.includes(username.toLowerCase())) return '密码不能包含用户名';
  return null;
}
