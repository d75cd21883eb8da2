import type { ResponseOf, RouteName } from '@lanxang/contracts';
import { apiFor, type CallInput } from './api.server';

/**
 * Any admin route of the contract, called on behalf of the browser request: the admin's session
 * cookie travels unchanged and the API checks it. Failures reject with an `ApiError`.
 */
export function adminCall<Name extends RouteName>(
  request: Request,
  name: Name,
  input: CallInput<Name> = {},
): Promise<ResponseOf<Name>> {
  return apiFor(request).call(name, input);
}
