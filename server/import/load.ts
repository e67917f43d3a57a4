/**
 * Writes a validated run, batch by batch, inside the transaction its caller holds (index.ts).
 * Each row's fingerprint is compared with the one stored, so an unchanged row is not touched
 * (the same files twice change nothing).
 */
import { hash as hashOf } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { FileKind } from './columns.ts';
import type { Rows } from './validate.ts';
import { deriveCapabilities, deriveRequirements } from '../domain/capabilities.ts';
import { placeRegion, type PlacedRegion } from '../domain/regions.ts';

export interface KindCounts { inserted: number; updated: number; unchanged: number }
export type LoadCounts = Record<FileKind, KindCounts>;

import type { ChangeSet } from '../changes.ts';
import { addDays, cityDate, RENEWAL_DAYS } from '../clock.ts';
import { recordAudit, type AuditEntry } from '../audit.ts';
import { expectedRow } from '../../db/rows.ts';
import { decideField, decodeValue, fieldOwnershipStore, OWNED_FIELD_KEYS, type FieldValue, type OwnedField, type ProfileValues } from './field-ownership.ts';
import { WrittenDocuments } from './written-documents.ts';
import type { SearchDocument } from '../../search/search-index.ts';

export type { ChangeSet } from '../changes.ts';

export interface LoadOptions {
  now: number;
  /** validity given to a listing that states none */
  defaultValidDays?: number;
  /** the admin's choice for the whole file: the import overwrites what firms edited themselves */
  preferImport?: boolean;
  /** who imports: each created or updated object gets its own audit entry */
  actor?: AuditEntry['actor'];
  ip?: string;
  /** make the search documents of inserted rows from the values written (Loader.documents), so the index need not read them back */
  documents?: boolean;
}

/** A field the import left as the firm wrote it. */
export interface FieldConflict {
  file: string; row: number; enterpriseId: number; uscc: string; name: string; field: OwnedField;
  old: FieldValue; firm: FieldValue; imported: FieldValue;
}

/** An existing firm whose profile the import changed (the firm is told). */
export interface ProfileChange { enterpriseId: number; fields: OwnedField[] }

// one-shot hash: the same digest as createHash('sha1'), without a Hash object per row
const fingerprint = (record: unknown) => hashOf('sha1', JSON.stringify(record), 'base64url');
const emptyCounts = (): KindCounts => ({ inserted: 0, updated: 0, unchanged: 0 });

export interface LoadResult { counts: LoadCounts; changes: ChangeSet; conflicts: FieldConflict[]; profileChanges: ProfileChange[] }

/** Writes batches of checked rows (call inside a transaction); `result` is what all of them did. */
export interface Loader {
  /** writes one batch; returns the ids it wrote (for the indexes that must change in the same transaction) */
  load(rows: Rows): ChangeSet;
  /** the search documents of the rows the last batch inserted, by key (empty unless LoadOptions.documents) */
  documents(): ReadonlyMap<string, SearchDocument>;
  result(): LoadResult;
}

