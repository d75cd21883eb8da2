import type { AuditEntrySchema } from '@lanxang/contracts';
import type { z } from 'zod';
import type { IAuditEntry } from './audit.entity.js';

export function toAuditEntryDto(entry: IAuditEntry): z.input<typeof AuditEntrySchema> {
  return {
    id: entry.id,
    actor: entry.actor,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before: entry.before ?? null,
    after: entry.after ?? null,
    createdAt: entry.createdAt.toISOString(),
  };
}
