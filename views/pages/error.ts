import { html, type Html } from '../html.ts';
import type { Page } from '../layout.ts';

export function errorPage(status: number, message: string): Page {
  const title = status === 404 ? '页面不存在' : status >= 500 ? '服务器出错' : '请求有误';
  return { title, body: html`<h1>${title}</h1><p>${message}</p><p><a href="/">返回首页</a></p>` };
}
