import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** One admin write: who did what to which record, with the record before and after. */
export const AuditEntry = defineEntity({
  name: 'AuditEntry',
  tableName: 'audit_log',
  indexes: [{ properties: ['entityType', 'entityId'] }],
  properties: {
    id: p.bigint('number').primary(),
    actor: p.string().length(200),
    action: p.string().length(60),
    entityType: p.string().length(60),
    entityId: p.string().length(60),
    before: p.json<Record<string, unknown>>().nullable(),
    after: p.json<Record<string, unknown>>().nullable(),
    requestId: p.string().length(60).nullable(),
    createdAt: p
      .datetime()
      .onCreate(() => new Date())
      .index(),
  },
});
export type IAuditEntry = InferEntity<typeof AuditEntry>;
