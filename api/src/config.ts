import path from 'node:path';
import { productionSecretProblems } from '@lanxang/contracts';
import { z } from 'zod';
import {
  assertProductionSafe,
  ConfigError,
  DEV_SECRETS,
  seedAdminFor,
} from './production-checks.js';
import { rentalsConfig, rentalsEnv } from './modules/rentals/rentals.config.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');

const flag = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

/** The media pipeline's settings (storage, uploads, the transcode queue); see docs/decisions/005. */
const mediaEnv = {
  /** Where the ladders are published: `local` serves `MEDIA_DIR` under /media, `s3` a bucket behind a CDN. */
  MEDIA_STORAGE: z.enum(['local', 's3']).default('local'),
  /** Scratch space for uploads and transcodes in progress; must have room for a source and its ladder. */
  MEDIA_WORK_DIR: z.string().optional(),
  MEDIA_UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(20 * 1024 ** 3),
  /** Run transcode jobs in this process; `false` when a separate worker (`pnpm worker`) does. */
  MEDIA_WORKER: flag.default(true),
  /** How many public catalog answers each process keeps in memory; 0 keeps none (the bench's uncached path). */
  CATALOG_CACHE_ENTRIES: z.coerce.number().int().min(0).default(2000),
  /** Signs media tokens (HMAC-SHA256). Every API process needs the same one; changing it stops every token. */
  MEDIA_TOKEN_SECRET: z.string().min(32).default(DEV_SECRETS.MEDIA_TOKEN_SECRET),
  /** How long a media token lives; players renew it before then. */
  MEDIA_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  /** Jobs at once per process: 1 suits a small machine, since ffmpeg already uses every core. */
  MEDIA_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(8).default(1),
  MEDIA_JOB_RETRY_LIMIT: z.coerce.number().int().min(0).max(10).default(2),
  /** First retry after about this long, doubling each time (pg-boss backoff). */
  MEDIA_JOB_RETRY_DELAY_SECONDS: z.coerce.number().int().min(0).default(30),
  MEDIA_JOB_POLL_SECONDS: z.coerce.number().min(0.5).default(2),
  /** A job running longer is presumed dead and retried; pg-boss caps it below 24 h. */
  MEDIA_JOB_EXPIRE_HOURS: z.coerce.number().positive().max(23).default(8),
  FFMPEG_PATH: z.string().optional(),
  FFPROBE_PATH: z.string().optional(),
  S3_BUCKET: z.string().optional(),
  S3_REGION: z.string().default('us-east-1'),
  /** An S3-compatible endpoint (MinIO, R2, Spaces); unset for AWS itself. */
  S3_ENDPOINT: z.url().optional(),
  S3_FORCE_PATH_STYLE: flag.default(false),
  /** Key prefix inside the bucket, e.g. `lanxang/`. */
  S3_PREFIX: z.string().default(''),
  /** The CDN (or bucket) URL players fetch from; required with MEDIA_STORAGE=s3. */
  S3_PUBLIC_BASE_URL: z.url().optional(),
};

/** Who the API believes about the caller's address, and how long a request may take to arrive. */
const httpEnv = {
  /** Reverse proxies in front of the API; X-Forwarded-For is read exactly this many hops deep. */
  TRUSTED_PROXY_COUNT: z.coerce.number().int().min(0).max(10).default(0),
  /** The admin server's credential: with it, the API believes its X-Lanxang-Client-IP header. */
  ADMIN_SERVICE_TOKEN: z.string().min(32).default(DEV_SECRETS.ADMIN_SERVICE_TOKEN),
  /** Time to receive a whole request (not a video upload, which has the idle timeout instead). */
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(300_000),
  /** An upload that sends nothing for this long is cut; a slow but steady one never is. */
  UPLOAD_IDLE_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
};

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  API_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  /** Absolute base URL clients use to reach this API (images and media links are built on it). */
  PUBLIC_API_URL: z.url().optional(),
  MEDIA_DIR: z.string().default(path.join(repoRoot, '.data/media')),
  /** Origins allowed to call the API from a browser (the TV app and the admin). */
  CORS_ORIGINS: z
    .string()
    .default(
      'http://localhost:8080,http://127.0.0.1:8080,http://localhost:3000,http://127.0.0.1:3000',
    )
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    ),
  /** Where people open the web pages (/activate, /account): the TV's verification_uri is built on it. */
  PUBLIC_WEB_URL: z.url().default('http://localhost:3000'),
  /** Signs anonymous viewer ids (HMAC-SHA256). Changing it invalidates every id TVs hold. */
  ANONYMOUS_ID_SECRET: z.string().min(32).default(DEV_SECRETS.ANONYMOUS_ID_SECRET),
  /**
   * The admin account `pnpm seed` makes when it is missing: the demo one unless set, and in
   * production none unless set. Empty counts as unset (docker-compose passes `${ADMIN_EMAIL:-}`).
   */
  ADMIN_EMAIL: z.email().or(z.literal('')).optional(),
  /**
   * Whether `pnpm seed` adds the demo catalog (films, people, generated video): by default
   * everywhere but production, where a real catalog is imported instead.
   */
  SEED_DEMO_CATALOG: flag.optional(),
  ADMIN_PASSWORD: z.string().min(10).or(z.literal('')).optional(),
  BODY_LIMIT: z.string().default('1mb'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** TMDB import: a v3 API key or a v4 API Read Access Token. Unset, the import routes say so (503). */
  TMDB_API_KEY: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || undefined),
  /** TMDB's v3 base URL; the fake TMDB's in tests and the demo. */
  TMDB_BASE_URL: z.url().default('https://api.themoviedb.org/3'),
  TMDB_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** Retries of one TMDB call after a 429 (honouring Retry-After), a 5xx or a network failure. */
  TMDB_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
  /** Days raw playback events are kept; their daily aggregates are kept for good. */
  ANALYTICS_RETENTION_DAYS: z.coerce.number().int().min(2).max(3650).default(90),
  ...mediaEnv,
  ...httpEnv,
  ...rentalsEnv,
});

