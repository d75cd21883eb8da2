import { IdSchema } from '@lanxang/contracts';
import { data, type LoaderFunctionArgs } from '@remix-run/node';
import type { z } from 'zod';

/**
 * The route parameter `name` as a record id (or as `schema` reads it, e.g. a TMDB id). An address
 * whose id cannot exist is answered like a record that does not: a 404 the ErrorBoundary shows.
 */
export function requireId<Schema extends z.ZodType = typeof IdSchema>(
  params: LoaderFunctionArgs['params'],
  name: string,
  schema?: Schema,
): z.output<Schema> {
  const parsed = (schema ?? IdSchema).safeParse(params[name]);
  if (!parsed.success) throw data({ code: 'not_found' }, { status: 404 });
  return parsed.data as z.output<Schema>;
}
