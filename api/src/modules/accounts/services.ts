import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../../config.js';
import { unauthorized } from '../../http/errors.js';
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
    anonymousViewers: {
      /** A new anonymous viewer id, or a renewal of `current` (refused when forged or expired). */
      renew(current: string | undefined) {
        const now = clock();
        const viewerId = current ? ids.verify(current, now) : undefined;
        if (current && !viewerId)
          throw unauthorized(
            'The anonymous viewer id is forged or expired; ask for a new one without it.',
          );
        return ids.issue(now, viewerId);
      },
      /** Moves what the anonymous viewer owns to the account; counts per module. */
      async migrate(em: EntityManager, anonymousId: string, userId: number) {
        const anonymousViewerId = ids.verify(anonymousId, clock());
        if (!anonymousViewerId) throw unauthorized('The anonymous viewer id is forged or expired.');
        return ownership.migrate(em, { anonymousViewerId, userId });
      },
    },
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
