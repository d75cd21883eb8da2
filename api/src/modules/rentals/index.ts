import type { EntityManager } from '@mikro-orm/postgresql';
import type { JobRunner } from '../../jobs.js';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { Clock } from '../accounts/sessions.js';
import type { OwnershipRegistry } from '../accounts/ownership.js';
import { payments, type Payments } from './payments.js';
import type { Entitlements } from '../media/entitlements.js';
import { rentalEntitlements } from './entitlements.js';
import { laoQrProvider } from './providers/laoqr.js';
import { freeProvider, manualProvider } from './providers/offline.js';
import { reconciler, type Reconciler } from './reconcile-job.js';
import { rentalsAdmin, type RentalsAdmin } from './rentals.admin.js';
import { registerRentalOwnership } from './rentals.js';

export interface RentalServices {
  payments: Payments;
  admin: RentalsAdmin;
  /** The scheduled reconciliation (pg-boss); started by the worker, or the API with MEDIA_WORKER. */
  reconciler: Reconciler;
  /** What playback asks before handing out URLs (the media module's seam). */
  entitlements: Entitlements;
}

/** Builds payments, their providers and the admin side, and registers the ownership moves. */
export function rentalServices(
  config: Config,
  deps: {
    em: EntityManager;
    clock: Clock;
    logger: Logger;
    ownership: OwnershipRegistry;
    jobs: JobRunner;
  },
): RentalServices {
  const built = payments({
    config: config.rentals,
    providers: {
      laoqr: laoQrProvider(config.rentals.laoqr),
      manual: manualProvider(),
      free: freeProvider(),
    },
    clock: deps.clock,
    logger: deps.logger.child({ module: 'payments' }),
  });
  registerRentalOwnership(deps.ownership);
  return {
    payments: built,
    admin: rentalsAdmin(deps.em, {
      payments: built,
      clock: deps.clock,
      publicWebUrl: config.publicWebUrl,
    }),
    reconciler: reconciler({
      jobs: deps.jobs,
      em: deps.em,
      payments: built,
      logger: deps.logger,
    }),
    entitlements: rentalEntitlements(built),
  };
}
