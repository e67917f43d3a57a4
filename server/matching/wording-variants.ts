/**
 * Spelling conventions of registers that the lexicon's terms do not spell out, applied before a
 * wording is given up as unknown: the product form of a process (「精密铸件」 is 精密铸造 work,
 * 「锻件」 forging), and grade codes behind a standard's prefix (「Al 6082」「AA6063」「SAE 1045」
 * 「AISI 304」 name the grades 6082, 6063, 1045 and 304 the lexicon knows under other spellings).
 */

/** 「…铸件」→「…铸造件」, 「…锻件」→「…锻造件」, so the process term inside is found. */
export function processProductForms(text: string): string {
  // Not after 压/精/模: 压铸件, 精铸件 and 模锻件 already hold their process term.
  return text.replace(/(^|[^造压精])铸件/g, '$1铸造件').replace(/(^|[^造模精])锻件/g, '$1锻造件');
}

interface GradeRule { prefix: RegExp; rewrite: (grade: string) => string }

// Aluminium Association / EN AW numbers are wrought aluminium; SAE/AISI four-digit numbers are
// carbon and alloy steels; AISI three-digit 2xx/3xx/4xx numbers are stainless grades.
const GRADE_RULES: GradeRule[] = [
  { prefix: /\b(?:AA|AL|Al|AW|EN\s*AW)[\s-]*(\d{4}[A-Z]?)(?![\d])/g, rewrite: (g) => `${g}铝合金` },
  { prefix: /\b(?:SAE|AISI|UNS\s*G)[\s-]*(\d{4})(?![\d])/g, rewrite: (g) => `${g}钢` },
  { prefix: /\b(?:AISI|SUS|UNS\s*S)[\s-]*([234]\d{2}[A-Z]?)(?![\d])/g, rewrite: (g) => `${g}不锈钢` },
];

/** The text with standard-prefixed grade codes spelled as the lexicon knows them; unchanged when none. */
export function gradeCodeForms(text: string): string {
  let out = text;
  for (const rule of GRADE_RULES) out = out.replace(rule.prefix, (_m, grade: string) => rule.rewrite(grade));
  return out;
}

/** Other spellings worth a second reading, most specific first; empty when there are none. */
export function wordingVariants(text: string): string[] {
  const variants: string[] = [];
  for (const v of [processProductForms(text), gradeCodeForms(text), gradeCodeForms(processProductForms(text))]) {
    if (v !== text && !variants.includes(v)) variants.push(v);
  }
  return variants;
}
