import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { User } from './user.entity.js';

export const SESSION_KINDS = ['web', 'device'] as const;

/**
 * A signed-in session: a browser (`web`, its token in a cookie) or a paired device (`device`, a
 * bearer access token plus a rotating refresh token). Only SHA-256 hashes of tokens are stored.
 */
export const Session = defineEntity({
  name: 'Session',
  tableName: 'sessions',
  indexes: [{ properties: ['user', 'kind'] }],
  properties: {
    id: p.uuid().primary(),
    user: () => p.manyToOne(User).deleteRule('cascade'),
    kind: p.enum([...SESSION_KINDS]),
    /** The web session token, or a device's current access token. */
    tokenHash: p.string().length(64).unique(),
    tokenExpiresAt: p.datetime(),
    refreshTokenHash: p.string().length(64).nullable().unique(),
    /** The refresh token this one replaced: presented again, it means a copy leaked (the session ends). */
    previousRefreshTokenHash: p.string().length(64).nullable().index(),
    /** Slides forward with use; past it the session is over whatever its tokens say. */
    expiresAt: p.datetime(),
    lastUsedAt: p.datetime(),
    createdAt: p.datetime(),
    revokedAt: p.datetime().nullable(),
    clientId: p.string().length(100).nullable(),
    clientName: p.string().length(200).nullable(),
    userAgent: p.string().length(500).nullable(),
    /** Wrong pairing codes entered from this session; at the cap it may enter no more. */
    failedCodeEntries: p.integer().default(0),
  },
});
export type ISession = InferEntity<typeof Session>;
