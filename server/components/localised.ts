/**
 * When a sole-source component counts as localised — one rule for the register, coverage and
 * the attraction lists (the near-site rate applies the same rule to dated rows in metrics/load.ts):
 * a local supplier has signed for it or supplies it, or an attraction project for it is in operation.
 */
import { LOCALISED_STAGES } from '../deals/stages.ts';

const stages = LOCALISED_STAGES.map((s) => `'${s}'`).join(',');

/** SQL true when the component row aliased `c` is localised. */
export const LOCALISED_SQL = `(exists (select 1 from deals d join enterprises s on s.id = d.supplier_id join regions r on r.code = s.region_code
    where d.component_id = c.id and d.stage in (${stages}) and r.kind = 'local')
  or exists (select 1 from attraction_project_parts pp join attraction_projects p on p.id = pp.project_id
    where pp.component_id = c.id and p.stage = 'operating'))`;

/** SQL true when a project that is still under way (not operating, not terminated) covers the component `c`. */
export const IN_PROJECT_SQL = `exists (select 1 from attraction_project_parts pp join attraction_projects p on p.id = pp.project_id
    where pp.component_id = c.id and p.stage not in ('operating','terminated'))`;
