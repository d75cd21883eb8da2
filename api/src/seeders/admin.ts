import type { SeedAdmin } from '../production-checks.js';
import type { Services } from '../services.js';

/**
 * Makes the configured admin when missing. With none configured (production without
 * ADMIN_EMAIL/ADMIN_PASSWORD) it makes none and says so, rather than a guessable login.
 */
export async function seedAdmin(
  services: Pick<Services, 'db' | 'accounts'>,
  admin: SeedAdmin | undefined,
  log: (message: string) => void,
): Promise<'created' | 'present' | 'none'> {
  if (!admin) {
    log('created no admin: set ADMIN_EMAIL and ADMIN_PASSWORD to have the seed make one');
    return 'none';
  }
  const { created } = await services.accounts.accounts.ensureAdmin(services.db.em.fork(), admin);
  log(created ? `created the admin ${admin.email}` : `admin ${admin.email} already present`);
  return created ? 'created' : 'present';
}
