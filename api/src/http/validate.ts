import type { FieldIssue } from '@lanxang/contracts';
import type { ZodError, ZodType, z } from 'zod';
import { validationFailed } from './errors.js';

type Where = 'params' | 'query' | 'body';

export function issuesFrom(error: ZodError, where: Where): FieldIssue[] {
  return error.issues.map((issue) => ({
    field: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
    code: issue.code,
  }));
}

/**
 * Every string in `value` holding a NUL character. PostgreSQL refuses 0x00 in text, so such input
 * would otherwise reach the database and fail there as a 500. Walked with a stack of its own, so
 * deeply nested JSON cannot overflow the call stack.
 */
function nulIssues(value: unknown, where: Where): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const pending: { value: unknown; path: string[] }[] = [{ value, path: [where] }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value: current, path } = next;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) {
        issues.push({
          field: path.join('.'),
          message: 'must not contain a NUL character',
          code: 'invalid_text',
        });
      }
    } else if (current !== null && typeof current === 'object') {
      for (const [key, item] of Object.entries(current)) {
        pending.push({ value: key, path });
        pending.push({ value: item, path: [...path, key] });
      }
    }
  }
  return issues;
}

/**
 * Whether any string or key in `value` holds a NUL: the common answer, no, found without building
 * a path per value (an analytics batch has hundreds); `nulIssues` names the fields when yes.
 */
function hasNul(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const current = pending.pop();
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return true;
    } else if (current !== null && typeof current === 'object') {
      for (const key in current) {
        if (!Object.hasOwn(current, key)) continue;
        if (key.includes('\u0000')) return true;
        pending.push((current as Record<string, unknown>)[key]);
      }
    }
  }
  return false;
}

/** Parses one part of a request, or throws a 400 naming every field that is wrong. */
export function parseInput<Schema extends ZodType>(
  schema: Schema,
  value: unknown,
  where: Where,
): z.infer<Schema> {
  if (hasNul(value)) throw validationFailed(nulIssues(value, where));
  const result = schema.safeParse(value);
  if (!result.success) throw validationFailed(issuesFrom(result.error, where));
  return result.data;
}
