/** Distances on the earth's surface, for distance sorting (both backends) and the R*Tree walk. */
import type { GeoPoint } from './search-index.ts';

const EARTH_KM = 6371.0088;
const rad = (deg: number) => (deg * Math.PI) / 180;

export function haversineKm(a: GeoPoint, b: GeoPoint): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface Box { minLat: number; maxLat: number; minLng: number; maxLng: number }

/** The smallest lat/lng box holding every point within `km` of `center` (wider near the poles). */
export function boundingBox(center: GeoPoint, km: number): Box {
  const dLat = (km / EARTH_KM) * (180 / Math.PI);
  const cos = Math.cos(rad(center.lat));
  const dLng = cos < 1e-6 ? 180 : Math.min(180, dLat / cos);
  return {
    minLat: Math.max(-90, center.lat - dLat), maxLat: Math.min(90, center.lat + dLat),
    minLng: Math.max(-180, center.lng - dLng), maxLng: Math.min(180, center.lng + dLng),
  };
}

export function isGeoPoint(p: { lat: unknown; lng: unknown } | null | undefined): p is GeoPoint {
  return !!p && typeof p.lat === 'number' && typeof p.lng === 'number' && Number.isFinite(p.lat) && Number.isFinite(p.lng)
    && Math.abs(p.lat) <= 90 && Math.abs(p.lng) <= 180;
}
