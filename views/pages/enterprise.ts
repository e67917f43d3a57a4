import { html, type Html } from '../html.ts';
import type { Page } from '../layout.ts';
import { formatCount, formatWan, REGION_KIND_LABEL, TIER_LABEL } from '../format.ts';
import { listingItems } from './listings.ts';
import type { EnterpriseProfile } from '../../db/repositories/enterprises.ts';
import type { ListingSummary } from '../../db/repositories/listings.ts';

const KIND_TITLE: Record<string, string> = { process: '工艺', material: '材料', certification: '资质', part: '产品' };

export interface ProfileView {
  firm: EnterpriseProfile;
  listings: ListingSummary[];
  labelOf: (conceptId: string) => string;
  showContacts: boolean;
  canEdit: boolean;
}

function capabilityTags(v: ProfileView): Html {
  const groups = new Map<string, string[]>();
  for (const c of v.firm.capabilities) {
    const list = groups.get(c.kind) ?? [];
    const label = v.labelOf(c.conceptId);
    if (!list.includes(label)) list.push(label);
    groups.set(c.kind, list);
  }
  if (groups.size === 0) return html`<p class="meta">尚未识别出标准化能力。</p>`;
  return html`<dl class="facts">${[...groups].map(([kind, labels]) =>
    html`<dt>${KIND_TITLE[kind] ?? kind}</dt><dd class="tags">${labels.map((l) => html`<span class="tag">${l}</span>`)}</dd>`)}</dl>`;
}

export function enterprisePage(v: ProfileView): Page {
  const f = v.firm;
  const region = f.region;
  return { title: f.name, nav: 'enterprises', body: html`
    <p class="meta"><a href="/enterprises">企业名录</a> › ${f.name}</p>
    <h1>${f.name}</h1>
    ${v.canEdit ? html`<p><a class="button secondary" href="/enterprises/${f.uscc}/edit">编辑企业资料</a></p>` : ''}
    <div class="meta spaced">
      <span class="tag">${TIER_LABEL[f.tier]}</span>
      ${region ? html`<span>${region.name} <span class="tag ${region.kind}">${REGION_KIND_LABEL[region.kind]}</span></span>` : ''}
      ${f.chains.map((c) => html`<a class="tag" href="/enterprises?chain=${c.id}">${c.name}</a>`)}
    </div>
    <div class="two">
      <section class="card">
        <h2 class="first">企业概况</h2>
        <dl class="facts">
          <dt>统一社会信用代码</dt><dd>${f.uscc}</dd>
          <dt>详细地址</dt><dd>${f.address || '—'}</dd>
          <dt>年产值</dt><dd>${formatWan(f.annualOutputWan)}</dd>
          <dt>员工人数</dt><dd>${formatCount(f.employees)}</dd>
          <dt>主要产品</dt><dd>${f.products || '—'}</dd>
          <dt>工艺能力</dt><dd>${f.processes || '—'}</dd>
          <dt>加工材料</dt><dd>${f.materials || '—'}</dd>
          <dt>资质认证</dt><dd>${f.certifications || '—'}</dd>
          <dt>联系人</dt><dd>${v.showContacts ? `${f.contactName} ${f.contactPhone}`.trim() || '—' : html`<a href="/login?next=/enterprises/${f.uscc}">登录后可见</a>`}</dd>
        </dl>
        ${f.description ? html`<h2>企业简介</h2><p>${f.description}</p>` : ''}
      </section>
      <section class="card">
        <h2 class="first">标准化能力</h2>
        <p class="meta">由平台词库从工艺、材料、资质和简介中识别。</p>
        ${capabilityTags(v)}
      </section>
    </div>
    <h2>发布的供需信息（${v.listings.length}）</h2>
    ${v.listings.length ? listingItems(v.listings) : html`<p class="meta">暂无有效的供需信息。</p>`}` };
}
