import path from 'node:path';
import { z } from 'zod';

const repoRoot = path.resolve(import.meta.dirname, '../..');

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
    .default('http://localhost:8080,http://127.0.0.1:8080,http://localhost:3000,http://127.0.0.1:3000')
    .transform((value) => value.split(',').map((origin) => origin.trim()).filter(Boolean)),
  /** Interim admin credential for the admin write API until accounts land. */
  ADMIN_TOKEN: z.string().min(16).default('lanxang-dev-admin-token'),
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
});

export type Config = ReturnType<typeof loadConfig>;

/** The only reader of `process.env`: everything else receives a parsed, typed `Config`. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${problems.join('\n')}`);
  }
  const values = parsed.data;
  return {
    env: values.NODE_ENV,
    host: values.HOST,
    port: values.API_PORT,
    databaseUrl: values.DATABASE_URL,
    publicApiUrl: (values.PUBLIC_API_URL ?? `http://localhost:${values.API_PORT}`).replace(/\/$/, ''),
    mediaDir: path.resolve(values.MEDIA_DIR),
    corsOrigins: values.CORS_ORIGINS,
    adminToken: values.ADMIN_TOKEN,
    bodyLimit: values.BODY_LIMIT,
    logLevel: values.LOG_LEVEL,
    shutdownTimeoutMs: values.SHUTDOWN_TIMEOUT_MS,
    tmdb: {
      apiKey: values.TMDB_API_KEY,
      baseUrl: values.TMDB_BASE_URL.replace(/\/+$/, ''),
      timeoutMs: values.TMDB_TIMEOUT_MS,
      maxRetries: values.TMDB_MAX_RETRIES,
    },
  };
}
