import path from 'node:path';
import { IMAGE_UPLOAD_MAX_BYTES, routes } from '@lanxang/contracts';
import { who } from '../../http/context.js';
import { mount, type RouteMount } from '../../http/route.js';
import type { Services } from '../../services.js';
import { toAuditEntryDto } from '../audit/audit.presenters.js';
import { receiveUpload } from '../media/upload.js';

/** The admin write API under /api/admin: every route requires the admin role. */
export function catalogAdminRoutes(http: RouteMount, { config, catalog, audit }: Services): void {
  const { reader, admin, adminReads } = catalog;
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
  mount(http, routes.adminDeleteMovie, ({ params, ctx }) => admin.deleteMovie(params.id, who(ctx)));
  mount(http, routes.adminSetCast, async ({ params, body, ctx }) => {
    await admin.setCast(params.id, body, who(ctx));
    return movie(params.id);
  });
  mount(http, routes.adminSetCrew, async ({ params, body, ctx }) => {
    await admin.setCrew(params.id, body, who(ctx));
    return movie(params.id);
  });
  mount(http, routes.adminDeleteImage, ({ params, ctx }) => admin.deleteImage(params.id, who(ctx)));

  mount(http, routes.adminUploadImage, async ({ query, ctx }) => {
    const upload = await receiveUpload(ctx.req, {
      dir: path.join(config.media.workDir, 'uploads'),
      maxBytes: IMAGE_UPLOAD_MAX_BYTES,
    });
    return reader.getImage(await admin.uploadImage(upload, query, who(ctx)));
  });
  mount(http, routes.adminUpdateImage, async ({ params, body, ctx }) => {
    await admin.updateImage(params.id, body, who(ctx));
    return reader.getImage(params.id);
  });

  mount(http, routes.adminCreatePerson, async ({ body, ctx }) =>
    reader.getPerson(await admin.createPerson(body, who(ctx)), undefined),
  );
  mount(http, routes.adminUpdatePerson, async ({ params, body, ctx }) => {
    await admin.updatePerson(params.id, body, who(ctx));
    return reader.getPerson(params.id, undefined);
  });
  mount(http, routes.adminDeletePerson, ({ params, ctx }) =>
    admin.deletePerson(params.id, who(ctx)),
  );

  mount(http, routes.adminCreateGenre, async ({ body, ctx }) =>
    reader.getGenre(await admin.createGenre(body, who(ctx))),
  );
  mount(http, routes.adminUpdateGenre, async ({ params, body, ctx }) => {
    await admin.updateGenre(params.id, body, who(ctx));
    return reader.getGenre(params.id);
  });
  mount(http, routes.adminDeleteGenre, ({ params, ctx }) => admin.deleteGenre(params.id, who(ctx)));

  mount(http, routes.adminGetFeatured, async () => ({
    items: await admin.listFeatured(),
  }));
  mount(http, routes.adminSetFeatured, async ({ body, ctx }) => ({
    items: await admin.setFeatured(body, who(ctx)),
  }));

  mount(http, routes.adminTranslationQueue, ({ query }) => adminReads.translationQueue(query));
  mount(http, routes.adminDashboard, () => adminReads.dashboard());

  mount(http, routes.adminAudit, async ({ query }) => ({
    items: (await audit.list(query)).map(toAuditEntryDto),
  }));
}
