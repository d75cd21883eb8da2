import { z } from 'zod';

const DEV_SESSION_SECRET = 'lanxang-dev-only-session-secret';
/** The API's development default of the same variable (api/src/config.ts). */
export const DEV_ADMIN_SERVICE_TOKEN = 'lanxang-dev-only-admin-service-token-0123456789';

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Where the server side of this app reaches the Lanxang API. Browsers never call it directly. */
  API_URL: z.url().default('http://127.0.0.1:3001'),
  /** 0 picks a free port (the tests use it); the server logs the one it got. */
  ADMIN_PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  SESSION_SECRET: z.string().min(16, 'must be at least 16 characters').default(DEV_SESSION_SECRET),
  /** Proves to the API that this server names the viewer's address; the API's value of the same name. */
  ADMIN_SERVICE_TOKEN: z
    .string()
    .min(32, 'must be at least 32 characters')
    .default(DEV_ADMIN_SERVICE_TOKEN),
  /** Reverse proxies in front of this server; the viewer's address is read this many hops deep. */
  TRUSTED_PROXY_COUNT: z.coerce.number().int().min(0).max(10).default(0),
  /** Time to receive a whole request, except a video upload, which has the idle timeout instead. */
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(300_000),
  /** A video upload that sends nothing for this long is cut. */
  UPLOAD_IDLE_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
});

export type Env = z.infer<typeof EnvSchema>;

function parseEnv(source: NodeJS.ProcessEnv): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    // Fail at boot with every bad variable named, rather than at the first request that needs one.
    throw new Error(`Invalid admin environment:\n${z.prettifyError(parsed.error)}`);
  }
  if (parsed.data.NODE_ENV === 'production' && parsed.data.SESSION_SECRET === DEV_SESSION_SECRET) {
    // A warning, not a refusal: the local demo (`npm start`) runs the production build on a laptop.
    console.warn('SESSION_SECRET is the development default; set a real one before going online.');
  }
  return parsed.data;
}

/** The only reader of `process.env` in the admin app. */
export const env = parseEnv(process.env);
