import type { Role } from '@lanxang/contracts';
import { hashPassword } from '../modules/accounts/passwords.js';
import { sessionStore } from '../modules/accounts/sessions.js';
import { User, type IUser } from '../modules/accounts/user.entity.js';
import type { TestApp } from './app.js';

let made = 0;

/**
 * A real account with a real web session, made straight in the test's database. `headers` sign
 * requests in with the session token as a bearer, as a device or a script would.
 */
export async function signIn(
  app: Pick<TestApp, 'db'>,
  options: {
    role?: Role;
    email?: string;
    password?: string;
    displayName?: string;
    now?: Date;
  } = {},
): Promise<{ user: IUser; token: string; password: string; headers: { authorization: string } }> {
  made += 1;
  const { role = 'viewer', password = 'correct horse battery staple' } = options;
  const em = app.db.em.fork();
  const user = em.create(User, {
    email: options.email ?? `${role}-${made}-${process.pid}@example.test`,
    passwordHash: await hashPassword(password),
    displayName: options.displayName ?? `Test ${role} ${made}`,
    role,
    preferredLocale: 'en',
  });
  await em.flush();
  const now = options.now ?? new Date();
  const { token } = await sessionStore(() => now).createWeb(em, user, 'vitest');
  return { user, token, password, headers: { authorization: `Bearer ${token}` } };
}

/** A clock a test moves by hand, so expiry is tested without waiting and without timing. */
export function manualClock(start = new Date('2026-11-22T09:00:00Z')) {
  let now = start.getTime();
  const clock = () => new Date(now);
  return Object.assign(clock, {
    advance(ms: number) {
      now += ms;
    },
  });
}
