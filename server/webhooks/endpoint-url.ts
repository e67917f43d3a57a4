/**
 * Where deliveries may go: https anywhere; plain http only to this machine (a receiver under
 * test, a local relay) unless WEBHOOK_ALLOW_HTTP says otherwise. No credentials in the URL. Pure.
 */
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function endpointUrlProblem(raw: string, allowHttp: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return '不是有效的网址（应为 https://…）';
  }
  if (url.username || url.password) return '网址中不能包含用户名或密码';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && (allowHttp || LOCAL_HOSTS.has(url.hostname))) return null;
  if (url.protocol === 'http:') return '须使用 https（http 只允许本机地址）';
  return '须为 https 网址';
}
