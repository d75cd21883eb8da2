import type { Device, User as UserBody } from '@lanxang/contracts';
import type { ISession } from './session.entity.js';
import type { IUser } from './user.entity.js';

export const toUserBody = (user: IUser): UserBody => ({
  id: user.id,
  email: user.email,
  displayName: user.displayName,
  role: user.role,
  preferredLocale: user.preferredLocale,
  createdAt: user.createdAt.toISOString(),
});

/** A paired device in the account's list; `current` marks the session asking. */
export const toDeviceDto = (device: ISession, currentSessionId: string): Device => ({
  id: device.id,
  clientId: device.clientId ?? '',
  clientName: device.clientName ?? '',
  userAgent: device.userAgent ?? null,
  createdAt: device.createdAt.toISOString(),
  lastUsedAt: device.lastUsedAt.toISOString(),
  current: device.id === currentSessionId,
});
