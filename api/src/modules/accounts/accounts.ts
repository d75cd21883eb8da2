import { setTimeout as pause } from 'node:timers/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Locale } from '@lanxang/contracts';
import { conflict, wrongCredentials } from '../../http/errors.js';
import { decoyHash, hashPassword, verifyPassword } from './passwords.js';
import { count, counted, hit } from './rate-limit.js';
import { Session } from './session.entity.js';
import type { Clock } from './sessions.js';
import { User, type IUser } from './user.entity.js';

/**
 * Sign-in limits that slow guessing without letting anyone lock an owner out (OWASP's advice):
 * - `perEmailAndIp`: attempts for one email from one IP; over it, only that pair gets 429;
 * - `perIp`: attempts from one IP across every email (password spraying);
 * - `perEmail`: wrong passwords for one email across all IPs; past `freeFailures` every attempt
 *   for it waits `delayStepMs` more per failure, up to `maxDelayMs`, and still succeeds with the
 *   right password. A hard per-email limit would be a lockout anyone could trigger.
 */
export const LOGIN_LIMITS = {
  perEmailAndIp: { max: 10, windowSeconds: 900 },
  perIp: { max: 50, windowSeconds: 900 },
  perEmail: { windowSeconds: 900, freeFailures: 10, delayStepMs: 500, maxDelayMs: 5000 },
  registrationsPerIp: { max: 10, windowSeconds: 3600 },
} as const;

/** How long a sign-in for an email waits after `failures` wrong passwords for it from anywhere. */
export function loginDelayMs(failures: number): number {
  const { freeFailures, delayStepMs, maxDelayMs } = LOGIN_LIMITS.perEmail;
  return Math.min(maxDelayMs, Math.max(0, failures - freeFailures) * delayStepMs);
}

const invalidCredentials = () =>
  wrongCredentials('That email and password do not match an account.');

/** The account rules: who may sign up and in, and what changing a password ends. */
export function accounts(clock: Clock) {
  return {
    user: (em: EntityManager, userId: number): Promise<IUser> =>
      em.findOneOrFail(User, { id: userId }),

    /** The fields a user may change about themselves; the rest stay as they are. */
    async updateProfile(
      em: EntityManager,
      userId: number,
      changes: { displayName?: string | undefined; preferredLocale?: Locale | undefined },
    ): Promise<IUser> {
      const user = await em.findOneOrFail(User, { id: userId });
      if (changes.displayName !== undefined) user.displayName = changes.displayName;
      if (changes.preferredLocale !== undefined) user.preferredLocale = changes.preferredLocale;
      await em.flush();
      return user;
    },

    async register(
      em: EntityManager,
      input: {
        email: string;
        password: string;
        displayName: string;
        preferredLocale?: Locale | undefined;
      },
      ip: string,
    ): Promise<IUser> {
      await hit(em, { key: `register:ip:${ip}`, ...LOGIN_LIMITS.registrationsPerIp }, clock());
      if (await em.count(User, { email: input.email }))
        throw conflict('An account with this email already exists; sign in instead.');
      const user = em.create(User, {
        email: input.email,
        passwordHash: await hashPassword(input.password),
        displayName: input.displayName,
        role: 'viewer',
        preferredLocale: input.preferredLocale ?? 'en',
      });
      await em.flush();
      return user;
    },

    async login(
      em: EntityManager,
      input: { email: string; password: string },
      ip: string,
    ): Promise<IUser> {
      const now = clock();
      const { email } = input;
      await hit(em, { key: `login:ip:${ip}`, ...LOGIN_LIMITS.perIp }, now);
      await hit(em, { key: `login:email-ip:${email}:${ip}`, ...LOGIN_LIMITS.perEmailAndIp }, now);
      const failuresKey = { key: `login:email-failures:${email}`, ...LOGIN_LIMITS.perEmail };
      const delayMs = loginDelayMs(await counted(em, failuresKey, now));
      if (delayMs > 0) await pause(delayMs);
      const user = await em.findOne(User, { email: input.email });
      const valid = await verifyPassword(user?.passwordHash ?? (await decoyHash), input.password);
      if (!user || !valid) {
        await count(em, failuresKey, now);
        throw invalidCredentials();
      }
      return user;
    },

    /** Ends every other session and device of the account: whoever knew the old password is out. */
    async changePassword(
      em: EntityManager,
      userId: number,
      sessionId: string,
      input: { currentPassword: string; newPassword: string },
    ) {
      const user = await em.findOneOrFail(User, { id: userId });
      if (!(await verifyPassword(user.passwordHash, input.currentPassword)))
        throw invalidCredentials();
      user.passwordHash = await hashPassword(input.newPassword);
      await em.nativeUpdate(
        Session,
        { user: userId, id: { $ne: sessionId }, revokedAt: null },
        { revokedAt: clock() },
      );
      await em.flush();
    },

    /** The seed's admin: created when missing, never overwritten (its password may have changed). */
    async ensureAdmin(
      em: EntityManager,
      input: { email: string; password: string },
    ): Promise<{ created: boolean }> {
      const existing = await em.findOne(User, { email: input.email });
      if (existing) return { created: false };
      em.create(User, {
        email: input.email,
        passwordHash: await hashPassword(input.password),
        displayName: 'Admin',
        role: 'admin',
        preferredLocale: 'en',
      });
      await em.flush();
      return { created: true };
    },
  };
}
