import type { CertKey, MaterialKey, ProcessKey } from './concepts.ts';

/** A product line: what a firm makes, how, and from what. */
export interface Family {
  products: readonly string[];
  /** The first is the primary process (components list it first). */
  processes: readonly ProcessKey[];
  /** Empty for pure software or service lines. */
  materials: readonly MaterialKey[];
  unit: string;
  /** Unit price in yuan, drawn log-uniformly. */
  price: readonly [number, number];
  /** Industry words used in firm names (襄阳XX压铸有限公司). */
  trades: readonly string[];
}

export interface ChainVocab {
  /** Part number prefix (AU-40153). */
  code: string;
  /** Relative share of firms whose main chain this is. */
  weight: number;
  /** Words for a chain leader's name (襄阳XX汽车股份有限公司). */
  leaderTrades: readonly string[];
  /** The first is what the chain's buyers usually require. */
  certs: readonly CertKey[];
  families: readonly Family[];
}

const bar = (s: string): readonly string[] => s.split('|');

/** Compact family literal: products and trades are '|'-separated. */
export function family(
  products: string,
  processes: readonly ProcessKey[],
  materials: readonly MaterialKey[],
  unit: string,
  price: readonly [number, number],
  trades: string,
): Family {
  return { products: bar(products), processes, materials, unit, price, trades: bar(trades) };
}
