/** A case's or a project's documents: the list with download links and, when allowed, the upload form. */
import { html, type Html } from '../html.ts';
import { formatDate } from '../format.ts';
import { csrfField } from './form.ts';
import { ACCEPT, MAX_ATTACHMENTS } from '../../server/vocabulary.ts';

export interface AttachmentListView {
  files: { id: number; fileName: string; size: number; createdAt: number }[];
  /** e.g. /problems/WT-2026-0001 — files are at `${base}/attachments/${id}`, uploads go to `${base}/attachments` */
  base: string;
  canUpload: boolean; csrfToken: string; error?: string;
  /** the upload label's words */
  label?: string;
}

export const fileSize = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

export function attachmentList(v: AttachmentListView): Html {
  const left = MAX_ATTACHMENTS - v.files.length;
  return html`<h2>附件</h2>
    ${v.files.length ? html`<ul class="attachments">${v.files.map((a) =>
      html`<li><a href="${v.base}/attachments/${a.id}">${a.fileName}</a> <span class="meta">${fileSize(a.size)} · ${formatDate(a.createdAt)}</span></li>`)}</ul>` : html`<p class="meta">无附件。</p>`}
    ${v.canUpload && left > 0 ? html`<form class="no-print" method="post" action="${v.base}/attachments" enctype="multipart/form-data">
      ${csrfField(v.csrfToken)}
      <label class="${v.error ? 'invalid' : ''}">${v.label ?? '补充附件'}（还可上传 ${left} 个）
        <input type="file" name="attachments" multiple accept="${ACCEPT}">
        ${v.error ? html`<span class="field-error" role="alert">${v.error}</span>` : ''}</label>
      <button class="secondary" type="submit">上传</button>
    </form>` : ''}`;
}
