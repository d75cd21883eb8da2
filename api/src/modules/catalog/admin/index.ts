import type { EntityManager } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import type { TranslationQueueQuerySchema } from '@lanxang/contracts';
import type { Db } from '../../../db.js';
import type { AuditLog } from '../../audit/audit.js';
import type { FileRemoval } from '../../media/cleanup.js';
import type { ImageTarget } from '../../media/images.js';
import { adminDashboard } from './dashboard.js';
import { featuredAdmin } from './featured.js';
import { genreAdmin } from './genres.js';
import { imageAdmin } from './images.js';
import { movieAdmin } from './movies.js';
import { personAdmin } from './people.js';
import { translationQueue } from './translation-queue.js';

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

/** The admin's reads that span the catalog: each a fixed number of queries at any size. */
export function catalogAdminReads(db: Pick<Db, 'sql'>, auditLog: AuditLog) {
  return {
    translationQueue: (query: z.output<typeof TranslationQueueQuerySchema>) =>
      translationQueue(db, query),
    dashboard: () => adminDashboard(db, auditLog),
  };
}

export type CatalogAdminReads = ReturnType<typeof catalogAdminReads>;
