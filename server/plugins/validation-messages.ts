/**
 * Chinese messages for zod's built-in rules, used when a schema gives no message of its own
 * (a schema's own message always wins). Each message states the rule a value broke, so an API
 * client reads "limit: 不能大于 100" rather than a type name. Pure.
 */
import { z } from 'zod';

type Issue = z.core.$ZodRawIssue;

const TYPE_WORDS: Record<string, string> = {
  string: '文本', number: '数字', int: '整数', bigint: '整数', boolean: '布尔值（true 或 false）', array: '数组', object: '对象',
  date: '日期', null: 'null', undefined: '空', nan: '数字', literal: '指定的值', enum: '指定的值之一',
};

const FORMAT_WORDS: Record<string, string> = {
  url: 'URL', email: '电子邮件地址', uuid: 'UUID', datetime: 'ISO 8601 日期时间', date: 'YYYY-MM-DD 日期', regex: '规定的格式',
  starts_with: '规定的开头', ends_with: '规定的结尾', includes: '规定的内容',
};

const zhFallback = z.locales.zhCN().localeError;

const received = (input: unknown): string => (input === null ? 'null' : Array.isArray(input) ? 'array' : typeof input);

function bound(issue: { origin?: string; inclusive?: boolean }, limit: unknown, side: 'max' | 'min'): string {
  const n = String(limit);
  switch (issue.origin) {
    case 'string': return side === 'max' ? `不能超过 ${n} 个字符` : Number(limit) === 1 ? '必填，不能为空' : `至少 ${n} 个字符`;
    case 'array': case 'set': return side === 'max' ? `最多 ${n} 项` : `至少 ${n} 项`;
    default:
      if (side === 'max') return issue.inclusive === false ? `须小于 ${n}` : `不能大于 ${n}`;
      return issue.inclusive === false ? `须大于 ${n}` : `不能小于 ${n}`;
  }
}

/** zod's error map: a Chinese message for each built-in rule. */
export function chineseMessage(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return '必填';
      return `须为${TYPE_WORDS[issue.expected] ?? issue.expected}（收到 ${received(issue.input)}）`;
    case 'too_big': return bound(issue, issue.maximum, 'max');
    case 'too_small': return bound(issue, issue.minimum, 'min');
    case 'invalid_value': return `须为 ${issue.values.map((v) => String(v)).join(' / ')} 之一`;
    case 'invalid_format': return `格式不正确（应为 ${FORMAT_WORDS[issue.format] ?? issue.format}）`;
    case 'not_multiple_of': return `须为 ${String(issue.divisor)} 的整数倍`;
    case 'unrecognized_keys': return `不允许的字段：${issue.keys.join('、')}`;
    case 'invalid_union': return '格式不正确';
    default: {
      const fallback = zhFallback(issue);
      return typeof fallback === 'string' ? fallback : fallback?.message ?? '格式不正确';
    }
  }
}

/** One problem with a request field: which field, which rule, and the message for people. */
export interface FieldRuleProblem { field: string; rule: string; message: string }

/** The problems of a failed parse; `root` names the field when the whole part is wrong. */
export function problemsOf(error: z.ZodError, root = '(body)'): FieldRuleProblem[] {
  return error.issues.map((i) => ({ field: i.path.map(String).join('.') || root, rule: i.code, message: i.message }));
}
