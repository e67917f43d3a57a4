import { describe, expect, it } from 'vitest';
import { formatKm, formatRatio, ratioText } from '../../server/matching/reasons.ts';
import { scoreCandidate } from '../../server/matching/rank.ts';
import { XIANGYANG, component, firm, readyDieCaster } from './fixtures.ts';
import { getLexicon } from '../../search/lexicon.ts';

const lexicon = getLexicon();

/** 12 km due north of the buyer. */
const TWELVE_KM_NORTH = { lat: XIANGYANG.lat + 12 / 111.195, lng: XIANGYANG.lng };

describe('reasons in plain Chinese', () => {
  it('says what qualifies a firm, in the words of the brief', () => {
    const s = scoreCandidate(lexicon, 
      component({ processes: '压铸;CNC加工', materials: '', certificationsRequired: 'IATF16949', annualValueWan: 1000 }),
      firm({ processes: '压铸;数控加工', certifications: 'IATF16949:2016', annualOutputWan: 6000, ...TWELVE_KM_NORTH }),
    );
    expect(s.grade).toBe('ready');
    expect(s.reasons).toEqual(['具备压铸、CNC加工', '持有IATF 16949', '年产值约为该件年采购额的6倍', '距采购方12公里']);
    expect(s.missing).toEqual([]);
  });

  it('says what is missing, and how a near material or a weaker certificate stands', () => {
    const s = scoreCandidate(lexicon, 
      component({ processes: '压铸;CNC加工;热处理', materials: 'ADC12', certificationsRequired: 'AS9100', annualValueWan: 5000 }),
      firm({ processes: '压铸;CNC加工', materials: '6061-T6', certifications: 'ISO 9001', annualOutputWan: 6000, tier: 'specialized', ...TWELVE_KM_NORTH }),
    );
    expect(s.grade).toBe('none');
    expect(s.reasons).toEqual(['具备压铸、CNC加工', '可加工6061铝合金（与ADC12同属铝合金，不同类牌号）', '距采购方12公里', '专精特新企业']);
    expect(s.missing).toEqual(['未见热处理工艺', '缺少AS9100认证（现有ISO 9001）', '产能偏紧：年产值仅为年采购额的1.2倍']);
  });

  it('does not say 工艺 twice for a process whose name ends in it', () => {
    const s = scoreCandidate(lexicon, component({ processes: '电解生箔;分切', materials: '', certificationsRequired: '' }), firm({ processes: '分切', annualOutputWan: 6000 }));
    expect(s.missing).toContain('未见电解工艺（主工艺）');
  });

  it('owns up to a loose wording and to a firm outside the city', () => {
    const s = scoreCandidate(lexicon, 
      component({ processes: '压铸;CNC加工', materials: '', certificationsRequired: '' }),
      firm({ processes: '真空压铸;CNC加工', annualOutputWan: 300, regionName: '十堰市', regionKind: 'cluster', lat: null, lng: null, regionLat: 32.6292, regionLng: 110.798 }),
    );
    expect(s.reasons).toEqual(['具备CNC加工', '距采购方141公里', '位于十堰市（襄十随神城市群）', '工艺"真空压铸"与压铸相近']);
    expect(s.missing).toEqual(['产能不足：年产值仅为年采购额的0.3倍']);
  });

  it('takes certificates asked as alternatives (A或B, A/B) as either, and says so when neither is held', () => {
    const part = component({ certificationsRequired: 'IATF 16949或ISO 9001' });
    const iso = scoreCandidate(lexicon, part, readyDieCaster({ certifications: 'ISO 9001:2015' }));
    expect(iso.grade).toBe('ready');
    expect(iso.reasons).toContain('持有ISO 9001');
    const none = scoreCandidate(lexicon, part, readyDieCaster({ certifications: '' }));
    expect(none.grade).toBe('cultivate');
    expect(none.missing).toEqual(['缺少IATF 16949或ISO 9001（任一即可）']);
    // both asked with 及 are both needed, as before
    const both = scoreCandidate(lexicon, component({ certificationsRequired: 'ISO 9001及ISO 14001' }), readyDieCaster({ certifications: 'ISO 9001' }));
    expect(both.grade).toBe('cultivate');
    expect(scoreCandidate(lexicon, component({ certificationsRequired: 'AS9100/ISO 9001' }), readyDieCaster({ certifications: 'AS9100D' })).grade).toBe('ready');
  });

  it('reads a firm that names no material as unknown, never 材料不符: tight at best, below a firm that shows the material', () => {
    const silent = scoreCandidate(lexicon, component({ materials: 'ADC12;A380' }), readyDieCaster({ materials: '' }));
    expect(silent.grade).toBe('tight');
    expect(silent.missing).toEqual(['企业未填写加工材料（需ADC12或A380铝合金），待核实']);
    expect([...silent.reasons, ...silent.missing].join('；')).not.toContain('材料不符');
    const shown = scoreCandidate(lexicon, component({ materials: 'ADC12;A380' }), readyDieCaster());
    expect(shown.grade).toBe('ready');
    expect(shown.score).toBeGreaterThan(silent.score);
    // a firm that names another material is a mismatch, as before
    const other = scoreCandidate(lexicon, component({ materials: 'ADC12' }), readyDieCaster({ materials: 'PA66' }));
    expect(other.grade).toBe('none');
    expect(other.missing).toContain('材料不符：需ADC12，企业列明PA66');
  });

  it('names the primary process when it is the one missing, and the firm\'s listed material when it differs', () => {
    const s = scoreCandidate(lexicon, component(), firm({ processes: 'CNC加工', materials: 'PA66', certifications: 'IATF16949', annualOutputWan: null }));
    expect(s.missing).toEqual(['未见压铸工艺（主工艺）', '材料不符：需ADC12，企业列明PA66', '未填报年产值，产能待核实']);
  });

  it('formats ratios and distances for reading', () => {
    expect([formatRatio(6.04), formatRatio(1.23), formatRatio(2), formatRatio(37.6)]).toEqual(['6', '1.2', '2', '38']);
    // never 「0倍」: below a tenth the share is given in per cent
    expect([ratioText(0.3), ratioText(0.04), ratioText(0.004)]).toEqual(['0.3倍', '4%', '不到1%']);
    expect([formatKm(0.4), formatKm(11.6)]).toEqual(['不到1', '12']);
  });
});
