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

/** Parses one part of a request, or throws a 400 naming every field that is wrong. */
export function parseInput<Schema extends ZodType>(
  schema: Schema,
  value: unknown,
  where: Where,
): z.infer<Schema> {
  const refused = nulIssues(value, where);
  if (refused.length > 0) throw validationFailed(refused);
  const result = schema.safeParse(value);
  if (!result.success) throw validationFailed(issuesFrom(result.error, where));
  return result.data;
}
