/**
 * Shapes every API route shares: the error body, the paginated list, the cursor and limit
 * parameters, and the identifiers used in paths. Named schemas become components of the
 * OpenAPI document.
 */
import { z } from 'zod';

export const FieldProblem = z.object({
  field: z.string().meta({ description: '出错的字段（查询参数、路径参数、请求体字段或请求头名称）' }),
  rule: z.string().optional().meta({ description: '违反的规则（too_big、invalid_value、invalid_format …）' }),
  message: z.string().meta({ description: '中文说明' }),
});
FieldProblem.register(z.globalRegistry, { id: 'FieldProblem' });

export const ErrorBody = z.object({
  error: z.string().meta({ description: '错误代码：invalid_request、unauthenticated、forbidden、not_found、conflict、version_conflict、rate_limited …' }),
  message: z.string().meta({ description: '中文说明，可直接显示给用户' }),
  details: z.array(FieldProblem).optional(),
});
ErrorBody.register(z.globalRegistry, { id: 'Error' });

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503;

/** The success bodies plus the error statuses the route may answer; 400, 401, 403 and 429 every API route may. */
export function responses<T extends Record<number, z.ZodType>>(ok: T, ...errors: ErrorStatus[]) {
  const all = new Set<ErrorStatus>([400, 401, 403, 429, ...errors]);
  return { ...ok, ...Object.fromEntries([...all].map((s) => [s, ErrorBody])) } as unknown as T & Record<ErrorStatus, typeof ErrorBody>;
}

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 200;

/** The query of every list: where to continue, how many. */
export const pageQuery = {
  cursor: z.string().min(1).max(400).optional().meta({ description: '上一页响应中的 `next`；不给则从头开始' }),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(DEFAULT_PAGE).meta({ description: `每页条数，1–${MAX_PAGE}` }),
};

/** A page of a list in a stable order; `next` continues after its last item (null at the end). */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    next: z.string().nullable().meta({ description: '下一页的游标，作为 `cursor` 传回；null 表示已到末尾' }),
  });
}

export const usccParam = z.object({
  uscc: z.string().trim().toUpperCase().length(18, { message: '统一社会信用代码应为 18 位' }).meta({ description: '统一社会信用代码' }),
});
export const refParam = z.object({ ref: z.string().trim().min(1).max(64, { message: '编号不能超过 64 个字符' }).meta({ description: '编号' }) });
export const idParam = z.object({ id: z.coerce.number().int().positive({ message: '编号须为正整数' }) });

/** The optimistic-lock version a write was prepared against: the object's current version or 409. */
export const version = z.number({ message: '须为整数（读取时得到的 version）' }).int().positive().meta({ description: '读取时得到的 version；已被他人更新则返回 409' });

export const isoTime = z.string().meta({ description: 'ISO 8601 时间（UTC）', format: 'date-time' });
export const isoDate = z.string().meta({ description: 'YYYY-MM-DD', format: 'date' });
