/**
 * A chain's map as a viewer may see it: only the parts canViewComponent allows (a buyer its own,
 * an official its chains and counties), placed by the lexicon, coloured by coverage, and for each
 * node the parts and firms behind it — local suppliers, cultivation candidates, the outside
 * supplier and the projects attracting it (projects shown only to those canViewProject allows).
 */
import type Database from 'better-sqlite3';
import { canViewComponent, canViewProject, type Actor } from '../auth/policy.ts';
import { cultivationFor } from '../attraction/cultivation-service.ts';
import { stepAction } from '../attraction/cultivation.ts';
import type { MatcherPort } from '../attraction/matcher.ts';
import { buildChainMap, coverageOf, nodeKeys, type ChainMap, type MapPart } from './chain-map.ts';
import { placePart } from './classify.ts';
import { chainParts, firmsById, localisingSuppliers, projectsByPart, type Firm } from './queries.ts';
import { COVERAGES, type Coverage } from '../vocabulary.ts';
import { idList } from '../../db/rows.ts';

export interface PartDetail extends MapPart {
  nodeKeys: string[];
  supplier: string; supplierRegion: string;
  localFirms: Firm[]; cultivation: { firm: Firm; action: string }[]; projects: { ref: string; title: string; stage: string }[];
}

export interface ChainMapView {
  chain: { id: string; name: string };
  map: ChainMap;
  parts: PartDetail[];
  totals: Record<Coverage, { parts: number; valueWan: number }>;
}

export function chainMapFor(sqlite: Database.Database, port: MatcherPort, actor: Actor, chain: { id: string; name: string }): ChainMapView {
  const rows = chainParts(sqlite, chain.id).filter((r) => canViewComponent(actor, { ...r, id: r.componentId }));
  const ids = rows.map((r) => r.componentId);
  const cultivating = new Map<number, { firm: Firm; action: string }[]>();
  for (const f of cultivationFor(sqlite, port, actor, { chain: chain.id })) {
    for (const e of f.entries) for (const p of e.parts) {
      cultivating.set(p.componentId, [...(cultivating.get(p.componentId) ?? []), { firm: { id: f.enterpriseId, uscc: f.uscc, name: f.name }, action: stepAction(e.step) }]);
    }
  }
  const localising = localisingSuppliers(sqlite, ids);
  const qualified = new Map(rows.map((r) => [r.componentId, idList(r.qualifiedLocalIds)]));
  const firms = firmsById(sqlite, [...[...qualified.values()].flat(), ...[...localising.values()].flat()]);
  const projects = projectsByPart(sqlite, ids);
  const parts = rows.map((r): PartDetail => {
    const place = placePart(r.name, r.materials);
    const seen = projects.get(r.componentId)?.filter((p) => canViewProject(actor, p)) ?? [];
    const part: MapPart = {
      componentId: r.componentId, ref: r.ref, name: r.name, valueWan: r.valueWan, buyerId: r.buyerId, buyerName: r.buyerName, ...place,
      coverage: coverageOf({ localised: r.localised === 1, qualifiedLocal: r.qualifiedLocal, cultivation: cultivating.has(r.componentId), inProject: r.inProject === 1 }),
    };
    const local = [...new Set([...(localising.get(r.componentId) ?? []), ...(qualified.get(r.componentId) ?? [])])].map((id) => firms.get(id)).filter((f): f is Firm => !!f);
    return { ...part, nodeKeys: Object.values(nodeKeys(part)), supplier: r.supplier, supplierRegion: r.supplierRegion, localFirms: local,
      cultivation: cultivating.get(r.componentId) ?? [], projects: seen.map((p) => ({ ref: p.ref, title: p.title, stage: p.stage })) };
  });
  const totals = Object.fromEntries(COVERAGES.map((c) => {
    const of = parts.filter((p) => p.coverage === c);
    return [c, { parts: of.length, valueWan: Math.round(of.reduce((s, p) => s + (p.valueWan ?? 0), 0) * 100) / 100 }];
  })) as ChainMapView['totals'];
  return { chain, map: buildChainMap(parts), parts, totals };
}
