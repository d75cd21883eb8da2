/**
 * Sidebar sections whose work has not started, shown by `admin.$section.tsx`. Each one moves out
 * of this list into its own route file (e.g. `admin.translations.tsx`), which Remix then prefers.
 */
export const UPCOMING_SECTIONS = [
  { slug: 'rentals', label: 'rentals', issue: null },
  { slug: 'analytics', label: 'analytics', issue: null },
] as const;
