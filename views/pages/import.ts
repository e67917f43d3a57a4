import { html, type Html } from '../html.ts';
import { importTemplates, type TemplateView } from '../partials/import-templates.ts';
import { importPreview } from '../partials/import-preview.ts';
import type { Page } from '../layout.ts';
import { formatDateTime } from '../format.ts';
import type { ImportReportView } from '../../server/routes/import-report.ts';

export interface ImportRunRow { id: number; startedAt: number; source: string; files: string[]; ok: boolean; summary: string; actorLabel: string | null }

const SOURCE_LABEL: Record<string, string> = { upload: '网页上传', cli: '命令行', demo: '演示数据', api: '接口', components: '外采件上传' };

const ENCODING_LABEL: Record<string, string> = {
  'utf-8': 'UTF-8', 'utf-8-bom': 'UTF-8（BOM）', gb18030: 'GB18030/GBK', 'utf-16le': 'UTF-16', 'utf-16be': 'UTF-16', xlsx: 'Excel',
};

function problemList(list: NonNullable<ImportReportView['problems']>): Html {
  return html`<h2>问题清单（文件:行:列: 说明）${list.total > list.lines.length ? `：共 ${list.total.toLocaleString('zh-CN')} 处，列出前 ${list.lines.length} 处` : ''}</h2>
    <pre class="problems">${list.lines.join('\n')}</pre>
    ${list.more.length ? html`<ul class="more-problems">${list.more.map((m) => html`<li>${m}</li>`)}</ul>` : ''}`;
}

export function importReport(report: ImportReportView, preview?: { token: string; csrfToken: string }): Html {
  const { errors } = report;
  return html`<section id="report" aria-live="polite">
    ${preview && report.preview ? importPreview(report.preview, { ...preview, skipped: errors }) : report.loaded
      ? html`<div class="notice ok"><strong>导入完成。</strong>${errors ? `已跳过 ${errors} 处错误所在的行。` : ''}
          <ul>${report.countLines.map((l) => html`<li>${l}</li>`)}</ul></div>`
      : report.stale ? html`<div class="notice bad"><strong>${report.staleMessage}</strong></div>`
      : html`<div class="notice bad"><strong>导入被拒绝：发现 ${errors} 处错误，未写入任何数据。</strong>
          修正后重新上传，或勾选「跳过无效行」只导入有效行。</div>`}
    <div class="table-wrap"><table>
      <thead><tr><th>文件</th><th>类型</th><th>编码</th><th>数据行</th><th>有问题的行</th></tr></thead>
      <tbody>${report.files.map((f) => html`<tr><td>${f.file}</td><td>${f.kindLabel ?? '—'}</td>
        <td>${f.encoding ? ENCODING_LABEL[f.encoding] ?? f.encoding : '—'}</td><td>${f.rows}</td><td>${f.invalid}</td></tr>`)}</tbody>
    </table></div>
    ${report.problems ? problemList(report.problems) : ''}
  </section>`;
}

function runHistory(runs: ImportRunRow[]): Html {
  return html`<h2>最近的导入</h2>
    ${runs.length === 0 ? html`<p class="meta">尚无导入记录。</p>` : html`<div class="table-wrap"><table>
      <thead><tr><th>时间</th><th>来源</th><th>操作人</th><th>文件</th><th>结果</th></tr></thead>
      <tbody>${runs.map((r) => html`<tr><td>${formatDateTime(r.startedAt)}</td><td>${SOURCE_LABEL[r.source] ?? r.source}</td><td>${r.actorLabel ?? '—'}</td>
        <td>${r.files.join('、')}</td><td>${r.ok ? '已导入' : '被拒绝'}</td></tr>`)}</tbody>
    </table></div>`}`;
}

export function importPage(opts: { report?: ImportReportView; previewToken?: string; error?: string; runs: ImportRunRow[]; limitMb: number; csrfToken: string; openConflicts: number; templates: TemplateView[] }): Page {
  return { title: '数据导入', nav: 'import', body: html`
    <h1>数据导入</h1>
    <p>上传企业、唯一来源外采件、供需信息或采购额文件（CSV：UTF-8 或 GBK；或 Excel .xlsx）。表头可用英文键或中文列名。
      先预览将新增、更新的内容，确认后才写入；同一批文件要么全部导入，要么一行也不写入；重复导入相同文件不会改变数据。单次上传上限 ${opts.limitMb} MB。</p>
    <form class="card" method="post" action="/admin/import/preview" enctype="multipart/form-data"
      hx-post="/admin/import/preview" hx-encoding="multipart/form-data" hx-target="#import-result" hx-select="#import-result" hx-swap="outerHTML">
      <input type="hidden" name="_csrf" value="${opts.csrfToken}">
      <p><label>选择文件（可多选）<br><input type="file" name="files" multiple required accept=".csv,.tsv,.txt,.xlsx"></label></p>
      <p><label><input type="checkbox" name="skipInvalid" value="true"> 跳过无效行（只导入有效行，并报告其余）</label></p>
      <p><label><input type="checkbox" name="preferImport" value="true"> 以导入为准（覆盖企业在上次导入后自行修改的字段；不勾选时保留企业填写并列为冲突）</label></p>
      <p><label><input type="checkbox" name="moveOwners" value="true"> 允许更换所属企业（文件中的外采件或供需信息编号已属于其他企业时，转给文件所写的企业；每次转移都记入审计日志）</label></p>
      <button type="submit">上传并预览</button>
    </form>
    ${importTemplates(opts.templates)}
    <div id="import-result">
    <p class="progress" data-progress="import" role="status" hidden><progress max="1" value="0"></progress> <span></span></p>
    ${opts.error ? html`<section id="report"><div class="notice bad">${opts.error}</div></section>` : opts.report ? importReport(opts.report, opts.previewToken ? { token: opts.previewToken, csrfToken: opts.csrfToken } : undefined) : html`<section id="report"></section>`}
    ${opts.openConflicts > 0 ? html`<p class="notice"><a href="/admin/import/conflicts">${opts.openConflicts} 个字段企业已自行修改、导入未覆盖，待处理 →</a></p>` : ''}
    ${runHistory(opts.runs)}
    </div>` };
}
