import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditEntry } from './audit.entity.js';

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
