import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { rankSuppliers } from '../../server/matching/rank.ts';
import { DEFAULT_MATCHING_CONFIG, parseMatchingConfig, weightsFor, withConfig } from '../../server/matching/weights.ts';
import { component, readyDieCaster } from './fixtures.ts';
import { getLexicon } from '../../search/lexicon.ts';

const lexicon = getLexicon();

const issues = (input: unknown) => {
  try {
    parseMatchingConfig(input);
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(ZodError);
    return (err as ZodError).issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  }
};

describe('the weights configuration', () => {
  it('accepts the default and rejects bad values, naming the field and the rule', () => {
    expect(issues(DEFAULT_MATCHING_CONFIG)).toEqual([]);
    expect(issues({ ...DEFAULT_MATCHING_CONFIG, weights: { ...DEFAULT_MATCHING_CONFIG.weights, distance: -1 } })).toEqual(['weights.distance: 不能为负数']);
    expect(issues({ ...DEFAULT_MATCHING_CONFIG, weights: { ...DEFAULT_MATCHING_CONFIG.weights, colour: 3 } })[0]).toMatch(/^weights: /);
    const zero = Object.fromEntries(Object.keys(DEFAULT_MATCHING_CONFIG.weights).map((k) => [k, 0]));
    expect(issues({ ...DEFAULT_MATCHING_CONFIG, weights: zero })).toEqual(['weights: 权重之和必须大于0']);
    expect(issues({ ...DEFAULT_MATCHING_CONFIG, capacity: { comfortable: 1, tight: 2 } })).toEqual(['capacity.tight: tight 必须小于 comfortable']);
    expect(issues({ ...DEFAULT_MATCHING_CONFIG, chains: { auto: { distanse: 5 } } })[0]).toMatch(/^chains\.auto: /);
  });

  it('lets a chain override some weights and keeps the rest', () => {
    const config = withConfig({ chains: { aerospace: { distance: 60, process: 10 } } });
    expect(weightsFor(config, 'aerospace')).toMatchObject({ distance: 60, process: 10, material: DEFAULT_MATCHING_CONFIG.weights.material });
    expect(weightsFor(config, 'auto')).toEqual(DEFAULT_MATCHING_CONFIG.weights);
  });

  it('changes the order for that chain only', () => {
    // Two ready firms: a nearby one without history, a distant one with a strong deal record.
    const near = readyDieCaster({ id: 801 });
    const far = readyDieCaster({ id: 802, lat: 32.38, lng: 111.67 });
    const records = new Map([[802, { signed: 3, supplying: 3, lost: 0 }]]);
    const byRecord = withConfig({ chains: { aerospace: { trackRecord: 40, distance: 1 } } });
    const order = (chainId: string) => rankSuppliers(lexicon, component({ chainId }), [near, far], { config: byRecord, trackRecords: records }).map((s) => s.enterpriseId);
    expect(order('auto')).toEqual([801, 802]);
    expect(order('aerospace')).toEqual([802, 801]);
  });
});
