import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { LOCALES } from '@lanxang/contracts';

export const ROLES = ['viewer', 'admin'] as const;

export const User = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: {
    id: p.integer().primary(),
    /** Trimmed and lower-cased before it is stored, so the unique constraint is case-insensitive. */
    email: p.string().length(254).unique(),
    passwordHash: p.string().length(200).hidden(),
    displayName: p.string().length(100),
    role: p.enum([...ROLES]).default('viewer'),
    preferredLocale: p.enum([...LOCALES]).default('en'),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type IUser = InferEntity<typeof User>;
