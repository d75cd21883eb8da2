import type { z } from 'zod';
import {
  TmdbConfigurationSchema,
  TmdbErrorBodySchema,
  TmdbMovieSchema,
  TmdbPersonSchema,
  TmdbSearchMovieSchema,
  type TmdbConfiguration,
} from './tmdb.schemas.js';

export const TMDB_ERROR_CODES = [
  'unauthorized',
  'not_found',
  'rate_limited',
  'unavailable',
  'bad_request',
  'invalid_response',
] as const;
export type TmdbErrorCode = (typeof TMDB_ERROR_CODES)[number];

/** A failed TMDB call, classified so callers never look at HTTP statuses or messages. */
export class TmdbError extends Error {
  override readonly name = 'TmdbError';

  constructor(
    readonly code: TmdbErrorCode,
    message: string,
    readonly details: {
      status?: number;
      tmdbStatusCode?: number;
      retryAfterSeconds?: number;
      cause?: unknown;
    } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
  }
}

export interface TmdbClientOptions {
  /** A v3 API key (sent as `api_key`) or a v4 API Read Access Token (sent as a bearer token). */
  apiKey: string;
  /** `https://api.themoviedb.org/3` in production; the fake's URL in tests and the demo. */
  baseUrl: string;
  timeoutMs?: number;
  /** Retries after a 429, a 5xx or a network failure; the first attempt is not counted. */
  maxRetries?: number;
  /** A 429 asking us to wait longer than this fails at once instead of blocking an import. */
  maxRetryAfterSeconds?: number;
  /** Injected by tests that check the waits without waiting. */
  sleep?: (ms: number) => Promise<void>;
}

/** What `append_to_response` asks for: everything an import needs, in one call. */
export const MOVIE_APPEND = [
  'credits',
  'images',
  'videos',
  'translations',
  'release_dates',
] as const;
/**
 * Image languages to receive: the two the product speaks, and `null` (textless art). TMDB's
 * `language` would otherwise filter images down to English only.
 */
export const IMAGE_LANGUAGES = ['en', 'lo', 'null'] as const;
const CONFIGURATION_TTL_MS = 24 * 60 * 60 * 1000;
const MAX_IMAGE_BYTES = 25 * 1024 * 1024;
// TMDB's image paths are one name of letters and digits (`/kqjL17yufvn9OVLyXYpvtyrFfak.jpg`).
// Anything else (`/..`, sub-folders, a query) would be built into our URLs and storage keys.
const IMAGE_PATH = /^\/[A-Za-z0-9]+\.(jpg|png|svg|webp)$/;

/** `filePath` if it has the shape of a TMDB image path; otherwise an `invalid_response`. */
export function checkImagePath(filePath: string): string {
  if (!IMAGE_PATH.test(filePath)) {
    throw new TmdbError(
      'invalid_response',
      `TMDB sent an image path we do not accept: ${JSON.stringify(filePath.slice(0, 100))}`,
    );
  }
  return filePath;
}

/** A v4 read token is a JWT (three dot-separated parts); a v3 key is 32 hex characters. */
export const isReadToken = (credential: string) => credential.split('.').length === 3;

