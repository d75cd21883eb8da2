import type { z } from 'zod';
import { apiFor } from './api.server';
import { assertSameOrigin } from './csrf.server';
import { formToObject, rejectedByZod } from './forms.server';
import { getLocale, requireAdmin } from './session.server';

/** The start of an editor's loader: an admin, the API on their behalf, and their UI language. */
export async function editorLoad(request: Request) {
  await requireAdmin(request);
  return { api: apiFor(request), locale: await getLocale(request) };
}

/**
 * The start of an editor's save: an admin, posting from this site, a form that passes `schema`.
 * A refused form comes back as `rejected`, the answer that re-renders it with what was typed.
 */
export async function editorSubmission<Schema extends z.ZodType>(
  request: Request,
  schema: Schema,
  arrays: readonly string[] = [],
) {
  await requireAdmin(request);
  assertSameOrigin(request);
  const values = formToObject(await request.formData(), arrays);
  const parsed = schema.safeParse(values);
  if (!parsed.success) return { rejected: rejectedByZod(parsed.error, values) } as const;
  return { rejected: null, api: apiFor(request), values, input: parsed.data } as const;
}
