/**
 * A few demo attraction projects in different stages, opened and moved through the same service
 * as real ones by the demo official, dated over the past months: one in operation (its parts now
 * count as local), one under construction past its planned start of operation (overdue), one in
 * negotiation, one on a capability gap with no named firm, one terminated.
 */
import type Database from 'better-sqlite3';
import type { ChangeFeed } from '../changes.ts';
import type { Accounts } from '../auth/accounts.ts';
import { userActor } from '../auth/accounts.ts';
import { cityDate } from '../vocabulary.ts';
import { moveProject, openProject } from './projects.ts';
import { groupTargets } from './targets.ts';
import { loadTargetParts } from './queries.ts';
import type { ProjectStage } from '../../db/schema.ts';
import type { WriteContext } from '../write-context.ts';

const DAY = 86_400_000;

interface DemoProject { rank: number | null; stages: [daysAgo: number, to: ProjectStage, note: string][]; opened: number; fields: Record<string, string | number> }

/** Dates are days from now, so the overdue state is the same whenever the demo is loaded. */
const PROJECTS = (due: (days: number) => string): DemoProject[] => [
  { rank: 2, opened: 200, fields: { responsible_name: '王副市长', department: 'jxj', site_region: '420671', planned_investment_wan: 50000, planned_sign_date: due(-160), planned_start_date: due(-120), planned_operation_date: due(-40) },
    stages: [[180, 'negotiating', '赴深圳对接，企业有意在襄设立生产基地'], [150, 'signed', '签订投资协议，计划投资 5 亿元'], [110, 'construction', '厂房开工建设'], [20, 'operating', '首条产线投产，开始向链主批量供货']] },
  { rank: 4, opened: 150, fields: { responsible_name: '李局长', department: 'fgw', site_region: '420607', planned_investment_wan: 30000, planned_sign_date: due(-100), planned_start_date: due(-60), planned_operation_date: due(-5) },
    stages: [[120, 'negotiating', '企业考察襄州区园区'], [90, 'signed', '签约'], [50, 'construction', '主体工程施工中']] },
  { rank: 6, opened: 40, fields: { responsible_name: '张主任', department: 'jxj', planned_investment_wan: 12000, planned_sign_date: due(45), planned_start_date: due(120), planned_operation_date: due(300) },
    stages: [[25, 'negotiating', '已两次视频会商，企业要求提供用地和用电方案']] },
  { rank: null, opened: 10, fields: { title: '引进汽车级电镀配套产能', gap_description: '本市缺少通过 IATF 16949 的汽车零部件电镀（镀锌、镀镍）产能，多个链主的紧固件需送外地加工。', responsible_name: '赵科长', department: 'jxj', planned_sign_date: due(90) },
    stages: [] },
  { rank: 8, opened: 90, fields: { responsible_name: '陈处长', department: 'jxj', planned_investment_wan: 8000, planned_sign_date: due(-30) },
    stages: [[60, 'negotiating', '初步接洽'], [30, 'terminated', '企业扩产计划推迟至 2028 年以后']] },
];

export function seedDemoProjects(deps: { sqlite: Database.Database; feed: ChangeFeed; accounts: Accounts }, now: number): number {
  const { sqlite } = deps;
  if (sqlite.prepare('select 1 from attraction_projects limit 1').get()) return 0;
  const official = deps.accounts.findUser('official');
  if (!official) return 0;
  const actor = userActor(official);
  const targets = groupTargets(loadTargetParts(sqlite)).targets;
  const due = (days: number) => cityDate(now + days * DAY);
  let opened = 0;
  for (const d of PROJECTS(due)) {
    const target = d.rank === null ? undefined : targets[d.rank - 1];
    if (d.rank !== null && !target) continue;
    const ctx = (daysAgo: number): WriteContext => ({ sqlite, feed: deps.feed, actor, now: now - daysAgo * DAY, ip: '' });
    const chain = target?.parts.find((p) => p.chainId)?.chainId ?? 'auto';
    const body = target ? { title: `引进${target.supplier}在襄设厂配套`, target: target.key, chain, ...d.fields } : { chain, ...d.fields };
    const result = openProject(ctx(d.opened), body);
    if (!result.ok) throw new Error(`demo project refused: ${result.message}`);
    opened++;
    for (const [daysAgo, to, note] of d.stages) {
      const moved = moveProject(ctx(daysAgo), result.project.ref, { to, note, reason: to === 'terminated' ? note : '' });
      if (!moved.ok) throw new Error(`demo project step refused: ${moved.message}`);
    }
  }
  return opened;
}
