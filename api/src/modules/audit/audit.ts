import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditEntry, type IAuditEntry } from './audit.entity.js';

export interface AuditEvent {
  actor: string;
  action: string;
  entityType: string;
  entityId: string | number;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  requestId?: string | null;
}

/** Queues an audit entry in `em`: it is written by the same flush as the change it describes. */
export function recordAudit(em: EntityManager, event: AuditEvent): void {
  em.create(AuditEntry, {
    actor: event.actor,
    action: event.action,
    entityType: event.entityType,
    entityId: String(event.entityId),
    before: event.before ?? null,
    after: event.after ?? null,
    requestId: event.requestId ?? null,
  });
}

/** The audit log as the admin reads it. */
export function auditLog(em: EntityManager) {
  return {
    /** The newest entries first, optionally about one kind of record or one record. */
    list(filter: {
      entityType?: string | undefined;
      entityId?: string | undefined;
      limit: number;
    }): Promise<IAuditEntry[]> {
      return em.find(
        AuditEntry,
        {
          ...(filter.entityType && { entityType: filter.entityType }),
          ...(filter.entityId && { entityId: filter.entityId }),
        },
        { orderBy: { id: 'desc' }, limit: filter.limit },
      );
    },
  };
}

export type AuditLog = ReturnType<typeof auditLog>;
