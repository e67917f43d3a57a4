/** The small test city (tests/server/world.ts) with everyone the problem loop involves, signed in. */
import { signIn, type Session, type TestCtx } from '../helpers.ts';
import { loadWorld } from '../server/world.ts';

export async function problemWorld(ctx: TestCtx) {
  const w = loadWorld(ctx);
  // Department staff are officials bound to a department (the admin form sets it; tests set the column).
  const staff = async (departmentId: string) => {
    const s = await signIn(ctx, 'official');
    ctx.database.sqlite.prepare('update users set department_id = ? where id = ?').run(departmentId, s.userId);
    return s;
  };
  const people = {
    firmA: await signIn(ctx, 'enterprise', { enterpriseId: w.firmA }),
    buyerA: await signIn(ctx, 'procurement', { enterpriseId: w.firmA }),
    firmB: await signIn(ctx, 'enterprise', { enterpriseId: w.firmB }),
    supplier: await signIn(ctx, 'enterprise', { enterpriseId: w.supplier }),
    /** no scope: the whole city */
    official: await signIn(ctx, 'official'),
    autoOfficial: await signIn(ctx, 'official', { scopeChains: ['auto'] }),
    equipmentOfficial: await signIn(ctx, 'official', { scopeChains: ['equipment'] }),
    /** 樊城区 only: firm B's county, not firm A's */
    fanchengOfficial: await signIn(ctx, 'official', { scopeRegions: ['420606'] }),
    jxj: await staff('jxj'),
    gdj: await staff('gdj'),
    admin: await signIn(ctx, 'admin'),
  };
  return { ...w, people };
}

export type People = Awaited<ReturnType<typeof problemWorld>>['people'];

/** A session opened now, so tests may move the clock days ahead (sessions expire after 30 idle minutes). */
export function freshHeaders(ctx: TestCtx, s: Session): Record<string, string> {
  const { token, csrfToken } = ctx.app.accounts.createSession(s.userId, ctx.clock.now(), { ip: '127.0.0.1', userAgent: 'vitest' });
  return { cookie: `llt_session=${token}`, 'x-csrf-token': csrfToken };
}

export function raise(ctx: TestCtx, s: Session, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return ctx.app.inject({ method: 'POST', url: '/problems', headers: { ...freshHeaders(ctx, s), ...headers }, payload: body });
}

/** Raises and returns the new case's ref. */
export async function raised(ctx: TestCtx, s: Session, body: Record<string, unknown> = {}): Promise<string> {
  const res = await raise(ctx, s, { category: 'energy', title: '新增产线需要电力增容', description: '新产线明年投产，需增容 2000 kVA', ...body });
  if (res.statusCode !== 303) throw new Error(`raise failed: ${res.statusCode} ${res.body.slice(0, 300)}`);
  return String(res.headers.location).replace('/problems/', '');
}

export function move(ctx: TestCtx, s: Session, ref: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return ctx.app.inject({ method: 'POST', url: `/problems/${ref}/transitions`, headers: { ...freshHeaders(ctx, s), ...headers }, payload: body });
}

export function view(ctx: TestCtx, s: Session | null, url: string) {
  return ctx.app.inject({ method: 'GET', url, headers: s ? freshHeaders(ctx, s) : {} });
}
