import { describe, expect, it } from 'vitest';
import { checkAttachment, cleanFileName, detectType } from '../../server/problems/attachments.ts';
import { contentDisposition } from '../../server/export/file-name.ts';
import { DOCX, EXE, JPEG, OTHER_ZIP, PDF, PNG, XLSX } from './files.ts';
import { MAX_ATTACHMENT_BYTES } from '../../server/vocabulary.ts';

describe('attachment rules', () => {
  it('knows each allowed type by its content', () => {
    expect([PDF, JPEG, PNG, XLSX, DOCX].map(detectType)).toEqual(['pdf', 'jpeg', 'png', 'xlsx', 'docx']);
    expect(detectType(EXE)).toBeNull();
    expect(detectType(OTHER_ZIP)).toBeNull();
    expect(detectType(Buffer.from('PK\x03\x04 broken zip'))).toBeNull();
  });

  it('stores the type read from the bytes and refuses content the name lies about', () => {
    const ok = checkAttachment({ fileName: '用地红线图.PNG', bytes: PNG });
    expect(ok).toEqual({ ok: true, file: { fileName: '用地红线图.PNG', mimeType: 'image/png', bytes: PNG } });
    expect(checkAttachment({ fileName: 'photo.jpeg', bytes: JPEG }).ok).toBe(true);
    expect(checkAttachment({ fileName: 'setup.pdf', bytes: EXE })).toEqual({ ok: false, message: '「setup.pdf」的内容不是允许的文件类型（只接受 PDF、JPG、PNG、XLSX、DOCX）' });
    expect(checkAttachment({ fileName: '报告.pdf', bytes: PNG })).toEqual({ ok: false, message: '「报告.pdf」的扩展名与内容不符（内容是 PNG 文件）' });
    expect(checkAttachment({ fileName: '清单.docx', bytes: XLSX }).ok).toBe(false);
    expect(checkAttachment({ fileName: 'empty.pdf', bytes: Buffer.alloc(0) })).toEqual({ ok: false, message: '「empty.pdf」是空文件' });
  });

  it('refuses a file over 5 MB, and accepts one of exactly 5 MB', () => {
    const big = Buffer.concat([PDF, Buffer.alloc(MAX_ATTACHMENT_BYTES - PDF.length + 1)]);
    expect(checkAttachment({ fileName: 'big.pdf', bytes: big })).toEqual({ ok: false, message: '「big.pdf」超过 5 MB 上限' });
    expect(checkAttachment({ fileName: 'max.pdf', bytes: big.subarray(0, MAX_ATTACHMENT_BYTES) }).ok).toBe(true);
  });

  it('keeps names safe to store and to send back', () => {
    expect(cleanFileName('C:\\Users\\me\\说明"1".pdf')).toBe('说明1.pdf');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName(`${'长'.repeat(200)}.docx`)).toHaveLength(120);
    expect(contentDisposition('用地 (1).pdf')).toBe(`attachment; filename="__ (1).pdf"; filename*=UTF-8''%E7%94%A8%E5%9C%B0%20%281%29.pdf`);
  });
});
