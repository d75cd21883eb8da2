import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { IMAGE_UPLOAD_MAX_BYTES, routes } from '@lanxang/contracts';
import { who } from '../../http/context.js';
import { mount, type RouteMount } from '../../http/route.js';
import type { Services } from '../../services.js';
import { listAudit } from '../audit/audit.js';
import { toAuditEntryDto } from '../audit/audit.presenters.js';
import { imageDto } from './catalog.read.js';
import { adminDashboard } from './admin/dashboard.js';
import { translationQueue } from './admin/translation-queue.js';
import { Image } from './image.entity.js';
import { imageDimensions, storeImageSizes } from '../media/images.js';
import {
  filesOfImage,
  filesOfMovie,
  filesOfPerson,
  deleteWithStoredFiles,
  type StoredFiles,
} from '../media/cleanup.js';
import { receiveUpload } from '../media/upload.js';
import { unprocessable } from '../../http/errors.js';

/** The admin write API under /api/admin: every route requires the admin role. */
export function catalogAdminRoutes(
  http: RouteMount,
  { db, config, catalog, media, logger }: Services,
): void {
  const { reader, admin } = catalog;
  const { storage, images } = media;
  const deletingFiles = (files: Promise<StoredFiles>, remove: () => Promise<void>) =>
    deleteWithStoredFiles({ storage, logger }, files, remove);
  const imageOf = async (id: number) => {
    const image = await db.em.findOneOrFail(Image, id);
    const { id: imageId, kind, width, height, storageKey } = image;
    return imageDto(storage.urlPrefix, {
      id: imageId,
      kind,
      width,
      height,
      key: storageKey,
      locale: image.locale ?? null,
    });
  };
  const movie = (id: number) => reader.getMovie(id, undefined, { includeDrafts: true });

  mount(http, routes.adminListMovies, ({ query }) => reader.adminListMovies(query));
  mount(http, routes.adminGetMovie, ({ params }) => movie(params.id));
  mount(http, routes.adminCreateMovie, async ({ body, ctx }) =>
    movie(await admin.createMovie(body, who(ctx))),
  );
  mount(http, routes.adminUpdateMovie, async ({ params, body, ctx }) => {
    await admin.updateMovie(params.id, body, who(ctx));
    return movie(params.id);
  });
  mount(http, routes.adminSaveMovie, async ({ params, body, ctx }) => {
    await admin.saveMovieWithCredits(params.id, body, who(ctx));
    return movie(params.id);
  });
  mount(http, routes.adminPublishMovie, async ({ params, ctx }) => {
    await admin.setMovieStatus(params.id, 'published', who(ctx));
    return movie(params.id);
  });
  mount(http, routes.adminUnpublishMovie, async ({ params, ctx }) => {
    await admin.setMovieStatus(params.id, 'draft', who(ctx));
    return movie(params.id);
  });
  mount(http, routes.adminDeleteMovie, ({ params, ctx }) =>
    deletingFiles(filesOfMovie(db.em, params.id), () => admin.deleteMovie(params.id, who(ctx))),
  );
  mount(http, routes.adminSetCast, async ({ params, body, ctx }) => {
    await admin.setCast(params.id, body, who(ctx));
    return movie(params.id);
  });
  mount(http, routes.adminSetCrew, async ({ params, body, ctx }) => {
    await admin.setCrew(params.id, body, who(ctx));
    return movie(params.id);
  });
  mount(http, routes.adminDeleteImage, ({ params, ctx }) =>
    deletingFiles(filesOfImage(db.em, params.id), () => admin.deleteImage(params.id, who(ctx))),
  );

  mount(http, routes.adminUploadImage, async ({ query, ctx }) => {
    const upload = await receiveUpload(ctx.req, {
      dir: path.join(config.media.workDir, 'uploads'),
      maxBytes: IMAGE_UPLOAD_MAX_BYTES,
    });
    const storageKey = `images/uploads/${randomUUID()}`;
    try {
      await imageDimensions(upload.file).catch(() => {
        throw unprocessable(
          'The file is not a picture: upload a JPEG, PNG or WebP.',
          'not_an_image',
        );
      });
      const size = await storeImageSizes(images, upload.file, query.kind, storageKey);
      const id = await admin.addImage(
        { movieId: query.movieId, personId: query.personId },
        { kind: query.kind, locale: query.locale ?? null, storageKey, ...size },
        who(ctx),
      );
      return imageOf(id);
    } catch (error) {
      await storage.deletePrefix(storageKey);
      throw error;
    } finally {
      await rm(upload.file, { force: true });
    }
  });
  mount(http, routes.adminUpdateImage, async ({ params, body, ctx }) => {
    await admin.updateImage(params.id, body, who(ctx));
    return imageOf(params.id);
  });

  mount(http, routes.adminCreatePerson, async ({ body, ctx }) =>
    reader.getPerson(await admin.createPerson(body, who(ctx)), undefined),
  );
  mount(http, routes.adminUpdatePerson, async ({ params, body, ctx }) => {
    await admin.updatePerson(params.id, body, who(ctx));
    return reader.getPerson(params.id, undefined);
  });
  mount(http, routes.adminDeletePerson, ({ params, ctx }) =>
    deletingFiles(filesOfPerson(db.em, params.id), () => admin.deletePerson(params.id, who(ctx))),
  );

  const genre = async (id: number) =>
    (await reader.listGenres(undefined)).items.find((item) => item.id === id)!;
  mount(http, routes.adminCreateGenre, async ({ body, ctx }) =>
    genre(await admin.createGenre(body, who(ctx))),
  );
  mount(http, routes.adminUpdateGenre, async ({ params, body, ctx }) => {
    await admin.updateGenre(params.id, body, who(ctx));
    return genre(params.id);
  });
  mount(http, routes.adminDeleteGenre, ({ params, ctx }) => admin.deleteGenre(params.id, who(ctx)));

  mount(http, routes.adminGetFeatured, async () => ({
    items: await admin.listFeatured(),
  }));
  mount(http, routes.adminSetFeatured, async ({ body, ctx }) => ({
    items: await admin.setFeatured(body, who(ctx)),
  }));

  mount(http, routes.adminTranslationQueue, ({ query }) => translationQueue(db, query));
  mount(http, routes.adminDashboard, () => adminDashboard(db));

  mount(http, routes.adminAudit, async ({ query }) => ({
    items: (await listAudit(db.em, query)).map(toAuditEntryDto),
  }));
}
