import { AuditEntry } from '../audit/audit.entity.js';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { IMAGE_UPLOAD_MAX_BYTES, routes } from '@lanxang/contracts';
import type { AppDeps } from '../../app.js';
import type { AppContext, AppRouter } from '../../http/context.js';
import { mount, type MountOptions } from '../../http/route.js';
import type { WriteContext } from '../audit/audited.js';
import { catalogAdmin } from './admin/index.js';
import { catalogReader, imageDto } from './catalog.read.js';
import { Image } from './image.entity.js';
import { imageDimensions, writeImageSizes } from '../media/images.js';
import { receiveUpload } from '../media/upload.js';
import { HttpError } from '../../http/errors.js';

/** The admin write API under /api/admin: every route requires the admin role. */
export function catalogAdminRoutes(
  router: AppRouter,
  options: MountOptions,
  { db, config }: AppDeps,
): void {
  const reader = catalogReader(db, config.publicApiUrl);
  const admin = catalogAdmin(db.em);
  const who = (ctx: AppContext): WriteContext => ({
    actor: ctx.state.caller.kind === 'admin' ? ctx.state.caller.actor : 'unknown',
    requestId: ctx.state.requestId,
  });
  const imageOf = async (id: number) => {
    const image = await db.em.findOneOrFail(Image, id);
    const { id: imageId, kind, width, height, storageKey } = image;
    return imageDto(config.publicApiUrl, {
      id: imageId,
      kind,
      width,
      height,
      key: storageKey,
      locale: image.locale ?? null,
    });
  };
  const movie = (id: number) => reader.getMovie(id, undefined, { includeDrafts: true });

  mount(router, options, routes.adminListMovies, ({ query }) => reader.adminListMovies(query));
  mount(router, options, routes.adminGetMovie, ({ params }) => movie(params.id));
  mount(router, options, routes.adminCreateMovie, async ({ body, ctx }) =>
    movie(await admin.createMovie(body, who(ctx))),
  );
  mount(router, options, routes.adminUpdateMovie, async ({ params, body, ctx }) => {
    await admin.updateMovie(params.id, body, who(ctx));
    return movie(params.id);
  });
  mount(router, options, routes.adminPublishMovie, async ({ params, ctx }) => {
    await admin.setMovieStatus(params.id, 'published', who(ctx));
    return movie(params.id);
  });
  mount(router, options, routes.adminUnpublishMovie, async ({ params, ctx }) => {
    await admin.setMovieStatus(params.id, 'draft', who(ctx));
    return movie(params.id);
  });
  mount(router, options, routes.adminDeleteMovie, ({ params, ctx }) =>
    admin.deleteMovie(params.id, who(ctx)),
  );
  mount(router, options, routes.adminSetCast, async ({ params, body, ctx }) => {
    await admin.setCast(params.id, body, who(ctx));
    return movie(params.id);
  });
  mount(router, options, routes.adminSetCrew, async ({ params, body, ctx }) => {
    await admin.setCrew(params.id, body, who(ctx));
    return movie(params.id);
  });
  mount(router, options, routes.adminDeleteImage, ({ params, ctx }) =>
    admin.deleteImage(params.id, who(ctx)),
  );

  mount(router, options, routes.adminUploadImage, async ({ query, ctx }) => {
    const upload = await receiveUpload(ctx.req, {
      dir: path.join(config.media.workDir, 'uploads'),
      maxBytes: IMAGE_UPLOAD_MAX_BYTES,
    });
    const storageKey = `images/uploads/${randomUUID()}`;
    try {
      await imageDimensions(upload.file).catch(() => {
        throw new HttpError(
          422,
          'not_an_image',
          'The file is not a picture: upload a JPEG, PNG or WebP.',
        );
      });
      const size = await writeImageSizes(
        upload.file,
        query.kind,
        path.join(config.mediaDir, storageKey),
      );
      const id = await admin.addImage(
        { movieId: query.movieId, personId: query.personId },
        { kind: query.kind, locale: query.locale ?? null, storageKey, ...size },
        who(ctx),
      );
      return imageOf(id);
    } catch (error) {
      await rm(path.join(config.mediaDir, storageKey), { recursive: true, force: true });
      throw error;
    } finally {
      await rm(upload.file, { force: true });
    }
  });
  mount(router, options, routes.adminUpdateImage, async ({ params, body, ctx }) => {
    await admin.updateImage(params.id, body, who(ctx));
    return imageOf(params.id);
  });

  mount(router, options, routes.adminCreatePerson, async ({ body, ctx }) =>
    reader.getPerson(await admin.createPerson(body, who(ctx)), undefined),
  );
  mount(router, options, routes.adminUpdatePerson, async ({ params, body, ctx }) => {
    await admin.updatePerson(params.id, body, who(ctx));
    return reader.getPerson(params.id, undefined);
  });
  mount(router, options, routes.adminDeletePerson, ({ params, ctx }) =>
    admin.deletePerson(params.id, who(ctx)),
  );

  const genre = async (id: number) =>
    (await reader.listGenres(undefined)).items.find((item) => item.id === id)!;
  mount(router, options, routes.adminCreateGenre, async ({ body, ctx }) =>
    genre(await admin.createGenre(body, who(ctx))),
  );
  mount(router, options, routes.adminUpdateGenre, async ({ params, body, ctx }) => {
    await admin.updateGenre(params.id, body, who(ctx));
    return genre(params.id);
  });
  mount(router, options, routes.adminDeleteGenre, ({ params, ctx }) =>
    admin.deleteGenre(params.id, who(ctx)),
  );

  mount(router, options, routes.adminGetFeatured, async () => ({
    items: await admin.listFeatured(),
  }));
  mount(router, options, routes.adminSetFeatured, async ({ body, ctx }) => ({
    items: await admin.setFeatured(body, who(ctx)),
  }));

  mount(router, options, routes.adminAudit, async ({ query }) => {
    const entries = await db.em.find(
      AuditEntry,
      {
        ...(query.entityType && { entityType: query.entityType }),
        ...(query.entityId && { entityId: query.entityId }),
      },
      { orderBy: { id: 'desc' }, limit: query.limit },
    );
    return {
      items: entries.map((entry) => ({
        id: entry.id,
        actor: entry.actor,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId,
        before: entry.before ?? null,
        after: entry.after ?? null,
        createdAt: entry.createdAt.toISOString(),
      })),
    };
  });
}
