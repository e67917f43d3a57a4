/**
 * What a sentence says about a term: work sent out, negations, pending certificates and the
 * customers' trades are not capabilities held.
 */
import { describe, expect, it } from 'vitest';
import { ownTextOf, readDescription } from '../../server/matching/profile-text.ts';
import { getLexicon } from '../../search/lexicon.ts';
import { firm } from './fixtures.ts';

const lexicon = getLexicon();

const labels = (caps: { conceptId: string }[]) => [...new Set(caps.map((c) => lexicon.label(c.conceptId)))].sort();

describe('context in a firm\'s own words', () => {
  it('does not read work sent out as the firm\'s own', () => {
    expect(labels(readDescription(lexicon, '公司主要从事压铸，热处理和电镀工序外协。').processes)).toEqual(['压铸']);
    expect(labels(readDescription(lexicon, '具备CNC加工能力，电镀委托外部完成').processes)).toEqual(['CNC加工']);
    expect(labels(readDescription(lexicon, '锻造毛坯由客户提供，我司负责CNC加工').processes)).toEqual(['CNC加工']);
    expect(labels(readDescription(lexicon, '本厂以纸箱为主，兼做彩盒，有四色胶印机一台，彩盒的模切和糊盒外发给襄阳的加工厂。').processes)).not.toContain('模切');
    expect(labels(readDescription(lexicon, '电镀送外加工').processes)).toEqual([]);
    for (const said of ['热处理找外面做', '热处理交给合作厂', '电镀工序另找厂家', '喷涂由合作单位完成', '热处理在隔壁厂做', '压铸件委托附近压铸厂生产', '活塞杆镀铬委托外部电镀厂']) {
      expect(labels(readDescription(lexicon, said).processes), said).toEqual([]);
    }
  });

  it('reads one verb of making after 自己 as the work done in-house', () => {
    expect(labels(readDescription(lexicon, '弹片和端子自己冲，底座自己注塑').processes)).toEqual(['冲压', '注塑']);
    expect(labels(readDescription(lexicon, '线圈自己绕、自己灌封').processes)).toEqual(['灌胶', '绕线嵌线']);
    // 自己 before a word that only begins with the verb, or a verb that is negated, is no claim
    expect(labels(readDescription(lexicon, '我们自己车间不大').processes)).toEqual([]);
    expect(labels(readDescription(lexicon, '端子自己冲不了').processes)).toEqual([]);
  });

  it('reads work the firm says it cannot do as not done, with the work joined to it', () => {
    expect(labels(readDescription(lexicon, '染色和定型厂里干不了，一直外发给绍兴的印染厂').processes)).toEqual([]);
    expect(labels(readDescription(lexicon, '剑杆织机64台，染色我们做不了').processes)).not.toContain('染色');
    expect(labels(readDescription(lexicon, '染色自己做，定型外发').processes)).toContain('染色');
  });

  it('reads a firm that takes in others\' work (承接外协) as doing it', () => {
    expect(labels(readDescription(lexicon, '可对外提供真空热处理外协加工').processes)).toEqual(['真空热处理']);
    expect(labels(readDescription(lexicon, '承接外协加工：压铸、CNC加工').processes)).toEqual(['CNC加工', '压铸']);
  });

  it('does not read a negated or planned capability as held', () => {
    expect(labels(readDescription(lexicon, '具备压铸能力但不具备热处理能力').processes)).toEqual(['压铸']);
    expect(labels(readDescription(lexicon, '暂无电镀工序').processes)).toEqual([]);
    expect(labels(readDescription(lexicon, '以玉米为原料发酵生产氨基酸，不涉及化学合成工艺').processes)).not.toContain('化学合成');
    expect(labels(readDescription(lexicon, '本厂不承接电镀业务').processes)).toEqual([]);
    // the state after the work: 「扣压总成暂未开展」
    expect(labels(readDescription(lexicon, '公司生产钢丝编织胶管，扣压总成暂未开展').processes)).not.toContain('扣压');
    expect(labels(readDescription(lexicon, '热处理尚未开展').processes)).toEqual([]);
    expect(labels(readDescription(lexicon, '计划明年新增注塑生产线').processes)).toEqual([]);
    // 「不加工」「不生产」「不使用」: the material or work after them is what the firm does not do
    const moulder = readDescription(lexicon, '公司主营PP周转箱注塑，不加工尼龙材料');
    expect(labels(moulder.materials)).not.toContain('尼龙');
    expect(labels(moulder.processes)).toEqual(['注塑']);
    expect(labels(readDescription(lexicon, '只做胶管编织，也不使用天然橡胶').materials)).not.toContain('天然橡胶');
    expect(labels(readDescription(lexicon, '本厂不生产涂料').processes)).toEqual([]);
    // spoken forms: after the work, 无 right before it, 除…外均
    for (const said of ['热处理做不了', '电镀不做', '我们不会做电镀', '无热处理能力', '公司无电镀能力', '除电镀外均可自制', '除热处理外其余工序全部自制']) {
      expect(labels(readDescription(lexicon, said).processes), said).toEqual([]);
    }
    // …but 「除…外，还」 adds, and a 无 further back is a word of its own (无锡, 无铅)
    expect(labels(readDescription(lexicon, '除压铸外，还提供CNC加工').processes)).toEqual(['CNC加工', '压铸']);
    expect(labels(readDescription(lexicon, '公司位于无锡，主营热处理').processes)).toEqual(['热处理']);
    expect(labels(readDescription(lexicon, '具备无铅焊接').processes)).toEqual(['焊接']);
    expect(labels(readDescription(lexicon, '加工不锈钢和碳钢').materials)).toContain('不锈钢');
  });

  it('reads a certificate in progress as not held, and a held one beside it as held', () => {
    const r = readDescription(lexicon, '已通过ISO 9001认证，IATF 16949认证正在申请中');
    expect(labels(r.certifications)).toEqual(['ISO 9001']);
    expect(labels(readDescription(lexicon, '正在申请AS9100认证').certifications)).toEqual([]);
    // a word of time or state between the name and 「审核中」
    expect(labels(readDescription(lexicon, '已通过ISO 9001认证，IATF16949认证目前在审核中').certifications)).toEqual(['ISO 9001']);
    expect(labels(readDescription(lexicon, 'IATF 16949体系尚处于认证阶段').certifications)).toEqual([]);
    // the certificate's long name between its code and 「正在申请中」
    expect(labels(readDescription(lexicon, '公司具备量产能力，IATF16949汽车质量体系认证正在申请中').certifications)).toEqual([]);
    // …but a held certificate followed by another sentence about something else stays held
    expect(labels(readDescription(lexicon, 'IATF16949汽车质量体系认证已取得，AS9100认证正在申请中').certifications)).toEqual(['IATF 16949']);
    // a plan, an absence or papers in preparation after the name
    expect(labels(readDescription(lexicon, '质量管理方面已通过ISO9001，IATF16949计划2025年审核。').certifications)).toEqual(['ISO 9001']);
    expect(labels(readDescription(lexicon, 'TPU热熔胶膜，生态纺织品认证暂无。').certifications)).toEqual([]);
    expect(labels(readDescription(lexicon, '目前正在准备进入药包材领域，药包材登记资料正在准备中，尚未取得登记号。').certifications)).toEqual([]);
    expect(labels(readDescription(lexicon, '产品已完成CDE原辅包登记（状态A）').certifications)).toEqual(['原辅包登记（CDE）']);
    // lapsed, not yet obtained, or held once
    for (const said of ['ISO9001已过期', 'ISO9001证书已失效', 'IATF16949还没拿到', '曾通过IATF16949认证（2019年到期未续）', 'IATF16949证书2023年到期未换证', '国军标体系还没有', '质量体系认证还没做', 'ISO9001认证没办', 'IATF16949证书未复审', 'CRCC证书已到期，正在换证', 'CRCC证书换证审核中', '轨枕的CRCC准备申报', 'GJB9001C正在申报', 'Oeko-Tex认证明年再办', 'CRCC以前有']) {
      expect(labels(readDescription(lexicon, said).certifications), said).toEqual([]);
    }
    expect(labels(firm({ certifications: 'ISO9001（2022年到期，未年审）' }).certifications)).toEqual([]);
    // the state after an expiry in the next clause is the same certificate's
    expect(labels(readDescription(lexicon, '危险化学品安全生产许可证2024年到期，换证审核中。').certifications)).toEqual([]);
    expect(labels(readDescription(lexicon, 'ISO9001（2022年到期，未年审）').certifications)).toEqual([]);
    expect(labels(readDescription(lexicon, 'ISO9001证书有效期至2027年，到期后续证。').certifications)).toEqual(['ISO 9001']);
    expect(labels(readDescription(lexicon, '原先的Oeko-Tex证书前年到期后没有再续，目前只有ISO9001。').certifications)).toEqual(['ISO 9001']);
    expect(labels(readDescription(lexicon, 'ISO9001证书有效期至2027年').certifications)).toEqual(['ISO 9001']);
    // 「没有」 ends the clause: no certificate; 「没有问题」 says the work is fine
    expect(labels(readDescription(lexicon, '持AS9100D，国军标体系还没有。').certifications)).toEqual(['AS9100']);
    expect(labels(readDescription(lexicon, 'TC4加工没有问题，持有GJB9001C').materials)).toEqual(['TC4钛合金']);
  });

  it('keeps raw material bought in as the firm\'s own words, but not parts bought in or work sent out', () => {
    const own = ownTextOf([], '绕线、压制成型都在本厂，合金粉（铁硅铬）外购。碳滑板等易损件外购。电镀外协');
    expect(own).toContain('合金粉');
    expect(own).not.toContain('碳滑板');
    expect(own).not.toContain('电镀');
    // each clause judged on its own, whatever came before it
    expect(ownTextOf([], '碳滑板等易损件外购。合金粉外购')).toContain('合金粉');
  });

  it('reads 无 as governing every work joined to the first, but not words that begin with 无', () => {
    expect(labels(readDescription(lexicon, '专业生产HDPE吹塑包装桶。无金属加工及焊接能力').processes)).not.toContain('焊接');
    expect(labels(readDescription(lexicon, '公司无电镀、热处理能力').processes)).toEqual([]);
    expect(labels(readDescription(lexicon, '无缝钢管及焊接').processes)).toEqual(['焊接']);
    expect(labels(readDescription(lexicon, '无损检测及焊接').processes)).toEqual(['无损检测', '焊接']);
  });

  it('reads a clause opening with 不 and the work as not done, and a name beginning with 不 as a name', () => {
    expect(labels(readDescription(lexicon, '压铸，不喷涂').processes)).toEqual(['压铸']);
    expect(labels(readDescription(lexicon, '本厂不做电镀').processes)).toEqual([]);
    expect(ownTextOf([], '脱硫石膏烘干后自用，不煅烧。')).not.toContain('煅烧');
    expect(labels(readDescription(lexicon, '不干胶印刷').processes)).toEqual(['印刷']);
    expect(labels(readDescription(lexicon, '不锈钢焊接').processes)).toEqual(['焊接']);
    expect(labels(firm({ materials: '不饱和聚酯树脂;不锈钢' }).materials)).toEqual(['不锈钢', '不饱和聚酯树脂']);
  });

  it('reads a firm that names its products for the work that makes them as doing that work, not one that only works on them', () => {
    expect(labels(firm({ products: '铁路铸钢件;轴箱' }).processes)).toEqual(['铸造']);
    expect(labels(firm({ description: '主要产品为锻钢件。' }).processes)).toEqual(['锻造']);
    expect(labels(firm({ products: '铸件加工;锻件销售' }).processes)).toEqual([]);
  });

  it('reads the customers\' trade in 「为…提供…服务」 as theirs', () => {
    expect(labels(readDescription(lexicon, '为汽车压铸企业提供模具维修服务').processes)).not.toContain('压铸');
  });

  it('reads list cells the same way', () => {
    const f = firm({ processes: '压铸;热处理（外协）;CNC加工', certifications: 'ISO 9001;IATF 16949（认证中）' });
    expect(labels(f.processes)).toEqual(['CNC加工', '压铸']);
    expect(labels(f.certifications)).toEqual(['ISO 9001']);
    // a lapsed certificate in the note of another: the note's is not held, the item's name is
    const lapsed = firm({ certifications: 'ISO 9001（ISO/TS16949证书2019年到期未换证）' });
    expect(labels(lapsed.certifications)).toEqual(['ISO 9001']);
  });
});
