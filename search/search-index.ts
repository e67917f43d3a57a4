/**
 * The one search interface. Two backends implement it: the embedded SQLite FTS5 index
 * (search/embedded/, the default) and Meilisearch (search/meili/). Callers build documents,
 * hand them over inside their write transaction, and query with plain data; nothing here
 * knows about HTTP or the app's tables.
 */

export const SEARCH_TYPES = ['listing', 'enterprise'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

/** Facet fields, in the order pages show them. Values are ids (chain id, region code, concept id ...). */
export const FACET_FIELDS = ['kind', 'chain', 'region', 'tier', 'cert'] as const;
export type FacetField = (typeof FACET_FIELDS)[number];
export type FacetValues = Partial<Record<FacetField, string[]>>;
export type FacetCounts = Record<FacetField, Record<string, number>>;

export interface GeoPoint { lat: number; lng: number }

export interface SearchDocument {
  /** Unique across types and stable for the entity: `listing-12`, `enterprise-7`. */
  key: string;
  type: SearchType;
  /** What the outside world calls it: a listing's ref, a firm's USCC. */
  ref: string;
  /** A listing's title or a firm's name: matches here rank first. */
  title: string;
  /** Every other searchable text, fields separated by newlines. */
  body: string;
  /** The key of the document this one belongs to (a listing's firm): removing the owner removes it too. */
  owner: string | null;
  facets: FacetValues;
  /** Epoch ms; "newest" sorts on it. */
  createdAt: number;
  /** Listings leave the results when closed or past validUntil (city date), without a reindex. */
  status: 'open' | 'closed';
  validUntil: string | null;
  location: GeoPoint | null;
}

export type SearchSort = { by: 'relevance' } | { by: 'newest' } | { by: 'distance'; from: GeoPoint };

export interface SearchQuery {
  /** What the user typed; escaped and expanded through the lexicon by the backend. */
  text: string;
  /** Both types when empty or absent. */
  types?: SearchType[];
  /** OR within a field, AND across fields. */
  filters?: FacetValues;
  sort?: SearchSort;
  limit: number;
  offset: number;
  /** The city's date, 'YYYY-MM-DD': listings valid until before it are hidden. */
  today: string;
}

export interface SearchHit {
  key: string;
  type: SearchType;
  ref: string;
  title: string;
  /** A snippet with the matched words in <mark>…</mark>; everything else HTML-escaped. */
  highlight: string;
  /** Kilometres from the sort point, when sorting by distance and the document has a location. */
  distanceKm?: number;
}

export interface SearchResult {
  /** Matches counted exactly up to a cap, like Meilisearch's estimatedTotalHits beyond it. */
  total: number;
  totalExact: boolean;
  /** False when facet counts were taken over the best-ranked candidates only (very broad queries). */
  facetsExact: boolean;
  /** How far offset can page: hits past it are not ranked (Meilisearch's maxTotalHits). */
  maxOffset: number;
  hits: SearchHit[];
  facets: FacetCounts;
}

/** `documents` is null when the backend cannot be reached; `pending` counts writes not yet delivered (the outbox). */
export interface SearchStats { backend: 'embedded' | 'meilisearch'; documents: number | null; pending: number }

export interface SearchIndex {
  readonly backend: 'embedded' | 'meilisearch';
  /** Prepares the backend (Meilisearch: index, settings). Reports whether stored documents are stale. */
  start(): Promise<{ rebuildNeeded: boolean }>;
  /**
   * Adds or replaces documents. Synchronous so it runs inside the caller's SQLite transaction:
   * the embedded index writes its rows there, Meilisearch its durable outbox.
   */
  upsert(docs: SearchDocument[]): void;
  /** Removes documents by key, and every document they own. Same transaction rule as upsert. */
  remove(keys: string[]): void;
  search(query: SearchQuery): Promise<SearchResult>;
  /** Resolves once every accepted write is searchable (drains the Meilisearch outbox). */
  flush(): Promise<void>;
  /**
   * Whether this process sends the outbox to the backend on its own (Meilisearch; on when made).
   * With several server processes only the one running background work does, so deliveries keep their order.
   */
  deliverOutbox?(on: boolean): void;
  /** Replaces the whole index with these documents. */
  rebuild(batches: Iterable<SearchDocument[]>): Promise<number>;
  stats(): Promise<SearchStats>;
  close(): Promise<void>;
}

/** The search backend cannot answer now (Meilisearch down or timing out); pages say so, the API answers 503. */
export class SearchUnavailableError extends Error {
  override readonly name = 'SearchUnavailableError';
}

export function emptyFacetCounts(): FacetCounts {
  return { kind: {}, chain: {}, region: {}, tier: {}, cert: {} };
}
