import type { Config } from '../../config.js';
import { accounts } from './accounts.js';
import { anonymousIds } from './anonymous-id.js';
import type { OwnershipRegistry } from './ownership.js';
import { pairing } from './pairing.js';
import { sessionStore, type Clock } from './sessions.js';

/** Sessions, anonymous ids, accounts and pairing, sharing one clock and ownership registry. */
export function accountServices(
  config: Config,
  { clock, ownership }: { clock: Clock; ownership: OwnershipRegistry },
) {
  const sessions = sessionStore(clock);
  const ids = anonymousIds(config.anonymousIdSecret);
  return {
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
