import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Session } from './session.entity.js';
import { User } from './user.entity.js';

export const DEVICE_AUTHORIZATION_STATUSES = ['pending', 'approved', 'denied', 'consumed'] as const;

/** One RFC 8628 device authorization: a TV waiting for someone to enter its user code. */
export const DeviceAuthorization = defineEntity({
  name: 'DeviceAuthorization',
  tableName: 'device_authorizations',
  properties: {
    id: p.integer().primary(),
    clientId: p.string().length(100),
    deviceCodeHash: p.string().length(64).unique(),
    /** Normalised (8 letters, no dash). Short-lived and worthless once used, so stored as is. */
    userCode: p.string().length(8).unique(),
    status: p.enum([...DEVICE_AUTHORIZATION_STATUSES]).default('pending'),
    expiresAt: p.datetime().index(),
    /** Seconds the device must wait between polls; `slow_down` adds 5. */
    interval: p.integer(),
    lastPolledAt: p.datetime().nullable(),
    /** The TV's anonymous viewer, verified when it asked: what it owns moves on approval. */
    anonymousId: p.string().length(64).nullable(),
    userAgent: p.string().length(500).nullable(),
    ip: p.string().length(64).nullable(),
    user: () => p.manyToOne(User).nullable().deleteRule('cascade'),
    session: () => p.manyToOne(Session).nullable().deleteRule('set null'),
    createdAt: p.datetime(),
    decidedAt: p.datetime().nullable(),
  },
});
export type IDeviceAuthorization = InferEntity<typeof DeviceAuthorization>;
