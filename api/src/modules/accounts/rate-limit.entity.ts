import { defineEntity, p } from '@mikro-orm/core';

/** One fixed window of a rate limit: `key` is the SHA-256 (hex) of what is limited (`code-entry:ip:1.2.3.4`). */
export const RateLimitWindow = defineEntity({
  name: 'RateLimitWindow',
  tableName: 'rate_limit_windows',
  properties: {
    key: p.string().length(200).primary(),
    windowStart: p.datetime().primary(),
    hits: p.integer(),
    /** When the row may be deleted. */
    expiresAt: p.datetime().index(),
  },
});
