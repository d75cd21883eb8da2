import type { EntityManager } from '@mikro-orm/postgresql';
import { featuredAdmin } from './featured.js';
import { genreAdmin } from './genres.js';
import { imageAdmin } from './images.js';
import { movieAdmin } from './movies.js';
import { personAdmin } from './people.js';

/** The admin's writes to the catalog, one file per record. Each runs in one audited transaction. */
export function catalogAdmin(em: EntityManager) {
  return {
    ...movieAdmin(em),
    ...imageAdmin(em),
    ...personAdmin(em),
    ...genreAdmin(em),
    ...featuredAdmin(em),
  };
}

export type CatalogAdmin = ReturnType<typeof catalogAdmin>;
