/** A small hand-made city for the search behaviour suite: every document is there to prove one thing. */
import type { SearchDocument } from '../../search/search-index.ts';

export const TODAY = '2026-11-27';
export const CENTRE = { lat: 32.04, lng: 112.13 };

type Firm = Partial<SearchDocument> & Pick<SearchDocument, 'key' | 'title' | 'body'>;

const firm = (d: Firm, n: number): SearchDocument => ({
  type: 'enterprise', ref: `91420600000000${String(n).padStart(4, '0')}`, owner: null, facets: {}, createdAt: 1_000 + n,
  status: 'open', validUntil: null, location: null, ...d,
});
const listing = (d: Firm & { owner: string }, n: number): SearchDocument => ({
  type: 'listing', ref: `L-${n}`, facets: {}, createdAt: 2_000 + n, status: 'open', validUntil: '2027-12-31', location: null, ...d,
});

export const DOCS: SearchDocument[] = [
  firm({ key: 'enterprise-1', title: '襄阳精铸科技有限公司', body: '高压铸造、CNC加工\nADC12\nIATF 16949\n公司专业从事铝合金压铸，年产能 50 万件',
    facets: { chain: ['auto', 'equipment'], region: ['420671'], tier: ['specialized'], cert: ['certification.iatf16949'] }, location: { lat: 32.0844, lng: 112.18 } }, 1),
  firm({ key: 'enterprise-2', title: '襄阳注塑科技', body: '注塑模具设计制造\nPP、ABS\nISO 9001 质量管理',
    facets: { chain: ['auto'], region: ['420606'], tier: ['sme'], cert: ['certification.iso9001'] }, location: { lat: 32.0447, lng: 112.1354 } }, 2),
  firm({ key: 'enterprise-3', title: '襄阳数控机械有限公司', body: '数控加工\n6061-T6\nGB/T 19001 认证',
    facets: { chain: ['equipment'], region: ['420607'], tier: ['core'], cert: ['certification.iso9001'] }, location: { lat: 32.0871, lng: 112.2112 } }, 3),
  firm({ key: 'enterprise-4', title: '襄阳钢构有限公司', body: '热轧钢板、Q235B 钢结构件',
    facets: { chain: ['equipment'], region: ['420602'], tier: ['sme'] }, location: { lat: 32.0103, lng: 112.1342 } }, 4),
  firm({ key: 'enterprise-5', title: '宁波远方紧固件有限公司', body: 'GB/T 5782 六角头螺栓 M8、M10、M80',
    facets: { chain: ['auto'], region: ['330200'], tier: ['sme'] }, location: { lat: 29.87, lng: 121.54 } }, 5),
  firm({ key: 'enterprise-6', title: 'Hubei Diecast Works', body: 'die casting of aluminium housings, IATF16949 certified',
    facets: { chain: ['auto'], region: ['420683'], tier: ['sme'], cert: ['certification.iatf16949'] }, location: { lat: 32.1282, lng: 112.7548 } }, 6),
  firm({ key: 'enterprise-7', title: '老河口铜业', body: '紫铜管、黄铜棒材',
    facets: { chain: ['new_energy'], region: ['420682'], tier: ['sme'] } }, 7),
  firm({ key: 'enterprise-8', title: '宜城不锈钢制品厂', body: '304不锈钢板材加工 <script>alert(1)</script>',
    facets: { chain: ['equipment'], region: ['420684'], tier: ['sme'] }, location: { lat: 31.7197, lng: 112.2579 } }, 8),
  listing({ key: 'listing-1', title: '供应热轧钢板', body: 'Q235B 热轧钢板现货，襄阳钢构有限公司', owner: 'enterprise-4',
    facets: { kind: ['supply'], chain: ['equipment'], region: ['420602'] }, location: { lat: 32.0103, lng: 112.1342 } }, 1),
  listing({ key: 'listing-2', title: '求购注塑模具', body: '汽车内饰件注塑模具，襄阳注塑科技', owner: 'enterprise-2', validUntil: '2027-01-01',
    facets: { kind: ['demand'], chain: ['auto'], region: ['420606'] }, location: { lat: 32.0447, lng: 112.1354 } }, 2),
  listing({ key: 'listing-3', title: '采购压铸件', body: '铝合金压铸壳体，年需求 2 万件', owner: 'enterprise-1', validUntil: '2026-11-26',
    facets: { kind: ['demand'], chain: ['auto'], region: ['420671'] }, location: { lat: 32.0844, lng: 112.18 } }, 3),
  listing({ key: 'listing-4', title: '承接压铸加工', body: '压铸产能对外开放', owner: 'enterprise-1', status: 'closed',
    facets: { kind: ['supply'], chain: ['auto'], region: ['420671'] }, location: { lat: 32.0844, lng: 112.18 } }, 4),
  listing({ key: 'listing-5', title: '承接CNC加工', body: '数控车床、加工中心，襄阳数控机械有限公司', owner: 'enterprise-3', validUntil: null,
    facets: { kind: ['supply'], chain: ['equipment'], region: ['420607'] }, location: { lat: 32.0871, lng: 112.2112 } }, 5),
  listing({ key: 'listing-6', title: '供应 M8 螺栓', body: 'GB/T 5782-2016 M8×30，宁波远方紧固件有限公司', owner: 'enterprise-5',
    facets: { kind: ['supply'], chain: ['auto'], region: ['330200'] }, location: { lat: 29.87, lng: 121.54 } }, 6),
];

/** Keys of documents a visitor may see today (listing-3 expired yesterday, listing-4 is closed). */
export const VISIBLE = DOCS.filter((d) => d.status === 'open' && (d.validUntil === null || d.validUntil >= TODAY)).map((d) => d.key);

export function doc(key: string): SearchDocument {
  const found = DOCS.find((d) => d.key === key);
  if (!found) throw new Error(`no fixture ${key}`);
  return structuredClone(found);
}
