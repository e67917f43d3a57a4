/**
 * Equipment lists are evidence: machines a firm says it has stand for the work they do; machines
 * it makes or sells do not, and machines it owns are not its products.
 */
import { describe, expect, it } from 'vitest';
import { readDescription, readList } from '../../server/matching/profile-text.ts';
import { EQUIPMENT_PROCESSES } from '../../server/matching/equipment.ts';
import { getLexicon } from '../../search/lexicon.ts';

const lexicon = getLexicon();

const labels = (caps: { conceptId: string }[]) => [...new Set(caps.map((c) => lexicon.label(c.conceptId)))].sort();

describe('equipment as evidence', () => {
  it('reads a machine in the process column as the work it does, with its count and brand set aside', () => {
    const read = readList(lexicon, '注塑机（海天）28台；高速冲床12台；灌封机；V割机；鼓形齿滚齿机；离子渗氮炉', 'process');
    expect(labels(read)).toEqual(['V割', '冲压', '注塑', '渗氮', '滚齿', '灌胶']);
    expect(read.find((p) => p.conceptId === 'process.stamping')).toMatchObject({ evidence: 'contains', wording: '高速冲床12台' });
    // a metal workpiece named by its form, then 加工, is machining; 服装加工 stays garment making
    expect(labels(readList(lexicon, '铝阀体加工；泵体加工', 'process'))).toEqual(['机械加工']);
    expect(labels(readList(lexicon, '服装加工', 'process'))).toEqual(['成衣缝制']);
    // a machine the firm does not have, and a bench that names no work the lexicon knows
    expect(readList(lexicon, '冲床（没有）；跑合台', 'process').filter((p) => !p.conceptId.startsWith('~'))).toEqual([]);
  });

  it('every machine maps to a process the lexicon knows', () => {
    for (const [, id] of EQUIPMENT_PROCESSES) expect(lexicon.concept(id)?.kind, id).toBe('process');
  });

  it('reads owned machines as the work they do, quoting the machine', () => {
    const r = readDescription(lexicon, '拥有立式加工中心12台、卧式压铸机（280T-1250T）6台、三坐标测量仪');
    expect(labels(r.processes)).toEqual(['CNC加工', '三坐标测量', '压铸']);
    expect(r.processes.find((p) => p.conceptId === 'process.cnc_machining')?.wording).toBe('加工中心（设备）');
    expect(labels(readDescription(lexicon, '公司有冲床15台、折弯机4台').processes)).toEqual(['冲压', '折弯']);
    expect(labels(readDescription(lexicon, '主要设备：网带炉3条、箱式炉').processes)).toEqual(['热处理']);
    expect(labels(readDescription(lexicon, '主要设备：淬火炉、回火炉').processes)).toEqual(['回火', '淬火']);
    // kilns that fire shaped ware; a rotary kiln calcines and says nothing here
    expect(labels(readDescription(lexicon, '配真空练泥挤出机8台、隧道窑2条').processes)).toContain('烧结');
    expect(labels(readDescription(lexicon, '拥有回转窑2条').processes)).not.toContain('烧结');
    // machines named before 「各有」「都有」, or after 「设备有」
    expect(labels(readDescription(lexicon, '做药盒、彩盒，对开四色胶印机、模切机、糊盒机各有').processes)).toEqual(['印刷', '模切']);
    expect(labels(readDescription(lexicon, '数控车、滚齿机都有').processes)).toEqual(['滚齿', '车削']);
    expect(labels(readDescription(lexicon, '设备有剪板机、卷板机、氩弧焊机').processes)).toEqual(['剪板', '卷板', '氩弧焊']);
    expect(labels(readDescription(lexicon, 'V割机和冲床都在厂里').processes)).toEqual(['V割', '冲压']);
    expect(labels(readDescription(lexicon, '针是自己的冲床冲的').processes)).toEqual(['冲压']);
    // a 生产线 is equipment, not a clause about making things
    expect(labels(readDescription(lexicon, '芯线挤出生产线4条、对绞机20台、成缆机6台').processes)).toContain('电线电缆制造');
    // spinning frames say which spinning; carding alone says only spinning
    expect(labels(readDescription(lexicon, '拥有细纱机20台').processes)).toEqual(['环锭纺']);
    expect(labels(readDescription(lexicon, '拥有转杯纺纱机12台').processes)).toEqual(['气流纺']);
    expect(labels(readDescription(lexicon, '拥有梳棉机、并条机').processes)).toEqual(['纺纱']);
    // vertical lathes, gantry drills and a machine named for its work with its count
    expect(labels(readDescription(lexicon, '主要装备：Φ6.3米数控立车8台，数控龙门钻6台').processes)).toEqual(['车削', '钻孔']);
    expect(labels(readDescription(lexicon, '主要设备：五轴叶片铣（Starrag）6台').processes)).toEqual(['铣削']);
    expect(labels(readDescription(lexicon, '拥有铣刀磨床2台').processes)).toEqual(['磨削']);
    // a rapier or air-jet loom weaves woven cloth; a loom alone says only weaving
    expect(labels(readDescription(lexicon, '拥有剑杆织机120台').processes)).toEqual(['机织']);
    expect(labels(readDescription(lexicon, '拥有织机40台').processes)).toEqual(['织造']);
    expect(labels(readDescription(lexicon, '拥有龙门铣4台、开炼机2台、树脂砂造型线1条').processes)).toEqual(['密炼', '砂型铸造', '铣削']);
  });

  it('does not count machines it owns as its products', () => {
    expect(readDescription(lexicon, '拥有数控车床30台、加工中心8台').products).toEqual([]);
  });

  it('reads machines it makes or sells as products, not as work', () => {
    const made = readDescription(lexicon, '主要产品为立式加工中心、数控车床');
    expect(labels(made.processes)).toEqual([]);
    expect(labels(made.products)).toEqual(['数控机床']);
    expect(labels(readDescription(lexicon, '年产加工中心500台').processes)).toEqual([]);
  });

  it('a more specific machine says more than the generic one, and a missing one says nothing', () => {
    expect(labels(readDescription(lexicon, '现有五轴加工中心2台').processes)).toEqual(['五轴加工']);
    expect(labels(readDescription(lexicon, '暂无加工中心').processes)).toEqual([]);
  });
});
