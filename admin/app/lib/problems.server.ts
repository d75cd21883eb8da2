import { ApiError, rethrowAsRouteError } from './api.server';
import { invalidForm } from './forms.server';

/**
 * The one reading of a failed API call for a page: the stable code to choose words by, the API's
 * text, and its field messages under the page's form names (`prefix` places errors from an array
 * body: `PUT …/cast` answers `body.0.character.lo`, which the form calls `cast.0.character.lo`).
 * `formField` renames what the form names differently: a film saved with its credits answers
 * `body.movie.title.lo` for the form's `title.lo`. Anything that is not an API answer is rethrown.
 */
export function toShownProblem(
  error: unknown,
  prefix = '',
  formField: (field: string) => string = (field) => field,
): ShownProblem {
  if (!(error instanceof ApiError)) throw error;
  const fields: Record<string, string> = {};
  for (const issue of error.fieldErrors) {
    const field = prefix + formField(issue.field.replace(/^body\.?/, ''));
    fields[field || 'form'] ??= issue.message;
  }
  if (Object.keys(fields).length === 0) fields.form = error.message;
  return { status: error.status, code: error.code, message: error.message, fields };
}

export interface ShownProblem {
  status: number;
  code: string;
  message: string;
  /** By form field name; `form` holds the API's message when no field is named. */
  fields: Record<string, string>;
}

/**
 * For a form action: an API refusal (`refusals`, 400 unless a clash (409) is the admin's to fix
 * too) re-renders the form with the API's messages and what was typed; any other failure goes to
 * the route's ErrorBoundary.
 */
export function refusedForm(
  error: unknown,
  values: Record<string, unknown>,
  {
    prefix = '',
    formField,
    refusals = [400],
  }: {
    prefix?: string;
    formField?: (field: string) => string;
    refusals?: readonly number[];
  } = {},
) {
  if (error instanceof ApiError && refusals.includes(error.status)) {
    return invalidForm(toShownProblem(error, prefix, formField).fields, values, error.status);
  }
  return rethrowAsRouteError(error);
}
