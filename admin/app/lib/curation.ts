/**
 * Visibility windows are typed and shown in Vientiane time: the service, its admins and most of
 * its viewers are in Laos, which keeps UTC+7 all year (no daylight saving), so a server and a
 * browser anywhere agree on what "2026-12-01 18:00" means without knowing the admin's time zone.
 */
export const CURATION_UTC_OFFSET = '+07:00';
const OFFSET_MS = 7 * 60 * 60 * 1000;

/** `2026-12-01T11:00:00.000Z` → `2026-12-01T18:00` (what a datetime-local input holds). */
export function toVientianeLocal(iso: string | null): string {
  if (!iso) return '';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return '';
  return new Date(time + OFFSET_MS).toISOString().slice(0, 16);
}

/** `2026-12-01T18:00` → `2026-12-01T18:00:00+07:00`, or `null` for an empty field. */
export function fromVientianeLocal(local: string): string | null {
  const trimmed = local.trim();
  if (!trimmed) return null;
  return `${trimmed.length === 16 ? `${trimmed}:00` : trimmed}${CURATION_UTC_OFFSET}`;
}
