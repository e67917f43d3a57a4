/** Admin: create and invite users, set role, firm and scope, disable. Every change is audited. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { recordAudit } from '../audit.ts';
import { accountInput, accountSnapshot, listUsers, newUserInput, resolveAccount, saveAccount, scopeChoices } from '../auth/user-admin.ts';
import { fieldErrors } from '../forms.ts';
import { signedIn } from '../plugins/auth.ts';
import { notFound, parseInput } from '../plugins/errors.ts';

const ADMIN = { config: { access: ['admin'] as const } };
const idParam = z.object({ id: z.coerce.number().int().positive() });

export async function adminUserRoutes(app: FastifyInstance) {
  const { database, clock } = app.deps;
  const { sqlite } = database;
  const { accounts } = app;
  const choices = () => scopeChoices(database);
  const inviteLink = (request: FastifyRequest, token: string) => `${request.protocol}://${request.host}/invite/${token}`;
  const userOr404 = (params: unknown) => {
    const { id } = parseInput(idParam, params);
    const user = listUsers(sqlite).find((u) => u.id === id);
    if (!user) throw notFound('该用户');
    return user;
  };
  const showUser = (request: FastifyRequest, reply: FastifyReply, status: number, extra: { errors?: Record<string, string>; message?: string; link?: string } = {}) => {
    const user = userOr404(request.params);
    return reply.code(status).render('user', { user, choices: choices(), csrfToken: request.csrfToken(reply), self: user.id === signedIn(request).id, ...extra });
  };

  app.get('/admin/users', ADMIN, (request, reply) =>
    reply.render('users', { users: listUsers(sqlite), choices: choices(), csrfToken: request.csrfToken(reply) }));

  app.post('/admin/users', ADMIN, async (request, reply) => {
    const actor = signedIn(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const again = (errors: Record<string, string>) => reply.code(422).render('users', { users: listUsers(sqlite), choices: choices(), csrfToken: request.csrfToken(reply), values: body, errors });
    const parsed = newUserInput.safeParse(body);
    if (!parsed.success) return again(fieldErrors(parsed.error));
    if (accounts.findUser(parsed.data.username)) return again({ username: '该用户名已被使用' });
    const account = resolveAccount(sqlite, parsed.data);
    if (!account.ok) return again(account.errors);
    const now = clock.now();
    const { id, invitation } = await accounts.createUser({ username: parsed.data.username, displayName: parsed.data.displayName, ...account.value }, now, actor.id);
    recordAudit(sqlite, { actor, action: 'user.create', objectType: 'user', objectId: id, enterpriseId: account.value.enterpriseId, after: accountSnapshot(sqlite, id), at: now, ip: request.ip });
    return reply.code(201).render('users', {
      users: listUsers(sqlite), choices: choices(), csrfToken: request.csrfToken(reply),
      created: { username: parsed.data.username, link: invitation ? inviteLink(request, invitation) : null },
    });
  });

  app.get('/admin/users/:id', ADMIN, (request, reply) => showUser(request, reply, 200));

  app.post('/admin/users/:id', ADMIN, (request, reply) => {
    const actor = signedIn(request);
    const user = userOr404(request.params);
    const parsed = accountInput.safeParse(request.body ?? {});
    if (!parsed.success) return showUser(request, reply, 422, { errors: fieldErrors(parsed.error) });
    const account = resolveAccount(sqlite, parsed.data);
    if (!account.ok) return showUser(request, reply, 422, { errors: account.errors });
    if (user.id === actor.id && account.value.role !== 'admin') return showUser(request, reply, 422, { errors: { role: '不能取消自己的管理员角色' } });
    const now = clock.now();
    sqlite.transaction(() => {
      const before = accountSnapshot(sqlite, user.id);
      saveAccount(sqlite, user.id, account.value, now);
      // A changed role, firm or scope must not ride on sessions (or live sockets) opened under the old one.
      if (user.id !== actor.id) accounts.endSessions(user.id);
      recordAudit(sqlite, { actor, action: 'user.update', objectType: 'user', objectId: user.id, enterpriseId: account.value.enterpriseId, before, after: accountSnapshot(sqlite, user.id), at: now, ip: request.ip });
    })();
    return showUser(request, reply, 200, { message: '已保存。' });
  });

  for (const [action, disabled] of [['disable', true], ['enable', false]] as const) {
    app.post(`/admin/users/:id/${action}`, ADMIN, (request, reply) => {
      const actor = signedIn(request);
      const user = userOr404(request.params);
      if (user.id === actor.id) return showUser(request, reply, 422, { message: '不能停用自己的账号。' });
      const now = clock.now();
      sqlite.transaction(() => {
        const before = accountSnapshot(sqlite, user.id);
        accounts.setDisabled(user.id, disabled, now);
        recordAudit(sqlite, { actor, action: `user.${action}`, objectType: 'user', objectId: user.id, before, after: accountSnapshot(sqlite, user.id), at: now, ip: request.ip });
      })();
      return showUser(request, reply, 200, { message: disabled ? '已停用，该用户的全部会话已结束。' : '已重新启用。' });
    });
  }

  app.post('/admin/users/:id/invite', ADMIN, (request, reply) => {
    const actor = signedIn(request);
    const user = userOr404(request.params);
    const now = clock.now();
    const token = sqlite.transaction(() => {
      const t = accounts.invite(user.id, now, actor.id);
      recordAudit(sqlite, { actor, action: 'user.invite', objectType: 'user', objectId: user.id, at: now, ip: request.ip });
      return t;
    })();
    return showUser(request, reply, 200, { link: inviteLink(request, token) });
  });
}
