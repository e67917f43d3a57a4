/**
 * A licence asked in a class or level is met only by that class: another class of the same licence
 * is not it, and a licence stated without its class is to be asked about, never assumed.
 */
import { describe, expect, it } from 'vitest';
import { certificateQualifiers, classVerdict } from '../../server/matching/certificate-class.ts';
import { rankSuppliers } from '../../server/matching/rank.ts';
import { component, firm } from './fixtures.ts';
import { getLexicon } from '../../search/lexicon.ts';

const lexicon = getLexicon();

describe('certificate classes and levels', () => {
  it('reads the class, level and sub-class a wording states', () => {
    expect(certificateQualifiers('压力容器制造许可证（A2级）').sort()).toEqual(['A2', '压力容器']);
    expect(certificateQualifiers('特种设备生产许可证（压力管道GC1）').sort()).toEqual(['GC1', '压力管道']);
    expect(certificateQualifiers('医疗器械生产许可证（二类）')).toEqual(['2类']);
    expect(certificateQualifiers('第Ⅱ类医疗器械')).toEqual(['2类']);
    expect(certificateQualifiers('IATF 16949:2016')).toEqual([]);
    expect(certificateQualifiers('GB/T 19001')).toEqual([]);
  });

  it('takes the class a firm states of itself in another sentence for a licence named without one', () => {
    const request = component({ name: '注射器', processes: '注塑', materials: 'PP', certificationsRequired: '医疗器械生产许可证（第三类）', annualValueWan: 500 });
    const base = { processes: '注塑', materials: 'PP', annualOutputWan: 5000 };
    const third = firm({ id: 611, ...base, description: '公司是三类医疗器械生产企业。持《医疗器械生产许可证》和产品注册证。' });
    const second = firm({ id: 612, ...base, description: '公司是二类医疗器械生产企业。持《医疗器械生产许可证》。' });
    const none = firm({ id: 613, ...base, description: '持《医疗器械生产许可证》。' });
    const ranked = rankSuppliers(lexicon, request, [none, second, third], { scope: 'local' });
    expect(ranked.map((r) => [r.enterpriseId, r.grade])).toEqual([[611, 'ready'], [613, 'cultivate'], [612, 'cultivate']]);
  });

  it('meets only when every asked qualifier is held', () => {
    expect(classVerdict(['A2'], ['A1', 'A2'])).toBe('meets');
    expect(classVerdict(['A2', '压力容器'], ['D1', '压力容器'])).toBe('different');
    expect(classVerdict(['A2'], [])).toBe('unstated');
    expect(classVerdict(['A2', '压力容器'], ['压力容器'])).toBe('unstated');
    expect(classVerdict(['A2', '压力容器'], ['A2', '压力管道'])).toBe('different');
    expect(classVerdict([], [])).toBe('meets');
  });

  it('ranks the right class first, the unstated one asked about, another class as lacking it', () => {
    const request = component({ name: '储气罐', processes: '焊接', materials: 'Q345R', certificationsRequired: '压力容器制造许可证A2级', annualValueWan: 500 });
    const base = { processes: '焊接', materials: 'Q345R', annualOutputWan: 5000 };
    const right = firm({ id: 601, ...base, certifications: '压力容器制造许可证（A2级）' });
    const inText = firm({ id: 602, ...base, description: '公司持有压力容器制造许可证（A1、A2级）。' });
    const unstated = firm({ id: 603, ...base, certifications: '压力容器制造许可证' });
    const other = firm({ id: 604, ...base, certifications: '压力容器制造许可证（D级）' });
    const ranked = rankSuppliers(lexicon, request, [other, unstated, inText, right], { scope: 'local' });
    const by = (id: number) => ranked.find((r) => r.enterpriseId === id)!;
    expect(by(601).grade).toBe('ready');
    expect(by(602).grade).toBe('ready');
    expect(by(603).grade).toBe('cultivate');
    expect(by(604).grade).toBe('cultivate');
    expect(by(603).missing.join('；')).toMatch(/未写明类别\/级别（需A2、压力容器），待核实/);
    expect(by(604).missing).toContain('缺少压力容器制造许可证A2级（现有"压力容器制造许可证（D级）"，类别/级别不同）');
    expect(ranked.slice(0, 2).map((r) => r.enterpriseId).sort()).toEqual([601, 602]);
    expect(by(603).score).toBeGreaterThan(by(604).score);
  });
});
