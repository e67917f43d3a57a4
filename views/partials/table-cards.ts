/**
 * Tables become stacked cards on phones: every data cell is given the text of its column's
 * header as `data-label`, which the phone stylesheet shows before the value, so no column or
 * button is ever off-screen. Done once on the rendered page, so every table gets it; a table
 * marked `class="keep"` (or `compact`) stays a table. Only our own markup passes through here.
 */
const TABLE = /<table\b([^>]*)>([\s\S]*?)<\/table>/g;
const HEADER_CELL = /<th\b[^>]*>([\s\S]*?)<\/th>/g;
const ROW = /<tr\b([^>]*)>([\s\S]*?)<\/tr>/g;
const DATA_CELL = /<td\b(?![^>]*\bdata-label=)/g;

const text = (markup: string) => markup.replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim();
// header text is already escaped markup (entities stay entities); only a raw quote would end the attribute
const attrEscape = (s: string) => s.replace(/"/g, '&quot;');

export function labelTableCells(page: string): string {
  return page.replace(TABLE, (whole, attrs: string, inner: string) => {
    if (/\bclass="[^"]*\b(keep|compact)\b/.test(attrs)) return whole;
    const head = /<thead\b[^>]*>([\s\S]*?)<\/thead>/.exec(inner);
    if (!head) return whole;
    const labels = [...head[1]!.matchAll(HEADER_CELL)].map((m) => text(m[1]!));
    if (labels.length === 0) return whole;
    const body = inner.slice(head.index + head[0].length).replace(ROW, (row, rowAttrs: string, cells: string) => {
      let i = 0;
      const labelled = cells.replace(DATA_CELL, () => {
        const label = labels[i++];
        return label ? `<td data-label="${attrEscape(label)}"` : '<td';
      });
      return `<tr${rowAttrs}>${labelled}</tr>`;
    });
    return `<table${attrs} data-cards>${inner.slice(0, head.index + head[0].length)}${body}</table>`;
  });
}
