/**
 * One zod schema per import file: a row (column key → cell text) becomes a typed record.
 * References between files (buyer_uscc, uscc) are checked later, against the database
 * and the rest of the run.
 */
import { z } from 'zod';
import * as f from '../domain/fields.ts';
import type { FileKind } from './columns.ts';

const regionName = f.text(60);

/** What a firm says about itself: the same rules in the import file and in its own profile form. */
export const profileFields = {
  name: f.requiredText(200),
  region: regionName,
  address: f.text(300),
  chains: f.chainList,
  products: f.text(),
  processes: f.text(),
  materials: f.text(),
  certifications: f.text(),
  annual_output_wan: f.moneyWan({ max: 1e9 }),
  employees: f.integer({ min: 0, max: 10_000_000 }),
  contact_name: f.text(60),
  contact_phone: f.text(60),
  description: f.text(5000),
};

export const enterpriseRow = z.object({
  ...profileFields,
  uscc: f.uscc,
  lat: f.coordinate(-90, 90),
  lng: f.coordinate(-180, 180),
  tier: f.choice(f.TIER_WORDS, { fallback: 'sme' }),
}).superRefine((r, ctx) => {
  if ((r.lat === null) !== (r.lng === null)) {
    ctx.addIssue({ code: 'custom', path: [r.lat === null ? 'lat' : 'lng'], message: '纬度和经度须同时填写或同时留空' });
  }
});

export const componentRow = z.object({
  ref: f.requiredText(64),
  buyer_uscc: f.uscc,
  name: f.requiredText(200),
  part_no: f.text(100),
  chain: f.chain(),
  materials: f.text(),
  processes: f.text(),
  certifications_required: f.text(),
  annual_volume: f.amount(),
  unit: f.text(20),
  annual_value_wan: f.moneyWan({ max: 1e9 }),
  current_supplier: f.text(200),
  current_supplier_region: f.text(60),
  criticality: f.choice(f.CRITICALITY_WORDS),
  description: f.text(5000),
});

/** A listing's own words: the same rules in the import file and in the posting form. */
export const listingFields = {
  kind: f.choice(f.LISTING_KIND_WORDS, { required: true }),
  title: f.requiredText(200),
  description: f.text(5000),
  chain: f.chain(),
  quantity: f.amount(),
  unit: f.text(20),
};

export const listingRow = z.object({
  ...listingFields,
  ref: f.requiredText(64),
  uscc: f.uscc,
  region: regionName,
  valid_until: f.isoDate(),
});

export const procurementRow = z.object({
  buyer_uscc: f.uscc,
  year: f.integer({ required: true, min: 2000, max: 2100 }),
  quarter: f.integer({ min: 1, max: 4 }),
  total_wan: f.moneyWan({ required: true, max: 1e10 }),
  local_wan: f.moneyWan({ required: true, max: 1e10 }),
}).superRefine((r, ctx) => {
  if (r.total_wan !== null && r.local_wan !== null && r.local_wan > r.total_wan) {
    ctx.addIssue({ code: 'custom', path: ['local_wan'], message: '本地采购额不能大于采购总额' });
  }
});

export type EnterpriseRecord = z.output<typeof enterpriseRow>;
export type ComponentRecord = z.output<typeof componentRow>;
export type ListingRecord = z.output<typeof listingRow>;
export type ProcurementRecord = z.output<typeof procurementRow>;

export const ROW_SCHEMAS = {
  enterprises: enterpriseRow,
  components: componentRow,
  listings: listingRow,
  procurement: procurementRow,
} satisfies Record<FileKind, z.ZodType>;

export interface RecordOf {
  enterprises: EnterpriseRecord;
  components: ComponentRecord;
  listings: ListingRecord;
  procurement: ProcurementRecord;
}

/** The key that identifies a row of each file (its upsert key). */
export function rowKey<K extends FileKind>(kind: K, record: RecordOf[K]): string {
  switch (kind) {
    case 'enterprises': return (record as EnterpriseRecord).uscc;
    case 'procurement': {
      const r = record as ProcurementRecord;
      return `${r.buyer_uscc}/${r.year}/${r.quarter ?? 0}`;
    }
    default: return (record as ComponentRecord | ListingRecord).ref;
  }
}
