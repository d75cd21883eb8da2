import type { EntityManager } from '@mikro-orm/postgresql';
import type { MigrationCounts } from '@lanxang/contracts';

/**
 * Moves what one anonymous viewer owns to an account and answers how many records it moved.
 * It runs inside the transaction of the pairing (or of `POST /api/users/migrate`), on `em`, so
 * every module's move lands or none does. A module whose records can clash keeps its own rule:
 * watch progress keeps, per film, the most recently updated of the two rows.
 */
export type MigrateOwner = (
  em: EntityManager,
  move: { anonymousViewerId: string; userId: number },
) => Promise<number>;

/**
 * Where the modules that keep per-viewer data (rentals, watch progress) plug in. Each registers
 * once at startup (`ownership.register('rentals', ...)` in `src/services.ts`); accounts call
 * `migrate` when an anonymous viewer becomes an account.
 */
export class OwnershipRegistry {
  readonly #migrators = new Map<string, MigrateOwner>();

  register(module: string, migrate: MigrateOwner): void {
    if (this.#migrators.has(module))
      throw new Error(`"${module}" already registered an owner migration`);
    this.#migrators.set(module, migrate);
  }

  /** Zero for every module: what a pairing without an anonymous viewer moved. */
  nothingMoved(): MigrationCounts {
    return Object.fromEntries([...this.#migrators.keys()].map((module) => [module, 0]));
  }

  /** Runs every registered migration, in registration order, inside one transaction. */
  async migrate(
    em: EntityManager,
    move: { anonymousViewerId: string; userId: number },
  ): Promise<MigrationCounts> {
    return em.transactional(async (tx) => {
      const counts: MigrationCounts = {};
      for (const [module, migrate] of this.#migrators) counts[module] = await migrate(tx, move);
      return counts;
    });
  }
}
