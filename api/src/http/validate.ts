import type { FieldIssue } from '@lanxang/contracts';
import type { ZodError, ZodType, z } from 'zod';
import { validationFailed } from './errors.js';

export function issuesFrom(error: ZodError, where: 'params' | 'query' | 'body'): FieldIssue[] {
  return error.issues.map((issue) => ({
    field: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
    code: issue.code,
  }));
}

/** Parses one part of a request, or throws a 400 naming every field that is wrong. */
export function parseInput<Schema extends ZodType>(
  schema: Schema,
  value: unknown,
  where: 'params' | 'query' | 'body',
): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationFailed(issuesFrom(result.error, where));
  return result.data;
}