export function createLoader(sqlite: Database.Database, opts: LoadOptions): Loader {
  const counts: LoadCounts = { enterprises: emptyCounts(), components: emptyCounts(), listings: emptyCounts(), procurement: emptyCounts() };
  const changes: ChangeSet = { enterprises: [], listings: [], components: [] };
  const conflicts: FieldConflict[] = [];
  const profileChanges: ProfileChange[] = [];
  const st = statements(sqlite);
  const ownership = fieldOwnershipStore(sqlite);
  const actor: AuditEntry['actor'] = opts.actor ?? { kind: 'system', label: '导入' };
  const audit = (action: string, objectType: string, objectId: string, enterpriseId: number | null, before: unknown, after: unknown) =>
    recordAudit(sqlite, { actor, action, objectType, objectId, enterpriseId, before, after, at: opts.now, ip: opts.ip });
  const described = opts.documents ? new WrittenDocuments(sqlite, opts.now) : null;
  const ensureRegion = (region: PlacedRegion | null): string | null => {
    if (!region) return null;
    if (!region.known) {
      st.insertRegion.run(region.code, region.name);
      described?.regionWritten(region.code);
    }
    return region.code;
  };
  const placement = (id: number) => st.enterprisePlacement.get(id);
  // A firm's id and region, by USCC, for the rows that name it (a listing each): the loader writes
  // every firm of the run itself and notes it here, so what is held is what the table says. Held
  // like the run's tiers (validate.ts), one entry a firm, never a listing.
  const firms = new Map<string, FirmEntry>();
  // the run's references were checked (validate.ts) and its firms written first: a missing one is a bug
  const firmOf = (uscc: string) => {
    let firm = firms.get(uscc);
    if (!firm) firms.set(uscc, firm = expectedRow(st.enterpriseId.get(uscc), `enterprise ${uscc}`));
    return firm;
  };

  const defaultValidUntil = addDays(cityDate(opts.now), opts.defaultValidDays ?? RENEWAL_DAYS);
  const load = (rows: Rows): ChangeSet => {
    const written: ChangeSet = { enterprises: [], listings: [], components: [] };
    for (const { record: r, file, row } of rows.enterprises) {
      const hash = fingerprint(r);
      const found = st.findEnterprise.get(r.uscc);
      if (found?.importHash === hash) { counts.enterprises.unchanged++; continue; }
      const incoming: ProfileValues = {
        name: r.name, regionCode: ensureRegion(placeRegion(r.region)), address: r.address, chains: r.chains.map((c) => c.id).sort(),
        products: r.products, processes: r.processes, materials: r.materials, certifications: r.certifications,
        annualOutputWan: r.annual_output_wan, employees: r.employees, contactName: r.contact_name, contactPhone: r.contact_phone,
        description: r.description,
      };
      const current = found ? ownership.values(found.id) : null;
      const before = found && current ? { ...current, ...placement(found.id) } : null;
      const merged: ProfileValues = { ...incoming };
      const writtenFields: OwnedField[] = [];
      if (found && current) {
        const sources = ownership.sources(found.id);
        for (const field of OWNED_FIELD_KEYS) {
          const decision = decideField(current[field], incoming[field], sources.get(field), opts.preferImport === true);
          if (decision === 'conflict') {
            merged[field] = current[field];
            const old = sources.get(field)?.importedValue ?? null;
            ownership.conflict(found.id, field, old, current[field], incoming[field], opts.now);
            conflicts.push({ file, row, enterpriseId: found.id, uscc: r.uscc, name: r.name, field, old: decodeValue(old), firm: current[field], imported: incoming[field] });
            continue;
          }
          if (decision === 'write') writtenFields.push(field);
          if (sources.has(field)) ownership.imported(found.id, field, incoming[field], opts.now);
        }
      }
      const text = (v: FieldValue) => (typeof v === 'string' ? v : '');
      const num = (v: FieldValue) => (typeof v === 'number' ? v : null);
      const values = {
        uscc: r.uscc, name: text(merged.name), regionCode: typeof merged.regionCode === 'string' ? merged.regionCode : null, address: text(merged.address),
        lat: r.lat, lng: r.lng, tier: r.tier, products: text(merged.products), processes: text(merged.processes), materials: text(merged.materials),
        certifications: text(merged.certifications), annualOutputWan: num(merged.annualOutputWan), employees: num(merged.employees),
        contactName: text(merged.contactName), contactPhone: text(merged.contactPhone), description: text(merged.description), importHash: hash, now: opts.now,
      };
      let id: number;
      if (found) { st.updateEnterprise.run(values); id = found.id; counts.enterprises.updated++; }
      else { id = Number(st.insertEnterprise.run(values).lastInsertRowid); counts.enterprises.inserted++; }
      firms.set(r.uscc, { id, regionCode: values.regionCode, name: values.name, lat: values.lat, lng: values.lng });
      st.clearChains.run(id);
      const chainIds = Array.isArray(merged.chains) ? merged.chains : [];
      for (const c of chainIds) st.insertChain.run(id, c);
      st.clearCapabilities.run(id);
      const capabilities = deriveCapabilities(values);
      for (const c of capabilities) st.insertCapability.run(id, c.conceptId, c.kind, c.confidence, c.source, c.wording);
      // (tier and kind are never null past the checks: a null would have failed the insert's NOT NULL)
      if (described && !found && values.tier !== null) {
        const certIds = capabilities.filter((c) => c.kind === 'certification' && !c.conceptId.startsWith('~')).map((c) => c.conceptId);
        described.enterpriseInserted({
          id, uscc: values.uscc, name: values.name, region_code: values.regionCode, address: values.address, lat: values.lat, lng: values.lng,
          tier: values.tier, products: values.products, processes: values.processes, materials: values.materials,
          certifications: values.certifications, description: values.description, chainIds, certIds,
        });
      }
      written.enterprises.push(id);
      if (found && writtenFields.length > 0) profileChanges.push({ enterpriseId: id, fields: writtenFields });
      audit(found ? 'enterprise.import_update' : 'enterprise.import_create', 'enterprise', r.uscc, id, before ?? undefined, { ...merged, tier: r.tier, lat: r.lat, lng: r.lng });
    }

    for (const { record: r } of rows.components) {
      const hash = fingerprint(r);
      const found = st.findComponent.get(r.ref);
      if (found?.importHash === hash) { counts.components.unchanged++; continue; }
      const values = {
        ref: r.ref, buyerId: firmOf(r.buyer_uscc).id, name: r.name, partNo: r.part_no,
        chainId: r.chain?.id ?? null, materials: r.materials, processes: r.processes, certificationsRequired: r.certifications_required,
        annualVolume: r.annual_volume, unit: r.unit, annualValueWan: r.annual_value_wan, currentSupplier: r.current_supplier,
        currentSupplierRegion: r.current_supplier_region, criticality: r.criticality, description: r.description, importHash: hash, now: opts.now,
      };
      let id: number;
      const before = found ? st.componentBefore.get(found.id) : undefined;
      if (found) { st.updateComponent.run(values); id = found.id; counts.components.updated++; }
      else { id = Number(st.insertComponent.run(values).lastInsertRowid); counts.components.inserted++; }
      const { importHash: _h, now: _n, ...componentAfter } = values;
      audit(found ? 'component.import_update' : 'component.import_create', 'component', r.ref, values.buyerId, before, componentAfter);
      st.clearRequirements.run(id);
      const requirements = deriveRequirements({ processes: r.processes, materials: r.materials, certificationsRequired: r.certifications_required, description: r.description });
      for (const q of requirements) st.insertRequirement.run(id, q.conceptId, q.kind, q.position, q.confidence, q.wording);
      written.components.push(id);
    }

    for (const { record: r } of rows.listings) {
      const hash = fingerprint(r);
      const found = st.findListing.get(r.ref);
      if (found?.importHash === hash) { counts.listings.unchanged++; continue; }
      const firm = firmOf(r.uscc);
      const values = {
        ref: r.ref, enterpriseId: firm.id, kind: r.kind, title: r.title, description: r.description, chainId: r.chain?.id ?? null,
        quantity: r.quantity, unit: r.unit, regionCode: ensureRegion(placeRegion(r.region)) ?? firm.regionCode,
        validUntil: r.valid_until ?? defaultValidUntil, importHash: hash, now: opts.now,
      };
      let id: number;
      const before = found ? st.listingBefore.get(found.id) : undefined;
      if (found) { st.updateListing.run(values); id = found.id; counts.listings.updated++; }
      else {
        id = Number(st.insertListing.run(values).lastInsertRowid);
        counts.listings.inserted++;
        if (values.kind !== null) described?.listingInserted({
          id, ref: values.ref, enterpriseId: firm.id, kind: values.kind, title: values.title, description: values.description,
          chainId: values.chainId, regionCode: values.regionCode, validUntil: values.validUntil, firm,
        });
      }
      const { importHash: _h, now: _n, ...listingAfter } = values;
      audit(found ? 'listing.import_update' : 'listing.import_create', 'listing', r.ref, firm.id, before, listingAfter);
      written.listings.push(id);
    }

    for (const { record: r } of rows.procurement) {
      const hash = fingerprint(r);
      const buyerId = firmOf(r.buyer_uscc).id;
      const quarter = r.quarter ?? 0;
      const found = st.findProcurement.get(buyerId, r.year, quarter);
      if (found?.importHash === hash) { counts.procurement.unchanged++; continue; }
      const before = found ? st.procurementBefore.get(found.id) : undefined;
      st.upsertProcurement.run({ buyerId, year: r.year, quarter, totalWan: r.total_wan, localWan: r.local_wan, importHash: hash, now: opts.now });
      if (found) counts.procurement.updated++; else counts.procurement.inserted++;
      audit(found ? 'procurement.import_update' : 'procurement.import_create', 'procurement', `${r.buyer_uscc}/${r.year}/${quarter}`, buyerId, before,
        { year: r.year, quarter, totalWan: r.total_wan, localWan: r.local_wan });
    }
    for (const k of ['enterprises', 'listings', 'components'] as const) for (const id of written[k]) changes[k].push(id);
    return written;
  };
  const none: ReadonlyMap<string, SearchDocument> = new Map();
  return { load, documents: () => described?.take() ?? none, result: () => ({ counts, changes, conflicts, profileChanges }) };
}

