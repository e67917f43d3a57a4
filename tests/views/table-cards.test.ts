import { describe, expect, it } from 'vitest';
import { labelTableCells } from '../../views/partials/table-cards.ts';

describe('tables as cards on phones', () => {
  it('labels each data cell with its column header and marks the table', () => {
    const page = '<table class="data"><thead><tr><th>名称</th><th>状态 <small>(说明)</small></th><th></th></tr></thead>'
      + '<tbody><tr><td>甲</td><td class="n">有效</td><td class="actions"><button>续期</button></td></tr>'
      + '<tr><td>乙</td><td>过期</td><td></td></tr></tbody></table>';
    const out = labelTableCells(page);
    expect(out).toContain('<table class="data" data-cards>');
    expect(out).toContain('<td data-label="名称">甲</td>');
    expect(out).toContain('<td data-label="状态 (说明)" class="n">有效</td>');
    expect(out).toContain('<td data-label="名称">乙</td>');
    // a header without words gives no label
    expect(out).toContain('<td class="actions"><button>续期</button></td>');
  });

  it('keeps escaped header text as it is and escapes a quote', () => {
    const out = labelTableCells('<table><thead><tr><th>R&amp;D "x"</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>');
    expect(out).toContain('<td data-label="R&amp;D &quot;x&quot;">1</td>');
  });

  it('leaves tables marked keep, and tables without a header, alone', () => {
    const keep = '<table class="keep"><thead><tr><th>A</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>';
    const bare = '<table><tr><td>1</td></tr></table>';
    expect(labelTableCells(keep)).toBe(keep);
    expect(labelTableCells(bare)).toBe(bare);
  });
});
