import type { EntityManager } from '@mikro-orm/postgresql';
import type { FileRemoval } from '../../media/cleanup.js';
import type { ImageTarget } from '../../media/images.js';
import { featuredAdmin } from './featured.js';
import { genreAdmin } from './genres.js';
import { imageAdmin } from './images.js';
import { movieAdmin } from './movies.js';
import { personAdmin } from './people.js';

/**
 * The admin's writes to the catalog, one file per record. Each runs in one audited transaction;
 * deleting a film, an image or a person removes their files through `files` once it commits.
 */
export function catalogAdmin(em: EntityManager, files: FileRemoval & { images: ImageTarget }) {
  return {
    ...movieAdmin(em, files),
    ...imageAdmin(em, files),
    ...personAdmin(em, files),
    ...genreAdmin(em),
    ...featuredAdmin(em),
  };
}

export type CatalogAdmin = ReturnType<typeof catalogAdmin>;
