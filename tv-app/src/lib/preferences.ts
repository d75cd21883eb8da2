import type { Locale } from '@lanxang/contracts';

/**
 * What the viewer chose, kept in localStorage so it survives a restart. Every read tolerates a
 * missing or corrupt value: some TV browsers clear or refuse storage without telling us.
 */
export type QualityCap = 'auto' | '1080p' | '720p' | '480p' | '360p';
export const QUALITY_CAPS: readonly QualityCap[] = ['auto', '1080p', '720p', '480p', '360p'];

const KEYS = {
  locale: 'lanxang.locale',
  qualityCap: 'lanxang.qualityCap',
  recentSearches: 'lanxang.recentSearches',
} as const;

const MAX_RECENT_SEARCHES = 6;

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // Storage full or disabled: the choice still applies for this session.
  }
}

export function storedLocale(): Locale | null {
  const value = read(KEYS.locale);
  return value === 'en' || value === 'lo' ? value : null;
}

export function storeLocale(locale: Locale): void {
  write(KEYS.locale, locale);
}

export function qualityCap(): QualityCap {
  const value = read(KEYS.qualityCap);
  return QUALITY_CAPS.find((cap) => cap === value) ?? 'auto';
}

export function storeQualityCap(cap: QualityCap): void {
  write(KEYS.qualityCap, cap);
}

export function recentSearches(): string[] {
  try {
    const parsed: unknown = JSON.parse(read(KEYS.recentSearches) ?? '[]');
    return Array.isArray(parsed)
      ? parsed.filter((item): item is string => typeof item === 'string')
      : [];
  } catch {
    return [];
  }
}

export function rememberSearch(query: string): void {
  const trimmed = query.trim();
  if (!trimmed) return;
  const next = [trimmed, ...recentSearches().filter((item) => item !== trimmed)].slice(
    0,
    MAX_RECENT_SEARCHES,
  );
  write(KEYS.recentSearches, JSON.stringify(next));
}
