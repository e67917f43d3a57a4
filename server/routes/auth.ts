/** Login, logout and accepting an invitation. Every login success and failure is logged and audited. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { invitationPage, loginPage } from '../../views/pages/login.ts';
import { recordAudit } from '../audit.ts';
import { passwordProblem, PASSWORD_MAX } from '../auth/passwords.ts';
import type { UserRow } from '../auth/accounts.ts';
import { setSessionCookie } from '../plugins/auth.ts';
import { HttpError } from '../plugins/errors.ts';

/** Only a path on this site: never an absolute or protocol-relative URL (no open redirect). */
const localPath = z.string().max(500).refine((p) => p.startsWith('/') && !p.startsWith('//') && !p.startsWith('/\\'), { message: '无效的跳转地址' });

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
    return reply.page(loginPage({ csrfToken: request.csrfToken(reply), next }));
  });

  app.post('/login', PUBLIC, async (request, reply) => {
    const parsed = loginBody.safeParse(request.body);
    const next = parsed.data?.next ?? '/';
    const again = (status: number, error: string, username?: string) =>
      reply.code(status).page(loginPage({ csrfToken: request.csrfToken(reply), next, username, error }));
    if (!parsed.success) return again(400, parsed.error.issues.map((i) => i.message).join('；'));
    const { username, password } = parsed.data;
    const now = clock.now();
    const audit = (action: string, user?: UserRow) => recordAudit(database.sqlite, {
      actor: user ? { kind: 'system', label: user.username } : { kind: 'system', label: username.slice(0, 64) },
      action, objectType: 'user', objectId: user?.id ?? username.slice(0, 64), at: now, ip: request.ip,
    });

    const wait = loginLimiter.retryAfter(request.ip, username);
    if (wait > 0) {
      audit('login.blocked');
      request.log.warn({ username, ip: request.ip }, 'login rate-limited');
      reply.header('retry-after', String(wait));
      return again(429, `登录尝试过多，请 ${Math.ceil(wait / 60)} 分钟后再试。`, username);
    }
    const user = await accounts.authenticate(username, password);
    if (!user) {
      loginLimiter.recordFailure(request.ip, username);
      audit('login.failure');
      request.log.warn({ username, ip: request.ip }, 'login failed');
      return again(401, '用户名或密码错误，或账号已停用。', username);
    }
    loginLimiter.recordSuccess(username);
    startSession(request, reply, user);
    audit('login.success', user);
    request.log.info({ userId: user.id, ip: request.ip }, 'login succeeded');
    return reply.redirect(next, 303);
  });

  app.post('/logout', { config: { access: 'signed-in' } }, (request, reply) => {
    if (request.sessionToken) accounts.destroySession(request.sessionToken);
    setSessionCookie(request, reply, null);
    return reply.redirect('/', 303);
  });

  app.get<{ Params: { token: string } }>('/invite/:token', PUBLIC, (request, reply) => {
    const user = accounts.invitationUser(request.params.token, clock.now());
    if (!user) throw new HttpError(404, 'not_found', '邀请链接无效或已过期，请联系管理员重新发送。');
    return reply.page(invitationPage({ csrfToken: request.csrfToken(reply), token: request.params.token, username: user.username }));
  });

  app.post<{ Params: { token: string } }>('/invite/:token', PUBLIC, async (request, reply) => {
    const now = clock.now();
    const user = accounts.invitationUser(request.params.token, now);
    if (!user) throw new HttpError(404, 'not_found', '邀请链接无效或已过期，请联系管理员重新发送。');
    const body = z.object({ password: z.string().max(PASSWORD_MAX * 4), confirm: z.string().max(PASSWORD_MAX * 4) }).safeParse(request.body);
    const problem = !body.success ? '请填写密码' : body.data.password !== body.data.confirm ? '两次输入的密码不一致' : passwordProblem(body.data.password, user.username);
    if (problem) {
      return reply.code(400).page(invitationPage({ csrfToken: request.csrfToken(reply), token: request.params.token, username: user.username, error: problem }));
    }
    const accepted = await accounts.acceptInvitation(request.params.token, body.data!.password, now);
    if (!accepted) throw new HttpError(409, 'conflict', '邀请链接已被使用。');
    recordAudit(database.sqlite, { actor: { kind: 'system', label: user.username }, action: 'invitation.accept', objectType: 'user', objectId: user.id, at: now, ip: request.ip });
    startSession(request, reply, accepted);
    return reply.redirect('/', 303);
  });
}
