import { describe, expect, it } from 'vitest';
import { readSheets } from '../../server/import/read-table.ts';
import { readXlsxSheets } from '../../server/import/xlsx.ts';
import { TEMPLATE_KINDS, templateCsv, templateWorkbook } from '../../server/import/templates.ts';
import { FILE_SPECS } from '../../server/import/columns.ts';
import { validateFiles } from '../../server/import/validate.ts';
import { getLexicon } from '../../search/lexicon.ts';
import { unzipSync, strFromU8 } from 'fflate';

describe('import templates', () => {
  for (const kind of TEMPLATE_KINDS) {
    it(`${kind}: the XLSX has the importer's headers, an example row that imports cleanly, and a 填表说明 sheet`, () => {
      const bytes = templateWorkbook(kind);
      const sheets = readXlsxSheets(bytes);
      expect(sheets.map((s) => s.name)).toEqual([FILE_SPECS[kind].label, '填表说明']);
      expect(sheets[0]!.rows[0]).toEqual(FILE_SPECS[kind].columns.map((c) => c.zh));
      const guide = sheets[1]!.rows;
      expect(guide.some((r) => r[0] === FILE_SPECS[kind].columns[0]!.zh && r[1] === (FILE_SPECS[kind].columns[0]!.required ? '必填 *' : '选填'))).toBe(true);
      // the example row passes every rule the import applies to a row by itself (references aside)
      const v = validateFiles([{ name: `${kind}.xlsx`, bytes }], { tierOf: () => 'chain_leader' });
      expect(v.problems.filter((p) => p.severity === 'error' && !p.message.includes('不存在'))).toEqual([]);
      expect(v.files[0]).toMatchObject({ kind, rows: 1 });
    });
  }

  it('offers the 13 chains and the local regions as drop-downs', () => {
    const files = unzipSync(templateWorkbook('enterprises'));
    const all = Object.entries(files).filter(([n]) => n.startsWith('xl/worksheets/')).map(([, b]) => strFromU8(b)).join('\n');
    expect(all).toContain('<dataValidation');
    const shared = files['xl/sharedStrings.xml'] ? strFromU8(files['xl/sharedStrings.xml']!) : '';
    const text = all + shared;
    for (const chain of getLexicon().chains()) expect(text).toContain(chain.name);
    expect(text).toContain('樊城区');
    expect(text).toContain('专精特新企业');
  });

  it('the CSV starts with a byte-order mark and reads back with the same header', () => {
    const csv = templateCsv('components');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const [sheet] = readSheets(Buffer.from(csv, 'utf8'), 'components.csv');
    expect(sheet!.records[0]).toEqual(FILE_SPECS.components.columns.map((c) => c.zh));
  });
});
