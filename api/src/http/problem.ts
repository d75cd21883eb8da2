import { STATUS_CODES } from 'node:http';
import type { Problem } from '@lanxang/contracts';
import type { HttpError } from './errors.js';

export function toProblem(error: HttpError, instance: string, requestId: string): Problem {
  return {
    type: `https://lanxang.la/problems/${error.code.replaceAll('_', '-')}`,
    title: STATUS_CODES[error.status] ?? 'Error',
    status: error.status,
    code: error.code,
    detail: error.message,
    instance,
    requestId,
    ...(error.errors?.length ? { errors: error.errors } : {}),
    ...(error.conflicts?.length ? { conflicts: error.conflicts } : {}),
    ...(error.price ? { price: error.price } : {}),
  };
}
