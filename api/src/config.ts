import path from 'node:path';
import { z } from 'zod';

const repoRoot = path.resolve(import.meta.dirname, '../..');

const DEV_ANONYMOUS_ID_SECRET = 'lanxang-dev-only-anonymous-id-secret-0123456789';

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
  /** Where people open the web pages (/activate, /account): the TV's verification_uri is built on it. */
  PUBLIC_WEB_URL: z.url().default('http://localhost:3000'),
  /** Signs anonymous viewer ids (HMAC-SHA256). Changing it invalidates every id TVs hold. */
  ANONYMOUS_ID_SECRET: z.string().min(32).default(DEV_ANONYMOUS_ID_SECRET),
  /** The admin account `pnpm seed` makes when it is missing (a demo login; change it anywhere real). */
  ADMIN_EMAIL: z.email().default('admin@lanxang.local'),
  ADMIN_PASSWORD: z.string().min(10).default('lanxang-admin-demo'),
  BODY_LIMIT: z.string().default('1mb'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
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
  if (values.NODE_ENV === 'production' && values.ANONYMOUS_ID_SECRET === DEV_ANONYMOUS_ID_SECRET) {
    // A warning, not a refusal: the Docker demo runs production mode on a laptop.
    console.warn('ANONYMOUS_ID_SECRET is the development default; set a real one before going online.');
  }
  const publicWebUrl = values.PUBLIC_WEB_URL.replace(/\/$/, '');
  return {
    env: values.NODE_ENV,
    host: values.HOST,
    port: values.API_PORT,
    databaseUrl: values.DATABASE_URL,
    publicApiUrl: (values.PUBLIC_API_URL ?? `http://localhost:${values.API_PORT}`).replace(/\/$/, ''),
    mediaDir: path.resolve(values.MEDIA_DIR),
    corsOrigins: values.CORS_ORIGINS,
    publicWebUrl,
    anonymousIdSecret: values.ANONYMOUS_ID_SECRET,
    /** `__Host-` needs https; on http://localhost the plain name keeps development working. */
    sessionCookieName: publicWebUrl.startsWith('https:') ? '__Host-lanxang_session' : 'lanxang_session',
    seedAdmin: { email: values.ADMIN_EMAIL.toLowerCase(), password: values.ADMIN_PASSWORD },
    bodyLimit: values.BODY_LIMIT,
    logLevel: values.LOG_LEVEL,
    shutdownTimeoutMs: values.SHUTDOWN_TIMEOUT_MS,
  };
}
