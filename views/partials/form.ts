/** Form fields with their error shown inline, next to the field it belongs to. */
import { html, type Html } from '../html.ts';

export type FieldErrors = Record<string, string>;

interface FieldOptions {
  label: string; name: string; value?: string | number | null; errors?: FieldErrors;
  type?: string; required?: boolean; maxlength?: number; hint?: string; placeholder?: string; autocomplete?: string;
}

function describedBy(name: string, error: string | undefined, hint: string | undefined): Html {
  const ids = [error ? `${name}-error` : '', hint ? `${name}-hint` : ''].filter(Boolean).join(' ');
  return ids ? html` aria-describedby="${ids}"` : html``;
}

/** The label's words and its required mark, kept on one line. */
function caption(label: string, required: boolean | undefined): Html {
  return html`<span class="caption">${label}${required ? html`<span class="req" aria-hidden="true">*</span>` : ''}</span>`;
}

function after(name: string, error: string | undefined, hint: string | undefined): Html {
  return html`${hint ? html`<span class="hint" id="${name}-hint">${hint}</span>` : ''}${error ? html`<span class="field-error" id="${name}-error">${error}</span>` : ''}`;
}

export function field(o: FieldOptions): Html {
  const error = o.errors?.[o.name];
  return html`<label class="${error ? 'invalid' : ''}">${caption(o.label, o.required)}
    <input name="${o.name}" type="${o.type ?? 'text'}" value="${o.value ?? ''}"${o.required ? html` required` : ''}${o.maxlength ? html` maxlength="${o.maxlength}"` : ''}${o.placeholder ? html` placeholder="${o.placeholder}"` : ''}${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ''}${error ? html` aria-invalid="true"` : ''}${describedBy(o.name, error, o.hint)}>
    ${after(o.name, error, o.hint)}</label>`;
}

export function textarea(o: FieldOptions & { rows?: number }): Html {
  const error = o.errors?.[o.name];
  return html`<label class="wide${error ? ' invalid' : ''}">${caption(o.label, o.required)}
    <textarea name="${o.name}" rows="${o.rows ?? 4}"${o.required ? html` required` : ''}${o.maxlength ? html` maxlength="${o.maxlength}"` : ''}${error ? html` aria-invalid="true"` : ''}${describedBy(o.name, error, o.hint)}>${o.value ?? ''}</textarea>
    ${after(o.name, error, o.hint)}</label>`;
}

/**
 * A choice of one (a drop-down), or of several: a group of checkboxes under the same name — it
 * posts exactly what a multiple select posts, and nobody has to know about Ctrl-click.
 */
export function select(o: FieldOptions & { options: { value: string; label: string }[]; multiple?: boolean; selected?: string[] }): Html {
  const error = o.errors?.[o.name];
  const chosen = new Set(o.selected ?? (o.value !== undefined && o.value !== null ? [String(o.value)] : []));
  if (o.multiple) {
    return html`<fieldset class="checks wide${error ? ' invalid' : ''}"${describedBy(o.name, error, o.hint)}><legend>${caption(o.label, o.required)}</legend>
      ${o.options.map((op) => html`<label><input type="checkbox" name="${o.name}" value="${op.value}"${chosen.has(op.value) ? html` checked` : ''}> <span>${op.label}</span></label>`)}
      ${after(o.name, error, o.hint)}</fieldset>`;
  }
  return html`<label class="${error ? 'invalid' : ''}">${caption(o.label, o.required)}
    <select name="${o.name}"${error ? html` aria-invalid="true"` : ''}${describedBy(o.name, error, o.hint)}>
      ${o.options.map((op) => html`<option value="${op.value}"${chosen.has(op.value) ? html` selected` : ''}>${op.label}</option>`)}
    </select>${after(o.name, error, o.hint)}</label>`;
}

/**
 * A firm, typed by name or credit code, with names suggested as they are typed (a datalist filled
 * over htmx from /search/firm-names); without JavaScript it is a plain field that takes either.
 */
export function firmField(o: FieldOptions): Html {
  const error = o.errors?.[o.name];
  const list = `${o.name}-firm-names`;
  return html`<label class="${error ? 'invalid' : ''}">${caption(o.label, o.required)}
    <input name="${o.name}" type="text" value="${o.value ?? ''}" maxlength="100" autocomplete="off" list="${list}" placeholder="企业名称或统一社会信用代码"
      hx-get="/search/firm-names" hx-trigger="input changed delay:250ms" hx-target="#${list}" hx-swap="innerHTML" hx-sync="this:replace"${error ? html` aria-invalid="true"` : ''}${describedBy(o.name, error, o.hint)}>
    <datalist id="${list}"></datalist>${after(o.name, error, o.hint)}</label>`;
}

export function csrfField(token: string): Html {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}

export function formErrorSummary(errors: FieldErrors | undefined, message?: string): Html {
  if (message) return html`<p class="notice bad" role="alert">${message}</p>`;
  if (!errors || Object.keys(errors).length === 0) return html``;
  return html`<p class="notice bad" role="alert">有 ${Object.keys(errors).length} 处需要修改，请看标红的字段。</p>`;
}
