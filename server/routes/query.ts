/** Query-string rules shared by the list pages: an empty field means "no filter". */
import { z } from 'zod';
import { getLexicon } from '../../search/lexicon.ts';

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const optional = <S extends z.ZodType>(schema: S) => z.preprocess(blankToUndefined, schema.optional());

export const chainId = optional(z.string().refine((id) => getLexicon().chains().some((c) => c.id === id), { message: '未知的产业链' }));
export const regionCode = optional(z.string().max(80, { message: '区域代码过长' }));
export const page = z.preprocess(blankToUndefined, z.coerce.number().int({ message: '页码须为整数' }).min(1, { message: '页码从 1 开始' }).max(100_000).default(1));
export const PAGE_SIZE = 20;
