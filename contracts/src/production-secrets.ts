/**
 * The rule the API and the admin share for production: every secret set, none a development
 * default, and long enough not to be guessed.
 */
export const MIN_PRODUCTION_SECRET_LENGTH = 32;

/** What is wrong with each named secret in production, as `[variable, problem]`; none outside it. */
export function productionSecretProblems(
  env: Record<string, string | undefined>,
  /** Each secret's variable name and the value development runs on when it is unset. */
  devDefaults: Record<string, string>,
): [string, string][] {
  if (env.NODE_ENV !== 'production') return [];
  return Object.entries(devDefaults).flatMap(([name, devDefault]): [string, string][] => {
    const value = env[name];
    if (!value) return [[name, `${name} is required in production`]];
    if (value === devDefault)
      return [[name, `${name} is the development default; set a random secret`]];
    if (value.length < MIN_PRODUCTION_SECRET_LENGTH)
      return [
        [name, `${name} must be at least ${MIN_PRODUCTION_SECRET_LENGTH} characters in production`],
      ];
    return [];
  });
}
