/** zod's built-in rules in Chinese, each naming the rule that was broken. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { chineseMessage, problemsOf } from '../../server/plugins/validation-messages.ts';

const messages = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value, { error: chineseMessage });
  return r.success ? [] : problemsOf(r.error, 'q');
};

describe('Chinese validation messages', () => {
  it('states each rule with its limit', () => {
    const schema = z.object({
      name: z.string().min(1).max(5), code: z.string().min(3), n: z.number().int().min(1).max(9), gt: z.number().gt(0),
      list: z.array(z.string()).max(1), kind: z.enum(['supply', 'demand']), step: z.number().multipleOf(5), when: z.iso.date(),
    });
    expect(messages(schema, { name: '', code: 'ab', n: 10, gt: 0, list: ['a', 'b'], kind: 'rent', step: 7, when: '2027-13-01' })).toEqual([
      { field: 'name', rule: 'too_small', message: '必填，不能为空' },
      { field: 'code', rule: 'too_small', message: '至少 3 个字符' },
      { field: 'n', rule: 'too_big', message: '不能大于 9' },
      { field: 'gt', rule: 'too_small', message: '须大于 0' },
      { field: 'list', rule: 'too_big', message: '最多 1 项' },
      { field: 'kind', rule: 'invalid_value', message: '须为 supply / demand 之一' },
      { field: 'step', rule: 'not_multiple_of', message: '须为 5 的整数倍' },
      { field: 'when', rule: 'invalid_format', message: '格式不正确（应为 YYYY-MM-DD 日期）' },
    ]);
  });

  it('says what was missing or of the wrong type, and which fields are not allowed', () => {
    expect(messages(z.object({ a: z.string(), b: z.number() }), { b: 'x' })).toEqual([
      { field: 'a', rule: 'invalid_type', message: '必填' },
      { field: 'b', rule: 'invalid_type', message: '须为数字（收到 string）' },
    ]);
    expect(messages(z.strictObject({ a: z.string() }), { a: 'x', tier: 1, uscc: 2 })).toEqual([{ field: 'q', rule: 'unrecognized_keys', message: '不允许的字段：tier、uscc' }]);
  });

  it('never replaces a message the schema states itself', () => {
    expect(messages(z.object({ limit: z.number().max(100, { message: 'limit 为 1–100' }) }), { limit: 500 })).toEqual([{ field: 'limit', rule: 'too_big', message: 'limit 为 1–100' }]);
  });
});
