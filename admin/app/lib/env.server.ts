import { productionSecretProblems } from '@lanxang/contracts';
import { z } from 'zod';

/** Every secret the admin reads, with the value development runs on when it is unset. */
const DEV_SECRETS = {
  SESSION_SECRET: 'lanxang-dev-only-session-secret',
  /** The API's development default of the same variable (api/src/production-checks.ts). */
  ADMIN_SERVICE_TOKEN: 'lanxang-dev-only-admin-service-token-0123456789',
} as const satisfies Record<string, string>;

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Where the server side of this app reaches the Lanxang API. Browsers never call it directly. */
  API_URL: z.url().default('http://127.0.0.1:3001'),
  /** 0 picks a free port (the tests use it); the server logs the one it got. */
  ADMIN_PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  SESSION_SECRET: z
    .string()
    .min(16, 'must be at least 16 characters')
    .default(DEV_SECRETS.SESSION_SECRET),
  /** Proves to the API that this server names the viewer's address; the API's value of the same name. */
  ADMIN_SERVICE_TOKEN: z
    .string()
    .min(32, 'must be at least 32 characters')
    .default(DEV_SECRETS.ADMIN_SERVICE_TOKEN),
  /** Reverse proxies in front of this server; the viewer's address is read this many hops deep. */
  TRUSTED_PROXY_COUNT: z.coerce.number().int().min(0).max(10).default(0),
  /** Time to receive a whole request, except a video upload, which has the idle timeout instead. */
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(300_000),
  /** A video upload that sends nothing for this long is cut. */
  UPLOAD_IDLE_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
});

export type Env = z.infer<typeof EnvSchema>;

/** A refusal to start, naming each offending variable. */
export class EnvError extends Error {
  override readonly name = 'EnvError';
  constructor(
    readonly variables: string[],
    details: string,
  ) {
    super(`Invalid admin environment:\n${details}`);
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    // Fail at boot with every bad variable named, rather than at the first request that needs one.
    throw new EnvError(
      parsed.error.issues.map((issue) => issue.path.join('.')),
      z.prettifyError(parsed.error),
    );
  }
  const problems = productionSecretProblems(source, DEV_SECRETS);
  if (problems.length) {
    throw new EnvError(
      problems.map(([name]) => name),
      problems.map(([, problem]) => `  ${problem}`).join('\n'),
    );
  }
  return parsed.data;
}

/** The only reader of `process.env` in the admin app. */
export const env = parseEnv(process.env);
