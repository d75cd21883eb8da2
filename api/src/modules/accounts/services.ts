import type { Config } from '../../config.js';
import { accounts } from './accounts.js';
import { anonymousIds } from './anonymous-id.js';
import { OwnershipRegistry } from './ownership.js';
import { pairing } from './pairing.js';
import { sessionStore, type Clock } from './sessions.js';

/** Everything accounts need, built once per app; tests pass their own clock and registry. */
export function accountServices(
  config: Config,
  options: { clock?: Clock | undefined; ownership?: OwnershipRegistry | undefined } = {},
) {
  const clock = options.clock ?? (() => new Date());
  const ownership = options.ownership ?? new OwnershipRegistry();
  const sessions = sessionStore(clock);
  const ids = anonymousIds(config.anonymousIdSecret);
  return {
    clock,
    ownership,
    sessions,
    anonymousIds: ids,
    accounts: accounts(clock),
    pairing: pairing({
      clock,
      sessions,
      anonymousIds: ids,
      ownership,
      verificationUri: `${config.publicWebUrl}/activate`,
    }),
  };
}
export type AccountServices = ReturnType<typeof accountServices>;
