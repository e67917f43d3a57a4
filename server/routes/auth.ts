/**
 * Login, logout and accepting an invitation. Every login success, failure and refusal and
 * every logout is logged and audited. A login reserves its try with the limiter before the
 * password is hashed, and hashing waits its turn in a short queue (429 beyond it).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { recordAudit } from '../audit.ts';
import { passwordProblem, PASSWORD_MAX } from '../auth/passwords.ts';
import type { UserRow } from '../auth/accounts.ts';
import { setSessionCookie } from '../plugins/auth.ts';
import { HttpError } from '../plugins/errors.ts';
import { HashQueueFull } from '../auth/hash-queue.ts';

/**
 * Only a path on this site: never an absolute or protocol-relative URL (no open redirect).
 * Browsers drop tabs and newlines and read a backslash as a slash, so `/\t/host` or `/\\host`
 * would leave the site: control characters, whitespace and backslashes are refused outright
 * (a path that needs them carries them percent-encoded).
 */
export const localPath = z.string().max(500).refine((p) => p.startsWith('/') && !p.startsWith('//') && !/[\u0000-\u0020\u007f-\u00a0\\\s]/u.test(p), { message: '无效的跳转地址' });

const loginBody = z.object({
  username: z.string().trim().min(1, { message: '请输入用户名' }).max(64),
  password: z.string().min(1, { message: '请输入密码' }).max(PASSWORD_MAX),
  next: localPath.optional().catch(undefined),
});

const PUBLIC = { config: { access: 'public' as const } };

export async function authRoutes(app: FastifyInstance) {
  const { clock, database } = app.deps;
  const { accounts, loginLimiter } = app;

  const startSession = (request: FastifyRequest, reply: FastifyReply, user: UserRow) => {
    if (request.sessionToken) accounts.destroySession(request.sessionToken);
    const { token } = accounts.createSession(user.id, clock.now(), { ip: request.ip, userAgent: request.headers['user-agent'] ?? '' });
    setSessionCookie(request, reply, token);
  };

  app.get<{ Querystring: { next?: string } }>('/login', PUBLIC, (request, reply) => {
    const next = localPath.safeParse(request.query.next).data ?? '/';
    return reply.render('login', { csrfToken: request.csrfToken(reply), next });
  });

  app.post('/login', PUBLIC, async (request, reply) => {
    const parsed = loginBody.safeParse(request.body);
    const next = parsed.data?.next ?? '/';
    const again = (status: number, error: string, username?: string) =>
      reply.code(status).render('login', { csrfToken: request.csrfToken(reply), next, username, error });
    if (!parsed.success) return again(400, parsed.error.issues.map((i) => i.message).join('；'));
    const { username, password } = parsed.data;
    const now = clock.now();
    const audit = (action: string, user?: UserRow) => recordAudit(database.sqlite, {
      actor: user ? { kind: 'system', label: user.username } : { kind: 'system', label: username.slice(0, 64) },
      action, objectType: 'user', objectId: user?.id ?? username.slice(0, 64), at: now, ip: request.ip,
    });

    const busy = (seconds: number, message: string) => {
      reply.header('retry-after', String(seconds));
      return again(429, message, username);
    };
    const attempt = await loginLimiter.reserve(request.ip, username);
    if (!attempt.ok) {
      audit('login.blocked');
      request.log.warn({ username, ip: request.ip, reason: attempt.reason }, 'login rate-limited');
      const wait = attempt.retryAfterSeconds;
      return busy(wait, `登录尝试过多，请 ${wait < 60 ? `${wait} 秒` : `${Math.ceil(wait / 60)} 分钟`}后再试。`);
    }
    let user: UserRow | undefined;
    try {
      user = await accounts.authenticate(username, password);
    } catch (err) {
      loginLimiter.settle(attempt, 'cancelled');
      if (!(err instanceof HashQueueFull)) throw err;
      request.log.warn({ username, ip: request.ip }, 'login refused: password hashing busy');
      return busy(err.retryAfterSeconds, `登录的人较多，请 ${err.retryAfterSeconds} 秒后再试。`);
    }
    if (!user) {
      loginLimiter.settle(attempt, 'failure');
      audit('login.failure');
      request.log.warn({ username, ip: request.ip }, 'login failed');
      return again(401, '用户名或密码错误，或账号已停用。', username);
    }
    loginLimiter.settle(attempt, 'success');
    startSession(request, reply, user);
    audit('login.success', user);
    request.log.info({ userId: user.id, ip: request.ip }, 'login succeeded');
    return reply.redirect(next, 303);
  });

  app.post('/logout', { config: { access: 'signed-in' } }, (request, reply) => {
    const actor = request.actor;
    if (request.sessionToken) accounts.destroySession(request.sessionToken);
    if (actor.kind !== 'anonymous') {
      recordAudit(database.sqlite, { actor, action: 'logout', objectType: actor.kind === 'user' ? 'user' : 'api_token', objectId: actor.id, at: clock.now(), ip: request.ip });
      request.log.info({ actor: actor.label, ip: request.ip }, 'logged out');
    }
    setSessionCookie(request, reply, null);
    return reply.redirect('/', 303);
  });

  /** The link's user, or a refusal that says whether the link has ended (used, expired, superseded) or never existed. */
  const openLink = (token: string, now: number): UserRow => {
    const link = accounts.invitationState(token, now);
    if (link.state === 'open') return link.user;
    if (link.state === 'ended') throw new HttpError(410, 'link_expired', '此链接已使用、已过期或已被更新的链接取代。如需设置密码，请联系管理员重新发送。');
    throw new HttpError(404, 'link_invalid', '邀请链接无效，请检查链接是否完整，或联系管理员重新发送。');
  };

  app.get<{ Params: { token: string } }>('/invite/:token', PUBLIC, (request, reply) => {
    const user = openLink(request.params.token, clock.now());
    return reply.render('invitation', { csrfToken: request.csrfToken(reply), token: request.params.token, username: user.username });
  });

  app.post<{ Params: { token: string } }>('/invite/:token', PUBLIC, async (request, reply) => {
    const now = clock.now();
    const user = openLink(request.params.token, now);
    const body = z.object({ password: z.string().max(PASSWORD_MAX * 4), confirm: z.string().max(PASSWORD_MAX * 4) }).safeParse(request.body);
    const problem = !body.success ? '请填写密码' : body.data.password !== body.data.confirm ? '两次输入的密码不一致' : passwordProblem(body.data.password, user.username);
    if (problem) {
      return reply.code(400).render('invitation', { csrfToken: request.csrfToken(reply), token: request.params.token, username: user.username, error: problem });
    }
    let accepted: UserRow | undefined;
    try {
      accepted = await accounts.acceptInvitation(request.params.token, body.data!.password, now);
    } catch (err) {
      if (!(err instanceof HashQueueFull)) throw err;
      reply.header('retry-after', String(err.retryAfterSeconds));
      return reply.code(429).render('invitation', { csrfToken: request.csrfToken(reply), token: request.params.token, username: user.username,
        error: `设置密码的人较多，请 ${err.retryAfterSeconds} 秒后再提交。` });
    }
    if (!accepted) throw new HttpError(410, 'link_expired', '此链接已被使用，请直接登录或联系管理员重新发送。');
    recordAudit(database.sqlite, { actor: { kind: 'system', label: user.username }, action: 'invitation.accept', objectType: 'user', objectId: user.id, at: now, ip: request.ip });
    startSession(request, reply, accepted);
    return reply.redirect('/', 303);
  });
}