function mediaConfig(values: z.infer<typeof EnvSchema>, mediaDir: string) {
  if (values.MEDIA_STORAGE === 's3' && (!values.S3_BUCKET || !values.S3_PUBLIC_BASE_URL)) {
    throw new Error(
      'Invalid environment:\n  MEDIA_STORAGE=s3 needs S3_BUCKET and S3_PUBLIC_BASE_URL',
    );
  }
  return {
    storage: values.MEDIA_STORAGE,
    tokenSecret: values.MEDIA_TOKEN_SECRET,
    tokenTtlSeconds: values.MEDIA_TOKEN_TTL_SECONDS,
    workDir: path.resolve(values.MEDIA_WORK_DIR ?? path.join(mediaDir, '.work')),
    uploadMaxBytes: values.MEDIA_UPLOAD_MAX_BYTES,
    worker: values.MEDIA_WORKER,
    workerConcurrency: values.MEDIA_WORKER_CONCURRENCY,
    retryLimit: values.MEDIA_JOB_RETRY_LIMIT,
    retryDelaySeconds: values.MEDIA_JOB_RETRY_DELAY_SECONDS,
    pollSeconds: values.MEDIA_JOB_POLL_SECONDS,
    expireSeconds: Math.round(values.MEDIA_JOB_EXPIRE_HOURS * 3600),
    tools: {
      ...(values.FFMPEG_PATH && { ffmpegPath: values.FFMPEG_PATH }),
      ...(values.FFPROBE_PATH && { ffprobePath: values.FFPROBE_PATH }),
    },
    s3: {
      bucket: values.S3_BUCKET ?? '',
      region: values.S3_REGION,
      endpoint: values.S3_ENDPOINT,
      forcePathStyle: values.S3_FORCE_PATH_STYLE,
      prefix: values.S3_PREFIX,
      publicBaseUrl: (values.S3_PUBLIC_BASE_URL ?? '').replace(/\/$/, ''),
    },
  };
}
export type MediaConfig = ReturnType<typeof mediaConfig>;

export type Config = ReturnType<typeof loadConfig>;

/** The only reader of `process.env`: everything else receives a parsed, typed `Config`. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => issue.path.join('.')),
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }
  const values = parsed.data;
  const seed = seedAdminFor(env);
  assertProductionSafe([...productionSecretProblems(env, DEV_SECRETS), ...seed.problems]);
  const publicWebUrl = values.PUBLIC_WEB_URL.replace(/\/$/, '');
  return {
    env: values.NODE_ENV,
    host: values.HOST,
    port: values.API_PORT,
    databaseUrl: values.DATABASE_URL,
    catalogCacheEntries: values.CATALOG_CACHE_ENTRIES,
    publicApiUrl: (values.PUBLIC_API_URL ?? `http://localhost:${values.API_PORT}`).replace(
      /\/$/,
      '',
    ),
    mediaDir: path.resolve(values.MEDIA_DIR),
    corsOrigins: values.CORS_ORIGINS,
    publicWebUrl,
    anonymousIdSecret: values.ANONYMOUS_ID_SECRET,
    /** `__Host-` needs https; on http://localhost the plain name keeps development working. */
    sessionCookieName: publicWebUrl.startsWith('https:')
      ? '__Host-lanxang_session'
      : 'lanxang_session',
    /** Unset in production unless ADMIN_EMAIL/ADMIN_PASSWORD name one: the seed then makes none. */
    seedAdmin: seed.admin,
    seedDemoCatalog: values.SEED_DEMO_CATALOG ?? values.NODE_ENV !== 'production',
    bodyLimit: values.BODY_LIMIT,
    http: {
      trustedProxyCount: values.TRUSTED_PROXY_COUNT,
      adminServiceToken: values.ADMIN_SERVICE_TOKEN,
      requestTimeoutMs: values.HTTP_REQUEST_TIMEOUT_MS,
      uploadIdleTimeoutMs: values.UPLOAD_IDLE_TIMEOUT_MS,
    },
    logLevel: values.LOG_LEVEL,
    shutdownTimeoutMs: values.SHUTDOWN_TIMEOUT_MS,
    tmdb: {
      apiKey: values.TMDB_API_KEY,
      baseUrl: values.TMDB_BASE_URL.replace(/\/+$/, ''),
      timeoutMs: values.TMDB_TIMEOUT_MS,
      maxRetries: values.TMDB_MAX_RETRIES,
    },
    media: mediaConfig(values, path.resolve(values.MEDIA_DIR)),
    rentals: rentalsConfig(values),
    analytics: { retentionDays: values.ANALYTICS_RETENTION_DAYS },
  };
}
