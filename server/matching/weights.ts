/**
 * The one place where the matching engine's judgement lives: factor weights (with per-chain
 * overrides), the credit each kind of concept kinship earns, and the capacity and distance
 * scales. Officials tune a chain here without touching code; zod rejects a bad file with the
 * field and the rule named.
 */
import { z } from 'zod';

const weight = z.number({ message: '必须是数字' }).finite().min(0, { message: '不能为负数' }).max(100, { message: '不能超过100' });

export const factorWeightsSchema = z.object({
  process: weight,
  material: weight,
  certification: weight,
  capacity: weight,
  distance: weight,
  trackRecord: weight,
  tier: weight,
  /** Only used when a request names a product (demand listings). */
  product: weight,
  /** How much of the part's own words (name, needs) the firm's own words hold, rare words weighing most: orders firms within a grade. */
  text: weight.default(0),
}).strict();
export type FactorWeights = z.infer<typeof factorWeightsSchema>;

const credit = z.number().min(0).max(1);

export const matchingConfigSchema = z.object({
  weights: factorWeightsSchema,
  /** Chain id → weights that differ from the default for that chain's components. */
  chains: z.record(z.string().min(1), factorWeightsSchema.partial().strict()).default({}),
  /** Credit for a held concept by its kinship to the required one (before evidence confidence). */
  relationCredit: z.object({
    same: credit, narrower: credit, broader: credit, sibling: credit, similar: credit,
  }).strict(),
  /** Share of the process credit that rests on the primary process (position 0). */
  primaryShare: z.number().gt(0).max(1),
  /** a required material the firm says nothing about: unknown, worth less than evidence either way */
  unstatedMaterialCredit: z.number().min(0).max(1),
  /** a wording the lexicon does not know, found in the firm's own text: evidence, but read without understanding */
  textEvidenceCredit: z.number().min(0).max(1),
  /**
   * When the lexicon does not know a part's lead need (textual-lead.ts): how much the firms' own
   * words, against the best among the candidates, weigh in the order across unqualified grades.
   */
  textLeadShare: z.number().min(0).max(1).default(0.7),
  capacity: z.object({
    /** ratio of annual output to the part's annual purchase value */
    comfortable: z.number().positive(),
    tight: z.number().positive(),
  }).strict().refine((c) => c.tight < c.comfortable, { message: 'tight 必须小于 comfortable', path: ['tight'] }),
  /** Kilometres at which the distance credit has halved. */
  distanceHalfKm: z.number().positive(),
  /** How many results an answer carries at most, and how many attraction targets. */
  attractionTargets: z.number().int().min(0).max(100),
}).strict().superRefine((c, ctx) => {
  const total = (w: FactorWeights) => Object.values(w).reduce((s, v) => s + v, 0);
  if (total(c.weights) <= 0) ctx.addIssue({ code: 'custom', path: ['weights'], message: '权重之和必须大于0' });
  for (const [chain, partial] of Object.entries(c.chains)) {
    if (total({ ...c.weights, ...partial }) <= 0) ctx.addIssue({ code: 'custom', path: ['chains', chain], message: '权重之和必须大于0' });
  }
});
export type MatchingConfig = z.infer<typeof matchingConfigSchema>;

/**
 * Defaults measured against the labelled dev world (grades 3 ready … 0 no fit): a firm must do the work
 * (processes, then material) before certificates and capacity matter; distance, track record
 * and tier only order firms that are otherwise alike.
 */
export const DEFAULT_MATCHING_CONFIG: MatchingConfig = matchingConfigSchema.parse({
  weights: { process: 36, material: 20, certification: 16, capacity: 14, distance: 6, trackRecord: 4, tier: 2, product: 10, text: 10 },
  chains: {},
  relationCredit: { same: 1, narrower: 1, broader: 0.8, sibling: 0.7, similar: 0.6 },
  primaryShare: 0.6,
  unstatedMaterialCredit: 0.4,
  textEvidenceCredit: 0.6,
  textLeadShare: 0.7,
  capacity: { comfortable: 2, tight: 0.5 },
  distanceHalfKm: 40,
  attractionTargets: 10,
});

/** Parses a configuration (e.g. read from a JSON file); throws a zod error naming field and rule. */
export function parseMatchingConfig(input: unknown): MatchingConfig {
  return matchingConfigSchema.parse(input);
}

/** The default configuration with some fields replaced, validated as a whole. */
export function withConfig(overrides: Partial<MatchingConfig>): MatchingConfig {
  return matchingConfigSchema.parse({ ...DEFAULT_MATCHING_CONFIG, ...overrides });
}

/** The weights that apply to a request of this chain. */
export function weightsFor(config: MatchingConfig, chainId: string | null): FactorWeights {
  const override = chainId ? config.chains[chainId] : undefined;
  return override ? { ...config.weights, ...override } : config.weights;
}
