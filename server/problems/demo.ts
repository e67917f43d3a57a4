/**
 * A few demo problems in different states, made through the same service as real ones and by
 * the demo accounts themselves (the firm raises, the work team assigns, 市经信局's `dept`
 * answers), dated over the past weeks so the list, the timeline, the overdue highlight, the
 * dashboard and the dispatch page all have something to show on a fresh start.
 */
import type { Database_ } from '../../db/client.ts';
import { userActor, type Accounts } from '../auth/accounts.ts';
import type { SignedIn } from '../auth/policy.ts';
import { cityDate } from '../vocabulary.ts';
import { moveProblem, raiseProblem } from './service.ts';
import { ChangeFeed } from '../changes.ts';
import type { WriteContext } from '../write-context.ts';

const DAY = 86_400_000;

type Who = 'supplier' | 'buyer' | 'official' | 'dept';
type Step = [daysAgo: number, who: Who, body: Record<string, unknown>];
interface DemoCase { firm: 'supplier' | 'buyer'; daysAgo: number; raise: Record<string, unknown>; steps: Step[] }

/** Deadlines are days from now, so a case's overdue state on a fresh start is the same whenever the demo is loaded. */
const CASES = (due: (days: number) => string): DemoCase[] => [
  { firm: 'supplier', daysAgo: 2, raise: { category: 'land', title: '扩建压铸车间需新增工业用地约 30 亩', description: '现有厂区已无扩建空间，拟在高新区就近新增用地，建设第二条真空压铸线。' }, steps: [] },
  { firm: 'supplier', daysAgo: 12, raise: { category: 'energy', title: '新增压铸产线需要增容 2000 kVA', description: '新产线预计明年一季度投产，现有变压器容量不足，申请电力增容。' },
    steps: [[11, 'official', { action: 'assign', department: 'gdj', deadline: due(10), note: '请供电公司现场勘查后答复增容方案' }]] },
  { firm: 'supplier', daysAgo: 20, raise: { category: 'finance', title: '技改项目贷款贴息申报咨询', description: '企业今年技改投入 3000 万元，希望了解技改贷款贴息政策和申报流程。' },
    steps: [[19, 'official', { action: 'assign', department: 'jxj', deadline: due(-3), note: '请经信局技改科答复' }]] },
  { firm: 'supplier', daysAgo: 30, raise: { category: 'approvals', title: '新建涂装线环评审批进度慢', description: '涂装线环评报告已提交两个月，尚未进入审批环节。' },
    steps: [[29, 'official', { action: 'assign', department: 'jxj', deadline: due(-20) }],
      [27, 'dept', { action: 'return', note: '环评审批不属本局职责，建议分办至市生态环境局' }],
      [26, 'official', { action: 'assign', department: 'sthj', deadline: due(5), note: '请生态环境局协调加快审批' }]] },
  { firm: 'buyer', daysAgo: 25, raise: { category: 'logistics', title: '进口件清关周期长影响排产', description: '部分进口零部件清关需 3–4 周，希望协调开通快速通关。' },
    steps: [[24, 'official', { action: 'assign', department: 'jxj', deadline: due(-10) }],
      [15, 'dept', { action: 'answer', note: '已协调海关对企业进口零部件实行提前申报、两步申报，预计通关时间缩短至 5 个工作日。' }]] },
  { firm: 'buyer', daysAgo: 18, raise: { category: 'market', title: '希望组织本地配套企业专场对接会', description: '我司有 20 余个外采件希望在本地寻找配套，需要政府牵头组织对接。' },
    steps: [[17, 'official', { action: 'assign', department: 'jxj', deadline: due(3) }],
      [10, 'dept', { action: 'answer', note: '拟于下月中旬组织汽车产业链供需对接会。' }],
      [5, 'buyer', { action: 'reopen', note: '希望对接会前先提供本地候选企业名单，便于提前准备技术交流。' }]] },
  { firm: 'buyer', daysAgo: 40, raise: { category: 'talent', title: '高级焊工和模具工招聘难', description: '今年计划招聘高级技工 50 名，目前仅到岗 12 名。' },
    steps: [[39, 'official', { action: 'assign', department: 'jxj', deadline: due(-25) }],
      [30, 'dept', { action: 'answer', note: '已联合人社局开展校企合作订单班，并将企业需求纳入技能人才招聘会。' }],
      [28, 'buyer', { action: 'confirm', note: '已对接职业技术学院，问题基本解决。' }],
      [27, 'official', { action: 'close', note: '企业已确认，销号。' }]] },
];

/** Seeds the demo problems once (nothing when any problem exists or a demo account is missing); returns how many were raised. */
export function seedDemoProblems(database: Database_, accounts: Accounts, now: number): number {
  const { sqlite } = database;
  if (sqlite.prepare('select 1 from problems limit 1').get()) return 0;
  const actors = new Map<Who, SignedIn>();
  for (const who of ['supplier', 'buyer', 'official', 'dept'] as Who[]) {
    const user = accounts.findUser(who);
    if (user) actors.set(who, userActor(user));
  }
  if (actors.size < 4) return 0;
  const due = (days: number) => cityDate(now + days * DAY);
  // A feed nobody listens to: the demo's cases are history, and nobody is told of their steps.
  const quiet = new ChangeFeed();
  let raised = 0;
  for (const c of CASES(due)) {
    const firm = actors.get(c.firm)!;
    const ctx = (daysAgo: number, actor: SignedIn): WriteContext => ({ sqlite, feed: quiet, actor, now: now - daysAgo * DAY, ip: '' });
    const result = raiseProblem(ctx(c.daysAgo, firm), firm.enterpriseId!, c.raise);
    if (!result.ok) throw new Error(`demo problem refused: ${result.message}`);
    raised++;
    for (const [daysAgo, who, body] of c.steps) {
      const moved = moveProblem(ctx(daysAgo, actors.get(who)!), result.problem.ref, body);
      if (!moved.ok) throw new Error(`demo problem step refused: ${moved.message}`);
    }
  }
  return raised;
}
