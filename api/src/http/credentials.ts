/** The header a TV names its anonymous viewer in (a signed id, `modules/accounts/anonymous-id.ts`). */
export const ANONYMOUS_ID_HEADER = 'X-Anonymous-Id';

/** Every request header that can make a caller someone: an `optional` route's answer varies on them. */
export const CREDENTIAL_HEADERS = ['Authorization', 'Cookie', ANONYMOUS_ID_HEADER];
