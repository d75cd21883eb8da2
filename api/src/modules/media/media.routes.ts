import path from 'node:path';
import type { IncomingMessage } from 'node:http';
import { SUBTITLE_MAX_BYTES, routes } from '@lanxang/contracts';
import type { AppContext } from '../../http/context.js';
import { payloadTooLarge } from '../../http/errors.js';
import { mount, type RouteMount } from '../../http/route.js';
import { streamedBody } from '../../http/timeouts.js';
import type { Services } from '../../services.js';
import { toExternalSourceDto, toJobDto, toPlaybackDto, toSubtitleDto } from './media.presenters.js';
import { downloadOffers } from './downloads.js';
import { playbackAccess } from './playback-access.js';
import { receiveUpload } from './upload.js';

/** Playback for viewers; uploads, subtitles and jobs for admins. */
export function mediaRoutes(http: RouteMount, { config, media, db, clock }: Services): void {
  const { library } = media;
  const access = playbackAccess(db.em, {
    entitlements: media.entitlements,
    tokens: media.tokens,
    clock,
    publicApiUrl: config.publicApiUrl,
  });

  mount(http, routes.playback, async ({ params, ctx }) =>
    toPlaybackDto(await access.grant(ctx.state.caller, params.idOrSlug)),
  );

  mount(http, routes.playbackToken, async ({ params, ctx }) => {
    const grant = await access.grant(ctx.state.caller, params.idOrSlug, true);
    return {
      token: grant.token,
      tokenExpiresAt: grant.expiresAt.toISOString(),
      rentalEndsAt: grant.rentalEndsAt?.toISOString() ?? null,
    };
  });

  const downloads = downloadOffers({
    access,
    storage: media.storage,
    clock,
    secret: config.media.tokenSecret,
  });
  mount(http, routes.downloadOffer, async ({ params, ctx }) =>
    downloads.offer(ctx.state.caller, params.idOrSlug),
  );

  mount(http, routes.adminUploadVideo, async ({ params, ctx }) => {
    streamedBody(ctx);
    const movie = await library.film(params.id);
    const upload = await receiveUpload(ctx.req, {
      dir: path.join(config.media.workDir, 'uploads'),
      maxBytes: config.media.uploadMaxBytes,
    });
    const job = await library.queueUpload(movie, upload);
    ctx.state.log.info(
      { mediaJobId: job.id, movieId: movie.id, bytes: upload.bytes },
      'video uploaded; transcode queued',
    );
    return toJobDto(job);
  });

  mount(http, routes.adminSetVideoUrl, async ({ params, body }) =>
    toExternalSourceDto(await library.setVideoUrl(await library.film(params.id), body), body.url),
  );

  mount(http, routes.adminPutSubtitles, async ({ params, ctx }) => {
    const movie = await library.film(params.id);
    const track = await library.putSubtitles(
      movie,
      params.locale,
      await readBody(ctx, SUBTITLE_MAX_BYTES),
    );
    return toSubtitleDto(access.adminUrls(ctx.state.caller, [`subtitles/${movie.id}/`]), track);
  });

  mount(http, routes.adminDeleteSubtitles, async ({ params }) =>
    library.deleteSubtitles(await library.film(params.id), params.locale),
  );

  mount(http, routes.adminListJobs, async ({ query }) => ({
    items: (await library.listJobs(query)).map(toJobDto),
  }));
  mount(http, routes.adminGetJob, async ({ params }) => toJobDto(await library.getJob(params.id)));
  mount(http, routes.adminCancelJob, async ({ params }) =>
    toJobDto(await library.cancelJob(params.id)),
  );
}

async function readBody(ctx: AppContext, maxBytes: number): Promise<Buffer> {
  const request: IncomingMessage = ctx.req;
  if (Number(request.headers['content-length']) > maxBytes) throw subtitlesTooLarge(maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw subtitlesTooLarge(maxBytes);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const subtitlesTooLarge = (maxBytes: number) =>
  payloadTooLarge(`A subtitle file may be at most ${Math.round(maxBytes / 1024 / 1024)} MiB.`);
