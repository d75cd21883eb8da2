import { z } from 'zod';

const DEV_SESSION_SECRET = 'lanxang-dev-only-session-secret';

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Where the server side of this app reaches the Lanxang API. Browsers never call it directly. */
  API_URL: z.url().default('http://127.0.0.1:3001'),
  /** 0 picks a free port (the tests use it); the server logs the one it got. */
  ADMIN_PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  SESSION_SECRET: z.string().min(16, 'must be at least 16 characters').default(DEV_SESSION_SECRET),
  /**
   * Interim, until admin sessions (issue 4): the API's `ADMIN_TOKEN`, sent as a bearer token on
   * admin API calls by `adminApiFor`. It never reaches a browser.
   */
  ADMIN_API_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
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
