import { html } from '../html.ts';
import type { Page } from '../layout.ts';

/** The heading says what kind of refusal it is; the message says why and what to do. */
const TITLE: Record<number, string> = {
  400: '请求有误', 401: '请先登录', 403: '无权访问', 404: '页面不存在', 409: '操作冲突', 410: '链接已失效',
  413: '内容过大', 415: '格式不受支持', 422: '内容有误', 429: '请求过于频繁', 503: '服务暂不可用',
};

export function errorTitle(status: number): string {
  return TITLE[status] ?? (status >= 500 ? '服务器出错' : '请求有误');
}

/** A few refusals are better named by what went wrong than by their status. */
const TITLE_BY_CODE: Record<string, string> = { link_invalid: '链接无效', link_expired: '链接已失效' };

/** `code`: the refusal's code (HttpError), which may name it better than its status. */
export interface ErrorView { status: number; message: string; code?: string }

export function errorPage({ status, message, code }: ErrorView): Page {
  const title = (code && TITLE_BY_CODE[code]) ?? errorTitle(status);
  return { title, body: html`<h1>${title}</h1><p>${message}</p><p><a href="/">返回首页</a></p>` };
}
