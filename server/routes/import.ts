/** The admin upload page: the same run as `npm run import`, with the same report. */
import { ReadTimeout, UPLOAD_LIMITS } from '../import/read-off-thread.ts';
import { runUpload } from '../import/upload.ts';
import { signedIn } from '../plugins/auth.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { desc } from 'drizzle-orm';
import { importRuns } from '../../db/schema.ts';
import { importFiles, type ImportFile } from '../import/index.ts';
import { HttpError, parseInput } from '../plugins/errors.ts';
import { readMultipartForm } from '../plugins/multipart-form.ts';
import { tellFirms } from '../import/profile-notices.ts';
import { openConflicts, resolveConflict } from '../import/conflicts.ts';
import { z } from 'zod';
import { TEMPLATE_KINDS, templateCsv, templateFileName, templateView, templateWorkbook } from '../import/templates.ts';
import { sendDownload } from './download.ts';
import { filesHash, PendingPreviews, PREVIEW_TTL_MS } from '../import/pending-previews.ts';
import type { Actor } from '../auth/policy.ts';
import { importReportView } from './import-report.ts';
import { stringList } from '../../db/rows.ts';

const ADMIN = ['admin'] as const;

const actorKey = (a: Actor) => (a.kind === 'anonymous' ? 'anonymous' : `${a.kind}:${a.id}`);