/** Typed, zod-checked access to the TMDB v3 endpoints the importer uses. */
export function createTmdbClient(options: TmdbClientOptions) {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxRetries = options.maxRetries ?? 3;
  const maxRetryAfterSeconds = options.maxRetryAfterSeconds ?? 30;
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const bearer = isReadToken(options.apiKey);
  let configuration: { value: Promise<TmdbConfiguration>; fetchedAt: number } | undefined;

  /** One request with TMDB's retry rules: honour 429's Retry-After, back off on 5xx, give up after `maxRetries`. */
  async function send(url: URL, headers: Record<string, string>, what: string): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(url, {
          headers,
          signal: AbortSignal.timeout(timeoutMs),
          redirect: 'follow',
        });
      } catch (cause) {
        const timedOut =
          cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError');
        if (attempt < maxRetries) {
          await sleep(backoffMs(attempt));
          continue;
        }
        throw new TmdbError(
          'unavailable',
          timedOut
            ? `TMDB did not answer ${what} within ${timeoutMs / 1000} s.`
            : `TMDB could not be reached for ${what}.`,
          { cause },
        );
      }
      if (response.ok) return response;

      const body = TmdbErrorBodySchema.safeParse(await response.json().catch(() => ({})));
      const tmdbStatusCode = body.success ? body.data.status_code : undefined;
      const tmdbMessage = body.success
        ? (body.data.status_message ?? body.data.errors?.join('; '))
        : undefined;
      const status = response.status;
      if (status === 429) {
        const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'));
        if (attempt < maxRetries && retryAfterSeconds <= maxRetryAfterSeconds) {
          await sleep(retryAfterSeconds * 1000);
          continue;
        }
        throw new TmdbError(
          'rate_limited',
          `TMDB is rate limiting us (${what}); try again in ${retryAfterSeconds} s.`,
          {
            status,
            tmdbStatusCode,
            retryAfterSeconds,
          },
        );
      }
      if (status >= 500 && attempt < maxRetries) {
        await sleep(backoffMs(attempt));
        continue;
      }
      const detail = tmdbMessage ? ` (${tmdbMessage})` : '';
      if (status === 401) {
        throw new TmdbError(
          'unauthorized',
          `TMDB refused our API key${detail}. Check TMDB_API_KEY.`,
          { status, tmdbStatusCode },
        );
      }
      if (status === 404)
        throw new TmdbError('not_found', `TMDB has no ${what}.`, { status, tmdbStatusCode });
      if (status >= 500)
        throw new TmdbError(
          'unavailable',
          `TMDB failed to answer ${what} (HTTP ${status})${detail}.`,
          { status, tmdbStatusCode },
        );
      throw new TmdbError('bad_request', `TMDB refused the request for ${what}${detail}.`, {
        status,
        tmdbStatusCode,
      });
    }
  }

  async function getJson<Schema extends z.ZodType>(
    path: string,
    query: Record<string, string | number | undefined>,
    schema: Schema,
    what: string,
  ): Promise<z.output<Schema>> {
    const url = new URL(`${baseUrl}${path}`);
    for (const [name, value] of Object.entries(query))
      if (value !== undefined) url.searchParams.set(name, String(value));
    const headers: Record<string, string> = { accept: 'application/json' };
    if (bearer) headers.authorization = `Bearer ${options.apiKey}`;
    else url.searchParams.set('api_key', options.apiKey);
    const response = await send(url, headers, what);
    const parsed = schema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) {
      throw new TmdbError(
        'invalid_response',
        `TMDB answered ${what} in a shape we do not understand: ${parsed.error.issues[0]?.message ?? ''}`,
        {
          cause: parsed.error,
        },
      );
    }
    return parsed.data;
  }

  /** Image base URL and sizes; TMDB asks clients to cache it, so it is fetched once a day. */
  function getConfiguration(): Promise<TmdbConfiguration> {
    if (!configuration || Date.now() - configuration.fetchedAt > CONFIGURATION_TTL_MS) {
      const value = getJson('/configuration', {}, TmdbConfigurationSchema, 'its configuration');
      configuration = { value, fetchedAt: Date.now() };
      // A failed fetch is not cached: the next call tries again.
      value.catch(() => (configuration = undefined));
    }
    return configuration.value;
  }

  return {
    configuration: getConfiguration,

    searchMovies(input: { query: string; year?: number | undefined; page?: number | undefined }) {
      return getJson(
        '/search/movie',
        {
          query: input.query,
          year: input.year,
          page: input.page ?? 1,
          include_adult: 'false',
          language: 'en-US',
        },
        TmdbSearchMovieSchema,
        `a search for “${input.query}”`,
      );
    },

    /** Everything about one film in a single call (see MOVIE_APPEND). */
    movie(tmdbId: number) {
      return getJson(
        `/movie/${tmdbId}`,
        {
          append_to_response: MOVIE_APPEND.join(','),
          language: 'en-US',
          include_image_language: IMAGE_LANGUAGES.join(','),
        },
        TmdbMovieSchema,
        `film ${tmdbId}`,
      );
    },

    person(tmdbId: number) {
      return getJson(
        `/person/${tmdbId}`,
        { language: 'en-US' },
        TmdbPersonSchema,
        `person ${tmdbId}`,
      );
    },

    /** `<secure_base_url><size><file_path>`, as TMDB builds image URLs. */
    async imageUrl(filePath: string, size: string): Promise<string> {
      const config = await getConfiguration();
      return `${config.images.secure_base_url.replace(/\/?$/, '/')}${size}${checkImagePath(filePath)}`;
    },

    /**
     * The bytes of one image from TMDB's image server (no credentials: the CDN is public). Counted
     * as they arrive: an image past the cap is abandoned there, never held whole in memory.
     */
    async download(url: string): Promise<Buffer> {
      const response = await send(new URL(url), {}, `the image ${new URL(url).pathname}`);
      const tooLarge = () =>
        new TmdbError('invalid_response', `The image ${url} is larger than we accept.`);
      if (Number(response.headers.get('content-length')) > MAX_IMAGE_BYTES) {
        await response.body?.cancel();
        throw tooLarge();
      }
      const chunks: Uint8Array[] = [];
      let received = 0;
      const reader = response.body?.getReader();
      while (reader) {
        const { done, value } = await reader.read();
        if (done) break;
        received += value.byteLength;
        if (received > MAX_IMAGE_BYTES) {
          await reader.cancel();
          throw tooLarge();
        }
        chunks.push(value);
      }
      return Buffer.concat(chunks);
    },
  };
}
export type TmdbClient = ReturnType<typeof createTmdbClient>;

/** Retry-After is seconds or an HTTP date (RFC 9110); missing or unreadable means 1 s. */
export function parseRetryAfter(value: string | null, now = Date.now()): number {
  if (!value) return 1;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? 1 : Math.max(0, Math.ceil((date - now) / 1000));
}

function backoffMs(attempt: number): number {
  return Math.min(8000, 500 * 2 ** attempt);
}
