/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015.
 * 18 characters from a 31-symbol alphabet (no I, O, Z, S, V); the last is a
 * check character over the first 17 with weights 3^i mod 31.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function usccCheckCharacter(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(first17[i]!);
    if (value < 0) return null;
    sum += value * WEIGHTS[i]!;
  }
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

export type UsccProblem = 'length' | 'alphabet' | 'check';

/** Why a code is not a valid USCC, or null when it is. Expects upper case. */
export function usccProblem(code: string): UsccProblem | null {
  if (code.length !== 18) return 'length';
  for (const ch of code) if (!ALPHABET.includes(ch)) return 'alphabet';
  return usccCheckCharacter(code.slice(0, 17)) === code[17] ? null : 'check';
}

export function isValidUscc(code: string): boolean {
  return usccProblem(code) === null;
}

/** Completes 17 characters into a valid code: used by generators and tests. */
export function withUsccCheck(first17: string): string {
  const check = usccCheckCharacter(first17);
  if (check === null) throw new Error(`not 17 USCC characters: ${first17}`);
  return first17 + check;
}
