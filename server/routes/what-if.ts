/** The dashboard's what-if section (fragment for htmx, a page otherwise). Officials see their scope; admins all. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { cityDate } from '../vocabulary.ts';
import { buildWhatIf } from '../metrics/what-if-view.ts';
import { signedIn } from '../plugins/auth.ts';
import { parseInput } from '../plugins/errors.ts';
import { optional } from './query.ts';

const query = z.object({
  year: optional(z.coerce.number({ message: '年度须为数字' }).int({ message: '年度须为整数' }).min(2000, { message: '年度不能早于 2000' }).max(2100, { message: '年度不能晚于 2100' })),
  top: optional(z.coerce.number({ message: '项目数须为数字' }).int({ message: '项目数须为整数' }).min(1, { message: '项目数须在 1–50 之间' }).max(50, { message: '项目数须在 1–50 之间' })),
});

export async function whatIfRoutes(app: FastifyInstance) {
  const { database, clock } = app.deps;
  app.get('/dashboard/what-if', { config: { access: ['official', 'admin'] } }, (request, reply) => {
    const q = parseInput(query, request.query);
    const view = buildWhatIf(database.sqlite, signedIn(request), q.year ?? Number(cityDate(clock.now()).slice(0, 4)), q.top ?? 3);
    return request.wantsFragment ? reply.renderFragment('whatIfSection', view) : reply.render('whatIf', view);
  });
}
