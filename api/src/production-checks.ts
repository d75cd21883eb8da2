/**
 * What production mode refuses to start with: a secret that is missing, a development default, or
 * too short to resist guessing, and the published demo admin. Kept apart from the rest of the
 * configuration so adding a secret is one line in `DEV_SECRETS` (the rule itself is shared with
 * the admin: `productionSecretProblems` in @lanxang/contracts).
 */

/** Every secret the API reads, with the value development runs on when it is unset. */
export const DEV_SECRETS = {
  ANONYMOUS_ID_SECRET: 'lanxang-dev-only-anonymous-id-secret-0123456789',
  /** The admin server's credential for naming the viewer's address (the admin's value too). */
  ADMIN_SERVICE_TOKEN: 'lanxang-dev-only-admin-service-token-0123456789',
  /** Signs the LAO QR bank's payment webhooks (the stand-in bank signs with it in development). */
  LAOQR_WEBHOOK_SECRET: 'lanxang-dev-only-laoqr-webhook-secret-0123456789',
  /** Signs the media tokens in playback URLs: with the default, anyone could mint one. */
  MEDIA_TOKEN_SECRET: 'lanxang-dev-only-media-token-secret-0123456789',
} as const satisfies Record<string, string>;

/** The demo admin `pnpm seed` makes outside production; its password is in the README. */
export const DEMO_ADMIN = { email: 'admin@lanxang.local', password: 'lanxang-admin-demo' } as const;
const MIN_PRODUCTION_ADMIN_PASSWORD_LENGTH = 12;

/** A refusal to start, naming each offending variable; the processes print it without a stack. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly variables: string[],
    problems: string[],
  ) {
    super(`Invalid environment:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
  }
}

export interface SeedAdmin {
  email: string;
  password: string;
}

/**
 * The admin the seed makes: the demo one outside production; in production only one named in
 * `ADMIN_EMAIL`/`ADMIN_PASSWORD` (none when both are unset), never the published password.
 */
export function seedAdminFor(env: NodeJS.ProcessEnv): {
  admin?: SeedAdmin;
  problems: [string, string][];
} {
  const email = env.ADMIN_EMAIL?.trim().toLowerCase();
  const password = env.ADMIN_PASSWORD;
  if (env.NODE_ENV !== 'production') {
    return {
      admin: { email: email || DEMO_ADMIN.email, password: password || DEMO_ADMIN.password },
      problems: [],
    };
  }
  if (!email && !password) return { problems: [] };
  const problems: [string, string][] = [];
  if (!email) problems.push(['ADMIN_EMAIL', 'ADMIN_EMAIL is required with ADMIN_PASSWORD']);
  if (!password) problems.push(['ADMIN_PASSWORD', 'ADMIN_PASSWORD is required with ADMIN_EMAIL']);
  else if (password === DEMO_ADMIN.password)
    problems.push(['ADMIN_PASSWORD', 'ADMIN_PASSWORD is the published demo password']);
  else if (password.length < MIN_PRODUCTION_ADMIN_PASSWORD_LENGTH)
    problems.push([
      'ADMIN_PASSWORD',
      `ADMIN_PASSWORD must be at least ${MIN_PRODUCTION_ADMIN_PASSWORD_LENGTH} characters in production`,
    ]);
  return problems.length || !email || !password
    ? { problems }
    : { admin: { email, password }, problems };
}

/** Throws a `ConfigError` when production mode would run on an unsafe value. */
export function assertProductionSafe(problems: [string, string][]): void {
  if (!problems.length) return;
  throw new ConfigError(
    problems.map(([name]) => name),
    problems.map(([, problem]) => problem),
  );
}

/** For a process's entry point: a bad environment prints what is wrong and exits 1, no stack. */
export function orExitOnConfigError<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
