import { productionSecretProblems } from '@lanxang/contracts';
import { z } from 'zod';

/** Every secret the admin reads, with the value development runs on when it is unset. */
const DEV_SECRETS = {
  SESSION_SECRET: 'lanxang-dev-only-session-secret',
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
