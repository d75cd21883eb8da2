import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { EnvError, parseEnv } from '~/lib/env.server';

const ADMIN_DIR = fileURLToPath(new URL('..', import.meta.url));

function envError(source: Record<string, string>): EnvError {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error;
    throw error;
  }
  throw new Error('parseEnv accepted the environment');
}

const secret = 'a-real-random-secret-of-forty-characters!';
/** Production with every secret real but the one a test looks at. */
const production = { NODE_ENV: 'production', ADMIN_SERVICE_TOKEN: `token-${secret}` };

it('refuses a missing, development-default or short SESSION_SECRET in production', () => {
  expect(envError(production).variables).toEqual(['SESSION_SECRET']);
  const devDefault = envError({ ...production, SESSION_SECRET: 'lanxang-dev-only-session-secret' });
  expect(devDefault.variables).toEqual(['SESSION_SECRET']);
  expect(devDefault.message).toMatch(/SESSION_SECRET is the development default/);
  expect(envError({ ...production, SESSION_SECRET: 's'.repeat(31) }).variables).toEqual([
    'SESSION_SECRET',
  ]);
});

it('refuses the development ADMIN_SERVICE_TOKEN in production, and a missing one', () => {
  expect(envError({ NODE_ENV: 'production', SESSION_SECRET: secret }).variables).toEqual([
    'ADMIN_SERVICE_TOKEN',
  ]);
  expect(
    envError({
      NODE_ENV: 'production',
      SESSION_SECRET: secret,
      ADMIN_SERVICE_TOKEN: 'lanxang-dev-only-admin-service-token-0123456789',
    }).variables,
  ).toEqual(['ADMIN_SERVICE_TOKEN']);
});

it('accepts real secrets in production and the defaults in development', () => {
  expect(parseEnv({ ...production, SESSION_SECRET: secret }).SESSION_SECRET).toBe(secret);
  expect(() => parseEnv({ NODE_ENV: 'development' })).not.toThrow();
});

it('the admin server exits non-zero naming the variable, without a stack trace', async () => {
  const child = spawn(process.execPath, ['server.js'], {
    cwd: ADMIN_DIR,
    // Only what node needs: the test runner's environment must not supply a secret.
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      ADMIN_PORT: '0',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(code).not.toBe(0);
  expect(stderr).toMatch(/Invalid admin environment:\n.*SESSION_SECRET/);
  expect(stderr).not.toMatch(/^\s+at /m);
});
