import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ConfigError, DEMO_ADMIN } from '../../src/production-checks.js';
import { seedAdmin } from '../../src/seeders/admin.js';
import { createTestApp, type TestApp } from '@lanxang/api/testing';

const REAL_SECRET = 'a-real-random-secret-of-forty-characters!';
const base = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://lanxang:unused@127.0.0.1:1/lanxang',
  ADMIN_SERVICE_TOKEN: 'another-real-random-secret-of-forty-chars',
  MEDIA_TOKEN_SECRET: 'a-third-real-random-secret-of-forty-chars',
  LAOQR_WEBHOOK_SECRET: 'a-fourth-real-random-secret-of-forty-chars',
};

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('loadConfig accepted the environment');
}

describe('production mode refuses unsafe secrets', () => {
  it('refuses a missing, a development-default and a short ANONYMOUS_ID_SECRET, naming it', () => {
    expect(configError(base).variables).toEqual(['ANONYMOUS_ID_SECRET']);
    const devDefault = configError({
      ...base,
      ANONYMOUS_ID_SECRET: 'lanxang-dev-only-anonymous-id-secret-0123456789',
    });
    expect(devDefault.variables).toEqual(['ANONYMOUS_ID_SECRET']);
    expect(devDefault.message).toMatch(/ANONYMOUS_ID_SECRET is the development default/);
    expect(configError({ ...base, ANONYMOUS_ID_SECRET: 'x'.repeat(31) }).variables).toContain(
      'ANONYMOUS_ID_SECRET',
    );
  });

  it('refuses the development ADMIN_SERVICE_TOKEN, which would let anyone name their address', () => {
    const { ADMIN_SERVICE_TOKEN: _unset, ...withoutToken } = base;
    expect(configError({ ...withoutToken, ANONYMOUS_ID_SECRET: REAL_SECRET }).variables).toEqual([
      'ADMIN_SERVICE_TOKEN',
    ]);
    expect(
      configError({
        ...base,
        ANONYMOUS_ID_SECRET: REAL_SECRET,
        ADMIN_SERVICE_TOKEN: 'lanxang-dev-only-admin-service-token-0123456789',
      }).variables,
    ).toEqual(['ADMIN_SERVICE_TOKEN']);
  });

  it('refuses a missing or development MEDIA_TOKEN_SECRET, with which anyone could sign media URLs', () => {
    const { MEDIA_TOKEN_SECRET: _unset, ...withoutSecret } = base;
    expect(configError({ ...withoutSecret, ANONYMOUS_ID_SECRET: REAL_SECRET }).variables).toEqual([
      'MEDIA_TOKEN_SECRET',
    ]);
    expect(
      configError({
        ...base,
        ANONYMOUS_ID_SECRET: REAL_SECRET,
        MEDIA_TOKEN_SECRET: 'lanxang-dev-only-media-token-secret-0123456789',
      }).variables,
    ).toEqual(['MEDIA_TOKEN_SECRET']);
  });

  it('refuses a missing or development LAOQR_WEBHOOK_SECRET, with which anyone could forge a payment', () => {
    const { LAOQR_WEBHOOK_SECRET: _unset, ...withoutSecret } = base;
    expect(configError({ ...withoutSecret, ANONYMOUS_ID_SECRET: REAL_SECRET }).variables).toEqual([
      'LAOQR_WEBHOOK_SECRET',
    ]);
    expect(
      configError({
        ...base,
        ANONYMOUS_ID_SECRET: REAL_SECRET,
        LAOQR_WEBHOOK_SECRET: 'lanxang-dev-only-laoqr-webhook-secret-0123456789',
      }).variables,
    ).toEqual(['LAOQR_WEBHOOK_SECRET']);
  });

  it('starts with real secrets, and makes no demo admin and no demo catalog', () => {
    const config = loadConfig({ ...base, ANONYMOUS_ID_SECRET: REAL_SECRET });
    expect(config.env).toBe('production');
    expect(config.seedAdmin).toBeUndefined();
    expect(config.seedDemoCatalog).toBe(false);
    expect(
      loadConfig({ ...base, ANONYMOUS_ID_SECRET: REAL_SECRET, SEED_DEMO_CATALOG: 'true' })
        .seedDemoCatalog,
    ).toBe(true);
    // As docker-compose passes them when unset.
    expect(
      loadConfig({ ...base, ANONYMOUS_ID_SECRET: REAL_SECRET, ADMIN_EMAIL: '', ADMIN_PASSWORD: '' })
        .seedAdmin,
    ).toBeUndefined();
  });

  it('keeps the development defaults outside production', () => {
    const config = loadConfig({ ...base, NODE_ENV: 'development' });
    expect(config.seedAdmin).toEqual(DEMO_ADMIN);
    expect(config.seedDemoCatalog).toBe(true);
  });

  it('refuses the demo password, a short one, or half an admin', () => {
    const withSecret = { ...base, ANONYMOUS_ID_SECRET: REAL_SECRET };
    const demo = configError({
      ...withSecret,
      ADMIN_EMAIL: 'ops@example.org',
      ADMIN_PASSWORD: DEMO_ADMIN.password,
    });
    expect(demo.variables).toEqual(['ADMIN_PASSWORD']);
    expect(demo.message).toMatch(/published demo password/);
    expect(
      configError({ ...withSecret, ADMIN_EMAIL: 'ops@example.org', ADMIN_PASSWORD: 'elevenchars' })
        .variables,
    ).toEqual(['ADMIN_PASSWORD']);
    expect(
      configError({ ...withSecret, ADMIN_PASSWORD: 'long enough password' }).variables,
    ).toEqual(['ADMIN_EMAIL']);
  });

  it('the API process exits non-zero naming the variable, without a stack trace', async () => {
    const result = await run(['--import', 'tsx', 'src/server.ts'], base);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/Invalid environment:\n.*ANONYMOUS_ID_SECRET/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('so do the worker and the seed', async () => {
    for (const entry of ['src/worker.ts', 'src/cli/seed.ts']) {
      const result = await run(['--import', 'tsx', entry], base);
      expect(result.code, entry).not.toBe(0);
      expect(result.stderr, entry).toMatch(/Invalid environment:\n.*ANONYMOUS_ID_SECRET/);
    }
  });
});

describe('the seed in production', () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  const login = (email: string, password: string) =>
    app!.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });

  it('makes no admin without ADMIN_EMAIL/ADMIN_PASSWORD, and says so', async () => {
    app = await createTestApp(inject('postgresAdminUrl'), {
      env: { NODE_ENV: 'production', ANONYMOUS_ID_SECRET: REAL_SECRET },
    });
    const logged: string[] = [];
    expect(await seedAdmin(app.services, app.config.seedAdmin, (line) => logged.push(line))).toBe(
      'none',
    );
    expect(logged.join('\n')).toMatch(/created no admin/);
    const users = await app.db.em
      .fork()
      .getConnection()
      .execute('select count(*)::int as n from users');
    expect(users).toEqual([{ n: 0 }]);
    expect((await login(DEMO_ADMIN.email, DEMO_ADMIN.password)).status).not.toBe(200);
  });

  it('makes the admin named in the environment', async () => {
    const admin = { email: 'ops@example.org', password: 'a long admin passphrase' };
    app = await createTestApp(inject('postgresAdminUrl'), {
      env: {
        NODE_ENV: 'production',
        ANONYMOUS_ID_SECRET: REAL_SECRET,
        ADMIN_EMAIL: admin.email,
        ADMIN_PASSWORD: admin.password,
      },
    });
    expect(await seedAdmin(app.services, app.config.seedAdmin, () => {})).toBe('created');
    expect((await login(admin.email, admin.password)).status).toBe(200);
    expect((await login(DEMO_ADMIN.email, DEMO_ADMIN.password)).status).not.toBe(200);
  });
});

function run(args: string[], env: Record<string, string>) {
  const apiDir = path.resolve(import.meta.dirname, '../..');
  return new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    // Only what node needs: the test runner's own environment must not supply a secret.
    const child = spawn(process.execPath, args, {
      cwd: apiDir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}
