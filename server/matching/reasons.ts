/**
 * Every ranked firm carries its reasons and what it lacks in plain Chinese a buyer reads at a
 * glance: 「具备压铸、CNC加工；持有IATF 16949；年产值约为该件年采购额的6倍；距采购方12公里」 and
 * 「缺少AS9100认证」. Concept names come from the lexicon; the firm's own wording is quoted when
 * the link rests on it (「工艺"真空压铸"与压铸相近」), so a loose match is never dressed up.
 */
import type { Lexicon } from '../../search/lexicon/types.ts';
import type { CandidateProfile, Factors, RequirementFit } from './types.ts';
import { sameFamily } from './concept-fit.ts';

const TIER_TEXT = { chain_leader: '链主企业', core: '核心企业', specialized: '专精特新企业', sme: '' } as const;
const REGION_KIND_TEXT = { local: '市内', cluster: '襄十随神城市群', outside: '市外' } as const;

/** The nearest family both concepts belong to, e.g. 电镀 for 镀铬 and 镀锌. */
function familyOf(lexicon: Lexicon, heldId: string, requiredId: string): string | null {
  const heldUp = new Set(lexicon.ancestors(heldId));
  for (const a of lexicon.ancestors(requiredId)) if (heldUp.has(a) && !lexicon.concept(a)?.umbrella) return lexicon.label(a);
  return null;
}

/** How a held concept stands for the required one, in a few words. */
function heldPhrase(lexicon: Lexicon, fit: RequirementFit): string {
  const req = lexicon.label(fit.requirement.conceptId);
  if (!fit.held) return req;
  const held = lexicon.label(fit.held.conceptId);
  switch (fit.relation) {
    case 'narrower': return fit.requirement.kind === 'certification' ? `${held}（涵盖${req}）` : `${held}（属${req}）`;
    case 'broader': return `${held}（可涵盖${req}）`;
    case 'sibling': {
      const family = familyOf(lexicon, fit.held.conceptId, fit.requirement.conceptId);
      // a cousin grade is said to be one: 「HT250（与QT450同属铸铁，不同类牌号）」
      const cousin = fit.requirement.kind === 'material' && !fit.requirement.conceptId.startsWith('~') && !sameFamily(lexicon, fit.held.conceptId, fit.requirement.conceptId) ? '，不同类牌号' : '';
      return family ? `${held}（与${req}同属${family}${cousin}）` : `${held}（与${req}相近${cousin}）`;
    }
    default: return req;
  }
}

const KIND_WORD = { process: '工艺', material: '材料', certification: '认证', part: '产品' } as const;

/** Met only because the firm's own words hold a wording the lexicon does not know. */
export function byText(fit: RequirementFit): boolean {
  return fit.met && fit.held?.evidence === 'text' && fit.requirement.textKey !== undefined && !fit.byName;
}

/** 「工艺"真空压铸"与压铸相近」 for a link that rests on a loose wording. */
function looseNote(lexicon: Lexicon, fit: RequirementFit): string | null {
  if (!fit.held || !fit.uncertain || fit.held.evidence === 'implied' || byText(fit) || fit.byName) return null;
  // a need the lexicon does not know, likened to a firm's material its wording names: the phrase says 相近 already
  if (fit.relation === 'sibling' && fit.requirement.conceptId.startsWith('~')) return null;
  // never 「工艺"压铸"与压铸相近」: a wording that is the concept's own name needs no note
  if (fit.held.wording.replace(/\s+/g, '').toLowerCase() === lexicon.label(fit.requirement.conceptId).replace(/\s+/g, '').toLowerCase()) return null;
  return `${KIND_WORD[fit.requirement.kind]}"${fit.held.wording}"与${lexicon.label(fit.requirement.conceptId)}相近`;
}

export function certificateName(lexicon: Lexicon, id: string): string {
  const name = lexicon.label(id);
  return /(认证|证书|许可证|资质|规范|证)$/.test(name) ? name : `${name}认证`;
}

