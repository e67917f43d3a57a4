/** Signing in over HTTP as a browser does: the login form's visitor CSRF pair, then the session's own token from a page. */

export interface BrowserSession { cookie: string; csrf: string }

const cookieOf = (res: Response, name: string): string | undefined =>
  res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith(`${name}=`));

export function csrfFrom(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no CSRF token on the page');
  return token;
}

export async function signInOverHttp(base: string, username: string, password: string): Promise<BrowserSession> {
  const form = await fetch(`${base}/login`);
  const visitor = cookieOf(form, 'llt_visitor');
  const token = csrfFrom(await form.text());
  const res = await fetch(`${base}/login`, {
    method: 'POST', redirect: 'manual',
    headers: { cookie: visitor ?? '', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password, _csrf: token, next: '/' }),
  });
  await res.arrayBuffer();
  const cookie = cookieOf(res, 'llt_session');
  if (res.status !== 303 || !cookie) throw new Error(`login as ${username} answered ${res.status}`);
  return { cookie, csrf: await sessionCsrf(base, cookie) };
}

/** The CSRF token of a signed-in session, read from a page (it lives in the session row, so it survives restarts). */
export async function sessionCsrf(base: string, cookie: string): Promise<string> {
  const page = await fetch(`${base}/inbox`, { headers: { cookie }, redirect: 'manual' });
  if (page.status !== 200) throw new Error(`the session is not signed in (GET /inbox → ${page.status})`);
  return csrfFrom(await page.text());
}
