/**
 * The concept graph: 'broader' edges (热模锻 → 模锻 → 锻造, ADC12 → 铸造铝合金 → 铝合金) and, for
 * certificates, 'includes' edges (IATF 16949 → ISO 9001). Closures are computed once; a cycle in
 * the data is a bug and stops loading.
 */
import type { Concept, ConceptRelation } from './types.ts';

export class Hierarchy {
  private readonly up = new Map<string, Set<string>>();
  private readonly covers = new Map<string, Set<string>>();

  constructor(private readonly concepts: Map<string, Concept>) {
    for (const id of concepts.keys()) {
      this.closure(id, (c) => c.broader, this.up, []);
      this.closure(id, (c) => [...c.broader, ...c.includes], this.covers, []);
    }
  }

  private closure(id: string, edges: (c: Concept) => string[], memo: Map<string, Set<string>>, path: string[]): Set<string> {
    const known = memo.get(id);
    if (known) return known;
    if (path.includes(id)) throw new Error(`lexicon: cycle through ${[...path, id].join(' → ')}`);
    const concept = this.concepts.get(id);
    const out = new Set<string>();
    for (const parent of concept ? edges(concept) : []) {
      if (!this.concepts.has(parent)) throw new Error(`lexicon: ${id} refers to unknown ${parent}`);
      out.add(parent);
      for (const p of this.closure(parent, edges, memo, [...path, id])) out.add(p);
    }
    memo.set(id, out);
    return out;
  }

  ancestors(id: string): string[] {
    return [...(this.up.get(id) ?? [])];
  }

  satisfies(heldId: string, requiredId: string): boolean {
    return heldId === requiredId || (this.covers.get(heldId)?.has(requiredId) ?? false);
  }

  related(heldId: string, requiredId: string): ConceptRelation {
    if (heldId === requiredId) return 'same';
    if (this.satisfies(heldId, requiredId)) return 'narrower';
    if (this.satisfies(requiredId, heldId)) return 'broader';
    const heldUp = this.up.get(heldId);
    if (!heldUp) return 'none';
    // the nearest families both belong to decide: under an umbrella (纺纱: 环锭纺, 气流纺) they are
    // distinct trades, whatever wider family stands above it
    const shared = [...(this.up.get(requiredId) ?? [])].filter((a) => heldUp.has(a));
    const nearest = shared.filter((a) => !shared.some((b) => b !== a && this.up.get(b)?.has(a)));
    return nearest.some((a) => !this.concepts.get(a)?.umbrella) ? 'sibling' : 'none';
  }
}
