import { describe, expect, it } from 'vitest';
import { ineligibility, inScope } from '../../server/matching/eligibility.ts';
import { isTradingFirm } from '../../server/matching/profile.ts';
import { rankSuppliers } from '../../server/matching/rank.ts';
import { component, firm, readyDieCaster } from './fixtures.ts';
import { getLexicon } from '../../search/lexicon.ts';

const lexicon = getLexicon();

describe('scope', () => {
  it('local takes the city only, cluster adds 襄十随神, all takes everyone', () => {
    expect([inScope('local', 'local'), inScope('cluster', 'local'), inScope('outside', 'local')]).toEqual([true, false, false]);
    expect([inScope('local', 'cluster'), inScope('cluster', 'cluster'), inScope('outside', 'cluster')]).toEqual([true, true, false]);
    expect([inScope('local', 'all'), inScope('cluster', 'all'), inScope('outside', 'all')]).toEqual([true, true, true]);
  });

  it('ranks only firms of the chosen scope, local by default', () => {
    const local = readyDieCaster({ id: 11 });
    const shiyan = readyDieCaster({ id: 12, regionName: '十堰市', regionKind: 'cluster', lat: 32.63, lng: 110.8 });
    const ningbo = readyDieCaster({ id: 13, regionName: '宁波市', regionKind: 'outside', lat: 29.87, lng: 121.54 });
    const ids = (scope?: 'local' | 'cluster' | 'all') => rankSuppliers(lexicon, component(), [ningbo, shiyan, local], scope ? { scope } : {}).map((s) => s.enterpriseId);
    expect(ids()).toEqual([11]);
    expect(ids('cluster')).toEqual([11, 12]);
    expect(ids('all')).toEqual([11, 12, 13]);
  });
});

describe('the buyer itself', () => {
  it('is never ranked as its own supplier, whatever it can do', () => {
    const buyer = readyDieCaster({ id: 1 });
    expect(ineligibility(component({ buyerId: 1 }), buyer, 'all')).toBe('buyer');
    expect(rankSuppliers(lexicon, component({ buyerId: 1 }), [buyer, readyDieCaster({ id: 21 })]).map((s) => s.enterpriseId)).toEqual([21]);
  });
});

describe('trading and agency firms', () => {
  const trading = (name: string, description: string, processes = '') => isTradingFirm(lexicon, { name, description, processes });

  it('the dev world wording: 贸易有限公司 selling and acting as agent', () => {
    expect(trading('襄阳龙兴化工贸易有限公司', '主营医药中间体的销售与代理，提供仓储物流服务。')).toBe(true);
  });

  it.each([
    ['襄阳恒通五金商行', '代理各类压铸件及ADC12铝锭，现货批发，当天发货。'],
    ['襄阳汉江进出口有限公司', '主要经营汽车零部件的进出口及批发业务。'],
    ['Xiangyang Hengtong Industrial Supply Trading Co., Ltd.', 'Authorized distributor of die-cast housings; ex-stock delivery nationwide.'],
    ['襄阳宏图物资有限公司', 'Q235、45#钢现货经销商，常备库存2000吨，代理多个钢厂品牌。'],
    ['襄阳瑞祥供应链管理有限公司', '为主机厂提供VMI库存管理与配送服务。'],
    ['襄阳博远机电有限公司', '专业代理进口轴承与液压件，为客户提供现货供应及配送服务。'],
    ['襄阳金鼎贸易有限公司', '', '销售;仓储物流'],
    // a shop's trade name: 经营部, 门市部
    ['襄阳市襄州区航通标准件经营部', '主营航空标准件，游动托板自锁螺母常备。'],
    ['老河口市恒达五金门市部', '螺栓螺母及各类紧固件，品种齐全。'],
  ])('new wordings: %s', (name, description, processes = '') => {
    expect(trading(name, description, processes)).toBe(true);
  });

  it('a maker whose name or profile mentions trade but which lists its own processes is a maker', () => {
    expect(trading('襄阳瑞祥供应链管理有限公司', '公司专业从事铝合金压铸，拥有压铸机12台。')).toBe(false);
    expect(trading('襄阳汉江机械进出口有限公司', '产品出口东南亚。', 'CNC加工;热处理')).toBe(false);
    // …also when its work is a wording the lexicon does not know, ending in a verb of making
    expect(trading('宜城市脱硫石膏处理有限公司', '脱硫石膏烘干后销售给石膏粉厂和水泥厂，不煅烧。', '烘干')).toBe(false);
    // goods or services in the process column are no work of its own
    expect(trading('襄阳博远机电有限公司', '专业代理进口轴承，现货销售。', '轴承;五金配件')).toBe(true);
    expect(trading('襄阳博远机电有限公司', '专业代理进口轴承，现货销售。', '仓储;配送')).toBe(true);
    expect(trading('襄阳鑫源精密压铸有限公司', '主营变速器壳体的研发、生产和销售，具备压铸能力。')).toBe(false);
  });

  it('is never ranked, even when its catalogue names every requirement', () => {
    const dealer = firm({ id: 31, name: '襄阳恒通压铸件贸易有限公司', materials: 'ADC12', certifications: 'IATF16949', description: '代理压铸件、CNC加工件，现货供应。' });
    expect(dealer.trading).toBe(true);
    expect(ineligibility(component(), dealer, 'local')).toBe('trading');
    expect(rankSuppliers(lexicon, component(), [dealer, readyDieCaster({ id: 32 })]).map((s) => s.enterpriseId)).toEqual([32]);
  });
});
