import { html, type Html } from '../html.ts';
import type { Page } from '../layout.ts';
import { formatCount } from '../format.ts';
import type { ChainOverview, CityTotals } from '../../db/repositories/catalog.ts';
import type { Workbench } from '../../server/workbench.ts';
import type { FirmStep } from '../../server/attraction/cultivation-service.ts';
import { cultivationCard } from '../partials/cultivation-card.ts';

/** The signed-in person's own corner of the home page: what needs them, each number a link. */
function workbenchCard(w: Workbench): Html {
  const item = (n: number, label: string, href: string, warn = false) =>
    html`<li><a href="${href}"><strong class="${warn && n > 0 ? 'warn-text' : ''}">${n}</strong> ${label}</a></li>`;
  return html`<section class="card workbench" aria-label="我的待办">
    <h2 class="first">${w.firmName ?? '我的工作台'}</h2>
    <ul>
      ${w.components ? html`${item(w.components.noLocal, '件外采件暂无本地候选', '/components?status=no_local', true)}
        ${item(w.components.candidates, '件已有本地候选、尚未对接', '/components?status=candidates')}
        ${item(w.components.inDeal, '件对接中', '/components?status=in_deal')}
        ${item(w.components.localised, '件已本地化', '/components?status=localised')}` : ''}
      ${w.deals ? html`${item(w.deals.open, '个商机进行中（采购方）', '/deals')}${w.role === 'enterprise' ? item(w.deals.asSupplier, '个商机向本企业询价（供应方）', '/deals') : ''}` : ''}
      ${w.listings ? html`${item(w.listings.open, '条有效供需信息', '/me')}${item(w.listings.expiringSoon, '条将在 30 天内到期', '/me', true)}` : ''}
      ${w.admin ? html`${item(w.admin.conflicts, '个字段导入与企业填写冲突，待处理', '/admin/import/conflicts', true)}
        ${item(w.admin.refusedImports, '次导入近 7 天被拒绝', '/admin/import', true)}
        ${item(w.admin.failedDeliveries, '条 Webhook 推送已放弃', '/admin/webhooks', true)}` : ''}
      ${w.problems ? html`${item(w.problems.open, '个问题未销号', '/problems')}${item(w.problems.overdue, '个问题已逾期', '/problems?overdue=1', true)}` : ''}
      ${item(w.unread, '条未读消息', '/inbox', true)}
    </ul>
    ${w.dashboard ? html`<p><a class="button secondary" href="/dashboard">打开看板</a></p>` : ''}
  </section>`;
}

/** For a visitor: what the platform is, a search box, and how a firm joins. */
function welcome(): Html {
  return html`<section class="card welcome">
    <h1 class="first">襄阳产业链供需对接平台</h1>
    <p>服务襄阳市产业链链长制：企业发布供应能力和采购需求；链主企业登记从市外唯一来源采购的零部件、材料和设备，
      平台按工艺、材料、资质、产能和距离为每一件匹配本地配套企业并说明理由，推动采购回到本地，目标近地配套率 40%。</p>
    <form class="search-hero" method="get" action="/search" role="search">
      <label class="grow">搜索企业和供需信息<input type="search" name="q" maxlength="200" placeholder="如：铝合金压铸、IATF 16949、樊城区 CNC加工"></label>
      <button type="submit">搜索</button>
    </form>
    <div class="two">
      <div><h2>平台能做什么</h2><ul>
        <li>查找本地配套企业：按工艺、材料、资质和区域搜索企业与供需信息</li>
        <li>链主企业：登记唯一来源外采件，获得排序的本地候选企业和理由，在线跟踪对接到供货</li>
        <li>配套企业：维护企业资料、发布供应能力，被采购方发现；反映经营中遇到的问题，限时办理</li>
      </ul></div>
      <div><h2>企业如何加入</h2><ol>
        <li>联系所在区县经信部门或市产业链工作专班（市经济和信息化局）申请开通账号</li>
        <li>准备：统一社会信用代码、联系人及手机、主要产品与工艺、加工材料、资质证书、年产值</li>
        <li>收到邀请链接后设置密码，即可自行维护资料、发布供需信息、查看对接商机</li>
      </ol><p><a class="button" href="/login">已有账号，登录</a></p></div>
    </div>
  </section>`;
}

/** A firm that has not yet told the platform anything: the first steps, not a wall of zeros. */
function firstSteps(bench: Workbench): Html {
  if (bench.role !== 'enterprise' || !bench.listings || bench.listings.open > 0 || (bench.deals?.asSupplier ?? 0) > 0) return html``;
  return html`<section class="card first-steps" aria-label="开始使用"><h2 class="first">开始使用</h2><ol>
    <li><a href="/me">完善企业资料</a>：工艺、材料、资质和年产值越完整，越容易被链主企业匹配到</li>
    <li><a href="/listings/new">发布第一条供应信息</a>：写明能承接的加工和产能</li>
    <li>在<a href="/listings?kind=demand">需求信息</a>中寻找采购需求；经营中遇到困难可<a href="/problems/new">反映问题</a></li>
  </ol></section>`;
}

/** `bench`: the signed-in person's workbench (null for a visitor); `steps`: a firm's own cultivation entries. */
export interface HomeView { totals: CityTotals; chains: ChainOverview[]; bench: Workbench | null; steps: FirmStep[] }

export function homePage({ totals, chains, bench, steps }: HomeView): Page {
  const stat = (n: number, label: string, href?: string) =>
    html`<div class="stat"><div class="n">${href ? html`<a href="${href}">${formatCount(n)}</a>` : formatCount(n)}</div><div class="l">${label}</div></div>`;
  return { title: '首页', nav: 'home', body: html`
    ${bench ? '' : welcome()}
    ${bench ? html`<h1>襄阳市 13 条重点产业链</h1>` : html`<h2>襄阳市 13 条重点产业链</h2>`}
    ${bench ? firstSteps(bench) : ''}
    ${bench ? workbenchCard(bench) : ''}
    ${cultivationCard(steps)}
    <div class="stats">
      ${stat(totals.firms, '入库企业', '/enterprises')}
      ${stat(totals.localFirms, '市内企业')}
      ${stat(totals.chainLeaders, '链主企业', '/enterprises?tier=chain_leader')}
      ${stat(totals.listings, '有效供需信息', '/listings')}
      ${stat(totals.components, '唯一来源外采件')}
    </div>
    <section class="grid" aria-label="产业链">
      ${chains.map((c) => html`<article class="card chain">
        <h3><a href="/enterprises?chain=${c.id}">${c.name}</a></h3>
        <dl>
          <dt>企业</dt><dd><a href="/enterprises?chain=${c.id}">${formatCount(c.firms)}</a></dd>
          <dt>链主企业</dt><dd><a href="/enterprises?chain=${c.id}&amp;tier=chain_leader">${formatCount(c.chainLeaders)}</a></dd>
          <dt>供需信息</dt><dd><a href="/listings?chain=${c.id}">${formatCount(c.listings)}</a></dd>
          <dt>唯一来源外采件</dt><dd>${formatCount(c.components)}</dd>
        </dl>
      </article>`)}
    </section>` };
}