interface Found { id: number; importHash: string | null }
/** A firm as the enterprises table holds it now: what the listings that name it need. */
interface FirmEntry { id: number; regionCode: string | null; name: string; lat: number | null; lng: number | null }

function statements(sqlite: Database.Database) {
  const p = (sql: string) => sqlite.prepare(sql);
  return {
    insertRegion: p(`insert into regions (code, name, kind) values (?, ?, 'outside') on conflict do nothing`),
    enterpriseId: sqlite.prepare<[string], FirmEntry>(`select id, region_code as regionCode, name, lat, lng from enterprises where uscc = ?`),
    enterprisePlacement: sqlite.prepare<[number], { tier: string; lat: number | null; lng: number | null }>(`select tier, lat, lng from enterprises where id = ?`),
    findEnterprise: sqlite.prepare<[string], Found>(`select id, import_hash as importHash from enterprises where uscc = ?`),
    insertEnterprise: p(`insert into enterprises (uscc, name, region_code, address, lat, lng, tier, products, processes, materials,
      certifications, annual_output_wan, employees, contact_name, contact_phone, description, import_hash, created_at, updated_at)
      values (@uscc, @name, @regionCode, @address, @lat, @lng, @tier, @products, @processes, @materials, @certifications,
      @annualOutputWan, @employees, @contactName, @contactPhone, @description, @importHash, @now, @now)`),
    updateEnterprise: p(`update enterprises set name = @name, region_code = @regionCode, address = @address, lat = @lat, lng = @lng,
      tier = @tier, products = @products, processes = @processes, materials = @materials, certifications = @certifications,
      annual_output_wan = @annualOutputWan, employees = @employees, contact_name = @contactName, contact_phone = @contactPhone,
      description = @description, import_hash = @importHash, version = version + 1, updated_at = @now where uscc = @uscc`),
    clearChains: p(`delete from enterprise_chains where enterprise_id = ?`),
    insertChain: p(`insert into enterprise_chains (enterprise_id, chain_id) values (?, ?)`),
    clearCapabilities: p(`delete from enterprise_capabilities where enterprise_id = ?`),
    insertCapability: p(`insert into enterprise_capabilities (enterprise_id, concept_id, kind, confidence, source, wording) values (?, ?, ?, ?, ?, ?)`),
    findComponent: sqlite.prepare<[string], Found>(`select id, import_hash as importHash from components where ref = ?`),
    insertComponent: p(`insert into components (ref, buyer_id, name, part_no, chain_id, materials, processes, certifications_required,
      annual_volume, unit, annual_value_wan, current_supplier, current_supplier_region, criticality, description, import_hash, created_at, updated_at)
      values (@ref, @buyerId, @name, @partNo, @chainId, @materials, @processes, @certificationsRequired, @annualVolume, @unit,
      @annualValueWan, @currentSupplier, @currentSupplierRegion, @criticality, @description, @importHash, @now, @now)`),
    updateComponent: p(`update components set buyer_id = @buyerId, name = @name, part_no = @partNo, chain_id = @chainId, materials = @materials,
      processes = @processes, certifications_required = @certificationsRequired, annual_volume = @annualVolume, unit = @unit,
      annual_value_wan = @annualValueWan, current_supplier = @currentSupplier, current_supplier_region = @currentSupplierRegion,
      criticality = @criticality, description = @description, import_hash = @importHash, version = version + 1, updated_at = @now where ref = @ref`),
    clearRequirements: p(`delete from component_requirements where component_id = ?`),
    insertRequirement: p(`insert into component_requirements (component_id, concept_id, kind, position, confidence, wording) values (?, ?, ?, ?, ?, ?)`),
    findListing: sqlite.prepare<[string], Found>(`select id, import_hash as importHash from listings where ref = ?`),
    listingBefore: p(`select enterprise_id as enterpriseId, kind, title, description, chain_id as chainId, quantity, unit, region_code as regionCode,
      valid_until as validUntil, status from listings where id = ?`),
    componentBefore: p(`select buyer_id as buyerId, name, part_no as partNo, chain_id as chainId, materials, processes,
      certifications_required as certificationsRequired, annual_volume as annualVolume, unit, annual_value_wan as annualValueWan,
      current_supplier as currentSupplier, current_supplier_region as currentSupplierRegion, criticality, description from components where id = ?`),
    procurementBefore: p(`select year, quarter, total_wan as totalWan, local_wan as localWan from procurement where id = ?`),
    insertListing: p(`insert into listings (ref, enterprise_id, kind, title, description, chain_id, quantity, unit, region_code, valid_until,
      import_hash, created_at, updated_at) values (@ref, @enterpriseId, @kind, @title, @description, @chainId, @quantity, @unit,
      @regionCode, @validUntil, @importHash, @now, @now)`),
    updateListing: p(`update listings set enterprise_id = @enterpriseId, kind = @kind, title = @title, description = @description,
      chain_id = @chainId, quantity = @quantity, unit = @unit, region_code = @regionCode, valid_until = @validUntil,
      import_hash = @importHash, version = version + 1, updated_at = @now where ref = @ref`),
    findProcurement: sqlite.prepare<[number, number | null, number], Found>(`select id, import_hash as importHash from procurement where buyer_id = ? and year = ? and quarter = ?`),
    upsertProcurement: p(`insert into procurement (buyer_id, year, quarter, total_wan, local_wan, import_hash, updated_at)
      values (@buyerId, @year, @quarter, @totalWan, @localWan, @importHash, @now)
      on conflict(buyer_id, year, quarter) do update set total_wan = excluded.total_wan, local_wan = excluded.local_wan,
      import_hash = excluded.import_hash, updated_at = excluded.updated_at`),
  };
}
