import { z } from 'zod';

/**
 * A range of days from a page's URL (`?from=…&to=…`, each optional). A malformed day is dropped,
 * so the page falls back to its default rather than failing: these come from a URL.
 */
export const DateRangeSchema = z.object({
  from: z.iso.date().optional().catch(undefined),
  to: z.iso.date().optional().catch(undefined),
});
