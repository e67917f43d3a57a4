/**
 * What a project form or API call may send, with the rule each field breaks in Chinese. Free text
 * is kept as typed (only trimmed); numbers and dates go through the shared field rules.
 */
import { z } from 'zod';
import { getLexicon } from '../../search/lexicon.ts';
import { asList } from '../forms.ts';
import * as f from '../domain/fields.ts';
import { PROJECT_STAGES } from '../../db/schema.ts';

const text = (max: number) => z.preprocess((v) => (v === undefined || v === null ? '' : v), z.string({ message: '须为文本' }).trim().max(max, { message: `不能超过 ${max} 个字符` }));
const required = (max: number) => z.preprocess((v) => (v === undefined || v === null ? '' : v), z.string({ message: '须为文本' }).trim()
  .min(1, { message: '必填，不能为空' }).max(max, { message: `不能超过 ${max} 个字符` }));
const optionalText = (max: number) => text(max).transform((v) => (v === '' ? undefined : v));

export const projectInput = z.object({
  title: required(100),
  /** the target's grouping key (from the targets list); empty for a capability gap */
  target: optionalText(200),
  gap_description: text(2000),
  chain: required(40).refine((id) => getLexicon().chains().some((c) => c.id === id), { message: '未知的产业链' }),
  site_region: optionalText(20).refine((code) => code === undefined || getLexicon().regions().some((r) => r.code === code && r.kind === 'local'), { message: '须为本市的区县' }),
  responsible_name: required(40),
  department: required(32),
  planned_investment_wan: z.preprocess((v) => (typeof v === 'number' ? String(v) : v), f.amount({ max: 100_000_000 })),
  planned_sign_date: f.isoDate(),
  planned_start_date: f.isoDate(),
  planned_operation_date: f.isoDate(),
  components: z.preprocess((v) => asList(v).flatMap((s) => s.split(/[,，;；、\s]+/)).filter(Boolean), z.array(z.string().trim().min(1).max(64, { message: '外采件编号过长' })).max(500, { message: '一个项目最多关联 500 个外采件' })),
  note: text(2000),
});
export type ProjectInput = z.output<typeof projectInput>;

const DATE_ORDER = [['planned_sign_date', '计划签约'], ['planned_start_date', '计划开工'], ['planned_operation_date', '计划投产']] as const;
const dates = projectInput.pick({ planned_sign_date: true, planned_start_date: true, planned_operation_date: true });

/**
 * What the fields say together, checked even when another field is wrong so every problem shows
 * at once: a gap project names its gap; signing, start and operation come in that order.
 */
export function crossFieldErrors(body: unknown, parsed: ProjectInput | null): Record<string, string> {
  const errors: Record<string, string> = {};
  const d = dates.safeParse(body);
  if (d.success) {
    for (let i = 1; i < DATE_ORDER.length; i++) {
      const [key, name] = DATE_ORDER[i]!;
      const [prevKey, prevName] = DATE_ORDER[i - 1]!;
      const a = d.data[prevKey];
      const b = d.data[key];
      if (a && b && b < a) errors[key] = `${name}日期不能早于${prevName}日期`;
    }
  }
  if (parsed && !parsed.target && parsed.gap_description === '') errors.gap_description = '没有具体招引企业时，须说明要补齐的能力缺口';
  return errors;
}

export const moveInput = z.object({
  to: z.enum(PROJECT_STAGES, { message: `须为 ${PROJECT_STAGES.join(' / ')} 之一` }),
  note: text(2000),
  reason: text(500),
  version: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number({ message: '版本号须为数字' }).int({ message: '版本号须为整数' }).positive({ message: '版本号须为正整数' }).optional()),
});

export const noteInput = z.object({ note: required(2000) });