/** 「6倍」, 「0.3倍」, and below a tenth 「3%」 or 「不到1%」 — never 「0倍」. */
export function ratioText(ratio: number): string {
  if (ratio >= 0.1) return `${formatRatio(ratio)}倍`;
  return ratio < 0.01 ? '不到1%' : `${Math.round(ratio * 100)}%`;
}

export function formatRatio(ratio: number): string {
  if (ratio >= 10) return String(Math.round(ratio));
  return (Math.round(ratio * 10) / 10).toFixed(1).replace(/\.0$/, '');
}

export function formatKm(km: number): string {
  return km < 1 ? '不到1' : String(Math.round(km));
}

export interface Explanation { reasons: string[]; missing: string[] }

export function explain(lexicon: Lexicon, candidate: CandidateProfile, factors: Factors): Explanation {
  const label = (id: string) => lexicon.label(id);
  // 「电解工艺」 is not said twice: 「未见电解工艺」, not 「未见电解工艺工艺」
  const work = (id: string, word: '工艺' | '工序') => { const l = label(id); return l.endsWith(word) ? l : `${l}${word}`; };
  const reasons: string[] = [];
  const missing: string[] = [];
  const notes: string[] = [];

  const processFits = [...factors.process.primary, ...factors.process.secondary];
  // wordings the lexicon does not know, found as written in the firm's own text: said as such, never dressed up
  const textual = [...processFits, ...factors.product.fits, ...factors.material.fits, ...factors.certification.fits].filter(byText);
  if (textual.length > 0) reasons.push(`企业资料写有${[...new Set(textual.map((f) => `"${f.held!.wording}"`))].join('、')}（词库未收录，按原文匹配，待核实）`);
  const named = processFits.find((f) => f.byName);
  if (named) reasons.push(`企业资料写有该件名称"${named.held!.wording}"（按所产产品认定具备主工艺，待核实）`);
  // one held process stands for one need: 滚齿 meeting 滚齿 is not also said to stand in for 磨齿
  const exactHeld = new Set(processFits.filter((f) => f.met && (f.relation === 'same' || f.relation === 'narrower') && f.held).map((f) => f.held!.conceptId));
  const standIn = (f: RequirementFit) => f.met && f.held !== null && (f.relation === 'sibling' || f.relation === 'broader') && exactHeld.has(f.held.conceptId);
  const solid = processFits.filter((f) => f.met && !looseNote(lexicon, f) && !byText(f) && !f.byName && !standIn(f));
  if (solid.length > 0) reasons.push(`具备${solid.map((f) => heldPhrase(lexicon, f)).join('、')}`);
  for (const f of processFits.filter(standIn)) {
    const family = familyOf(lexicon, f.held!.conceptId, f.requirement.conceptId);
    missing.push(`未明确${work(f.requirement.conceptId, '工艺')}（仅有${family ? `同属${family}的` : '相近的'}${label(f.held!.conceptId)}）`);
  }
  for (const f of processFits) {
    const note = f.met ? looseNote(lexicon, f) : null;
    if (note) notes.push(note);
    if (f.met) continue;
    const primary = f.requirement.position === 0 ? '（主工艺）' : '';
    if (f.requirement.auxiliary) { missing.push(`未写明${work(f.requirement.conceptId, '工序')}（常规工序，待核实）`); continue; }
    missing.push(f.held && f.credit > 0
      ? `仅写明"${f.held.wording}"，未明确${work(f.requirement.conceptId, '工艺')}${primary}`
      : `未见${work(f.requirement.conceptId, '工艺')}${primary}`);
  }

  const products = factors.product.fits;
  const madeProducts = products.filter((f) => f.met && !byText(f));
  if (madeProducts.length > 0) reasons.push(`产品含${madeProducts.map((f) => heldPhrase(lexicon, f)).join('、')}`);
  for (const f of products) if (!f.met) missing.push(`未见${label(f.requirement.conceptId)}相关产品`);

  const materials = factors.material.fits;
  const worked = materials.filter((f) => f.met && !byText(f));
  if (worked.length > 0) reasons.push(`可加工${worked.map((f) => heldPhrase(lexicon, f)).join('、')}`);
  const anyMaterialMet = materials.some((f) => f.met);
  if (factors.material.unplaced) {
    // two needs read from one item (「涤棉纱 T/C 65/35」) name it once
    missing.push(`材料${[...new Set(materials.map((f) => `"${f.requirement.wording}"`))].join('或')}词库未收录，企业资料中未见，待核实`);
  } else if (!factors.material.stated && materials.length > 0) {
    missing.push(`企业未填写加工材料（需${[...new Set(materials.map((f) => label(f.requirement.conceptId)))].join('或')}），待核实`);
  } else for (const f of materials) {
    const note = f.met ? looseNote(lexicon, f) : null;
    if (note) notes.push(note);
    // materials listed together are alternatives: one worked (known, or found in the firm's own words) is the material worked, the others are no 「材料不符」
    if (f.met || anyMaterialMet) continue;
    const req = label(f.requirement.conceptId);
    if (f.held?.evidence === 'implied') missing.push(`未列明加工材料${req}（仅从"${f.held.wording}"推断）`);

    else if (candidate.materials.some((m) => m.evidence !== 'implied')) {
      const listed = candidate.materials.filter((m) => m.evidence !== 'implied').slice(0, 3).map((m) => label(m.conceptId));
      missing.push(`材料不符：需${req}，企业列明${listed.join('、')}`);
    } else missing.push(`未见${req}等同类材料`);
  }

  const certs = factors.certification.fits;
  const held = certs.filter((f) => f.met && !byText(f));
  if (held.length > 0) reasons.push(`持有${held.map((f) => (f.relation === 'same' ? label(f.requirement.conceptId) : heldPhrase(lexicon, f))).join('、')}`);
  for (const f of certs) {
    if (f.met) continue;
    if (f.classVerdict && f.held) {
      const asked = (f.requirement.qualifiers ?? []).join('、');
      missing.push(f.classVerdict === 'different'
        ? `缺少${f.requirement.wording}（现有"${f.held.wording}"，类别/级别不同）`
        : `${label(f.held.conceptId)}未写明类别/级别（需${asked}），待核实`);
      continue;
    }
    // never 「缺少X（现有X）」: a held certificate of the same name that does not count is named as doubtful instead
    const sameName = f.held !== null && label(f.held.conceptId) === label(f.requirement.conceptId);
    const present = f.held && !sameName ? `（现有${label(f.held.conceptId)}）` : sameName ? '（资料中的写法不足以确认，请核实）' : '';
    missing.push(f.requirement.anyOf !== undefined ? `缺少${f.requirement.wording}（任一即可）${present}` : `缺少${certificateName(lexicon, f.requirement.conceptId)}${present}`);
  }

  const { ratio, band } = factors.capacity;
  if (band === 'comfortable' && ratio !== null) reasons.push(`年产值约为该件年采购额的${ratioText(ratio)}`);
  else if (band === 'tight' && ratio !== null) missing.push(`产能偏紧：年产值仅为年采购额的${ratioText(ratio)}`);
  else if (band === 'too_small' && ratio !== null) missing.push(`产能不足：年产值仅为年采购额的${ratioText(ratio)}`);
  else if (band === 'unknown') missing.push('未填报年产值，产能待核实');

  if (factors.distance.km !== null) reasons.push(`距采购方${formatKm(factors.distance.km)}公里`);
  if (candidate.regionKind !== 'local') reasons.push(`位于${candidate.regionName}（${REGION_KIND_TEXT[candidate.regionKind]}）`);

  const record = factors.trackRecord.record;
  if (record && record.signed + record.supplying + record.lost > 0) {
    const parts = [record.signed ? `签约${record.signed}项` : '', record.supplying ? `供货${record.supplying}项` : '', record.lost ? `未成${record.lost}项` : ''];
    reasons.push(`对接记录：${parts.filter(Boolean).join('、')}`);
  }
  const tier = TIER_TEXT[candidate.tier];
  if (tier) reasons.push(tier);
  reasons.push(...notes);
  // never the same item twice (two requirements can meet in one concept)
  return { reasons: [...new Set(reasons)], missing: [...new Set(missing)] };
}
