import type { LocalizedText } from '@lanxang/contracts';
import { z } from 'zod';
import { data } from '@remix-run/node';

/** What an action answers when a form does not validate: the messages and what was typed. */
export interface InvalidForm {
  status: 'invalid';
  /** By form field name (`title.lo`, `cast.2.character.en`); an i18n key or the API's words. */
  errors: Record<string, string>;
  /** The submitted values, so the page re-renders with the admin's text, not the stored one. */
  values: Record<string, unknown>;
}

/** The action's answer to a form that did not validate, here or at the API. */
export function invalidForm(
  errors: Record<string, string>,
  values: Record<string, unknown>,
  status = 400,
) {
  return data({ status: 'invalid', errors, values } satisfies InvalidForm, { status });
}

/**
 * Form fields named with dots (`title.lo`, `cast.0.personId`) as a nested object; numeric
 * segments make arrays. Every string is NFC-normalised here, at the edge, so a Lao word typed
 * with decomposed vowels compares and searches like the same word typed precomposed.
 */
export function formToObject(
  formData: FormData,
  arrays: readonly string[] = [],
): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [name, raw] of formData) {
    if (typeof raw !== 'string') continue;
    const value = raw.normalize('NFC');
    if (arrays.includes(name)) {
      const list = (root[name] ??= []) as unknown[];
      list.push(value);
      continue;
    }
    const segments = name.split('.');
    let node: Record<string, unknown> | unknown[] = root;
    segments.forEach((segment, index) => {
      const key = /^\d+$/.test(segment) ? Number(segment) : segment;
      const last = index === segments.length - 1;
      const container = node as Record<string | number, unknown>;
      if (last) {
        container[key] = value;
        return;
      }
      const nextIsIndex = /^\d+$/.test(segments[index + 1] ?? '');
      container[key] ??= nextIsIndex ? [] : {};
      node = container[key] as Record<string, unknown> | unknown[];
    });
  }
  for (const name of arrays) root[name] ??= [];
  return root;
}

/** The first message per field, keyed by the dotted form name. */
function zodFieldErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = issue.path.join('.') || 'form';
    errors[field] ??= issue.message;
  }
  return errors;
}

/** The action's answer to a form its schema refused. */
export const rejectedByZod = (error: z.ZodError, values: Record<string, unknown>) =>
  invalidForm(zodFieldErrors(error), values);

/** Optional text: an empty field is absent. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'validation.tooLong')
    .optional()
    .transform((value) => value ?? '');

/** An empty field is `null` ("not known"), anything else must pass `schema`. */
export const emptyAsNull = <Schema extends z.ZodType>(schema: Schema) =>
  z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? null : value),
    schema.nullable(),
  );

/** English and Lao as a form holds them (empty when absent). */
export interface TextPair {
  en: string;
  lo: string;
}

export const sameText = (form: TextPair, stored: LocalizedText) =>
  form.en === (stored.en ?? '') && form.lo === (stored.lo ?? '');

/**
 * Only the locales that changed. An unchanged Lao text is not sent, so the API does not mark it
 * as edited by an admin (which would keep it through a TMDB re-sync it never went through).
 */
export function changedLocales(form: TextPair, stored: LocalizedText): Partial<TextPair> {
  const changes: Partial<TextPair> = {};
  if (form.en !== (stored.en ?? '')) changes.en = form.en;
  if (form.lo !== (stored.lo ?? '')) changes.lo = form.lo;
  return changes;
}

/** A translated pair where English may be empty (Lao-only texts exist) and Lao is optional. */
export const textPair = (max: number) => z.object({ en: optionalText(max), lo: optionalText(max) });

/** A translated pair whose English text is required. */
export const textPairWithEnglish = (max: number) =>
  z.object({
    en: z.string().trim().min(1, 'validation.englishRequired').max(max, 'validation.tooLong'),
    lo: optionalText(max),
  });