export async function importRoutes(app: FastifyInstance) {
  const { database, clock, config } = app.deps;
  const limitMb = Math.round(config.uploadLimitBytes / 1024 / 1024);
  const recentRuns = () => database.db.select().from(importRuns).orderBy(desc(importRuns.id)).limit(10).all()
    .map((r) => ({ ...r, files: stringList(r.files) }));
  const pending = new PendingPreviews(database.sqlite);
  const render = (reply: FastifyReply, status: number, opts: { report?: ReturnType<typeof importFiles>; error?: string; previewToken?: string }) =>
    reply.code(status).render('import', { ...opts, report: opts.report && importReportView(opts.report), runs: recentRuns(), limitMb, csrfToken: reply.request.csrfToken(reply), openConflicts: openConflicts(database.sqlite, 0).total,
      templates: TEMPLATE_KINDS.map((k) => templateView(k, { xlsx: `/admin/import/templates/${k}/xlsx`, csv: `/admin/import/templates/${k}/csv` })) });

  app.get('/admin/import', { config: { access: ADMIN } }, (_request, reply) => render(reply, 200, {}));

  // blank files to fill in, per kind: XLSX (drop-downs, 填表说明) or CSV
  const templateParams = z.object({ kind: z.enum(TEMPLATE_KINDS), ext: z.enum(['xlsx', 'csv']) });
  app.get('/admin/import/templates/:kind/:ext', { config: { access: ADMIN } }, (request, reply) => {
    const { kind, ext } = parseInput(templateParams, request.params);
    return sendDownload(reply, templateFileName(kind, ext), ext === 'xlsx' ? templateWorkbook(kind) : templateCsv(kind));
  });

  const SETTLED: Record<string, string> = { firm: '已保留企业填写的内容。', import: '已采用导入值，并已通知企业。' };
  app.get<{ Querystring: { done?: string } }>('/admin/import/conflicts', { config: { access: ADMIN } }, (request, reply) =>
    reply.render('importConflicts', { ...openConflicts(database.sqlite), csrfToken: request.csrfToken(reply), message: SETTLED[request.query.done ?? ''] }));

  const choiceBody = z.object({ choice: z.enum(['firm', 'import'], { message: '应为 firm（保留企业填写）或 import（采用导入值）' }) });
  const conflictParams = z.object({ id: z.coerce.number().int().positive() });
  app.post('/admin/import/conflicts/:id', { config: { access: ADMIN } }, (request, reply) => {
    const { id } = parseInput(conflictParams, request.params);
    const { choice } = parseInput(choiceBody, request.body);
    const now = clock.now();
    const result = resolveConflict({ sqlite: database.sqlite, feed: app.deps.feed, actor: request.actor, now, ip: request.ip }, id, choice);
    if (!result.ok) throw new HttpError(404, 'not_found', '该冲突不存在或已处理');
    if (result.enterpriseId !== null) tellFirms(app.notifier, [{ enterpriseId: result.enterpriseId, fields: [] }], now, result.fieldLabel);
    return reply.redirect(`/admin/import/conflicts?done=${choice}`, 303);
  });

  type Upload = { files: ImportFile[]; choices: { skipInvalid: boolean; moveOwners: boolean; preferImport: boolean } };
  /** The multipart form of the import page: its files and choices, or the page that says what is wrong. */
  async function readUpload(request: FastifyRequest, reply: FastifyReply): Promise<Upload | FastifyReply> {
    if (!request.isMultipart()) return render(reply, 415, { error: '请以 multipart/form-data 上传文件。' });
    let form;
    try {
      form = await readMultipartForm(request, { fileSize: config.uploadLimitBytes, files: 10, fields: 10, fieldSize: 1024, parts: 20 });
    } catch (err) {
      if (err instanceof HttpError) throw err;
      const status = (err as { statusCode?: number }).statusCode;
      if (status === 413) return render(reply, 413, { error: `文件超过 ${limitMb} MB 上限，未导入任何数据。` });
      if (status && status < 500) return render(reply, 400, { error: `上传内容无法解析：${(err as Error).message}` });
      throw err;
    }
    const files: ImportFile[] = form.files.filter((f) => f.fileName && f.bytes.length > 0).map((f) => ({ name: f.fileName, bytes: f.bytes }));
    if (files.length === 0) return render(reply, 400, { error: '请选择至少一个非空文件。' });
    return { files, choices: { skipInvalid: form.fields.skipInvalid === 'true', moveOwners: form.fields.moveOwners === 'true', preferImport: form.fields.preferImport === 'true' } };
  }

  /** Reads the files off the event loop and runs the import (a dry run, a checked commit, or a plain load). */
  async function run(request: FastifyRequest, reply: FastifyReply, upload: Upload, mode: { dryRun?: boolean; expectDigest?: string }) {
    const now = clock.now();
    const names = upload.files.map((f) => f.name);
    const actor = signedIn(request);
    let report;
    try {
      report = await runUpload(database.sqlite, upload.files, UPLOAD_LIMITS, {
        ...mode, ...upload.choices, now, source: 'upload', feed: app.deps.feed, actor: request.actor, ip: request.ip,
        onProfileChanges: (changed) => tellFirms(app.notifier, changed, now),
        // how far the upload has got, to the page of the admin who sent it
        onProgress: (p) => app.live.send((a) => a.kind === actor.kind && a.id === actor.id, { type: 'progress', topic: 'import', label: p.file, done: p.done, total: p.total, ...(p.approximate ? { approximate: true as const } : {}) }),
      });
    } catch (err) {
      if (err instanceof ReadTimeout) return { refused: render(reply, 422, { error: err.message }) };
      throw err;
    }
    request.log.info({ files: names, loaded: report.loaded, preview: mode.dryRun === true, stale: report.stale === true, problems: report.problems.length }, 'import upload');
    return { report };
  }

  // one step, as scripts and older clients post it: validate and load
  app.post('/admin/import', { config: { access: ADMIN, csrf: 'field-in-handler' } }, async (request, reply) => {
    const upload = await readUpload(request, reply);
    if (!('files' in upload)) return upload;
    const done = await run(request, reply, upload, {});
    if ('refused' in done) return done.refused;
    return render(reply, done.report.loaded ? 200 : 422, { report: done.report });
  });

  // the page's way: what the files would change, written nowhere; one click then commits exactly that
  app.post('/admin/import/preview', { config: { access: ADMIN, csrf: 'field-in-handler' } }, async (request, reply) => {
    const upload = await readUpload(request, reply);
    if (!('files' in upload)) return upload;
    const done = await run(request, reply, upload, { dryRun: true });
    if ('refused' in done) return done.refused;
    const { report } = done;
    if (!report.preview) return render(reply, 422, { report });
    const now = clock.now();
    const previewToken = pending.put({ files: upload.files, filesHash: filesHash(upload.files), choices: upload.choices, digest: report.preview.digest,
      actorKey: actorKey(request.actor), expiresAt: now + PREVIEW_TTL_MS }, now);
    return render(reply, 200, { report, previewToken });
  });

  const commitBody = z.object({ token: z.string({ message: '缺少预览编号（token）' }).min(1, '缺少预览编号（token）').max(100, '预览编号（token）过长') });
  app.post('/admin/import/commit', { config: { access: ADMIN } }, async (request, reply) => {
    const { token } = parseInput(commitBody, request.body);
    const entry = pending.take(token, actorKey(request.actor), clock.now());
    if (!entry) return render(reply, 409, { error: '该预览已确认过、已过期（30 分钟）或不存在，未写入任何数据。请重新上传文件并预览。' });
    const done = await run(request, reply, { files: entry.files, choices: entry.choices }, { expectDigest: entry.digest });
    if ('refused' in done) return done.refused;
    return render(reply, done.report.loaded ? 200 : done.report.stale ? 409 : 422, { report: done.report });
  });
}
