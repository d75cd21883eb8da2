import { z } from 'zod';
import { LocaleSchema } from './locale.js';

export const RoleSchema = z.enum(['viewer', 'admin']);
export type Role = z.infer<typeof RoleSchema>;

/** Emails are compared case-insensitively: the API stores them trimmed and lower-cased. */
export const EmailSchema = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: 'must be an email address' }))
  .transform((email) => email.toLowerCase());

/** Long passphrases welcome; argon2 input is capped so a megabyte "password" costs nothing. */
export const PasswordSchema = z.string().min(10, 'must be at least 10 characters').max(200);

export const UserSchema = z
  .object({
    id: z.number().int(),
    email: z.string(),
    displayName: z.string(),
    role: RoleSchema,
    preferredLocale: LocaleSchema,
    createdAt: z.string(),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof UserSchema>;

export const RegisterSchema = z.strictObject({
  email: EmailSchema,
  password: PasswordSchema,
  displayName: z.string().trim().min(1).max(100),
  preferredLocale: LocaleSchema.optional(),
});
export const LoginSchema = z.strictObject({
  email: EmailSchema,
  password: z.string().min(1).max(200),
});
export const ChangePasswordSchema = z.strictObject({
  currentPassword: z.string().min(1).max(200),
  newPassword: PasswordSchema,
});
export const UpdateMeSchema = z.strictObject({
  displayName: z.string().trim().min(1).max(100).optional(),
  preferredLocale: LocaleSchema.optional(),
});

export const SessionSchema = z
  .object({ user: UserSchema, expiresAt: z.string() })
  .meta({ id: 'Session' });
export type Session = z.infer<typeof SessionSchema>;

/** Who is watching: a signed-in account or the TV's anonymous viewer. */
export const ViewerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), user: UserSchema }),
  z.object({ kind: z.literal('anonymous'), viewerId: z.string() }),
]);
export type Viewer = z.infer<typeof ViewerSchema>;

export const AnonymousIdRequestSchema = z.strictObject({
  /** A still-valid id to renew: the same viewer with a fresh 90-day expiry. */
  anonymousId: z.string().max(200).optional(),
});
export const AnonymousIdSchema = z
  .object({ anonymousId: z.string(), expiresAt: z.string() })
  .meta({ id: 'AnonymousId' });

/** How many records each module moved from the anonymous viewer to the account, by module name. */
export const MigrationCountsSchema = z
  .record(z.string(), z.number().int().min(0))
  .meta({ id: 'MigrationCounts' });
export type MigrationCounts = z.infer<typeof MigrationCountsSchema>;
export const MigrateRequestSchema = z.strictObject({ anonymousId: z.string().min(1).max(200) });
export const MigrateResultSchema = z.object({ migrated: MigrationCountsSchema });

/** The characters of a user code: no vowels (no words), no look-alikes of digits. RFC 8628 §6.1. */
export const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';
export const USER_CODE_LENGTH = 8;

/** What a person types: any case, dashes and spaces ignored. Normalised to the 8 bare characters. */
export const UserCodeSchema = z
  .string()
  .max(40)
  .transform((code) => normalizeUserCode(code))
  .pipe(z.string().length(USER_CODE_LENGTH, 'must be 8 letters, as the TV shows them'));

export function normalizeUserCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]+/g, '');
}

/** `BCDFGHJK` → `BCDF-GHJK`, as the TV shows it. */
export function formatUserCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

export const UserCodeInputSchema = z.strictObject({ userCode: UserCodeSchema });

export const DeviceRequestSchema = z
  .object({
    clientId: z.string(),
    clientName: z.string(),
    userAgent: z.string().nullable(),
    requestedAt: z.string(),
    expiresAt: z.string(),
  })
  .meta({ id: 'DeviceRequest' });
export type DeviceRequest = z.infer<typeof DeviceRequestSchema>;

export const DeviceApprovalSchema = z.object({
  device: DeviceRequestSchema,
  migrated: MigrationCountsSchema,
});

export const DeviceSchema = z
  .object({
    id: z.string(),
    clientId: z.string(),
    clientName: z.string(),
    userAgent: z.string().nullable(),
    createdAt: z.string(),
    lastUsedAt: z.string(),
    /** True for the device making this request. */
    current: z.boolean(),
  })
  .meta({ id: 'Device' });
export type Device = z.infer<typeof DeviceSchema>;
export const DeviceListSchema = z.object({ items: z.array(DeviceSchema) });

export const DeviceIdParamsSchema = z.object({ id: z.uuid() });

// RFC 8628 and RFC 6749 shapes: snake_case on the wire, as any OAuth client library expects.
export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export const DeviceAuthorizationRequestSchema = z.object({
  client_id: z.string(),
  scope: z.string().optional(),
});
export const DeviceAuthorizationResponseSchema = z
  .object({
    device_code: z.string(),
    user_code: z.string(),
    verification_uri: z.string(),
    verification_uri_complete: z.string(),
    expires_in: z.number().int(),
    interval: z.number().int(),
  })
  .meta({ id: 'DeviceAuthorizationResponse' });
export type DeviceAuthorizationResponse = z.infer<typeof DeviceAuthorizationResponseSchema>;

export const TokenRequestSchema = z.discriminatedUnion('grant_type', [
  z.object({
    grant_type: z.literal(DEVICE_CODE_GRANT),
    device_code: z.string(),
    client_id: z.string(),
  }),
  z.object({
    grant_type: z.literal('refresh_token'),
    refresh_token: z.string(),
    client_id: z.string().optional(),
  }),
]);
export const TokenResponseSchema = z
  .object({
    access_token: z.string(),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int(),
    refresh_token: z.string(),
  })
  .meta({ id: 'TokenResponse' });
export type TokenResponse = z.infer<typeof TokenResponseSchema>;

export const OAUTH_ERRORS = [
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'authorization_pending',
  'slow_down',
  'access_denied',
  'expired_token',
  'server_error',
] as const;
export type OAuthErrorCode = (typeof OAUTH_ERRORS)[number];
/** RFC 6749 §5.2: the error body of the /oauth endpoints (not problem+json). */
export const OAuthErrorSchema = z
  .object({ error: z.enum(OAUTH_ERRORS), error_description: z.string().optional() })
  .meta({ id: 'OAuthError' });
export type OAuthError = z.infer<typeof OAuthErrorSchema>;
